"""DOCX -> plain text: body paragraphs and tables in document order, with Word's automatic numbering.

python-docx opens the package (it finds the main part through the relationships, whatever its name); the
body is then walked as XML, because ``Paragraph.text`` misses tracked insertions, content controls (w:sdt)
and text boxes, and knows nothing of automatic numbering -- and a policy drafted in Word often numbers its
第一条 / 一、 / （一） with it, which the article parser needs to see.

Headers, footers, footnotes and comments live in other parts and are never read. Tables give one line per
row, cells separated by a tab.
"""

from __future__ import annotations

import io
import re

from ...lazy import require
from . import FormatText, IngestError, tidy_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Not text: deletions, field codes, run/paragraph properties (their w:tab are tab stops), and the VML copy
# of a text box (mc:Fallback repeats mc:Choice).
_SKIP = {"del", "moveFrom", "instrText", "delText", "pPr", "rPr", "Fallback"}


def read_docx(data: bytes, name: str) -> FormatText:
    docx = require("docx", "reading .docx files", "pip install python-docx")
    try:
        document = docx.Document(io.BytesIO(data))
    # A malformed package makes python-docx fail wherever its parser trips (BadZipFile, KeyError,
    # AttributeError, XMLSyntaxError...); every one of them means the same thing to the user.
    except Exception as err:  # noqa: BLE001
        raise IngestError(
            f"{name}: not a readable Word .docx file ({type(err).__name__}: {err}); the file is damaged or is "
            f"another format renamed to .docx: open it in Word/WPS and save it again as .docx") from None
    numbering = _Numbering(document)
    lines = [line for line in _blocks(document.element.body, numbering) if line.strip()]
    if not lines:
        raise IngestError(
            f"{name}: the document has no text in its body (it is empty, or its pages are pictures, e.g. a scan "
            f"pasted into Word); if it is a scan, export it as PDF and OCR it first "
            f"(`ocrmypdf -l chi_sim in.pdf out.pdf`)")
    title = (document.core_properties.title or "").strip()
    return FormatText("".join(line + "\n" for line in lines), {"title": title} if title else {}, [])


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _blocks(container, numbering: _Numbering):
    """Lines of a body, cell or text box: paragraphs, table rows, and the content of content controls."""
    for child in container:
        tag = _local(child)
        if tag == "p":
            yield from _paragraph(child, numbering)
        elif tag == "tbl":
            for row in _children(child, "tr"):
                # A cell's paragraphs (and any table nested in it) make one cell of the row's line.
                cells = [" ".join(x for x in _blocks(cell, numbering) if x) for cell in _children(row, "tc")]
                if any(cells):
                    yield "\t".join(cell.replace("\t", " ") for cell in cells)
        elif tag in ("sdt", "sdtContent", "customXml", "smartTag", "tc"):
            yield from _blocks(child, numbering)


def _children(element, tag: str):
    """Child elements with this tag, looking through content controls (w:sdt) wrapped around them."""
    for child in element:
        if _local(child) == tag:
            yield child
        elif _local(child) in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, tag)


def _paragraph(p, numbering: _Numbering):
    parts: list[str] = []
    boxes: list = []
    _collect(p, parts, boxes)
    for box in boxes:  # a text box anchored in this paragraph: its own lines, first
        yield from _blocks(box, numbering)
    label = numbering.label(p)
    lines = [tidy_line(line) for line in "".join(parts).split("\n")]  # Shift+Enter breaks stay breaks
    if label and any(lines):
        lines[0] = tidy_line(label + lines[0])
    yield from (line for line in lines if line)


def _collect(element, parts: list[str], boxes: list) -> None:
    for child in element:
        tag = _local(child)
        if tag in _SKIP:
            continue
        if tag == "txbxContent":
            boxes.append(child)
        elif tag == "t":
            parts.append(child.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
        else:
            _collect(child, parts, boxes)


_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                 ("一" if rest < 20 else "") + _chinese(rest))
    return _CN_DIGITS[hundreds % 10] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def _format(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt in ("ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt.startswith("decimalEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's automatic list numbers (numbering.xml), counted in document order as the body is read."""

    def __init__(self, document) -> None:
        # (abstractNumId, ilvl) -> start, numFmt, lvlText, what follows the number (a tab unless "nothing")
        self.levels: dict[tuple[str, int], tuple[int, str, str, str]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> abstractNumId, start overrides
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.styles = {s.get(f"{_W}styleId"): s for s in document.styles.element.iter(f"{_W}style")}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is auto-numbered
        for abstract in root.iter(f"{_W}abstractNum"):
            for lvl in abstract.iter(f"{_W}lvl"):
                start, fmt, text, suffix = (lvl.find(f"{_W}{tag}") for tag in ("start", "numFmt", "lvlText", "suff"))
                self.levels[abstract.get(f"{_W}abstractNumId"), int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(_val(start, "1")), _val(fmt, "decimal"), _val(text, ""),
                    "" if _val(suffix, "tab") == "nothing" else " ")
        for num in root.iter(f"{_W}num"):
            overrides = {int(o.get(f"{_W}ilvl", "0")): int(_val(o.find(f"{_W}startOverride"), "1"))
                         for o in num.iter(f"{_W}lvlOverride") if o.find(f"{_W}startOverride") is not None}
            self.nums[num.get(f"{_W}numId")] = (_val(num.find(f"{_W}abstractNumId"), ""), overrides)

    def label(self, p) -> str:
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:  # a w:num that restarts the list (Word's "restart numbering")
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        start, fmt, text, suffix = self.levels.get((abstract, ilvl), (1, "decimal", "", " "))
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        if fmt in ("bullet", "none") or not text:
            return ""  # bullets are decoration, not text

        def level_value(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            start, level_fmt = self.levels.get((abstract, level), (1, fmt))[:2]
            return _format(counters.get(level, start), level_fmt)
        return re.sub(r"%(\d)", level_value, text) + suffix

    def _num_pr(self, p) -> tuple[str | None, int]:
        """numId and level from the paragraph, or else from its style and the styles it is based on."""
        ppr = p.find(f"{_W}pPr")
        style = _val(ppr.find(f"{_W}pStyle"), None) if ppr is not None else None
        seen = set()
        while True:
            numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if numpr is not None:
                num_id = _val(numpr.find(f"{_W}numId"), None)
                return (None if num_id in (None, "0") else num_id), int(_val(numpr.find(f"{_W}ilvl"), "0"))
            if style is None or style in seen or style not in self.styles:
                return None, 0
            seen.add(style)
            element = self.styles[style]
            ppr = element.find(f"{_W}pPr")
            style = _val(element.find(f"{_W}basedOn"), None)


def _val(element, default):
    return element.get(f"{_W}val", default) if element is not None else default
