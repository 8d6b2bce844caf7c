"""Running a question set: retrieval (and answers, with an assistant) for every question, then the report as
plain JSON-able data, with readable failures."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..references import parse_references
from ..text.normalize import comparable as normalize
from ..types import Hit
from .metrics import answer_metrics, first_relevant_rank, latency_summary, retrieval_metrics
from .questions import MatchRule, Question


@dataclass(frozen=True)
class Retrieved:
    """A provision as the answer's JSON ranks it (``Answer.retrieval``): what the metrics read of a Hit."""

    doc_title: str
    article: str
    text: str
    citation: str

    @property
    def chunk(self) -> Retrieved:
        return self

    @classmethod
    def of(cls, row: dict) -> Retrieved:
        return cls(row["doc_title"], row["article"], row["text"], row["citation"])


@dataclass
class QuestionRun:
    """What one question produced: the ranked chunks, the answer (when an assistant ran) and the times."""

    question: Question
    ranked: list[Hit] | list[Retrieved]
    retrieval_ms: float
    query: str  # what was retrieved for: the question, or the assistant's standalone rewrite of it
    answer: Any = None  # qa.types.Answer
    answer_ms: float | None = None


def run_questions(questions: list[Question], retriever, assistant=None, k: int = 10,
                  on_question: Callable[[QuestionRun], None] | None = None) -> list[QuestionRun]:
    """Retrieve (and answer, with ``assistant``) every question; the first question is run once untimed
    first, so that one-off loading (jieba's dictionary, the model) is not counted as latency.

    A question with ``history`` is ranked as the chain's answer shows its sources when there is an assistant: the
    provisions it cites first, then what its follow-up reading retrieved (the documents the previous answer cited
    steer that search); else by retrieving for the question as written."""
    if questions:
        retriever.retrieve(questions[0].question, k=k)
        if assistant is not None:
            assistant.ask(questions[0].question, history=questions[0].history or None, k=k)
    runs = []
    for q in questions:
        answer, answer_ms = None, None
        if assistant is not None:
            started = time.perf_counter()
            answer = assistant.ask(q.question, history=q.history or None, k=k)
            answer_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        hits = retriever.retrieve(q.question, k=k)
        retrieval_ms = (time.perf_counter() - started) * 1000
        if answer is not None and q.history:
            run = QuestionRun(q, [Retrieved.of(row) for row in answer.retrieval], retrieval_ms,
                              answer.standalone_question or q.question, answer, answer_ms)
        else:
            run = QuestionRun(q, hits, retrieval_ms, q.question, answer, answer_ms)
        runs.append(run)
        if on_question:
            on_question(run)
    return runs


def explicit_lookup_ids(questions: list[Question], catalog) -> set[str]:
    """Questions that name an article or a 文号 the look-up parser resolves (target: 100% at rank 1)."""
    ids = set()
    for q in questions:
        refs = parse_references(q.question, catalog)
        if q.answerable and refs.doc_keys and (refs.article_numbers or refs.doc_number_only):
            ids.add(q.id)
    return ids


def evaluation_report(runs: list[QuestionRun], explicit_ids: set[str] = frozenset(), failures_shown: int = 3,
                      answers_unavailable: str | None = None, generator: str | None = "extractive") -> dict:
    """The report as JSON-able data: metrics, latencies, per-question results and readable failures.
    ``generator`` names what wrote the answers (the answer latency target holds for extractive ones)."""
    questions = [r.question for r in runs]
    ranked = [r.ranked for r in runs]
    explicit = [r for r in runs if r.question.id in explicit_ids]
    report: dict[str, Any] = {
        "questions": len(runs),
        "kinds": _kind_counts(questions),
        "retrieval": retrieval_metrics(questions, ranked),
        "retrieval_evidence_rule": retrieval_metrics(questions, ranked, MatchRule.EVIDENCE),
        "explicit_lookups": retrieval_metrics([r.question for r in explicit], [r.ranked for r in explicit])
        .get("all", {"n": 0}),
        "latency_ms": {"retrieval": latency_summary([r.retrieval_ms for r in runs])},
    }
    answered = [r for r in runs if r.answer is not None]
    if answered and len(answered) == len(runs):
        report["generator"] = generator
        report["answers"] = answer_metrics(questions, [r.answer for r in runs])
        report["latency_ms"]["answer"] = latency_summary([r.answer_ms for r in runs])
        report["answers_unavailable"] = None
    else:
        report["generator"] = None
        report["answers"] = None
        report["latency_ms"]["answer"] = None
        report["answers_unavailable"] = answers_unavailable or "no assistant was run"
    report["per_question"] = [_question_record(r) for r in runs]
    report["failures"] = [f for f in (_failure(r, failures_shown) for r in runs) if f]
    return report


def _kind_counts(questions: list[Question]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in questions:
        counts[q.kind] = counts.get(q.kind, 0) + 1
    return counts


def _question_record(run: QuestionRun) -> dict:
    q = run.question
    record = {"id": q.id, "kind": q.kind, "answerable": q.answerable,
              "first_relevant_rank": first_relevant_rank(q, run.ranked) if q.answerable else None,
              "retrieval_ms": round(run.retrieval_ms, 1)}
    if run.answer is not None:
        record.update({"refused": run.answer.refused, "cited": [c.chunk_id for c in run.answer.citations],
                       "answer_ms": round(run.answer_ms, 1), "generator": run.answer.generator,
                       "notes": run.answer.notes})
    return record


def _failure(run: QuestionRun, shown: int) -> dict | None:
    """Why a question failed, with the gold and what came back: enough to read it in a minute."""
    q, a = run.question, run.answer
    problems = []
    if q.answerable:
        rank = first_relevant_rank(q, run.ranked)
        if rank != 1:
            problems.append(f"retrieval: gold at rank {rank}" if rank else
                            f"retrieval: gold not in the top {len(run.ranked)}")
    if a is not None:
        if q.answerable and a.refused:
            problems.append("refused an answerable question" + (f" ({a.refusal_reason})" if a.refusal_reason else ""))
        elif not q.answerable and not a.refused:
            problems.append("answered a question the corpus cannot answer (should refuse)")
        elif q.answerable:
            wrong = [c for c in a.citations if not any(g.matches(c) for g in q.gold)]
            if wrong:
                problems.append("cited a provision that is not gold: " + "; ".join(
                    f"《{c.doc_title}》{c.article}" for c in wrong))
            text = normalize(a.answer)
            missing = [p for p in q.answer_points if normalize(p) not in text]
            if missing:
                problems.append("answer misses: " + "、".join(missing))
    if not problems:
        return None
    failure = {
        "id": q.id, "kind": q.kind, "question": q.question, "problems": problems,
        "gold": [{"doc_title": g.doc_title, "article": g.article, "evidence": g.evidence} for g in q.gold],
        "retrieved": [{"rank": i, "citation": c.chunk.citation, "text": _clip(c.text, 80)}
                      for i, c in enumerate(run.ranked[:shown], start=1)],
    }
    if run.query != q.question:
        failure["retrieved_for"] = run.query
    if a is not None:
        failure["answer"] = {"refused": a.refused, "text": _clip(a.answer, 160),
                             "citations": [f"《{c.doc_title}》{c.article}" for c in a.citations]}
    return failure


def _clip(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

