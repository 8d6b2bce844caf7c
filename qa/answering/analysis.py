"""What a question asks, read once: its normalised text and its explicit references. The look-ups, the scope
rules and the follow-up rewrite all read this one ``QueryAnalysis``."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog
from ..references import QueryRefs, parse_references
from ..text.normalize import normalize_text


@dataclass(frozen=True)
class QueryAnalysis:
    question: str  # as asked (control characters dropped, length capped)
    text: str  # normalised: half-width, lower case
    refs: QueryRefs


def analyse(question: str, catalog: Catalog) -> QueryAnalysis:
    return QueryAnalysis(question, normalize_text(question), parse_references(question, catalog))
