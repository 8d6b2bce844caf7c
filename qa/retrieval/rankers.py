"""The two rankers a hybrid composes: BM25 over PolicyQA's own tokens, and dense inner product."""

from __future__ import annotations

from embeddings import Embedder

from ..filters import Filters
from ..index.store import Ranking, Store
from ..text.tokenizer import ChineseTokenizer


class BM25Ranker:
    name = "bm25"

    def __init__(self, store: Store, tokenizer: ChineseTokenizer):
        self.store = store
        self.tokenizer = tokenizer

    def rank(self, query: str, depth: int, filters: Filters | None) -> Ranking | None:
        """None when no word of the query is in the index's vocabulary."""
        return self.store.search_bm25(self.tokenizer.tokenize(query), depth, filters)


class DenseRanker:
    name = "dense"

    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder

    def rank(self, query: str, depth: int, filters: Filters | None) -> Ranking:
        return self.store.search_dense(self.embedder.embed_query(query), depth, filters)
