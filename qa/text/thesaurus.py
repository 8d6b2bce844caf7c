"""Everyday words and the official terms documents use for them (没动工: 未动工开发; 告政府: 行政诉讼), so a
citizen's question meets the provision written in the document's words.

The bundled list (qa/text/citizen_official.tsv, one ``everyday<TAB>official,official`` line per word) was written
without reading any question set: its first 672 lines from general knowledge of Chinese administrative language,
the next 702 (housing, social security, wages, transport, agriculture, markets …) for official terms that occur in
the bundled gazettes or the regulation archive, the next 356 (court days, whether an agreement still holds, ratings
of a service, trips away …) for the gazettes' own provisions, 341 in a second pass over them (whether a rule still
counts, officials away, short names such as 保障房, running from office to office …) and the last 445 in a third,
provision by provision and for everyday ways of asking (a way to go about it, who pays, getting punished, a first
small slip …), every official term found in the gazettes. Measured: docs/benchmarks.md, "Everyday words". A phrase of
the list is found in a question also with a few of the question's characters between its own (头一回犯个小错), and
one made of a word and a word saying nothing of a topic (参观政府) by that word alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from .normalize import normalize_text

BUNDLED = "citizen_official.tsv"
MAX_TERMS = 4  # official terms per everyday word: more dilute what the question asks
SCATTERED_LENGTH = 4  # an everyday phrase this long is read with a question's own characters between its own …
SCATTER_GAP = 3  # … at most this many (头一回犯个小错 writes 头一回犯错; 小错…会不会…罚 is not 小错不罚)


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
        spans = [(range(at, at + len(everyday)), everyday) for at, everyday in self._spans(text)]
        spans += self._scattered(text, {everyday for _, everyday in spans})
        found: dict[str, tuple[str, ...]] = {}
        for word in words:
            start = text.find(word)
            found[word] = tuple(dict.fromkeys(term for at, everyday in spans
                                              if start >= 0 and any(start <= i < start + len(word) for i in at)
                                              for term in self.entries[everyday]))
        return found

    def framed(self, word: str, frame: frozenset[str]) -> tuple[str, ...]:
        """The official terms of the everyday phrases that are the word with one of ``frame``'s words (words saying
        nothing of a topic) before or after it: 参观 takes 参观政府's terms."""
        return tuple(dict.fromkeys(term for key in self._by_content(frame).get(word, ()) for term in self.entries[key]))

    def _by_content(self, frame: frozenset[str]) -> dict[str, list[str]]:
        """Everyday phrases by their one word that is not a word of ``frame`` (built once per frame)."""
        if frame in self._framed_indexes:
            return self._framed_indexes[frame]
        by_content = self._framed_indexes[frame] = {}
        for key in self.entries:
            # both parts of two characters or more: a frame word of one is a negation or a particle (没动工 is not 动工)
            for head, tail in ((key[:cut], key[cut:]) for cut in range(2, len(key) - 1)):
                content = head if tail in frame else tail if head in frame else ""
                if content:
                    by_content.setdefault(content, []).append(key)
        return by_content

    @cached_property
    def _framed_indexes(self) -> dict[frozenset[str], dict[str, list[str]]]:
        return {}

    def _scattered(self, text: str, whole: set[str]) -> list[tuple[list[int], str]]:
        """(positions of its characters, everyday phrase) of the phrases ``text`` writes with a few characters of
        its own between theirs (头一回犯个小错: 头一回犯错), opening as they do; not those written ``whole``."""
        found = []
        for at in range(len(text) - 1):
            for phrase in self._phrases_by_opening.get(text[at:at + 2], ()):
                positions, end = [at, at + 1], at + 2
                for char in phrase[2:]:
                    end = text.find(char, end, at + len(phrase) + SCATTER_GAP)
                    if end < 0:
                        break
                    positions.append(end)
                    end += 1
                if len(positions) == len(phrase) and phrase not in whole:
                    found.append((positions, phrase))
        return found

    @cached_property
    def _phrases_by_opening(self) -> dict[str, list[str]]:
        """The everyday phrases long enough to be read scattered, by their first two characters."""
        by_opening: dict[str, list[str]] = {}
        for word in self.entries:
            if len(word) >= SCATTERED_LENGTH:
                by_opening.setdefault(word[:2], []).append(word)
        return by_opening

    def everyday_words(self, text: str) -> list[str]:
        """The everyday words of the official terms ``text`` holds (黑臭水体 -> 臭水沟 …), each once, in the
        order of the list: a provision's keywords get them, so a citizen's words find it."""
        pattern, by_term = self._official
        longest = {m.group(1) for m in pattern.finditer(normalize_text(text))}
        # the pattern gives the longest term at a position: 实施 is found inside 实施方案 as its prefix
        found = {term[:n] for term in longest for n in range(1, len(term) + 1) if term[:n] in by_term}
        return list(dict.fromkeys(word for term in sorted(found) for word in by_term[term]))

    @cached_property
    def digest(self) -> str:
        """Identifies the list: an index records it, since its keywords depend on it."""
        lines = "\n".join(f"{word}\t{','.join(terms)}" for word, terms in sorted(self.entries.items()))
        return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:12]

    @cached_property
    def _official(self) -> tuple[re.Pattern, dict[str, list[str]]]:
        """(a pattern finding the official terms, official term -> its everyday words). The pattern is a
        lookahead, so a term is found at every position (水体 inside 黑臭水体 too), written as a trie so that
        one position costs one branch per character, not one try per term."""
        by_term: dict[str, list[str]] = {}
        for word, terms in self.entries.items():
            for term in terms:
                by_term.setdefault(term, []).append(word)
        return re.compile(f"(?=({_trie_pattern(sorted(by_term))}))"), by_term

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


def _trie_pattern(words: list[str]) -> str:
    """A regex matching the longest of ``words`` at a position: 黑臭水体, 黑臭河 -> 黑臭(?:水体|河)."""
    branches: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    alternatives = [re.escape(first) + _trie_pattern(rests) for first, rests in sorted(branches.items())]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if ends else body


@lru_cache(maxsize=1)
def bundled_thesaurus() -> Thesaurus:
    return Thesaurus.parse(resources.files(__package__).joinpath(BUNDLED).read_text(encoding="utf-8"), BUNDLED)
