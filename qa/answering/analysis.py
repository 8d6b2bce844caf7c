"""What a question asks, read once: its normalised text and its explicit references. The look-ups, the scope
rules and the follow-up rewrite all read this one ``QueryAnalysis``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..catalog import Catalog
from ..references import QueryRefs, parse_references
from ..text.normalize import normalize_text
from ..text.patterns import ASKED_DATE_RE, VALIDITY_RE


@dataclass(frozen=True)
class QueryAnalysis:
    question: str  # as asked (control characters dropped, length capped)
    text: str  # normalised: half-width, lower case
    refs: QueryRefs
    as_of: str  # ISO date the question is about: one it asks validity on (2028年3月1日还有效吗), else today


def analyse(question: str, catalog: Catalog, today: date | None = None) -> QueryAnalysis:
    as_of = asked_date(question) or (today or date.today()).isoformat()
    return QueryAnalysis(question, normalize_text(question), parse_references(question, catalog, as_of), as_of)


def asked_date(question: str) -> str | None:
    """The date a question asks validity on: 2028年3月1日还有效吗 -> 2028-03-01 (a month or a year alone: its
    first day)."""
    m = ASKED_DATE_RE.search(question)
    if not m or not VALIDITY_RE.search(question):
        return None
    return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).isoformat()
