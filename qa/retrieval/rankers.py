"""The two rankers a hybrid composes: BM25 over PolicyQA's own tokens, and dense inner product."""

from __future__ import annotations

from functools import lru_cache

from embeddings import Embedder

from ..filters import Filters
from ..index.store import Ranking, Store
from ..text.tokenizer import ChineseTokenizer

QUERY_VECTORS_KEPT = 64


class BM25Ranker:
    name = "bm25"

    def __init__(self, store: Store, tokenizer: ChineseTokenizer):
        self.store = store
        self.tokenizer = tokenizer

    def rank(self, query: str, depth: int, filters: Filters | None) -> Ranking | None:
        """None when no word of the query is in the index's vocabulary. A word split by 个 is searched whole
        (剪个彩: 剪彩)."""
        return self.store.search_bm25(self.tokenizer.tokenize(self.tokenizer.rejoined(query)), depth, filters)


class DenseRanker:
    name = "dense"

    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder
        # A follow-up is searched twice (everywhere, then in the documents cited before) with one query: its
        # vector is made once. Embedding is ~2/3 of an answer's time.
        self._vector = lru_cache(maxsize=QUERY_VECTORS_KEPT)(embedder.embed_query)

    def rank(self, query: str, depth: int, filters: Filters | None) -> Ranking:
        return self.store.search_dense(self._vector(query).copy(), depth, filters)
