"""Everyday words and the official terms documents use for them (没动工: 未动工开发; 告政府: 行政诉讼), so a
citizen's question meets the provision written in the document's words.

The bundled list (qa/text/citizen_official.tsv, one ``everyday<TAB>official,official`` line per word) was written
from general knowledge of Chinese administrative language, without reading any question set or document of this
project, and is general rather than fitted to one city's gazettes. Measured: docs/benchmarks.md, "Everyday words".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .normalize import normalize_text

BUNDLED = "citizen_official.tsv"
MAX_TERMS = 4  # official terms per everyday word: more dilute what the question asks


@dataclass(frozen=True)
class Thesaurus:
    """``entries``: everyday word -> its official terms."""

    entries: dict[str, tuple[str, ...]]

    def __post_init__(self):
        for word, terms in self.entries.items():
            if not word or not terms or len(terms) > MAX_TERMS or word in terms:
                raise ValueError(f"thesaurus entry {word!r} -> {terms!r}: needs a word and 1 to {MAX_TERMS} "
                                 "official terms other than the word itself")

    @classmethod
    def parse(cls, text: str, where: str = "thesaurus") -> Thesaurus:
        entries: dict[str, tuple[str, ...]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            word, tab, terms = line.partition("\t")
            official = tuple(t for t in (normalize_text(t.strip()) for t in terms.split(",")) if t)
            word = normalize_text(word.strip())
            if not tab or not word or not official:
                raise ValueError(f"{where} line {number}: {line!r} is not 'everyday<TAB>official,official'; "
                                 "write one everyday word, a tab, then its official terms separated by commas")
            if word in entries:
                raise ValueError(f"{where} line {number}: {word!r} is listed twice; keep one line per word")
            entries[word] = official
        return cls(entries)

    def matches(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """The everyday words in ``text`` (longest first where they overlap, as written) with their terms."""
        return [(word, self.entries[word]) for _, word in self._spans(normalize_text(text))]

    def alternatives(self, words: Iterable[str], text: str) -> dict[str, tuple[str, ...]]:
        """For each of ``words`` (cut from ``text``), the official terms of the everyday words it overlaps in
        ``text`` (jieba may cut 我想告 from 告政府)."""
        text = normalize_text(text)
        spans = self._spans(text)
        found: dict[str, tuple[str, ...]] = {}
        for word in words:
            start = text.find(word)
            found[word] = tuple(term for at, everyday in spans
                                if start >= 0 and at < start + len(word) and start < at + len(everyday)
                                for term in self.entries[everyday])
        return found

    def _spans(self, text: str) -> list[tuple[int, str]]:
        """(position, everyday word) of the words in ``text``, longest taken first, in reading order."""
        found: list[tuple[int, str]] = []
        taken = [False] * len(text)
        for word in sorted((w for w in self.entries if w in text), key=len, reverse=True):
            start = text.find(word)
            while start >= 0:
                if not any(taken[start:start + len(word)]):
                    taken[start:start + len(word)] = [True] * len(word)
                    found.append((start, word))
                    break
                start = text.find(word, start + 1)
        return sorted(found)


@lru_cache(maxsize=1)
def bundled_thesaurus() -> Thesaurus:
    return Thesaurus.parse(resources.files(__package__).joinpath(BUNDLED).read_text(encoding="utf-8"), BUNDLED)
