"""A model-free embedder for tests: hashed character unigrams and bigrams.

Deterministic across processes and machines (hashlib, not the salted built-in ``hash``), instant,
and texts that share characters get similar vectors, which is all retrieval tests need.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .base import Embedder, TextKind, require_positive_int

SPECIAL_TOKENS = 2  # a real tokenizer adds [CLS] and [SEP]; counted so length limits behave alike


class FakeEmbedder(Embedder):
    """Bag of hashed character n-grams; queries and passages are embedded the same way."""

    reads_chinese = True

    def __init__(self, dim: int = 64, max_tokens: int = 512, batch_size: int = 32):
        self.dim = require_positive_int(dim, "FakeEmbedder dim")
        self.max_tokens = require_positive_int(max_tokens, "FakeEmbedder max_tokens")
        if self.max_tokens <= SPECIAL_TOKENS:
            raise ValueError(
                f"FakeEmbedder max_tokens must exceed the {SPECIAL_TOKENS} special tokens so at least one "
                f"character fits, got {max_tokens}"
            )
        self.batch_size = require_positive_int(batch_size, "FakeEmbedder batch_size")
        self.name = "fake"

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram in _character_ngrams(text):
                bucket, sign = _hashed_bucket(gram, self.dim)
                vectors[row, bucket] += sign
        return vectors

    def count_tokens(self, text: str, kind: TextKind = "passage") -> int:
        return len(text) + SPECIAL_TOKENS


def _character_ngrams(text: str) -> list[str]:
    return list(text) + [text[i : i + 2] for i in range(len(text) - 1)]


@lru_cache(maxsize=65536)
def _hashed_bucket(gram: str, dim: int) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big")
    # A hashed sign keeps bucket collisions from adding up into a shared bias between unrelated texts.
    sign = 1.0 if digest & 1 else -1.0
    return (digest >> 1) % dim, sign
