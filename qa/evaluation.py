"""Scoring retrieval and answers against gold provisions (the evaluation set format is in eval/README.md).

Metrics, each reported overall and per question kind:

- retrieval (answerable questions): hit@1, hit@5, MRR, nDCG@10;
- answers: citation precision and recall (cited provisions vs gold), answer-point coverage, refusal
  accuracy (false refusals of answerable questions, missed refusals of unanswerable ones);
- latency p50 / p95 of retrieval and of whole answers.

``run_questions`` drives a retriever (and, when there is one, the answering assistant) over a question set,
``evaluation_report`` turns the runs into plain JSON-able data, ``baseline_report`` sets a baseline's numbers
beside them, and ``check_targets`` compares a report with the project's targets.
"""

from __future__ import annotations

import enum
import json
import math
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Chunk

_PUNCT_RE = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65，。；：！？、“”‘’（）《》〈〉【】—…·,.;:!?()\[\]\"'<>\-*#]+")


def normalize(text: str | None) -> str:
    """NFKC, lower case, no whitespace, punctuation or markdown markers (``*`` ``#``): 〔2021〕 and [2021],
    (一) and （一）, a hard-wrapped ``**重点**`` line and the clean text compare equal."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text or "").lower())


class MatchRule(enum.Enum):
    """When a retrieved item counts as the gold provision."""

    PROVISION_OR_EVIDENCE = "provision-or-evidence"  # same document and label, or the text holds the evidence
    EVIDENCE = "evidence"  # the text holds the evidence: the one rule that applies to any chunking


@dataclass
class Gold:
    doc_title: str
    doc_number: str | None
    article: str
    evidence: str

    def matches(self, chunk, rule: MatchRule = MatchRule.PROVISION_OR_EVIDENCE) -> bool:
        """Same document and provision label, or the chunk's text contains the evidence. ``chunk`` is
        anything with ``text`` (and ``doc_title`` and ``article`` for the provision rule): a Chunk or a
        cited provision."""
        if rule is MatchRule.PROVISION_OR_EVIDENCE:
            same_doc = normalize(chunk.doc_title) == normalize(self.doc_title)
            if same_doc and normalize(chunk.article) == normalize(self.article):
                return True
        return self.found_in(chunk.text)

    def found_in(self, text: str) -> bool:
        return bool(self.evidence) and normalize(self.evidence) in normalize(text)


@dataclass
class Question:
    id: str
    question: str
    kind: str
    gold: list[Gold]
    answer_points: list[str] = field(default_factory=list)
    history: list = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def load_questions(path: str | Path) -> list[Question]:
    """Read a question set: one JSON object per line (format: eval/README.md). Raises ValueError naming
    the line and the field that is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text (byte {err.start}); save the questions file as UTF-8") from None
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question = Question(
                id=str(row["id"]), question=row["question"], kind=row.get("kind", "unknown"),
                gold=[Gold(g["doc_title"], g.get("doc_number"), g["article"], g.get("evidence", ""))
                      for g in row["gold"]],
                answer_points=row.get("answer_points", []), history=row.get("history", []))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}:{n}: not a valid question line ({type(err).__name__}: {err}); each line is a "
                             f"JSON object with id, question and gold (see eval/README.md)") from None
        problem = _shape_problem(question)
        if problem:
            raise ValueError(f"{path}:{n}: {problem} (see eval/README.md for the format)")
        if question.id in seen:
            raise ValueError(f"{path}:{n}: id {question.id!r} was already used on line {seen[question.id]}; "
                             f"give every question its own id")
        seen[question.id] = n
        questions.append(question)
    if not questions:
        raise ValueError(f"{path}: no questions in it; write one JSON object per line (see eval/README.md)")
    return questions


def _shape_problem(q: Question) -> str | None:
    if not isinstance(q.question, str) or not q.question.strip():
        return f"question {q.id}: 'question' must be non-empty text, got {q.question!r}"
    if not isinstance(q.answer_points, list) or not all(isinstance(p, str) for p in q.answer_points):
        return f"question {q.id}: 'answer_points' must be a list of strings, got {q.answer_points!r}"
    if not isinstance(q.history, list):
        return f"question {q.id}: 'history' must be a list of earlier turns, got {q.history!r}"
    for g in q.gold:
        if not isinstance(g.doc_title, str) or not g.doc_title or not isinstance(g.article, str) or not g.article:
            return f"question {q.id}: every gold entry needs a non-empty doc_title and article, got {g!r}"
    return None


def first_relevant_rank(question: Question, chunks: Sequence, rule: MatchRule = MatchRule.PROVISION_OR_EVIDENCE
                        ) -> int | None:
    for rank, chunk in enumerate(chunks, start=1):
        if any(g.matches(chunk, rule) for g in question.gold):
            return rank
    return None


