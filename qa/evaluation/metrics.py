"""Metrics, each overall and per question kind: retrieval (hit@1, hit@5, MRR, nDCG@10), answers (citation
precision and recall, answer-point coverage, refusal accuracy) and latency (p50 / p95)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from ..text.normalize import comparable as normalize
from .questions import MatchRule, Question


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
    provisions; complete answers = answerable questions with every gold provision cited; asks covered = asks of
    multi-part questions (``Question.asks``) with every gold provision of the ask cited; answer-point coverage = answer points found in the answer text (after ``normalize``) /
    answer points; a refused answerable question cites and covers nothing.
    """
    groups: dict[str, list[tuple[Question, Any]]] = {}
    for q, a in zip(questions, answers, strict=True):
        groups.setdefault("all", []).append((q, a))
        groups.setdefault(q.kind, []).append((q, a))
    out = {}
    for name, items in groups.items():
        cited = cited_right = gold_total = gold_cited = points = points_found = complete = 0
        asks = asks_covered = 0
        answerable = [(q, a) for q, a in items if q.answerable]
        unanswerable = [(q, a) for q, a in items if not q.answerable]
        for q, a in answerable:
            gold_total += len(q.gold)
            points += len(q.answer_points)
            asks += len(q.asks)
            if a.refused:
                continue
            citations = list({c.chunk_id: c for c in a.citations}.values())
            cited += len(citations)
            cited_right += sum(1 for c in citations if any(g.matches(c) for g in q.gold))
            found = sum(1 for g in q.gold if any(g.matches(c) for c in citations))
            gold_cited += found
            complete += found == len(q.gold)
            covered = [all(any(g.matches(c) for c in citations) for g in q.gold_of_ask(ask)) for ask in q.asks]
            asks_covered += sum(covered)
            text = normalize(a.answer)
            points_found += sum(1 for p in q.answer_points if normalize(p) in text)
        false_refusals = sum(1 for _, a in answerable if a.refused)
        missed_refusals = sum(1 for _, a in unanswerable if not a.refused)
        out[name] = {
            "n": len(items), "answerable": len(answerable), "unanswerable": len(unanswerable),
            "citation_precision": _ratio(cited_right, cited),
            "citation_recall": _ratio(gold_cited, gold_total),
            "complete_answers": _ratio(complete, len(answerable)),  # every gold provision cited
            "asks_covered": _ratio(asks_covered, asks),  # multi-part: asks whose gold provisions are all cited
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

