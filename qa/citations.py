"""Sentences, relevance and citation markers: the parts of answering that must be exactly right."""

from __future__ import annotations

import logging
import re

from .tokenize import STOPWORDS, normalize_text

logger = logging.getLogger(__name__)

_SENTENCE_RE = re.compile(r"[^。；！？\n]+[。；！？]?")
_MARKER_RE = re.compile(r"\[(\d{1,3})\]")
_WORD_RE = re.compile(r"[\u4e00-\u9fff]{2,}|[a-z0-9]+")


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a provision, stripped, in order."""
    return [s.strip() for s in _SENTENCE_RE.findall(text) if len(s.strip()) > 1]


def bigrams(text: str) -> set[str]:
    text = normalize_text(text)
    return {text[i:i + 2] for i in range(len(text) - 1) if not any(ch in STOPWORDS for ch in text[i:i + 2])
            and re.fullmatch(r"[\u4e00-\u9fff\w]{2}", text[i:i + 2])}


def overlap(question: str, sentence: str) -> float:
    """Share of the question's character bigrams that the sentence contains (0..1)."""
    q = bigrams(question)
    return len(q & bigrams(sentence)) / len(q) if q else 0.0


_DEFINITION_QUESTION_RE = re.compile(r"是什么|什么是|什么叫|怎么认定|如何认定|怎么算|怎样算|才算|算不算|算是|指什么|定义|含义")
_DEFINITION_RE = re.compile(r"所称|是指")


def relevance(question: str, sentence: str) -> float:
    """Bigram overlap, plus a bonus for a definition (所称…是指) when the question asks what something is."""
    score = overlap(question, sentence)
    if _DEFINITION_QUESTION_RE.search(question) and _DEFINITION_RE.search(sentence):
        score += 0.5
    return score


def best_sentences(question: str, text: str, limit: int = 2) -> list[str]:
    """The sentences of ``text`` that answer ``question`` best, in their original order."""
    found = sentences(text)
    if len(found) <= limit:
        return found
    ranked = sorted(range(len(found)), key=lambda i: (-relevance(question, found[i]), i))[:limit]
    return [found[i] for i in sorted(ranked)]


def markers_in(text: str) -> list[int]:
    return [int(m) for m in _MARKER_RE.findall(text)]


def verify_markers(answer: str, valid: set[int]) -> tuple[str, list[int], list[int]]:
    """Drop markers that point at no provision of the context. Returns (text, kept, removed)."""
    removed = sorted({n for n in markers_in(answer) if n not in valid})
    if removed:
        logger.warning("removed citation markers %s that point at no provision in the context", removed)
        answer = _MARKER_RE.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", answer)
    kept = list(dict.fromkeys(n for n in markers_in(answer) if n in valid))
    return answer, kept, removed


def attach_markers(answer: str, provisions: dict[int, str], min_overlap: float = 0.35) -> str:
    """An answer with no markers: give each sentence the marker of the provision it overlaps most, when it
    overlaps enough to be a claim from it; sentences that match nothing stay unmarked."""
    out = []
    for sentence in _SENTENCE_RE.findall(answer):
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
    return _MARKER_RE.sub(lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "", answer)
