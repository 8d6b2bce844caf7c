"""What only the Milvus store has: updates that touch only the changed file's rows, readers that keep to their
version's rows, a collection refused when another embedder or schema built it, a writer that died before
committing, credentials that never show, and the lazy import's install hint."""

from __future__ import annotations

import logging
import shutil

import pytest

import qa.index.milvus as milvus_module
from embeddings import FakeEmbedder
from qa.errors import IndexMismatchError, IndexUnusableError, MissingDependencyError
from qa.index import open_index
from qa.index.milvus import MilvusHome, connect
from qa.stores import MilvusCredentials, StoreSpec
from tests.conftest import ISSUE_2021, ISSUE_2022

SECRET = "s3cr3t-token-never-shown"


def rows_of(home: MilvusHome, source: str) -> list[int]:
    """Every row of ``source`` in the collection, visible or not."""
    rows = home.client.query(home.collection, filter=f'source == "{source}"', output_fields=["ref"], limit=16_384)
    return sorted(row["ref"] for row in rows)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ISSUE_2021, folder)
    return folder


def test_an_update_touches_only_the_changed_files_rows(milvus_lite_uri, corpus, tmp_path):
    uri = f"{milvus_lite_uri}?collection=updates"
    home = MilvusHome(StoreSpec.parse(uri))
    first = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    assert (first.embedded_count, rows_of(home, ISSUE_2021.name)) == (288, list(range(288)))

    shutil.copy(ISSUE_2022, corpus)
    second = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    assert (second.manifest.chunk_count, second.embedded_count) == (578, 290)
    assert rows_of(home, ISSUE_2021.name) == list(range(288))  # untouched
    assert rows_of(home, ISSUE_2022.name) == list(range(288, 578))

    changed = corpus / ISSUE_2021.name
    changed.write_text(changed.read_text(encoding="utf-8").replace("闲置土地", "闲置的土地"), encoding="utf-8")
    third = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    assert third.manifest.chunk_count == 578 and 0 < third.embedded_count < 10  # only the edited chunks
    assert rows_of(home, ISSUE_2022.name) == list(range(288, 578))
    assert rows_of(home, ISSUE_2021.name) == list(range(578, 866))  # its old rows deleted, new refs
    assert [h.chunk.chunk_id for h in _search(third, "闲置的土地")][:1] == ["liaocheng-gazette-2021-12.md:d01:p016"]

    (corpus / ISSUE_2022.name).unlink()
    fourth = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    assert (fourth.manifest.chunk_count, fourth.embedded_count, rows_of(home, ISSUE_2022.name)) == (288, 0, [])
    assert len(fourth.store) == 288 and len(list(fourth.store.iter_chunks())) == 288
    said: list[str] = []
    open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri, on_status=said.append)
    assert said == [f"loaded index {uri} (288 chunks)"]


def _search(index, question):
    from qa.stack import retriever_for

    return retriever_for(index, FakeEmbedder()).retrieve(question, k=3)


def test_a_reader_keeps_to_its_versions_rows_while_a_writer_works(milvus_lite_uri, corpus, tmp_path):
    """A reader opened before an update sees neither the new rows nor (until deleted) double rows."""
    uri = f"{milvus_lite_uri}?collection=readers"
    before = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    changed = corpus / ISSUE_2021.name
    changed.write_text(changed.read_text(encoding="utf-8").replace("闲置土地", "闲置的土地"), encoding="utf-8")
    original = MilvusHome._delete_stale
    MilvusHome._delete_stale = lambda *_args: None  # the moment between the commit and the deletion
    try:
        after = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    finally:
        MilvusHome._delete_stale = original
    doc = "liaocheng-gazette-2021-12.md:d01"
    assert len(before.store.refs_of_document(doc)) == len(after.store.refs_of_document(doc)) == 26
    assert max(before.store.refs_of_document(doc)) < 288 <= min(after.store.refs_of_document(doc))
    assert {ref for ref, _ in before.store.search_bm25(["闲置"], 50, None).top} < set(range(288))


