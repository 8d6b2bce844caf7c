"""PDF text layer -> plain text: columns in reading order, page furniture dropped, wrapped lines joined.

Library choice, measured on this project's fixtures (tools/make_format_fixtures.py; 2 cores, Python 3.11,
pypdfium2 5.15.2 vs pdfplumber 0.11.10 / pdfminer.six 20260107; best of 3 runs):

    file (pages)                     pypdfium2 text | chars+boxes   pdfplumber text | chars
    henan 1-col (4)                      3.5 ms/page |  7.3 ms/page     40.8 ms/page | 35.2 ms/page
    henan 2-col (3)                      5.3         |  7.1             49.2         | 47.5
    liaocheng 2-col (5)                  3.3         |  7.6             56.3         | 51.8
    whole 2021-12 gazette 1-col (43)     2.7         |  6.5             57.0         | 61.0
    whole 2021-12 gazette 2-col (40)     3.6         |  7.6             69.0         | 89.4

  Native reading order on two-column pages (source paragraphs that come out contiguous):
    henan 2-col: pypdfium2 54/56, pdfplumber extract_text 4/56; liaocheng 2-col: 106/109 vs 29/109.
    pdfplumber sorts characters top-to-bottom across the page, so it interleaves the columns line by line;
    pypdfium2 follows the content stream, which is right only when the producer drew column by column.

So pypdfium2 (8-12x faster, no pure-Python parser, and already a dependency of pdfplumber) gives the
characters with their font size and loose (advance-width) boxes, and this module does the layout itself
from geometry alone -- column gutter, reading order, running headers/footers, paragraph joins -- so the
result does not depend on the order the producer happened to draw in. End to end this reader takes
12-15 ms/page (the 43-page gazette: 0.64 s), and gives back both bundled gazettes, rendered in one and in
two columns, line for line.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from ...lazy import require
from . import FormatText, IngestError, join_wrapped, tidy_line

OCR_HINT = ("run OCR on it first, e.g. `ocrmypdf -l chi_sim in.pdf out.pdf` (Debian: `apt-get install ocrmypdf "
            "tesseract-ocr-chi-sim`), then ingest out.pdf")
_REPAIR = "the file is damaged or truncated: download it again, or try repairing it with `qpdf in.pdf out.pdf`"
_PAGE_NUMBER = re.compile(
    r"^[-—–－~·•\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4})?([\s,，]*共\s*\d{1,4}\s*页)?[-—–－~·•\s]*$"
    r"|^(page|p\.)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_FURNITURE_ZONE = 0.12  # running headers/footers sit in the top/bottom 12% of the page


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    y0: float  # PDF coordinates: y grows upwards
    y1: float
    size: float
    space_before: bool = False  # a space character preceded it in the text layer


@dataclass
class Line:
    chars: list[Char]
    page: int
    col: int = 0  # 0 the only column, 1 left column, 2 right column, -1 spans both
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.x0, self.x1 = min(c.x0 for c in self.chars), max(c.x1 for c in self.chars)
        self.y0, self.y1 = min(c.y0 for c in self.chars), max(c.y1 for c in self.chars)
        self.yc = (self.y0 + self.y1) / 2
        self.size = statistics.median(c.size for c in self.chars)
        text, prev = [], None
        for c in self.chars:
            # A space char, or a visible gap with none (positioned text): either way the reader sees a space.
            if prev is not None and (c.space_before or c.x0 - prev.x1 > 0.45 * min(c.size, prev.size)):
                text.append(" ")
            text.append(c.text)
            prev = c
        self.text = tidy_line("".join(text))


def read_pdf(data: bytes, name: str) -> FormatText:
    pdfium = require("pypdfium2", "reading PDF files")
    raw = require("pypdfium2.raw", "reading PDF files", "pip install pypdfium2")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if err.err_code == raw.FPDF_ERR_PASSWORD:
            raise IngestError(
                f"{name}: the PDF is encrypted with an open password, so its text cannot be read; save an "
                f"unprotected copy (e.g. `qpdf --password=PASSWORD --decrypt in.pdf out.pdf`) and ingest that"
            ) from None
        raise IngestError(f"{name}: not a readable PDF ({str(err).rstrip('.')}); {_REPAIR}") from None
    pages, sizes = [], []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            sizes.append(page.get_size())
            pages.append(_page_chars(page, raw))
            page.close()
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    except pdfium.PdfiumError as err:
        raise IngestError(f"{name}: page {len(pages) + 1} cannot be read ({err}); {_REPAIR}") from None
    finally:
        pdf.close()
    warnings = _check_text_layer(pages, name)
    metadata = {"pages": str(len(pages)), **({"title": title} if title else {})}
    return FormatText("".join(p + "\n" for p in layout(pages, sizes) if p), metadata, warnings)


def layout(pages: list[list[Char]], sizes: list[tuple[float, float]]) -> list[str]:
    """Each page's characters (in any order) and (width, height) -> the document's paragraphs."""
    rows = [[Line(row, number) for row in _rows(chars)] for number, chars in enumerate(pages, start=1)]
    rows = _drop_furniture(rows, [height for _, height in sizes])
    lines = [_columns(page_rows, width) for page_rows, (width, _) in zip(rows, sizes)]
    return _paragraphs([line for page in lines for line in _reading_order(page)])


def _page_chars(page, raw) -> list[Char]:
    """The page's visible characters; spaces become a flag on the character after them."""
    textpage = page.get_textpage()
    rect, chars, high, space = raw.FS_RECTF(), [], 0, False
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        if raw.FPDFText_IsGenerated(textpage.raw, i) == 1 or code == 0:
            continue  # pdfium's own guessed spaces and line breaks: the geometry below decides those
        if 0xD800 <= code < 0xDC00:  # a character outside the BMP comes as a surrogate pair
            high = code
            continue
        text = chr(0x10000 + ((high - 0xD800) << 10) + code - 0xDC00) if high and code >= 0xDC00 else chr(code)
        high = 0
        # Loose boxes span the glyph's advance and the font's ascent..descent, so solid-set CJK glyphs
        # touch and the glyphs of a line have (nearly) the same height: line and gap tests become simple.
        if text.isspace() or not raw.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect)):
            space = space or text.isspace() and text not in "\r\n"
            continue
        size = raw.FPDFText_GetFontSize(textpage.raw, i)
        chars.append(Char(text, rect.left, rect.right, rect.bottom, rect.top, size if size > 0 else 10.0, space))
        space = False
    textpage.close()
    return chars


