"""Scoring retrieval and answers against gold provisions (the question format is in eval/README.md).

``run_questions`` drives a retriever (and, when there is one, the answering assistant) over a question set,
``evaluation_report`` turns the runs into plain JSON-able data, ``baseline_report`` sets a baseline's numbers
beside them, ``check_targets`` compares a report with the project's targets and ``format_markdown`` renders it.
"""

from .baselines import COMPARED_METRICS, Baseline, baseline_report, build_baseline, require_baseline
from .markdown import format_markdown
from .metrics import answer_metrics, first_relevant_rank, latency_summary, ndcg_at, retrieval_metrics
from .questions import Gold, MatchRule, Question, load_questions, normalize
from .runner import QuestionRun, evaluation_report, explicit_lookup_ids, run_questions
from .targets import TARGETS, Target, TargetResult, check_targets

__all__ = [
    "COMPARED_METRICS", "TARGETS", "Baseline", "Gold", "MatchRule", "Question", "QuestionRun", "Target",
    "TargetResult", "answer_metrics", "baseline_report", "build_baseline", "check_targets", "evaluation_report",
    "explicit_lookup_ids", "first_relevant_rank", "format_markdown", "latency_summary", "load_questions", "ndcg_at",
    "normalize", "require_baseline", "retrieval_metrics", "run_questions",
]
