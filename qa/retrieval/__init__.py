"""Retrieval: ``Retriever.retrieve(query, k, filters) -> list[Hit]``. The hybrid composes structured look-ups,
a BM25 ranker and a dense ranker, fused (``Fusion``)."""

from ..filters import Filters
from .base import DEFAULT_K, MAX_K, Retriever, check_k
from .fusion import Fusion, FusionWeights, fuse, reciprocal_rank_fusion
from .hybrid import HybridRetriever
from .lookup import StructuredLookup
from .rankers import BM25Ranker, DenseRanker

__all__ = ["DEFAULT_K", "MAX_K", "BM25Ranker", "DenseRanker", "Filters", "Fusion", "FusionWeights", "HybridRetriever",
           "Retriever", "StructuredLookup", "check_k", "fuse", "reciprocal_rank_fusion"]
