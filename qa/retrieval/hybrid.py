"""The hybrid retriever: structured look-ups first, then BM25 and dense rankings fused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..catalog import Catalog
from ..filters import Filters
from ..index.store import Store
from ..references import QueryRefs, parse_references
from ..text.typos import HomophoneCorrector
from ..types import Hit, LookupKind
from .base import DEFAULT_K, check_k
from .fusion import Fused, Fusion, FusionWeights, fuse
from .lookup import StructuredLookup
from .rankers import BM25Ranker, DenseRanker

_RANKED_LOOKUPS = (LookupKind.DATE, LookupKind.PERSON, LookupKind.POST)  # several look-ups of one name


class HybridRetriever:
    """Composes a BM25 ranker, a dense ranker and the structured look-up over one store and its catalogue."""

    def __init__(self, catalog: Catalog, store: Store, bm25: BM25Ranker, dense: DenseRanker,
                 fusion: str | Fusion = Fusion.WEIGHTED, weights: FusionWeights | None = None,
                 typos: HomophoneCorrector | None = None):
        """``typos``: reads a pinyin keyboard's slips in a query as the collected words (投述 as 投诉)."""
        self.catalog = catalog
        self.typos = typos
        self.store = store
        self.bm25 = bm25
        self.dense = dense
        self.fusion = Fusion.from_str(fusion)
        self.weights = weights or FusionWeights()
        self.lookup = StructuredLookup(catalog, store)

    @property
    def embedder(self):
        return self.dense.embedder

    def retrieve(self, query: str, k: int = DEFAULT_K, filters: Filters | None = None,
                 refs: QueryRefs | None = None, as_of: str | None = None) -> list[Hit]:
        """``refs``: the question's references when the caller has parsed them already. ``as_of`` (ISO date,
        default today): of a work with several versions only the one in force then is searched, unless the
        question names another."""
        k = check_k(k)
        query = (query or "").strip()
        if not query:
            return []
        if self.typos is not None:
            query, _ = self.typos.correct(query)
        as_of = as_of or date.today().isoformat()
        refs = refs if refs is not None else parse_references(query, self.catalog, as_of)
        exact = self.lookup.find(query, refs, filters)
        depth = self.weights.depth
        bm25 = self.bm25.rank(query, depth, filters) if self.fusion.uses_bm25 else None
        dense = self.dense.rank(query, depth, filters) if self.fusion.uses_dense else None
        fused = fuse(self.fusion, bm25, dense, self.weights)
        superseded = self.catalog.superseded(as_of) - set(refs.doc_keys)
        if superseded:
            kept = {ref for (ref, _, _), chunk in zip(fused, self.store.get([r for r, _, _ in fused]))
                    if chunk.doc_key not in superseded}
            fused = [f for f in fused if f[0] in kept]
        if refs.doc_keys:  # a question naming a document is answered from it first
            refs_in_named = {ref for (ref, _, _), chunk in zip(fused, self.store.get([r for r, _, _ in fused]))
                             if chunk.doc_key in refs.doc_keys}
            fused = [f for f in fused if f[0] in refs_in_named] + [f for f in fused if f[0] not in refs_in_named]
        elif (refs.article_numbers or refs.item_label) and fused:
            fused = self._article_of_top_document(query, refs, filters, fused)
        top = max((s for _, s, _ in fused), default=0.0)
        fused_rank = {ref: rank for rank, (ref, _, _) in enumerate(fused)}
        # a date names several events (three on 3月8日), a person several records (免去 printed before 任命): the one
        # matching the rest of the question first (被任命为什么职务: the 任命); the person's before their posts' others
        exact.sort(key=lambda e: (e[2].kind is LookupKind.POST,
                                  fused_rank.get(e[0], len(fused)) if e[2].kind in _RANKED_LOOKUPS else -1))
        hits: list[tuple[int, Hit]] = []
        seen: set[int] = set()
        for ref, chunk, why in exact:
            if ref not in seen:
                seen.add(ref)
                hits.append((ref, Hit(chunk, self.catalog[chunk.doc_key], score=top + 1.0, lookup=why)))
        rest = [(ref, score, ranks) for ref, score, ranks in fused if ref not in seen][:max(0, k - len(hits))]
        for (ref, score, ranks), chunk in zip(rest, self.store.get([ref for ref, _, _ in rest])):
            hits.append((ref, Hit(chunk, self.catalog[chunk.doc_key], score=score, ranks=ranks)))
        hits = hits[:k]
        refs = [ref for ref, _ in hits]
        similarity = {name: ranking.score_of(refs) for name, ranking in (("bm25", bm25), ("dense", dense))
                      if ranking is not None and refs}
        for rank, (_, hit) in enumerate(hits, start=1):
            hit.rank = rank
            hit.similarity = {name: round(float(scores[rank - 1]), 6) for name, scores in similarity.items()}
        return [hit for _, hit in hits]

    def _article_of_top_document(self, query: str, refs: QueryRefs, filters: Filters | None, fused: Fused) -> Fused:
        """第十六条 or 第9项 with no document named (…没动工 第十六条, a follow-up): that article or item of the
        document the rest of the question is about, first. Ranked, not looked up: the evidence judge still reads
        whether it is on topic."""
        top_doc = self.store.get([fused[0][0]])[0].doc_key
        named = [ref for ref, _, why in self.lookup.find(query, replace(refs, doc_keys=(top_doc,)), filters)
                 if why.kind in (LookupKind.ARTICLE, LookupKind.ITEM)]
        first = {ref: (ref, score, ranks) for ref, score, ranks in fused if ref in named}
        return [first.get(ref, (ref, fused[0][1], {})) for ref in named] + [f for f in fused if f[0] not in first]
