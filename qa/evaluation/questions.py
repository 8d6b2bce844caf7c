"""Question sets and gold provisions (the format is in eval/README.md)."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..text.normalize import comparable as normalize


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
    asks: list[dict] = field(default_factory=list)  # multi-part: [{"ask", "gold_articles"}], see eval/README.md

    @property
    def answerable(self) -> bool:
        return bool(self.gold)

    def gold_of_ask(self, ask: dict) -> list[Gold]:
        """The gold provisions that answer one of the question's asks."""
        return [g for g in self.gold if g.article in ask.get("gold_articles", [])]


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
                # "history": null (a question asked first) is as good as no history; other types are refused below
                answer_points=row.get("answer_points", []), history=_or_empty(row.get("history")),
                asks=_or_empty(row.get("asks")))
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


def _or_empty(value):
    return [] if value is None else value


def _shape_problem(q: Question) -> str | None:
    if not isinstance(q.question, str) or not q.question.strip():
        return f"question {q.id}: 'question' must be non-empty text, got {q.question!r}"
    if not isinstance(q.answer_points, list) or not all(isinstance(p, str) for p in q.answer_points):
        return f"question {q.id}: 'answer_points' must be a list of strings, got {q.answer_points!r}"
    if not isinstance(q.history, list):
        return f"question {q.id}: 'history' must be a list of earlier turns, got {q.history!r}"
    if not isinstance(q.asks, list) or not all(isinstance(a, dict) and isinstance(a.get("gold_articles"), list)
                                               for a in q.asks):
        return f"question {q.id}: 'asks' must be a list of {{ask, gold_articles}} objects, got {q.asks!r}"
    unknown = [label for a in q.asks for label in a["gold_articles"] if label not in {g.article for g in q.gold}]
    if unknown:
        return f"question {q.id}: asks name {unknown}, which no gold entry has as its article"
    for g in q.gold:
        if not isinstance(g.doc_title, str) or not g.doc_title or not isinstance(g.article, str) or not g.article:
            return f"question {q.id}: every gold entry needs a non-empty doc_title and article, got {g!r}"
    return None

