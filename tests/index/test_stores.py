"""The store contract, run against every store: the local one (FAISS + BM25 files), Milvus Lite embedded and
Milvus Lite as a server on 127.0.0.1. Each builds the bundled corpus with the fake embedder; refs, chunks,
look-ups, rankings and the scores fusion reads must equal the local store's."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings import FakeEmbedder
from qa.filters import Filters
from qa.index import open_index
from qa.stack import retriever_for
from tests.conftest import GAZETTES
from tests.milvus_servers import store_uri

FIRST_DOC = "liaocheng-gazette-2021-12.md:d01"


def ranked(top: list[tuple[int, float]]) -> list[int]:
    """Refs best first, equal scores (to float32 rounding) by ref: FAISS returns exact ties in any order."""
    return [ref for ref, score in sorted(top, key=lambda item: (-round(item[1], 5), item[0]))]


@pytest.fixture(scope="module", params=["local", "milvus-lite", "milvus-server"])
def built(request, tmp_path_factory):
    """The bundled corpus indexed in each store (``fake_index`` is the local one)."""
    if request.param == "local":
        return request.getfixturevalue("fake_index")
    uri = store_uri(request, request.param, "contract")
    return open_index(GAZETTES, tmp_path_factory.mktemp("resume-cache"), FakeEmbedder(), store=uri)


def test_refs_and_chunks_are_the_local_stores(built, fake_index):
    store, local = built.store, fake_index.store
    assert len(store) == 578 and built.manifest.chunk_count == 578 and len(built.catalog) == 23
    assert [c.chunk_id for c in store.get([0, 16, 577, 16])] == [
        "liaocheng-gazette-2021-12.md:d01:p001", "liaocheng-gazette-2021-12.md:d01:p017",
        "liaocheng-gazette-2022-03.txt:d09:p025", "liaocheng-gazette-2021-12.md:d01:p017"]
    assert store.get([16]) == local.get([16])
    assert list(store.iter_chunks()) == list(local.iter_chunks())


def test_look_ups_are_the_local_stores(built, fake_index):
    store, local = built.store, fake_index.store
    assert store.refs_of_document(FIRST_DOC) == local.refs_of_document(FIRST_DOC) == list(range(26))
    assert store.refs_of_person("王磊") == local.refs_of_person("王磊") == [239]
    assert store.refs_of_event_date("2021-12-02") == local.refs_of_event_date("2021-12-02") == [260]
    assert store.refs_of_document("no-such.md:d01") == store.refs_of_person("无此人") == []


@pytest.mark.parametrize("question", ["闲置土地是怎么认定的", "举报欺诈骗保最高奖励多少", "特许经营 期限 三十年"])
def test_bm25_ranks_and_scores_as_the_local_store(built, fake_index, question):
    tokens = fake_index.tokenizer.tokenize(question)
    ranking, local = built.store.search_bm25(tokens, 20, None), fake_index.store.search_bm25(tokens, 20, None)
    assert [ref for ref, _ in ranking.top] == [ref for ref, _ in local.top]
    assert np.allclose([s for _, s in ranking.top], [s for _, s in local.top], rtol=1e-5)
    others = [3, 239, 577, *[ref for ref, _ in local.top[:5]]]  # candidates another ranker brought
    assert np.allclose(ranking.score_of(others), local.score_of(others), rtol=1e-5, atol=1e-6)
    unmatched = [ref for ref in range(578) if local.score_of([ref])[0] == 0][:3]  # no query word in them
    assert len(unmatched) == 3 and ranking.score_of(unmatched).tolist() == [0.0, 0.0, 0.0]


def test_bm25_without_a_known_token_is_none(built):
    assert built.store.search_bm25(["不存在的词语甲乙丙"], 10, None) is None
    assert built.store.search_bm25([], 10, None) is None
    nothing = Filters(doc_numbers=("无此文号",))
    assert built.store.search_bm25(["土地"], 10, nothing).top == []  # known word, no document allowed


def test_dense_ranks_and_scores_as_the_local_store(built, fake_index):
    query = FakeEmbedder().embed_query("闲置土地的认定")
    ranking, local = built.store.search_dense(query, 20, None), fake_index.store.search_dense(query, 20, None)
    assert ranked(ranking.top) == ranked(local.top)
    assert np.allclose(sorted(s for _, s in ranking.top), sorted(s for _, s in local.top), atol=1e-6)
    others = [0, 100, 569, 239]
    assert np.array_equal(ranking.score_of(others), local.score_of(others))  # the same float32 vectors, dotted


@pytest.mark.parametrize("filters", [
    Filters(doc_types=("任免",)),
    Filters(issuers=("聊城市人民政府办公室",), signed_from="2021-12-20"),
    Filters(signed_to="2021-12-09"),
    Filters(in_force_on="2027-03-01"),
    Filters(doc_titles=("聊城市国有建设用地供后监管暂行办法",)),
    Filters(doc_numbers=("聊政办字〔2021〕36号", "聊政办发〔2022〕1号")),
])
def test_filters_allow_the_documents_the_catalogue_accepts(built, fake_index, filters):
    accepted = {key for key, doc in fake_index.catalog.documents.items() if filters.accepts(doc)}
    query = FakeEmbedder().embed_query("工作")
    dense = built.store.search_dense(query, 578, filters)
    assert {built.store.get([ref])[0].doc_key for ref, _ in dense.top} == accepted
    assert ranked(dense.top) == ranked(fake_index.store.search_dense(query, 578, filters).top)
    tokens = fake_index.tokenizer.tokenize("工作 任命 土地 办法")
    bm25, local = built.store.search_bm25(tokens, 50, filters), fake_index.store.search_bm25(tokens, 50, filters)
    assert [r for r, _ in bm25.top] == [r for r, _ in local.top]


def test_hybrid_retrieval_gives_the_local_stores_hits(built, fake_index):
    ours, local = retriever_for(built, FakeEmbedder()), retriever_for(fake_index, FakeEmbedder())
    for question in ("开发商拿了地两年没动工怎么办", "聊政办字〔2021〕36号第二十条", "王磊被任命为什么职务？",
                     "2021年12月2日发生了什么"):
        hits, expected = ours.retrieve(question, k=8), local.retrieve(question, k=8)
        assert [(h.chunk.chunk_id, h.lookup) for h in hits] == [(h.chunk.chunk_id, h.lookup) for h in expected]
        assert np.allclose([h.score for h in hits], [h.score for h in expected], atol=1e-5)
