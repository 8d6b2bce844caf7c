"""The persistent index: manifest, checksums, mismatch handling, incremental updates, atomic writes, and opening
from its own files (never by ingesting the corpus again)."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

from embeddings import FakeEmbedder
from qa.index import (
    CURRENT,
    Index,
    IndexCorruptedError,
    IndexMismatchError,
    chunk_chars_for,
    dense_text,
    keyword_text,
    open_index,
)
from qa.text.thesaurus import Thesaurus, bundled_thesaurus
from qa.types import CHUNKER_VERSION
from tests.conftest import GAZETTES, ISSUE_2021, ISSUE_2022


def test_saved_index_round_trips_with_its_parameters(fake_index_dir, fake_index):
    version = (fake_index_dir / CURRENT).resolve()
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"]["name"] == "fake" and manifest["dim"] == 64
    assert manifest["chunker_version"] == CHUNKER_VERSION and manifest["chunk_count"] == 578
    assert manifest["document_count"] == 23 and manifest["roots"] == {"": str(GAZETTES.resolve())}
    assert manifest["tokenizer"] == f"jieba-search+bigram+unigram/1+everyday:{bundled_thesaurus().digest}" and manifest["dense_index"] == "flat"
    assert set(manifest["sources"]) == {"liaocheng-gazette-2021-12.md", "liaocheng-gazette-2022-03.txt"}
    entry = manifest["sources"]["liaocheng-gazette-2021-12.md"]
    assert (entry["documents"], entry["chunks"], entry["size"]) == (14, 288, ISSUE_2021.stat().st_size)
    assert {"chunks.json", "vectors.npy", "dense.faiss", "bm25/params.json", "bm25/data.npy", "catalog.json",
            "keywords/vocab.json", "keywords/ids.npy", "keywords/terms.json", "collection/text.txt",
            "collection/appointments.txt"} <= set(manifest["checksums"])
    assert not list(version.rglob("*.pkl")) and not list(version.rglob("*.pickle"))
    again = Index.load(fake_index_dir)
    assert [c.chunk_id for c in again.chunks] == [c.chunk_id for c in fake_index.chunks]
    assert np.array_equal(again.store.vectors, fake_index.store.vectors)
    assert again.store.dense.ntotal == 578 and len(again.catalog) == 23
    assert again.store.tokens(15) == fake_index.store.tokens(15)


def test_opening_an_up_to_date_index_reads_no_corpus_text(fake_index_dir, tmp_path, monkeypatch):
    """Staleness is decided from the manifest: file sizes and modification times, nothing read."""
    index_dir = tmp_path / "index"
    shutil.copytree(fake_index_dir, index_dir, symlinks=True)
    import qa.index.build

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the corpus was ingested again")

    monkeypatch.setattr(qa.index.build, "ingest_file", no_reading)
    monkeypatch.setattr(qa.index.build, "sha256_file", no_reading)
    said: list[str] = []
    index = open_index(GAZETTES, index_dir, FakeEmbedder(), on_status=said.append)
    assert index.manifest.chunk_count == 578 and said == [f"loaded index {index_dir.resolve()} (578 chunks)"]


def test_a_touched_but_unchanged_file_is_hashed_not_ingested(tmp_path, monkeypatch):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    shutil.copy(ISSUE_2021, corpus_dir)
    first = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    os.utime(corpus_dir / ISSUE_2021.name, ns=(1, 1))
    import qa.index.build

    monkeypatch.setattr(qa.index.build, "ingest_file", lambda *_a: pytest.fail("ingested an unchanged file"))
    again = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert again.manifest.created_at == first.manifest.created_at and again.embedded_count == 0


def test_mismatched_embedder_is_refused_or_rebuilt(tmp_path):
    open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    other = FakeEmbedder(dim=32)
    with pytest.raises(IndexMismatchError, match=r"built with embedder fake \(dim 64\), now fake \(dim 32\)"):
        open_index(ISSUE_2021, tmp_path, other, rebuild=False)
    rebuilt = open_index(ISSUE_2021, tmp_path, other)
    assert rebuilt.manifest.dim == 32 and Index.load(tmp_path).manifest.dim == 32


def test_a_new_chunker_version_rebuilds_but_keeps_the_vectors_of_unchanged_texts(tmp_path, monkeypatch):
    first = open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    import qa.index.build
    import qa.index.open

    for module in (qa.index.build, qa.index.open):
        monkeypatch.setattr(module, "CHUNKER_VERSION", "next")
    with pytest.raises(IndexMismatchError, match=f"chunker version {CHUNKER_VERSION}, now next"):
        open_index(ISSUE_2021, tmp_path, FakeEmbedder(), rebuild=False)
    rebuilt = open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    # a new version is written (created_at has whole seconds: both builds may fall within one)
    assert rebuilt.manifest.chunker_version == "next" and rebuilt.version != first.version
    assert rebuilt.embedded_count == 0 and rebuilt.manifest.chunk_count == first.manifest.chunk_count == 288
    # vectors of another embedder are never reused
    assert open_index(ISSUE_2021, tmp_path, FakeEmbedder(dim=32)).embedded_count == 288


def test_tampered_file_is_detected(tmp_path):
    open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    version = (tmp_path / CURRENT).resolve()
    (version / "extra.json").write_text("{}", encoding="utf-8")
    with pytest.raises(IndexCorruptedError, match=r"extra\.json is missing, unlisted or does not match"):
        Index.load(tmp_path)  # a file the manifest does not list is refused too
    (version / "extra.json").unlink()
    with (version / "chunks.json").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    with pytest.raises(IndexCorruptedError, match="does not match its checksum"):
        Index.load(tmp_path)
    with pytest.raises(IndexCorruptedError):
        open_index(ISSUE_2021, tmp_path, FakeEmbedder(), rebuild=False)
    assert open_index(ISSUE_2021, tmp_path, FakeEmbedder()).manifest.chunk_count == 288  # rebuilt


def test_adding_and_removing_a_gazette_embeds_only_what_changed(tmp_path):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    shutil.copy(ISSUE_2021, corpus_dir)
    first = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert first.embedded_count == 288
    shutil.copy(ISSUE_2022, corpus_dir)
    second = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert (second.manifest.chunk_count, second.embedded_count) == (578, 290)
    (corpus_dir / ISSUE_2021.name).unlink()
    third = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert (third.manifest.chunk_count, third.embedded_count) == (290, 0)
    assert {third.document(c.doc_key).source for c in third.chunks} == {ISSUE_2022.name}
    unchanged = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert unchanged.embedded_count == 0 and unchanged.manifest.created_at == third.manifest.created_at


def test_an_updated_index_equals_one_built_from_scratch(tmp_path, fake_index):
    """Reused chunks keep their vectors and keyword tokens; the result is the index a fresh build makes."""
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    shutil.copy(ISSUE_2022, corpus_dir)
    open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    shutil.copy(ISSUE_2021, corpus_dir)
    updated = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert [c.chunk_id for c in updated.chunks] == [c.chunk_id for c in fake_index.chunks]
    assert np.array_equal(updated.store.vectors, fake_index.store.vectors)
    assert updated.terms == fake_index.terms
    assert all(updated.store.tokens(row) == fake_index.store.tokens(row) for row in range(578))


def test_a_failed_write_leaves_the_previous_index_usable(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    open_index(corpus, tmp_path / "index", FakeEmbedder())
    before = (tmp_path / "index" / CURRENT).resolve()
    shutil.copy(ISSUE_2022, corpus)
    import faiss

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", crash)
    with pytest.raises(OSError, match="disk full"):
        open_index(corpus, tmp_path / "index", FakeEmbedder())
    assert (tmp_path / "index" / CURRENT).resolve() == before
    assert Index.load(tmp_path / "index").manifest.chunk_count == 288


def test_chunk_size_follows_the_embedder_limit():
    texts = ["国有建设用地使用权人超过国有建设用地有偿使用合同约定的动工开发日期满一年未动工开发"] * 5
    assert chunk_chars_for(FakeEmbedder(max_tokens=512), texts) == 440  # (512 - 64) / ~1 token per char, capped at the default
    assert chunk_chars_for(FakeEmbedder(max_tokens=256), texts) < 200


def test_dense_text_gives_short_chunks_their_context(chunks, corpus):
    chunk = next(c for c in chunks if c.article == "任命：王磊")
    doc = next(d for d in corpus.documents if d.key == chunk.doc_key)
    assert dense_text(chunk, doc) == "关于任免王磊等工作人员职务的通知 任命：王磊：王磊为聊城市能源发展服务中心主任（试用期一年）；"


def test_a_provision_carries_the_everyday_words_of_its_official_terms(chunks, corpus, fake_index):
    chunk = next(c for c in chunks if c.text.startswith("2.开展农村黑臭水体整治"))
    doc = next(d for d in corpus.documents if d.key == chunk.doc_key)
    everyday = keyword_text(chunk, doc).rsplit("\n", 1)[1].split()
    assert everyday == bundled_thesaurus().everyday_words(chunk.text) and "臭水沟" in everyday
    # so BM25 alone finds it by a citizen's words, which the provision never uses
    row = fake_index.store.row_of[chunk.chunk_id]
    ranking = fake_index.store.search_bm25(fake_index.tokenizer.tokenize("村头臭水沟"), 3, None)
    assert "臭水沟" not in chunk.text and ranking.top[0][0] == row


def test_another_everyday_word_list_rebuilds_but_keeps_the_vectors(tmp_path, monkeypatch):
    first = open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    import qa.index.build

    monkeypatch.setattr(qa.index.build, "bundled_thesaurus", lambda: Thesaurus.parse("臭水沟\t黑臭水体\n"))
    with pytest.raises(IndexMismatchError, match="everyday:"):
        open_index(ISSUE_2021, tmp_path, FakeEmbedder(), rebuild=False)
    rebuilt = open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    assert rebuilt.embedded_count == 0 and rebuilt.manifest.tokenizer != first.manifest.tokenizer


def test_large_indexes_switch_to_ivf_and_keep_it_on_load(tmp_path, monkeypatch):
    import qa.index.local

    monkeypatch.setattr(qa.index.local, "APPROXIMATE_THRESHOLD", 100)
    index = open_index(GAZETTES, tmp_path, FakeEmbedder())
    assert index.manifest.dense_index == "ivf" and index.store.dense.nprobe == qa.index.local.IVF_NPROBE
    loaded = Index.load(tmp_path)
    assert loaded.manifest.dense_index == "ivf" and loaded.store.dense.nprobe == qa.index.local.IVF_NPROBE
    query = index.store.vectors[42:43]
    _, rows = loaded.store.dense.search(query, 1)
    assert rows[0][0] == 42  # nprobe covers every list of this small index: exact