def test_another_embedder_or_schema_is_refused_or_rebuilt(milvus_lite_uri, tmp_path, monkeypatch):
    uri = f"{milvus_lite_uri}?collection=mismatch"
    open_index(ISSUE_2021, tmp_path, FakeEmbedder(), store=uri)
    with pytest.raises(IndexMismatchError, match=r"built with embedder fake \(dim 64\), now fake \(dim 32\)"):
        open_index(ISSUE_2021, tmp_path, FakeEmbedder(dim=32), store=uri, rebuild=False)
    rebuilt = open_index(ISSUE_2021, tmp_path, FakeEmbedder(dim=32), store=uri)
    assert rebuilt.manifest.dim == 32 and rebuilt.store.search_dense(FakeEmbedder(dim=32).embed_query("土地"), 3,
                                                                     None).top
    monkeypatch.setattr(milvus_module, "SCHEMA_VERSION", milvus_module.SCHEMA_VERSION + 1)
    with pytest.raises(IndexMismatchError, match=r"has schema version 1, this PolicyQA writes 2"):
        open_index(ISSUE_2021, tmp_path, FakeEmbedder(dim=32), store=uri, rebuild=False)
    assert open_index(ISSUE_2021, tmp_path, FakeEmbedder(dim=32), store=uri).manifest.chunk_count == 288


def test_rows_of_a_writer_that_died_before_committing_are_deleted(milvus_lite_uri, corpus, tmp_path, monkeypatch):
    uri = f"{milvus_lite_uri}?collection=crash"
    home = MilvusHome(StoreSpec.parse(uri))
    open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    shutil.copy(ISSUE_2022, corpus)

    def die(*_args):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(MilvusHome, "_commit", die)
    with pytest.raises(KeyboardInterrupt):
        open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    assert len(rows_of(home, ISSUE_2022.name)) == 290  # written, never committed: no reader sees them
    assert home.load().manifest.chunk_count == 288
    monkeypatch.undo()
    index = open_index(corpus, tmp_path / "cache", FakeEmbedder(), store=uri)
    assert index.manifest.chunk_count == 578 and index.embedded_count == 0  # the vectors were in the resume cache
    assert rows_of(home, ISSUE_2022.name) == list(range(578, 868))  # the dead writer's rows 288..577 are gone


def test_rows_go_in_by_size_with_pymilvus_string_check_off_only_meanwhile(milvus_lite_uri, tmp_path, monkeypatch):
    """Bulk loading: each insert call ends at the row that brings it to INSERT_BYTES; pymilvus's per-character
    string check is off during the calls and on again after."""
    import pymilvus
    from pymilvus.client import entity_helper

    calls: list[tuple[list[int], bool]] = []
    insert = pymilvus.MilvusClient.insert

    def recorded(client, collection_name, data, **kwargs):
        calls.append(([milvus_module.row_bytes(row) for row in data], entity_helper.CHECK_STR_ARRAY))
        return insert(client, collection_name, data, **kwargs)

    monkeypatch.setattr(pymilvus.MilvusClient, "insert", recorded)
    monkeypatch.setattr(milvus_module, "INSERT_BYTES", 200_000)
    index = open_index(ISSUE_2021, tmp_path, FakeEmbedder(), store=f"{milvus_lite_uri}?collection=bulk")
    assert index.manifest.chunk_count == sum(len(sizes) for sizes, _ in calls) == 288
    assert [len(sizes) for sizes, _ in calls] == [36, 30, 31, 28, 31, 30, 38, 64]  # 2.2-11.7 KB a row
    assert all(sum(sizes[:-1]) < 200_000 <= sum(sizes) for sizes, _ in calls[:-1]) and sum(calls[-1][0]) < 200_000
    assert [check for _, check in calls] == [False] * len(calls) and entity_helper.CHECK_STR_ARRAY is True


def test_credentials_come_from_the_environment_and_never_show(milvus_server_uri, tmp_path, caplog):
    from qa.config import Settings

    settings = Settings.from_env({"POLICYQA_STORE": f"{milvus_server_uri}?collection=secrets",
                                  "POLICYQA_MILVUS_USER": "reader", "POLICYQA_MILVUS_PASSWORD": SECRET})
    assert settings.store_spec.credentials == MilvusCredentials("", "reader", SECRET)
    assert SECRET not in repr(settings) and SECRET not in str(settings.store_spec)
    caplog.set_level(logging.DEBUG)
    said: list[str] = []
    open_index(ISSUE_2021, tmp_path, FakeEmbedder(), store=settings.store_spec, on_status=said.append)
    closed = StoreSpec.parse("http://127.0.0.1:9?collection=x", MilvusCredentials(token=SECRET))
    with pytest.raises(IndexUnusableError, match=r"cannot connect to Milvus at http://127.0.0.1:9\?collection=x") as err:
        connect(closed)
    assert SECRET not in str(err.value) and SECRET not in caplog.text and not any(SECRET in s for s in said)


def test_a_missing_pymilvus_says_how_to_install_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pymilvus", None)  # what an environment without it gives importlib
    with pytest.raises(MissingDependencyError, match=r"the Milvus store needs the pymilvus package .*pip install "
                                                     r"'policyqa\[milvus\]'"):
        connect(StoreSpec.parse("milvus:///tmp/never-made.db"))
