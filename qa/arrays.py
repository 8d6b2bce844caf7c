"""Reading saved numpy arrays safely from several threads.

``np.load`` parses each file's header with ``ast.literal_eval``; on CPython 3.11 two threads doing that at once can
fail with ``SystemError: AST constructor recursion depth mismatch`` (python/cpython#106905). The app's threads
opening an index at the same time did, so every array is read under one lock (a header parse takes microseconds).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

_HEADER_PARSE = threading.Lock()


def load_array(path: Path, *, memory_mapped: bool = False) -> np.ndarray:
    """The array saved at path (never unpickled); memory-mapped read-only when asked."""
    with _HEADER_PARSE:
        return np.load(path, mmap_mode="r" if memory_mapped else None, allow_pickle=False)
