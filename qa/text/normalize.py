"""Text normalisation shared by every stage, so the same string compares equal wherever it is matched."""

from __future__ import annotations

import re
import unicodedata

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DROPPED_CHARS = frozenset(" \t\r\n\u3000“”‘’\"'「」『』")
_DASHES = str.maketrans({"–": "—", "―": "—", "-": "—", "~": "—", "～": "—"})
_PUNCT_RE = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65，。；：！？、“”‘’（）《》〈〉【】—…·,"
                       r".;:!?()\[\]\"'<>\-*#]+")


def normalize_text(text: str) -> str:
    """Full-width to half-width, lower case: 〔2021〕 and [2021], Ｈ and h meet."""
    return unicodedata.normalize("NFKC", text).lower()


def strip_controls(text: str) -> str:
    """Control characters (NUL, terminal escapes) would reach logs, terminals and the page: drop them."""
    return _CONTROL_RE.sub("", text)


def normalize_with_origin(text: str) -> tuple[str, list[int]]:
    """Text as names are matched (no spaces or quotes, half-width digits and brackets, one dash) and, for every
    character, its position in the original text."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED_CHARS:
            continue
        for out in unicodedata.normalize("NFKC", ch).translate(_DASHES):
            chars.append(out)
            origin.append(i)
    return "".join(chars), origin


def match_form(text: str) -> str:
    """``normalize_with_origin(text)[0]`` without the positions: how names are compared."""
    return unicodedata.normalize("NFKC", "".join(ch for ch in text if ch not in _DROPPED_CHARS)).translate(_DASHES)


def comparable(text: str | None) -> str:
    """NFKC, lower case, no whitespace, punctuation or markdown markers (``*`` ``#``): 〔2021〕 and [2021],
    (一) and （一）, a hard-wrapped ``**重点**`` line and the clean text compare equal."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text or "").lower())
