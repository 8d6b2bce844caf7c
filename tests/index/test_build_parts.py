"""The parts of a large build: progress reports, resuming an interrupted embedding run, the numpy BM25 matrix
(equal to bm25s's), jieba's frozen dictionary (equal to jieba's own) and work spread over processes (equal to
one process)."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings import FakeEmbedder
from qa.index import build as build_module
from qa.index import keywords, open_index
from qa.index.bm25 import BM25Matrix
from qa.index.embedding_cache import FOLDER
from qa.parallel import parallel_map
from qa.progress import EMBEDDING_CHUNKS, READING_FILES, ProgressLog
from qa.text import dictionary
from qa.text.tokenizer import ChineseTokenizer
from tests.conftest import GAZETTES


def test_progress_log_says_how_far_how_fast_and_how_long(monkeypatch):
    lines, now = [], [0.0]
    log = ProgressLog(lines.append, interval=10, clock=lambda: now[0])
    for t, done in [(0, 0), (5, 100), (12, 300), (15, 400), (24, 700), (30, 1000)]:
        now[0] = t
        log(EMBEDDING_CHUNKS, done, 1000)
    assert lines == ["embedding chunks: 0/1,000 (0.0%)",
                     "embedding chunks: 300/1,000 (30.0%), 25.0/s, about 28s left",
                     "embedding chunks: 700/1,000 (70.0%), 29.2/s, about 10s left",
                     "embedding chunks: 1,000/1,000 (100.0%), 33.3/s"]


def test_a_build_reports_files_read_and_chunks_embedded(tmp_path):
    heard = []
    index = open_index(GAZETTES, tmp_path / "index", FakeEmbedder(), progress=lambda *report: heard.append(report))
    assert [r for r in heard if r[0] == READING_FILES] == [(READING_FILES, 0, 2), (READING_FILES, 1, 2),
                                                           (READING_FILES, 2, 2)]
    embedding = [r for r in heard if r[0] == EMBEDDING_CHUNKS]
    assert embedding[0] == (EMBEDDING_CHUNKS, 0, len(index.chunks))
    assert embedding[-1] == (EMBEDDING_CHUNKS, len(index.chunks), len(index.chunks))


class _Interrupted(Exception):
    pass


class _CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting the passages it embeds, and interrupted (like Ctrl-C) at a given batch."""

    def __init__(self, stop_at_batch: int | None = None):
        super().__init__()
        self.embedded, self.batches, self.stop_at_batch = 0, 0, stop_at_batch

    def embed_passages(self, texts):
        self.batches += 1
        if self.batches == self.stop_at_batch:
            raise _Interrupted
        self.embedded += len(texts)
        return super().embed_passages(texts)


def test_an_interrupted_build_resumes_from_what_it_had_embedded(tmp_path, monkeypatch, fake_index):
    monkeypatch.setattr(build_module, "EMBED_BATCH", 100)
    index_dir = tmp_path / "index"
    first = _CountingEmbedder(stop_at_batch=4)
    with pytest.raises(_Interrupted):
        open_index(GAZETTES, index_dir, first)
    assert first.embedded == 300 and (index_dir / FOLDER).is_dir()

    second = _CountingEmbedder()
    index = open_index(GAZETTES, index_dir, second)
    assert second.embedded == len(index.chunks) - 300 == 278
    assert not (index_dir / FOLDER).exists()  # the cache is dropped once the index is saved
    assert [c.chunk_id for c in index.chunks] == [c.chunk_id for c in fake_index.chunks]
    np.testing.assert_array_equal(index.store.vectors, fake_index.store.vectors)


def test_bm25_matrix_scores_equal_bm25s(fake_index):
    import bm25s

    tokens = fake_index.store.keywords
    documents = [tokens.tokens(i) for i in range(len(tokens))]
    reference = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    reference.index(bm25s.tokenization.Tokenized(ids=[list(tokens.row(i)) for i in range(len(tokens))],
                                                 vocab={t: i for i, t in enumerate(tokens.vocab)}), show_progress=False)
    ours = BM25Matrix.build(tokens.ids, tokens.offsets, len(tokens.vocab))
    assert len(documents) == len(fake_index.chunks) == 578
    for query in (documents[3][:6], documents[200][:3], [tokens.vocab[0]] * 2):
        ids = [tokens.vocab.index(t) for t in query]
        np.testing.assert_array_equal(ours.scores(ids), reference.get_scores(ids))


def test_frozen_dictionary_segments_as_jieba_does(tmp_path, monkeypatch, chunks):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    terms = ["特许经营", "供后监管"]
    loaded = ChineseTokenizer(terms, bulk=True)  # jieba's own dict (and a frozen copy is written)
    first = ChineseTokenizer(terms)
    first.segmenter()
    import jieba

    assert dictionary.load(jieba) is not None
    frozen = ChineseTokenizer(terms)
    assert isinstance(frozen.segmenter().FREQ, dictionary.FrozenFrequencies)
    texts = [c.text for c in chunks[::7]]
    assert [frozen.tokenize(t) for t in texts] == [loaded.tokenize(t) for t in texts]


def test_terms_are_added_to_the_frozen_dictionary_as_jieba_adds_them(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    # prefixes of one another, a word jieba knows, one it does not, and one longer than the frozen array holds
    terms = ["聊城市", "聊城市自然资源和规划局", "特许经营", "供后监管", "聊政办字〔2021〕36号"]
    ChineseTokenizer(terms).segmenter()  # freezes jieba's dictionary in the cache
    loaded, frozen = ChineseTokenizer(terms, bulk=True).segmenter(), ChineseTokenizer(terms).segmenter()
    assert isinstance(frozen.FREQ, dictionary.FrozenFrequencies) and frozen.total == loaded.total
    prefixes = {t[:i] for t in ChineseTokenizer(terms).terms for i in range(1, len(t) + 1)}
    assert {p: frozen.FREQ.get(p) for p in prefixes} == {p: loaded.FREQ.get(p) for p in prefixes}


def test_the_frozen_dictionary_remembers_a_bounded_number_of_searches(monkeypatch):
    monkeypatch.setattr(dictionary, "SEARCHES_KEPT", 2)
    words = np.array(["城市", "聊城", "聊城市"], dtype=f"<U{dictionary.MAX_LEN}")
    frozen = dictionary.FrozenFrequencies(words, np.array([7, 5, 3]), {})
    asked = ["聊城", "聊", "聊城", "城市", "聊城市", "城", "聊城"] * 2
    assert [frozen.get(w, 0) for w in asked] == [5, 0, 5, 7, 3, 0, 5] * 2
    assert len(frozen._searched) <= 2
    frozen["聊"] = 9  # a word added later is found, not the remembered miss
    assert frozen.get("聊") == 9 and "城" not in frozen


def test_work_spread_over_processes_equals_one_process(chunks, monkeypatch):
    done = []
    assert parallel_map(len, [c.text for c in chunks], min_items=2, on_done=done.append) == [len(c.text) for c in chunks]
    assert done == list(range(1, len(chunks) + 1))
    tokenizer = ChineseTokenizer(["特许经营"])
    texts = [c.text for c in chunks]
    alone = keywords.tokenize_texts(tokenizer, texts)
    monkeypatch.setattr(keywords, "PARALLEL_FROM", 100)  # fork for the bundled corpus's 578 chunks
    spread = keywords.tokenize_texts(tokenizer, texts)
    assert [spread.tokens(i) for i in range(len(texts))] == [alone.tokens(i) for i in range(len(texts))]
