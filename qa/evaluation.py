"""Scoring retrieval against gold provisions (the evaluation set format is described in eval/README.md)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import Chunk

_PUNCT_RE = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65，。；：！？、“”‘’（）《》〈〉【】—…·,.;:!?()\[\]\"'<>\-]+")


def normalize(text: str | None) -> str:
    """NFKC, lower case, no whitespace or punctuation: 〔2021〕 and [2021], (一) and （一） compare equal."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text or "").lower())


@dataclass
class Gold:
    doc_title: str
    doc_number: str | None
    article: str
    evidence: str

    def matches(self, chunk: Chunk) -> bool:
        """Same document and provision label, or the chunk's text contains the evidence."""
        same_doc = normalize(chunk.doc_title) == normalize(self.doc_title)
        if same_doc and normalize(chunk.article) == normalize(self.article):
            return True
        return bool(self.evidence) and normalize(self.evidence) in normalize(chunk.text)


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
    questions = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(Question(
                id=row["id"], question=row["question"], kind=row.get("kind", "unknown"),
                gold=[Gold(g["doc_title"], g.get("doc_number"), g["article"], g.get("evidence", ""))
                      for g in row.get("gold", [])],
                answer_points=row.get("answer_points", []), history=row.get("history", [])))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}:{n}: not a valid question line ({err}); see eval/README.md for the format")
    return questions


def first_relevant_rank(question: Question, chunks: list[Chunk]) -> int | None:
    for rank, chunk in enumerate(chunks, start=1):
        if any(g.matches(chunk) for g in question.gold):
            return rank
    return None


def ndcg_at(question: Question, chunks: list[Chunk], k: int = 10) -> float:
    gains = [1.0 if any(g.matches(c) for g in question.gold) else 0.0 for c in chunks[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(question.gold), k)))
    return dcg / ideal if ideal else 0.0


def retrieval_metrics(questions: list[Question], ranked: list[list[Chunk]]) -> dict:
    """hit@1, hit@5, MRR and nDCG@10 over answerable questions, overall and per kind."""
    groups: dict[str, list[tuple[Question, list[Chunk]]]] = {}
    for q, chunks in zip(questions, ranked, strict=True):
        if q.answerable:
            groups.setdefault("all", []).append((q, chunks))
            groups.setdefault(q.kind, []).append((q, chunks))
    out = {}
    for name, items in groups.items():
        ranks = [first_relevant_rank(q, c) for q, c in items]
        out[name] = {
            "n": len(items),
            "hit@1": round(sum(1 for r in ranks if r == 1) / len(items), 4),
            "hit@5": round(sum(1 for r in ranks if r and r <= 5) / len(items), 4),
            "mrr": round(sum(1 / r for r in ranks if r) / len(items), 4),
            "ndcg@10": round(sum(ndcg_at(q, c) for q, c in items) / len(items), 4),
        }
    return out