def ndcg_at(question: Question, chunks: Sequence, k: int = 10,
            rule: MatchRule = MatchRule.PROVISION_OR_EVIDENCE) -> float:
    """Each gold provision earns its gain once, at the first chunk that matches it: the other parts of a
    split provision add nothing, so the score stays within 0..1."""
    credited: set[int] = set()
    gains = []
    for chunk in chunks[:k]:
        fresh = next((i for i, g in enumerate(question.gold) if i not in credited and g.matches(chunk, rule)), None)
        if fresh is not None:
            credited.add(fresh)
        gains.append(0.0 if fresh is None else 1.0)
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(question.gold), k)))
    return dcg / ideal if ideal else 0.0


def retrieval_metrics(questions: list[Question], ranked: list[Sequence],
                      rule: MatchRule = MatchRule.PROVISION_OR_EVIDENCE) -> dict:
    """hit@1, hit@5, MRR and nDCG@10 over answerable questions, overall and per kind."""
    groups: dict[str, list[tuple[Question, Sequence]]] = {}
    for q, chunks in zip(questions, ranked, strict=True):
        if q.answerable:
            groups.setdefault("all", []).append((q, chunks))
            groups.setdefault(q.kind, []).append((q, chunks))
    out = {}
    for name, items in groups.items():
        ranks = [first_relevant_rank(q, c, rule) for q, c in items]
        out[name] = {
            "n": len(items),
            "hit@1": round(sum(1 for r in ranks if r == 1) / len(items), 4),
            "hit@5": round(sum(1 for r in ranks if r and r <= 5) / len(items), 4),
            "mrr": round(sum(1 / r for r in ranks if r) / len(items), 4),
            "ndcg@10": round(sum(ndcg_at(q, c, rule=rule) for q, c in items) / len(items), 4),
        }
    return out


# -- answers --------------------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def answer_metrics(questions: list[Question], answers: list) -> dict:
    """Citation precision/recall, answer-point coverage and refusal accuracy, overall and per kind.

    ``answers`` are ``qa.answer.Answer`` objects (``refused``, ``answer``, ``citations`` with ``chunk_id``,
    ``doc_title``, ``article`` and ``text``). Counted over all questions of a group:
    citation precision = cited provisions that match a gold provision / cited provisions (answerable
    questions; a provision cited twice counts once); citation recall = gold provisions cited / gold
    provisions; answer-point coverage = answer points found in the answer text (after ``normalize``) /
    answer points; a refused answerable question cites and covers nothing.
    """
    groups: dict[str, list[tuple[Question, Any]]] = {}
    for q, a in zip(questions, answers, strict=True):
        groups.setdefault("all", []).append((q, a))
        groups.setdefault(q.kind, []).append((q, a))
    out = {}
    for name, items in groups.items():
        cited = cited_right = gold_total = gold_cited = points = points_found = 0
        answerable = [(q, a) for q, a in items if q.answerable]
        unanswerable = [(q, a) for q, a in items if not q.answerable]
        for q, a in answerable:
            gold_total += len(q.gold)
            points += len(q.answer_points)
            if a.refused:
                continue
            citations = list({c.chunk_id: c for c in a.citations}.values())
            cited += len(citations)
            cited_right += sum(1 for c in citations if any(g.matches(c) for g in q.gold))
            gold_cited += sum(1 for g in q.gold if any(g.matches(c) for c in citations))
            text = normalize(a.answer)
            points_found += sum(1 for p in q.answer_points if normalize(p) in text)
        false_refusals = sum(1 for _, a in answerable if a.refused)
        missed_refusals = sum(1 for _, a in unanswerable if not a.refused)
        out[name] = {
            "n": len(items), "answerable": len(answerable), "unanswerable": len(unanswerable),
            "citation_precision": _ratio(cited_right, cited),
            "citation_recall": _ratio(gold_cited, gold_total),
            "answer_point_coverage": _ratio(points_found, points),
            "false_refusals": false_refusals,
            "false_refusal_rate": _ratio(false_refusals, len(answerable)),
            "missed_refusals": missed_refusals,
            "unanswerable_refused_rate": _ratio(len(unanswerable) - missed_refusals, len(unanswerable)),
            "refusal_accuracy": _ratio(len(items) - false_refusals - missed_refusals, len(items)),
        }
    return out


