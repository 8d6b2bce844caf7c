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
