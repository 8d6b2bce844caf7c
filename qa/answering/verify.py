"""Citation markers in generated text: only markers that point at a provision of the context survive, and
they are renumbered 1..n in order of first use."""

from __future__ import annotations

import logging

from ..text.patterns import MARKER_RE
from .sentences import SENTENCE_RE, overlap

logger = logging.getLogger(__name__)


def markers_in(text: str) -> list[int]:
    return [int(m) for m in MARKER_RE.findall(text)]


def verify_markers(answer: str, valid: set[int]) -> tuple[str, list[int], list[int]]:
    """Drop markers that point at no provision of the context. Returns (text, kept, removed)."""
    removed = sorted({n for n in markers_in(answer) if n not in valid})
    if removed:
        logger.warning("removed citation markers %s that point at no provision in the context", removed)
        answer = MARKER_RE.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", answer)
    kept = list(dict.fromkeys(n for n in markers_in(answer) if n in valid))
    return answer, kept, removed


def attach_markers(answer: str, provisions: dict[int, str], min_overlap: float = 0.35) -> str:
    """An answer with no markers: give each sentence the marker of the provision it overlaps most, when it
    overlaps enough to be a claim from it; sentences that match nothing stay unmarked."""
    out = []
    for sentence in SENTENCE_RE.findall(answer):
        body = sentence.rstrip()
        scores = {n: overlap(body, text) for n, text in provisions.items()}
        best = max(scores, key=lambda n: (scores[n], -n)) if scores else None
        if best is not None and scores[best] >= min_overlap:
            end = len(body) - len(body.rstrip("。；！？"))
            body = f"{body[:len(body) - end]}[{best}]{body[len(body) - end:]}" if end else f"{body}[{best}]"
        out.append(body)
    return "".join(out)


def renumber(answer: str, order: list[int]) -> str:
    """Markers renumbered 1..n in order of first use, so citations read [1], [2], ..."""
    mapping = {old: new for new, old in enumerate(order, start=1)}
    return MARKER_RE.sub(lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "", answer)
