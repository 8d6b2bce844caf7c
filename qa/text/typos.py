"""Typing slips of a pinyin keyboard: a character of the same sound typed for the intended one (投述 for 投诉, 燃汽
for 燃气, 特许精营 for 特许经营). Read as the collected word when the question is far likelier with it.

A noisy channel over jieba's word counts: two adjacent characters that jieba leaves standing alone, that are no
word and occur nowhere in the collection, and whose chance as two separate words is low, are read as a word of the
collection that sounds the same with one character changed, when that word's chance times the chance of a slip
beats the two characters'. Question words and particles are never changed (几算 stays: 千分之几算).
"""

from __future__ import annotations

import math
import re
from functools import cached_property

from ..lazy import require

# The chance of a slip on one character: a correction must make the words this much likelier (measured on the
# read sets: docs/benchmarks.md, "Typing slips").
SLIP = 1e-4
# Two characters as separate words less likely than this (log) are worth a look; common pairs (能去, 天起, 人说)
# are everyday speech, not slips.
RARE_PAIR = -17.0
# A question has a slip or two; past this many rare pairs the text is not a question typed in words (a pasted
# string of rare characters), and looking each up would cost seconds.
MAX_RARE_PAIRS = 6
_KEPT = frozenset("的了是在我你他她它们这那有不也都就还又和与及或吗呢吧啊个几多哪谁啥什么怎咋")
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _sound(reading: str) -> str:
    """A reading without its tone, zh/ch/sh as z/c/s (a common slip of speech and keyboard alike)."""
    return re.sub(r"^([zcs])h", r"\1", reading.translate(_TONES))


class HomophoneCorrector:
    """``tokenizer``: the index's ChineseTokenizer (jieba's word counts, the corpus terms); ``collected``: the
    collection's normalised text (``CollectionText.text``), where a corrected word must occur."""

    def __init__(self, tokenizer, collected: str):
        self.tokenizer = tokenizer
        self.collected = collected

    @cached_property
    def _sounds(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Each character's sounds, and each sound's characters (pypinyin's table, read once: ~0.2 s)."""
        table = require("pypinyin.pinyin_dict", "reading typing slips", "pip install pypinyin").pinyin_dict
        of_char: dict[str, set[str]] = {}
        of_sound: dict[str, set[str]] = {}
        for code, readings in table.items():
            if 0x4E00 <= code <= 0x9FFF:
                char = chr(code)
                of_char[char] = {_sound(r) for r in readings.split(",")}
                for sound in of_char[char]:
                    of_sound.setdefault(sound, set()).add(char)
        return of_char, of_sound

    def correct(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """The text with its slips read as the collected words, and the (typed, read) pairs."""
        singles: list[int] = []  # where jieba leaves a character standing alone
        position = 0
        for word in self.tokenizer.words(text, new_words=False):
            if len(word) == 1 and _HAN.match(word) and word not in _KEPT:
                singles.append(position)
            position += len(word)
        fixes: list[tuple[str, str]] = []
        out, done = [], 0
        standing = set(singles)
        pairs = [(at, chance) for at in singles if at + 1 in standing and not self._in_collected_words(text, at)
                 and (chance := self._as_typed(text[at:at + 2])) is not None]
        if len(pairs) > MAX_RARE_PAIRS:
            return text, []
        for at, as_typed in pairs:
            if at < done:
                continue
            read = self._read_as(text[at:at + 2], as_typed)
            if read:
                fixes.append((text[at:at + 2], read))
                out += [text[done:at], read]
                done = at + 2
        return "".join(out) + text[done:], fixes

    def _in_collected_words(self, text: str, at: int) -> bool:
        """Either character of the pair at ``at`` makes a word of the collection with its other neighbour, not a
        particle (奖补分几期: 补 of 奖补, not a slip for 部分; 的竣 is no word)."""
        words = (text[at - 1:at + 1] if at else "", text[at + 1:at + 3])
        return any(len(word) == 2 and not _KEPT.intersection(word) and word in self.collected for word in words)

    def _as_typed(self, typed: str) -> float | None:
        """The pair's chance as two separate words, when it is rare and no word; None otherwise."""
        chance = self._chance(typed[0]) + self._chance(typed[1])
        return chance if chance <= RARE_PAIR and not self.tokenizer.knows(typed) else None

    def _read_as(self, typed: str, as_typed: float) -> str | None:
        tokenizer = self.tokenizer
        if typed in self.collected:
            return None
        of_char, of_sound = self._sounds
        best, best_chance = None, as_typed - math.log(SLIP)
        for i, char in enumerate(typed):
            for sound in of_char.get(char, ()):
                for other in of_sound[sound] - {char}:
                    word = typed[:i] + other + typed[i + 1:]
                    chance = self._chance(word)
                    if chance > best_chance and tokenizer.knows(word) and word in self.collected:
                        best, best_chance = word, chance
        return best

    def _chance(self, word: str) -> float:
        segmenter = self.tokenizer.segmenter()
        return math.log((segmenter.FREQ.get(word, 0) + 1) / segmenter.total)