def latency_summary(milliseconds: Sequence[float]) -> dict:
    """p50 (median) and p95 (nearest rank) in ms, as in benchmarks/bench_retrieval.py."""
    if not milliseconds:
        return {"n": 0, "p50": None, "p95": None}
    ordered = sorted(milliseconds)
    return {"n": len(ordered), "p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}


# -- running a question set -----------------------------------------------------------------------------


@dataclass
class QuestionRun:
    """What one question produced: the ranked chunks, the answer (when an assistant ran) and the times."""

    question: Question
    ranked: list[Chunk]
    retrieval_ms: float
    query: str  # what was retrieved for: the question, or the assistant's standalone rewrite of it
    answer: Any = None  # qa.answer.Answer
    answer_ms: float | None = None


def run_questions(questions: list[Question], retriever, assistant=None, k: int = 10,
                  on_question: Callable[[QuestionRun], None] | None = None) -> list[QuestionRun]:
    """Retrieve (and answer, with ``assistant``) every question; the first question is run once untimed
    first, so that one-off loading (jieba's dictionary, the model) is not counted as latency.

    A question with ``history`` is retrieved for with the assistant's standalone question when there is
    an assistant (what the chain itself retrieves for), else with the question as written."""
    if questions:
        retriever.retrieve(questions[0].question, k=k)
        if assistant is not None:
            assistant.ask(questions[0].question, history=questions[0].history or None)
    runs = []
    for q in questions:
        answer, answer_ms = None, None
        if assistant is not None:
            started = time.perf_counter()
            answer = assistant.ask(q.question, history=q.history or None)
            answer_ms = (time.perf_counter() - started) * 1000
        query = (answer.standalone_question or q.question) if answer is not None and q.history else q.question
        started = time.perf_counter()
        hits = retriever.retrieve(query, k=k)
        run = QuestionRun(q, [h.chunk for h in hits], (time.perf_counter() - started) * 1000, query, answer, answer_ms)
        runs.append(run)
        if on_question:
            on_question(run)
    return runs


def explicit_lookup_ids(questions: list[Question], catalog) -> set[str]:
    """Questions that name an article or a 文号 the look-up parser resolves (target: 100% at rank 1)."""
    from .lookup import parse_references

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
                       "answer_ms": round(run.answer_ms, 1)})
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
        "retrieved": [{"rank": i, "citation": c.citation, "text": _clip(c.text, 80)}
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


# -- targets --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One number the project promises (retrieval and answering issues), read from the report by path."""

    name: str
    path: tuple[str, ...]
    at_least: float | None = None
    below: float | None = None
    at_most: float | None = None
    generator: str | None = None  # holds only for answers written by this generator

    def describe(self) -> str:
        if self.at_least is not None:
            return f">= {self.at_least:g}"
        if self.at_most is not None:
            return f"<= {self.at_most:g}"
        return f"< {self.below:g}"

    def passed(self, value: float) -> bool:
        if self.at_least is not None:
            return value >= self.at_least
        if self.at_most is not None:
            return value <= self.at_most
        return value < self.below


TARGETS = (
    Target("retrieval hit@1 (answerable)", ("retrieval", "all", "hit@1"), at_least=0.90),
    Target("retrieval hit@5 (answerable)", ("retrieval", "all", "hit@5"), at_least=0.98),
    Target("explicit look-ups at rank 1", ("explicit_lookups", "hit@1"), at_least=1.0),
    Target("citation precision", ("answers", "all", "citation_precision"), at_least=0.95),
    Target("answerable questions refused", ("answers", "all", "false_refusal_rate"), at_most=0.05),
    Target("unanswerable questions refused", ("answers", "all", "unanswerable_refused_rate"), at_least=0.90),
    Target("extractive answer latency p50 (ms)", ("latency_ms", "answer", "p50"), below=150.0,
           generator="extractive"),
)


@dataclass
class TargetResult:
    target: Target
    value: float | None
    passed: bool | None  # None: not available in this report (no assistant, no such questions, another generator)

    def to_dict(self) -> dict:
        return {"target": self.target.name, "required": self.target.describe(), "value": self.value,
                "passed": self.passed}


def check_targets(report: dict, targets: Sequence[Target] = TARGETS) -> list[TargetResult]:
    results = []
    for target in targets:
        value: Any = report
        for key in target.path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None or (target.generator and report.get("generator") != target.generator):
            results.append(TargetResult(target, None, None))
        else:
            results.append(TargetResult(target, value, target.passed(value)))
    return results


# -- baselines ------------------------------------------------------------------------------------------

COMPARED_METRICS = ("hit@1", "hit@5", "mrr", "ndcg@10")


def baseline_report(questions: list[Question], baseline, ours: dict, k: int = 10,
                    on_question: Callable[[], None] | None = None) -> dict:
    """Run ``baseline`` (``retrieve(query, k)``, ``name``, ``description``, ``passages``) over ``questions``
    and set its numbers beside ours (``ours`` is an ``evaluation_report``). Both sides are scored with the
    evidence rule: a baseline's passages are not provisions. Ratios are ours / theirs."""
    baseline.retrieve(questions[0].question, k=k)  # warm-up, untimed
    ranked, latencies = [], []
    for q in questions:
        started = time.perf_counter()
        ranked.append(baseline.retrieve(q.question, k=k))
        latencies.append((time.perf_counter() - started) * 1000)
        if on_question:
            on_question()
    metrics = retrieval_metrics(questions, ranked, MatchRule.EVIDENCE)
    latency = latency_summary(latencies)
    ours_all = ours["retrieval_evidence_rule"].get("all", {})
    theirs_all = metrics.get("all", {})
    ratios = {m: (round(ours_all[m] / theirs_all[m], 2) if theirs_all.get(m) else None) for m in COMPARED_METRICS
              if m in ours_all}
    ours_p50 = ours["latency_ms"]["retrieval"]["p50"]
    ratios["latency_p50"] = round(ours_p50 / latency["p50"], 2) if latency["p50"] and ours_p50 is not None else None
    return {"description": baseline.description, "passages": len(baseline.passages),
            "truncated_for_embedding": baseline.truncated, "build_seconds": round(baseline.build_seconds, 1),
            "retrieval": metrics, "latency_ms": latency, "ratio_ours_to_theirs": ratios}
