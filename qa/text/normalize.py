"""Text normalisation shared by every stage, so the same string compares equal wherever it is matched.

One fold underlies every form: invisible format characters (zero-width space and joiners, word joiner, byte-order
mark, soft hyphen, direction marks) are dropped, since they change no word but split one so that it no longer
matches; then NFKC (full-width digits, letters and brackets to their plain forms, ﹝ to 〔). Ingestion drops the
invisible characters from the text it stores; NFKC is applied only where text is compared, never to what is shown.
A 文号's canonical form (``qa.text.numerals.canonical_doc_number``) is built on the same fold."""

from __future__ import annotations

import re
import unicodedata

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The format characters (Unicode category Cf) that can hide inside Chinese text; tags (U+E0000…) included.
_INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                           "\U000e0000-\U000e007f]")
_DROPPED_CHARS = frozenset(" \t\r\n\u3000“”‘’\"'「」『』")
_DASHES = str.maketrans({"–": "—", "―": "—", "-": "—", "~": "—", "～": "—"})
_PUNCT_RE = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65，。；：！？、“”‘’（）《》〈〉【】—…·,"
                       r".;:!?()\[\]\"'<>\-*#]+")


def drop_invisible(text: str) -> str:
    """Zero-width and other invisible format characters removed: 聊政办字\\u200b〔2021〕36号 is 聊政办字〔2021〕36号."""
    return _INVISIBLE_RE.sub("", text)


def fold(text: str) -> str:
    """Invisible characters dropped, then NFKC: the form every comparison starts from (case and spaces kept)."""
    return unicodedata.normalize("NFKC", drop_invisible(text))


def normalize_text(text: str) -> str:
    """Folded and lower case: 〔2021〕 and [2021], Ｈ and h meet."""
    return fold(text).lower()


def strip_controls(text: str) -> str:
    """Control characters (NUL, terminal escapes) would reach logs, terminals and the page: drop them."""
    return _CONTROL_RE.sub("", text)


def normalize_with_origin(text: str) -> tuple[str, list[int]]:
    """Text as names are matched (folded, no spaces or quotes, one dash) and, for every character, its position in
    the original text."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED_CHARS or _INVISIBLE_RE.match(ch):
            continue
        for out in unicodedata.normalize("NFKC", ch).translate(_DASHES):
            if out not in _DROPPED_CHARS:  # a no-break space is a space once folded
                chars.append(out)
                origin.append(i)
    return "".join(chars), origin


def match_form(text: str) -> str:
    """``normalize_with_origin(text)[0]`` without the positions: how names are compared."""
    return normalize_with_origin(text)[0]


def comparable(text: str | None) -> str:
    """Folded, lower case, no whitespace, punctuation or markdown markers (``*`` ``#``): 〔2021〕 and [2021],
    (一) and （一）, a hard-wrapped ``**重点**`` line and the clean text compare equal."""
    return _PUNCT_RE.sub("", normalize_text(text or ""))
