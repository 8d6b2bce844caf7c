"""The retrieval contract: ``retrieve(query, k, filters) -> list[Hit]``, best first, ``hit.rank`` from 1."""

from __future__ import annotations

from typing import Protocol

from ..errors import InputError
from ..filters import Filters
from ..types import Hit

DEFAULT_K = 5
MAX_K = 100


class Retriever(Protocol):
    def retrieve(self, query: str, k: int = DEFAULT_K, filters: Filters | None = None) -> list[Hit]: ...


def check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InputError(f"k={k!r}; it must be an integer from 1 to {MAX_K}")
    return k
