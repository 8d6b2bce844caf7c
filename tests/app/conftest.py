"""App fixtures: the real Assistant over the fake-embedder index (fast, deterministic; BM25 ranks)."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 22)
FRANCHISE_QUESTION = "政府跟企业搞特许经营，能不能承诺保证企业每年固定赚多少？"
FRANCHISE_ARTICLE_15 = "liaocheng-gazette-2021-12.md:d03:p016"  # 《…特许经营管理办法》（聊政办发〔2021〕7号）第十五条
OUT_OF_CORPUS_QUESTION = "德州市2022年立法工作计划有哪些项目？"


@pytest.fixture(scope="session")
def assistant(fake_index):
    """BM25 ranking (the fake embedder's vectors carry no meaning), structured look-ups on."""
    from embeddings import FakeEmbedder
    from qa.stack import assistant_for, retriever_for

    return assistant_for(fake_index, retriever_for(fake_index, FakeEmbedder(), fusion="bm25"))


@pytest.fixture()
def config(tmp_path):
    from policyqa_app.config import AppConfig

    return AppConfig(feedback_log=tmp_path / "feedback.jsonl")


@pytest.fixture()
def service(assistant, config):
    from policyqa_app.service import ChatService

    return ChatService(assistant, config, today=TODAY)


@pytest.fixture(scope="session")
def view(fake_index):
    from policyqa_app.sources import CorpusView

    return CorpusView(fake_index.catalog, fake_index.store.iter_chunks())
