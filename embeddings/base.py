"""The embedder contract: one primitive (``embed_batch``); batching, normalisation, length checks and
progress live here once."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

TextKind = Literal["query", "passage"]
TEXT_KINDS: tuple[TextKind, ...] = ("query", "passage")


class TextTooLongError(ValueError):
    """A passage is longer than the model can read; it must be split, never silently truncated."""


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors.

    Subclasses set ``name`` (model id or path), ``dim`` and ``max_tokens`` and implement
    ``embed_batch`` and ``count_tokens``. ``resolution_note`` says in a few words why this embedder was chosen
    (set by ``embeddings.registry.resolve_embedder``; the CLI prints it at start-up), ``resolution_detail`` the
    whole reason, with any fix (logged at INFO: ``policyqa -v``).
    """

    name: str = "unnamed"
    dim: int = 0
    max_tokens: int = 512
    reads_chinese: bool = True
    batch_size: int = 32
    resolution_note: str = ""
    resolution_detail: str = ""

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        """Embed one batch; returns shape (len(texts), dim). Prefixes/instructions per model go here."""

    @abstractmethod
    def count_tokens(self, text: str, kind: TextKind = "passage") -> int:
        """Tokens the model would read for ``text`` (including its prefix and special tokens)."""

    # -- conveniences, written once -------------------------------------------------------------

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Embed documents. Raises TextTooLongError naming the first text over ``max_tokens``."""
        texts = list(texts)
        for i, text in enumerate(texts):
            n = self.count_tokens(text, "passage")
            if n > self.max_tokens:
                raise TextTooLongError(
                    f"passage {i} has {n} tokens but {self.name} reads at most {self.max_tokens}; "
                    f"split it before embedding (it starts: {text[:30]!r})"
                )
        return self._embed_all(texts, "passage", progress)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query; a query over the limit is cut to it explicitly (a question, not a citation)."""
        return self._embed_all([self.fit_query(text)], "query", progress=False)[0]

    def fit_query(self, text: str) -> str:
        return self.fit(text, "query")

    def fit(self, text: str, kind: TextKind = "passage") -> str:
        """The longest prefix of ``text`` the model reads whole."""
        if self.count_tokens(text, kind) <= self.max_tokens:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # longest prefix that fits
            mid = (lo + hi + 1) // 2
            if self.count_tokens(text[:mid], kind) <= self.max_tokens:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo]

    def _embed_all(self, texts: list[str], kind: TextKind, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        batches: Iterable[int] = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(list(batches), desc=f"embedding ({self.name})", unit="batch")
        out = []
        for start in batches:
            batch = texts[start : start + self.batch_size]
            vectors = np.asarray(self.embed_batch(batch, kind), dtype=np.float32)
            if vectors.shape != (len(batch), self.dim):
                raise RuntimeError(
                    f"{type(self).__name__}.embed_batch returned shape {vectors.shape} for {len(batch)} "
                    f"texts; expected ({len(batch)}, {self.dim})"
                )
            out.append(vectors)
        vectors = np.vstack(out)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (vectors / norms).astype(np.float32)

    def describe(self) -> dict:
        """What the index manifest records about the active embedder."""
        return {"name": self.name, "backend": type(self).__name__, "dim": self.dim, "max_tokens": self.max_tokens}


def require_positive_int(value: object, what: str) -> int:
    """Validate a size argument in a constructor, so a bad value fails there and not mid-run."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return value


def require_text_kind(kind: object) -> TextKind:
    if kind not in TEXT_KINDS:
        raise ValueError(f"kind must be one of {TEXT_KINDS}, got {kind!r}")
    return kind  # type: ignore[return-value]
