"""Any LangChain ``Embeddings`` object (OpenAI, HuggingFace, Ollama, a fake …) behind our ``Embedder`` contract, so
the index can be built and searched with it from Python: ``open_index(corpus, index_dir, resolve_embedder(obj))``.

LangChain's interface has no tokenizer and no declared size: the dimension is read from one probe embedding, on
first use, and tokens are counted as characters unless the caller gives the model's own counter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .base import Embedder, TextKind, require_positive_int, require_text_kind

DIMENSION_PROBE = "维度"
_MODEL_ATTRIBUTES = ("model", "model_name", "model_id", "deployment")  # where LangChain classes keep the model id


def is_langchain_embeddings(value: object) -> bool:
    """Duck-typed, so no LangChain import is needed to ask: LangChain's ``Embeddings`` has these two methods."""
    return callable(getattr(value, "embed_documents", None)) and callable(getattr(value, "embed_query", None))


def characters(text: str) -> int:
    """One token per character: at least what WordPiece and SentencePiece embedders read for Chinese, and more
    than any of them reads for English, so a text this count lets through is never truncated by the model."""
    return len(text)


class LangChainEmbedder(Embedder):
    """Queries through ``embed_query``, passages through ``embed_documents``; the model adds its own prefixes.

    ``max_tokens``: the longest passage the model reads (most embedding models: 512); ``count_tokens``: the model's
    own token counter, when known (default: characters)."""

    def __init__(self, embeddings: Any, max_tokens: int = 512, batch_size: int = 32,
                 count_tokens: Callable[[str], int] = characters):
        if isinstance(embeddings, Embedder) or not is_langchain_embeddings(embeddings):
            raise TypeError(f"LangChainEmbedder wraps a LangChain Embeddings object (with embed_documents and "
                            f"embed_query), got {type(embeddings).__name__}; an Embedder is used as it is")
        self.embeddings = embeddings
        self.max_tokens = require_positive_int(max_tokens, "LangChainEmbedder max_tokens")
        self.batch_size = require_positive_int(batch_size, "LangChainEmbedder batch_size")
        self._count = count_tokens
        self._dim: int | None = None
        model = next((v for a in _MODEL_ATTRIBUTES if isinstance(v := getattr(embeddings, a, None), str) and v), "")
        self.name = f"langchain:{type(embeddings).__name__}" + (f":{model}" if model else "")

    @property
    def dim(self) -> int:  # type: ignore[override]  # discovered, not declared
        if self._dim is None:
            self._dim = len(self.embeddings.embed_query(DIMENSION_PROBE))
        return self._dim

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        if require_text_kind(kind) == "query":
            vectors = [self.embeddings.embed_query(text) for text in texts]
        else:
            vectors = self.embeddings.embed_documents(list(texts))
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str, kind: TextKind = "passage") -> int:
        require_text_kind(kind)
        return self._count(text)
