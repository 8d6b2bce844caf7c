"""The numbers the project promises, read from an evaluation report by path (``policyqa eval --check``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


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