def _check_text_layer(pages: list[list[Char]], name: str) -> list[str]:
    if not any(pages):
        raise IngestError(f"{name}: the PDF has no text layer (its {len(pages)} page(s) are images, e.g. a scan); "
                          f"{OCR_HINT}")
    everything = "".join(c.text for chars in pages for c in chars)
    unreadable = sum(1 for ch in everything if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or ord(ch) < 32)
    if unreadable > 0.3 * len(everything):
        raise IngestError(f"{name}: the PDF's text layer cannot be decoded (its fonts carry no Unicode mapping, "
                          f"so the text comes out as garbage); {OCR_HINT.replace('ocrmypdf', 'ocrmypdf --force-ocr')}")
    empty = [str(n) for n, chars in enumerate(pages, start=1) if len(chars) < 5]
    if len(empty) * 2 > len(pages):
        raise IngestError(f"{name}: {len(empty)} of {len(pages)} pages have no text layer (scanned pages); "
                          f"{OCR_HINT}")
    return [f"{name}: page(s) {', '.join(empty)} have no text layer (scanned?) and were skipped; {OCR_HINT}"] \
        if empty else []


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Characters -> rows of text by height on the page, each sorted left to right."""
    rows: list[list[Char]] = []
    prev = None
    for c in sorted(chars, key=lambda c: -(c.y0 + c.y1) / 2):
        # A new row where the heights jump: glyph boxes of one line differ by a fraction of a point, lines
        # of one column by a whole leading; the other column's lines may sit anywhere in between, and
        # are parted from this column's at the gutter (_columns).
        yc = (c.y0 + c.y1) / 2
        if prev is not None and prev - yc < 0.3 * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
        prev = yc
    return [sorted(row, key=lambda c: c.x0) for row in rows]


def _columns(rows: list[Line], width: float) -> list[Line]:
    """Split a page's rows at its column gutter, when it has one."""
    gutter = _gutter([row.chars for row in rows], width)
    if gutter is None:
        return rows
    lines = []
    for row in rows:
        parts = _split(row.chars, gutter)
        if parts is None:  # a line across the gutter: a spanning title, say
            lines.append(Line(row.chars, row.page, col=-1))
        else:
            lines += [Line(part, row.page, col) for col, part in enumerate(parts, start=1) if part]
    return lines


