"""The persistent index: manifest, checksums, mismatch handling, incremental updates, atomic writes."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from embeddings import FakeEmbedder
from qa import ingest_path
from qa.index import (
    CURRENT,
    IndexCorruptedError,
    IndexMismatchError,
    PolicyIndex,
    chunk_chars_for,
    dense_text,
    open_index,
)
from qa.model import CHUNKER_VERSION
from tests.conftest import GAZETTES, ISSUE_2021, ISSUE_2022


def test_saved_index_round_trips_with_its_parameters(corpus, tmp_path):
    index = PolicyIndex.build(corpus, FakeEmbedder())
    version = index.save(tmp_path)
    assert (tmp_path / CURRENT).resolve() == version
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"]["name"] == "fake" and manifest["dim"] == 64
    assert manifest["chunker_version"] == CHUNKER_VERSION and manifest["chunk_count"] == 570
    assert manifest["tokenizer"] == "jieba-search+bigram+unigram/1" and manifest["dense_index"] == "flat"
    assert set(manifest["files"]) == {"liaocheng-gazette-2021-12.md", "liaocheng-gazette-2022-03.txt"}
    assert {"chunks.jsonl", "vectors.npy", "dense.faiss", "bm25/params.index.json"} <= set(manifest["checksums"])
    assert not list(version.rglob("*.pkl")) and not list(version.rglob("*.pickle"))
    loaded = PolicyIndex.load(tmp_path)
    assert [c.chunk_id for c in loaded.chunks] == [c.chunk_id for c in index.chunks]
    assert np.array_equal(loaded.vectors, index.vectors)
    assert loaded.dense.ntotal == 570
    assert loaded.mismatches(FakeEmbedder()) == []


def test_mismatched_embedder_is_refused_or_rebuilt(tmp_path):
    open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    other = FakeEmbedder(dim=32)
    with pytest.raises(IndexMismatchError, match=r"built with embedder fake \(dim 64\), now fake \(dim 32\)"):
        open_index(ISSUE_2021, tmp_path, other, rebuild=False)
    rebuilt = open_index(ISSUE_2021, tmp_path, other)
    assert rebuilt.manifest.dim == 32 and PolicyIndex.load(tmp_path).manifest.dim == 32


def test_tampered_file_is_detected(tmp_path):
    open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    version = (tmp_path / CURRENT).resolve()
    with (version / "chunks.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    with pytest.raises(IndexCorruptedError, match="does not match its checksum"):
        PolicyIndex.load(tmp_path)
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
    assert (second.manifest.chunk_count, second.embedded_count) == (570, 282)
    (corpus_dir / ISSUE_2021.name).unlink()
    third = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert (third.manifest.chunk_count, third.embedded_count) == (282, 0)
    assert {c.source for c in third.chunks} == {ISSUE_2022.name}
    unchanged = open_index(corpus_dir, tmp_path / "index", FakeEmbedder())
    assert unchanged.embedded_count == 0 and unchanged.manifest.created_at == third.manifest.created_at


def test_a_failed_write_leaves_the_previous_index_usable(tmp_path, monkeypatch):
    open_index(ISSUE_2021, tmp_path, FakeEmbedder())
    before = (tmp_path / CURRENT).resolve()
    import faiss

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", crash)
    with pytest.raises(OSError, match="disk full"):
        PolicyIndex.build(ingest_path(GAZETTES), FakeEmbedder()).save(tmp_path)
    assert (tmp_path / CURRENT).resolve() == before
    assert PolicyIndex.load(tmp_path).manifest.chunk_count == 288


def test_chunk_size_follows_the_embedder_limit():
    texts = ["国有建设用地使用权人超过国有建设用地有偿使用合同约定的动工开发日期满一年未动工开发"] * 5
    assert chunk_chars_for(FakeEmbedder(max_tokens=512), texts) == 440  # (512 - 64) / ~1 token per char, capped at the default
    assert chunk_chars_for(FakeEmbedder(max_tokens=256), texts) < 200


def test_dense_text_gives_short_chunks_their_context(corpus):
    chunk = next(c for c in corpus.chunks if c.article == "任命：王磊")
    assert dense_text(chunk) == "关于任免王磊等工作人员职务的通知 任命：王磊：王磊为聊城市能源发展服务中心主任（试用期一年）；"


def test_large_indexes_switch_to_ivf_and_keep_it_on_load(corpus, tmp_path, monkeypatch):
    import qa.index

    monkeypatch.setattr(qa.index, "APPROXIMATE_THRESHOLD", 100)
    index = PolicyIndex.build(corpus, FakeEmbedder())
    assert index.manifest.dense_index == "ivf" and index.dense.nprobe == qa.index.IVF_NPROBE
    index.save(tmp_path)
    loaded = PolicyIndex.load(tmp_path)
    assert loaded.manifest.dense_index == "ivf" and loaded.dense.nprobe == qa.index.IVF_NPROBE
    query = index.vectors[42:43]
    _, rows = loaded.dense.search(query, 1)
    assert rows[0][0] == 42  # nprobe covers every list of this small index: exact
