"""The baselines users would build instead, over the bundled gazettes' raw text (fake embedder: instant)."""

from __future__ import annotations

import pytest

from embeddings import FakeEmbedder
from qa.evaluation import MatchRule, first_relevant_rank, load_questions
from qa.evaluation.baselines import (
    CHATCHAT_SEPARATORS,
    Baseline,
    build_baseline,
    ensemble_order,
    raw_texts,
    split_passages,
)
from tests.conftest import GAZETTES, ROOT


@pytest.fixture(scope="module")
def texts():
    return raw_texts(GAZETTES)


@pytest.fixture(scope="module")
def dev_questions():
    return load_questions(ROOT / "eval" / "questions.jsonl")


def test_raw_texts_are_the_decoded_files(texts):
    assert [(name, len(text)) for name, text in texts] == [("liaocheng-gazette-2021-12.md", 43337),
                                                           ("liaocheng-gazette-2022-03.txt", 40288)]


def test_splitters_cut_the_raw_text_their_way(texts):
    plain = split_passages(texts, 500, 50)
    chatchat = split_passages(texts, 750, 150, CHATCHAT_SEPARATORS)
    assert (len(plain), len(chatchat)) == (206, 143)
    assert max(len(p.text) for p in plain) == 500 and max(len(p.text) for p in chatchat) == 748
    # offsets point into the file, and Chatchat keeps a sentence's punctuation at the end of the chunk
    source = dict(texts)
    assert all(source[p.source][p.start:p.start + len(p.text)] == p.text for p in plain + chatchat)
    assert chatchat[6].text.endswith("依法将违约信息纳入公共信用信息平台公示；")
    assert chatchat[7].text.startswith("**第二十条** 国有建设用地使用权人违反产业项目履约监管协")


def test_every_gold_evidence_fits_inside_some_baseline_passage(texts, dev_questions):
    """So the evidence rule is fair to them: no answer is lost to a chunk boundary."""
    for passages in (split_passages(texts, 500, 50), split_passages(texts, 750, 150, CHATCHAT_SEPARATORS)):
        missing = [q.id for q in dev_questions if q.answerable
                   and not any(g.found_in(p.text) for g in q.gold for p in passages)]
        assert missing == []


def test_bm25_baseline_ranks_real_questions(dev_questions):
    bm25 = build_baseline("bm25", GAZETTES)
    by_id = {q.id: q for q in dev_questions}
    ranks = {qid: first_relevant_rank(by_id[qid], bm25.retrieve(by_id[qid].question, k=10), MatchRule.EVIDENCE)
             for qid in ("q003", "q004", "q012")}
    assert ranks == {"q003": 1, "q004": 5, "q012": 1}
    first = bm25.retrieve(by_id["q003"].question, k=1)[0]
    assert (first.source, first.start) == ("liaocheng-gazette-2022-03.txt", 10269)
    assert bm25.retrieve("？？", k=3) == [] and bm25.retrieve("   ", k=3) == []


def test_dense_baselines_embed_with_the_active_embedder_and_truncate_like_a_pipeline():
    ensemble = build_baseline(Baseline.CHATCHAT_ENSEMBLE, GAZETTES, FakeEmbedder())
    assert len(ensemble.passages) == 143
    assert ensemble.truncated == 131  # 750-character chunks; the fake model reads 510 characters
    hits = ensemble.retrieve("市政府直属事业单位适用本规则", k=10)
    assert len(hits) == 10 and len(set(hits)) == 10
    plain = build_baseline("splitter-faiss", GAZETTES, FakeEmbedder())
    assert (len(plain.passages), plain.truncated, plain.keyword) == (206, 0, None)


def test_fit_keeps_the_longest_prefix_the_model_reads():
    fake = FakeEmbedder(max_tokens=12)  # 10 characters + 2 special tokens
    assert fake.fit("一二三四五六七八九十百千", "passage") == "一二三四五六七八九十"
    assert fake.fit("短文本", "passage") == "短文本"


def test_weighted_rrf_is_langchains_ensemble():
    # row 7: 0.5/61 + 0.5/62; row 3: 0.5/62 + 0.5/61 (tie, first seen first); row 9: 0.5/63
    assert ensemble_order([[7, 3, 9], [3, 7]], (0.5, 0.5)) == [7, 3, 9]
    assert ensemble_order([[7, 3], [3, 7]], (0.2, 0.8)) == [3, 7]


def test_baseline_errors_say_what_is_allowed(tmp_path):
    with pytest.raises(ValueError, match="unknown baseline 'langchain'; choose one of splitter-faiss, "
                                         "chatchat-ensemble, bm25"):
        build_baseline("langchain", GAZETTES)
    with pytest.raises(ValueError, match="baseline splitter-faiss embeds its chunks: pass the active embedder"):
        build_baseline("splitter-faiss", GAZETTES)
    with pytest.raises(ValueError, match="no gazette files"):
        build_baseline("bm25", tmp_path)
    with pytest.raises(ValueError, match="k=0; it must be a positive integer"):
        build_baseline("bm25", GAZETTES).retrieve("问题", k=0)