def _split(row: list[Char], mid: float) -> tuple[list[Char], list[Char]] | None:
    """A row's left- and right-column parts, or None when its text runs across the gutter."""
    left = [c for c in row if (c.x0 + c.x1) / 2 < mid]
    right = row[len(left):]
    if left and right and right[0].x0 - left[-1].x1 < 0.8 * min(left[-1].size, right[0].size):
        return None
    return left, right


def _gutter(rows: list[list[Char]], width: float) -> float | None:
    """The x of the gap between two columns, or None for a one-column page."""
    if len(rows) < 6:
        return None
    cover = [0] * (int(width) + 2)  # how many rows have ink at each x
    for c in (c for row in rows for c in row):
        for x in range(max(0, int(c.x0) + 1), min(len(cover), int(c.x1))):
            cover[x] += 1
    # The gutter is the widest run of (nearly) least-covered x in the middle of the page: on a
    # two-column page only spanning lines (title, page number) and a few long lines reach into it.
    middle = range(int(width * 0.3), int(width * 0.7))
    least = min(cover[x] for x in middle)
    if least > max(2, len(rows) // 5):
        return None
    low = least + max(1, len(rows) // 15)
    runs = re.finditer(r"1+", "".join("1" if cover[x] <= low else "0" for x in middle))
    best = max(runs, key=lambda run: run.end() - run.start())
    if best.end() - best.start() < 6:
        return None
    mid = middle.start + (best.start() + best.end()) / 2
    # Both sides must hold text, and the right side must start at a common left edge (a real column),
    # not be a few right-aligned lines such as a signature and date.
    parts = [p for p in (_split(row, mid) for row in rows) if p is not None]
    starts = Counter(round(right[0].x0) for _, right in parts if right)
    if sum(1 for left, _ in parts if left) < 3 or not starts or starts.most_common(1)[0][1] < max(3, len(rows) // 5):
        return None
    return mid


def _drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop page numbers and the lines repeated at the top or bottom of most pages (digits aside)."""
    def zone(line: Line, height: float) -> str | None:
        if line.y0 > height * (1 - _FURNITURE_ZONE):
            return "top"
        return "bottom" if line.y1 < height * _FURNITURE_ZONE else None

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, (lines, height) in enumerate(zip(pages, heights)):
        for line in lines:
            if (where := zone(line, height)) is not None:
                seen[where, key(line)].add(number)
    repeated = {k for k, on in seen.items() if len(on) >= 2 and len(on) >= 0.4 * len(pages)}
    return [[line for line in lines if (where := zone(line, height)) is None
             or ((where, key(line)) not in repeated and not _PAGE_NUMBER.match(line.text))]
            for lines, height in zip(pages, heights)]


def _reading_order(lines: list[Line]) -> list[Line]:
    """Within each band between full-width lines: the left column top-down, then the right column."""
    spanning = [line.yc for line in lines if line.col == -1]

    def order(line: Line) -> tuple:
        band = sum(1 for y in spanning if y > line.yc + 0.01)
        return (2 * band + 1, 0, 0) if line.col == -1 else (2 * band, line.col, -line.yc)
    return sorted(lines, key=order)


def _paragraphs(lines: list[Line]) -> list[str]:
    if not lines:
        return []
    sizes = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    body = sizes.most_common(1)[0][0]
    # Text edges of each column on each page and (page 0) over the whole document, from body-size lines.
    spans: dict[tuple[int, int], list[Line]] = defaultdict(list)
    page_spans: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        page_spans[line.page].append(line)
        if abs(line.size - body) <= 0.6:
            spans[line.page, line.col].append(line)
            spans[0, line.col].append(line)
    edges = {k: e for k, v in spans.items() if (e := _edges(v)) is not None}
    pages = {n: (min(x.x0 for x in v), max(x.x1 for x in v)) for n, v in page_spans.items()}
    gaps = [a.y0 - b.y1 for a, b in pairwise(lines) if (a.page, a.col) == (b.page, b.col)
            and abs(a.size - body) <= 0.6 and abs(b.size - body) <= 0.6 and 0 <= a.y0 - b.y1 < 2 * body]
    normal_gap = statistics.median(gaps) if gaps else body * 0.5

    def edge(line: Line) -> tuple[float, float]:
        whole, page = edges.get((0, line.col)), edges.get((line.page, line.col))
        # A page's own edges win when they are near the document's (mirrored margins); far from them
        # they come from a page of short lines, which only looks like a narrow column.
        if page and (not whole or max(abs(page[0] - whole[0]), abs(page[1] - whole[1])) <= 3 * line.size):
            return page
        return whole or pages[line.page]

    def continues(a: Line, b: Line) -> bool:
        same_box = (a.page, a.col) == (b.page, b.col)
        if abs(a.size - b.size) > 0.6 or (same_box and a.y0 - b.y1 > normal_gap + 0.5 * b.size):
            return False
        (left_a, right_a), (left_b, _) = edge(a), edge(b)
        if a.size > body + 0.6:  # a wrapped (often centred) heading: same size, normal gap, or on across
            return same_box or a.x1 - a.x0 >= right_a - left_a - 2 * a.size  # a column break if a is full
        # A line that stops short ends its paragraph -- unless the next line's first word would not have
        # fitted in the room left (a long number or Latin word wraps whole); an indented line starts one.
        room = right_a - a.x1
        return (room <= 1.5 * a.size or room < _lead_width(b)) and b.x0 <= left_b + 0.8 * b.size

    paragraphs = [lines[0].text]
    for a, b in pairwise(lines):
        if continues(a, b):
            paragraphs[-1] = join_wrapped(paragraphs[-1], b.text)
        else:
            paragraphs.append(b.text)
    return paragraphs


def _lead_width(line: Line) -> float:
    """Width of the line's first unbreakable piece: a run of Latin, digits and quotes, or one CJK character."""
    end = next((i for i, c in enumerate(line.chars) if "\u4e00" <= c.text <= "\u9fff" or c.space_before), None)
    return line.chars[max(end or len(line.chars), 1) - 1].x1 - line.x0


def _edges(lines: list[Line]) -> tuple[float, float] | None:
    """A column's text edges: the leftmost start two lines share (one stray outdent is not the margin)
    and the end most lines share (full lines; CJK mixed with Latin overshoots it a little)."""
    if len(lines) < 3:
        return None
    starts = Counter(round(line.x0) for line in lines)
    ends = Counter(round(line.x1) for line in lines).most_common(1)[0]
    shared = [x for x, n in starts.items() if n >= 2]
    # Too few lines end together (a cover page, a list of short items): this is no evidence of the margin.
    return (min(shared) if shared else min(starts), ends[0]) if ends[1] >= max(3, len(lines) // 4) else None
