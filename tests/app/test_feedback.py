"""Feedback clicks -> ratings -> one JSONL line each."""

from __future__ import annotations

import pytest

from policyqa_app.feedback import FeedbackLog, rating_of


@pytest.mark.parametrize("liked, rating", [
    (True, "helpful"), ("引用有误", "wrong_citation"), ("其他", "other"), (False, "retracted"), ("", "retracted"),
    (None, "retracted"),
])
def test_rating_of(liked, rating):
    assert rating_of(liked) == rating


def test_log_lines(tmp_path):
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    answer = {"answer": "…[1]", "refused": False, "generator": "extractive",
              "citations": [{"chunk_id": "a:d01:p001"}, {"chunk_id": "a:d01:p002"}], "retrieval": [{"text": "…"}]}
    log.record(question="问", answer=answer, rating="wrong_citation", comment="  第二条才对  ")
    log.record(question="问2", answer=None, rating="helpful")
    first, second = log.read()
    assert set(first) == {"time", "question", "answer", "refused", "generator", "citations", "rating", "comment"}
    assert first["citations"] == ["a:d01:p001", "a:d01:p002"]
    assert (first["rating"], first["comment"]) == ("wrong_citation", "第二条才对")
    assert first["time"].endswith("+00:00")
    assert (second["question"], second["answer"], second["citations"]) == ("问2", "", [])
    with pytest.raises(ValueError, match="rating='great'; choose one of helpful"):
        log.record(question="q", answer=None, rating="great")


def test_a_huge_question_and_many_clicks_stay_bounded(tmp_path):
    """Issue 15.6: a 1M-character question and 30 clicks wrote 90 MB in 2 s. Each record is now cut (the length
    is said) and the file rotates, so the log never holds more than (backups + 1) * max_bytes."""
    log = FeedbackLog(tmp_path / "feedback.jsonl", max_bytes=64 * 1024, backups=2)
    huge = "土地" * 500_000
    answer = {"answer": "答" * 1_000_000, "citations": [{"chunk_id": f"a:d01:p{n:03d}"} for n in range(500)]}
    for n in range(30):
        log.record(question=huge, answer=answer, rating="other", comment=f"{n}" + "评" * 1_000_000)
    files = log.files()
    assert [p.name for p in files] == ["feedback.jsonl.2", "feedback.jsonl.1", "feedback.jsonl"]
    assert all(p.stat().st_size <= 64 * 1024 for p in files)
    kept = log.read()
    assert len(kept) < 30 and kept[-1]["comment"].startswith("29评")  # the newest kept, the oldest dropped
    last = kept[-1]
    assert last["question"] == "土地" * 1000 + "…（共1000000字，已截断）"
    assert last["answer"].endswith("…（共1000000字，已截断）") and len(last["citations"]) == 20
    assert len(last["comment"]) == 2000 + len("…（共1000002字，已截断）")


def test_feedback_limits_are_checked():
    with pytest.raises(ValueError, match="keep at least 64 KB per file and 1 backup"):
        FeedbackLog("f.jsonl", max_bytes=1000)
