"""The persistent index: a catalogue of documents, a store of chunks (vectors + keyword index) and a manifest,
saved as immutable versions of an index directory.

``open_index`` loads or updates it; ``Index`` is what it returns; ``build_index`` makes one from files.
"""

from ..errors import IndexCorruptedError, IndexMismatchError, IndexUnusableError
from .build import build_index, chunk_chars_for, dense_text, keyword_text, plan_update
from .core import Index
from .local import APPROXIMATE_THRESHOLD, LocalStore
from .manifest import Manifest
from .open import open_index
from .store import Ranking, Store
from .versions import CURRENT, sha256_file

__all__ = [
    "APPROXIMATE_THRESHOLD", "CURRENT", "Index", "IndexCorruptedError", "IndexMismatchError", "IndexUnusableError",
    "LocalStore", "Manifest", "Ranking", "Store", "build_index", "chunk_chars_for", "dense_text", "keyword_text",
    "open_index", "plan_update", "sha256_file",
]
