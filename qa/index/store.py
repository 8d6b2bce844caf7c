"""The store contract: what retrieval asks of wherever the chunks, vectors and keyword index live.

A store addresses chunks by ``ref``, an integer it assigns (a row of the local store, a primary key of a Milvus
collection); rankings break ties by ref, so results are deterministic. Filters (``qa.retrieval.Filters``) are
document-level: a store resolves them against the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ..types import Chunk

if TYPE_CHECKING:
    from ..retrieval.filters import Filters


@dataclass
class Ranking:
    """One ranker's answer: the best refs with their scores, and the ranker's score of any other ref (fusion
    scores every candidate of every ranker, not just the ones this ranker returned)."""

    top: list[tuple[int, float]]  # best first, ties broken by ref
    score_of: Callable[[Sequence[int]], np.ndarray]


class Store(Protocol):
    def __len__(self) -> int: ...

    def get(self, refs: Sequence[int]) -> list[Chunk]:
        """The chunks of ``refs``, in that order."""

    def iter_chunks(self) -> Iterator[Chunk]:
        """Every chunk, documents in catalogue order, each document's chunks in reading order."""

    def refs_of_document(self, doc_key: str) -> list[int]:
        """The document's chunks in reading order."""

    def refs_of_person(self, person: str) -> list[int]:
        """Chunks of the 任免 records that name ``person``."""

    def refs_of_event_date(self, iso_date: str) -> list[int]:
        """Chunks of the 大事记 entries of that date."""

    def search_dense(self, vector: np.ndarray, depth: int, filters: Filters | None) -> Ranking:
        """Inner product with the (L2-normalised) query vector."""

    def search_bm25(self, tokens: list[str], depth: int, filters: Filters | None) -> Ranking | None:
        """BM25 over the stored keyword tokens; None when no query token is in the vocabulary."""


def top_scores(scores: np.ndarray, depth: int, positive_only: bool = False) -> list[tuple[int, float]]:
    """The ``depth`` best (index, score) pairs, best first, ties broken by index."""
    depth = min(depth, len(scores))
    if depth <= 0:
        return []
    rows = np.argpartition(-scores, depth - 1)[:depth]
    rows = rows[np.lexsort((rows, -scores[rows]))]
    return [(int(r), float(scores[r])) for r in rows if not positive_only or scores[r] > 0]
