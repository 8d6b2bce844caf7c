"""Sentences of a provision and how well each answers a question (character-bigram overlap)."""

from __future__ import annotations

import re

from ..text.patterns import MEANING_ASKED
from ..text.tokenizer import content_bigrams

# A bracketed note stays whole: （牵头单位：…；责任单位：…；完成时限：…） is one sentence, read with the item before it.
SENTENCE_RE = re.compile(r"(?:[（(][^（）()\n]*[）)]|[^。；！？\n])+[。；！？]?")


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a provision, stripped, in order."""
    return [s.strip() for s in SENTENCE_RE.findall(text) if len(s.strip()) > 1]


def overlap(question: str, sentence: str) -> float:
    """Share of the question's character bigrams that the sentence contains (0..1)."""
    q = content_bigrams(question)
    return len(q & content_bigrams(sentence)) / len(q) if q else 0.0


_DEFINITION_QUESTION_RE = re.compile(rf"{MEANING_ASKED}|算是|是不是就?算|定义|含义")
_DEFINITION_RE = re.compile(r"所称|是指")


def definition_bonus(question: str, sentence: str) -> float:
    """A definition (所称…是指) answers a question asking what something is."""
    return 0.5 if _DEFINITION_QUESTION_RE.search(question) and _DEFINITION_RE.search(sentence) else 0.0


# a thing not done (没出庭, 没有按时开工): the asker's case, which a sentence on the same thing not done (未出庭应诉的,
# 未按时开工) answers; the negation itself is a function word every comparison of words drops (not 不: 能不能, 是不是)
_NOT = r"(?:没有|没|未|拒不)"
_NOT_DONE_RE = re.compile(rf"{_NOT}([\u4e00-\u9fff]{{2}})")


def not_done_bonus(question: str, sentence: str) -> float:
    """A sentence on a thing not done that the question says was not done (负责人没出庭: 对…未出庭应诉的案件; 没达到:
    未按照约定达到)."""
    return 0.5 if any(re.search(rf"{_NOT}[^，,。；;]{{0,4}}?{found[1]}", sentence)
                      for found in _NOT_DONE_RE.finditer(question)) else 0.0


def relevance(question: str, sentence: str) -> float:
    """Bigram overlap, plus the definition bonus."""
    return overlap(question, sentence) + definition_bonus(question, sentence)


def best_sentences(question: str, text: str, limit: int = 2) -> list[str]:
    """The sentences of ``text`` that answer ``question`` best, in their original order."""
    found = sentences(text)
    if len(found) <= limit:
        return found
    ranked = sorted(range(len(found)), key=lambda i: (-relevance(question, found[i]), i))[:limit]
    return [found[i] for i in sorted(ranked)]
