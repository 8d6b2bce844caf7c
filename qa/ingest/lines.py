"""Lines and paragraphs: markdown and page furniture removed, hard wraps joined, words untouched."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.normalize import drop_invisible
from ..text.numerals import CN_NUM, DECREE_RE, DOC_NUMBER_RE

_N = f"[{CN_NUM}\\d]+"
ARTICLE_RE = re.compile(rf"^第\s*({_N})\s*条(?:[\s\u3000]+|$)(.*)$")
ARTICLE_BOLD_RE = re.compile(rf"^\*\*\s*第\s*({_N})\s*条\s*\*\*\s*(.*)$")
CHAPTER_RE = re.compile(rf"^第\s*({_N})\s*章[\s\u3000]*(.{{0,30}})$")
SUBCHAPTER_RE = re.compile(rf"^第\s*({_N})\s*节[\s\u3000]+(.{{0,30}})$")
L1_RE = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
L2_RE = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.*)$")
L3_RE = re.compile(r"^(\d{1,2})\s*[.．、](?![\d.])\s*(.*)$")
EVENT_DAY_RE = re.compile(r"^(\d{1,2})日[，,]")
EVENT_MORE_RE = re.compile(r"^△")
ATTACHMENTS_RE = re.compile(r"^附\s*件\s*[：:]")
CONTINUED_FROM_RE = re.compile(r"^[（(]\s*上接第\s*(\d+)\s*页\s*[）)]\s*")
CONTINUED_TO_RE = re.compile(r"\s*[（(]\s*下转第\s*(\d+)\s*页\s*[）)]\s*$")
DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
MONTH_LINE_RE = re.compile(r"^[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*[）)]$")
SIGNATURE_RE = re.compile(r"^[\u4e00-\u9fff]{2,24}(人民政府|办公室|办公厅|委员会)$|^[市县区]长[：:]$")
DOC_NUMBER_LINE_RE = re.compile(
    "^(?:" + "|".join(re.sub(r"\?P<\w+>", "", p.pattern) for p in (DOC_NUMBER_RE, DECREE_RE)) + r"|第\s*\d{1,4}\s*号)$"
)
NAME_LIST_RE = re.compile(r"^[\u4e00-\u9fff]{1,3}\s?[\u4e00-\u9fff]{1,2}\s+[\u4e00-\u9fff]")
TITLE_END_RE = re.compile(
    r"(办法|细则|规则|方案|规划|计划|要点|措施|意见|规定|决定|通\s*知|名单|事项表|清单|纲要|条例)(（[^）]*）|\([^)]*\))?$"
)
SEPARATOR_RE = re.compile(r"^[~\-=*_\s]{3,}$")
COMMENT_RE = re.compile(r"^\s*<!--.*-->\s*$")  # a markdown comment (<!-- INFO END -->) is not text

TERMINAL = "。；;！!？?：:…）)」』”"
SENTENCE_PUNCT = re.compile(r"[，,。；;：:！!？?、]")


@dataclass
class Line:
    no: int  # 1-based line number in the source file
    text: str  # markdown markers removed
    heading: bool = False  # was a markdown heading (#)
    bold_article: bool = False  # started with **第X条**


@dataclass
class Paragraph:
    text: str
    line_start: int
    line_end: int
    lines: list[Line] = field(default_factory=list)
    continued_to: int | None = None  # page of a （下转第N页） cut at its end
    continued_from: int | None = None  # page of a （上接第M页） it starts with
    stitched: bool = False  # part of its text came from a fragment printed pages later
    closed: bool = False  # a heading, title, date or table row: never continued by the next line

    @property
    def complete(self) -> bool:
        if self.continued_to is not None:
            return False
        return self.closed or (bool(self.text) and self.text[-1] in TERMINAL)


def clean_lines(text: str) -> list[Line]:
    """Source text -> non-blank lines with markdown markup, separators and invisible characters (zero-width spaces
    that would split a 文号 or a 第X条 unseen) dropped; line numbers kept."""
    out: list[Line] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        line = drop_invisible(raw).rstrip()
        if not line.strip() or SEPARATOR_RE.match(line) or COMMENT_RE.match(line):
            continue
        stripped = line.strip()
        heading = False
        m = re.match(r"^#{1,6}\s+", stripped)
        if m:
            heading, stripped = True, stripped[m.end():]
        stripped = re.sub(r"^[-*+]\s+", "", stripped)  # list bullets
        bold_article = bool(ARTICLE_BOLD_RE.match(stripped))
        if bold_article:
            m2 = ARTICLE_BOLD_RE.match(stripped)
            stripped = f"第{m2.group(1)}条 {m2.group(2)}".rstrip()
        stripped = stripped.replace("**", "").strip()
        if stripped:
            out.append(Line(no=no, text=stripped, heading=heading, bold_article=bold_article))
    return out


def join_wrapped(left: str, right: str) -> str:
    """Join a hard-wrapped line: no space next to CJK, one space between two Latin/digit words."""
    if not left:
        return right
    if left[-1].isascii() and left[-1].isalnum() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right


def squeeze_cjk_spaces(text: str) -> str:
    """Layout spaces between CJK characters (聊城市人民政府 关于… / 总 则) are not words: drop them."""
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \u3000]+(?=[\u3000-\u9fff\uff00-\uffef（(])", "", text)


def is_marker(line: Line) -> bool:
    t = line.text
    return bool(
        line.bold_article or ARTICLE_RE.match(t) or CHAPTER_RE.match(t) or SUBCHAPTER_RE.match(t)
        or L1_RE.match(t) or L2_RE.match(t) or L3_RE.match(t) or EVENT_DAY_RE.match(t)
        or EVENT_MORE_RE.match(t) or ATTACHMENTS_RE.match(t) or CONTINUED_FROM_RE.match(t)
    )


def is_heading_text(text: str) -> bool:
    """一、加强组织领导 / （一）扎实推进… : a short marker line with no sentence inside it."""
    return len(text) <= 45 and not re.search(r"[。；;：:！!？?]", text) and text[-1] not in "，,、"


def is_section_heading(line: Line) -> bool:
    t = line.text
    return bool(L1_RE.match(t) or L2_RE.match(t) or L3_RE.match(t)) and is_heading_text(t)


def is_standalone(line: Line, known_titles: set[str], starts_paragraph: bool = True) -> bool:
    """Lines that are never joined with a neighbour: headings, dates, signatures, titles, table rows.

    A title-like line (…办法, …计划) only counts when it starts a paragraph: inside a sentence it is a wrap.
    """
    t = line.text
    if line.bold_article or ARTICLE_RE.match(t):
        return False  # an article printed as a heading still wraps onto the next line
    if line.heading or "\t" in t:
        return True
    if DATE_LINE_RE.match(t) or MONTH_LINE_RE.match(t) or SIGNATURE_RE.match(t) or DOC_NUMBER_LINE_RE.match(t):
        return True
    if NAME_LIST_RE.match(t) and not SENTENCE_PUNCT.search(t):
        return True
    if starts_paragraph and not SENTENCE_PUNCT.search(t):
        flat = squeeze_cjk_spaces(t).replace(" ", "")
        if flat in known_titles or (len(flat) <= 40 and "《" not in flat and TITLE_END_RE.search(flat)):
            return True
    return False


def build_paragraphs(lines: list[Line], known_titles: set[str] = frozenset(),
                     section_headings: bool = True) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs and cut page-continuation markers out of the text.

    With ``section_headings`` a short 一、/（一）/1. line with no sentence in it is a heading of its own; in
    documents made of articles the same shape is an item (项) that may wrap onto the next line.
    """
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    in_attachments = False
    for line in lines:
        text = line.text
        continued_from = None
        m = CONTINUED_FROM_RE.match(text)
        if m:
            continued_from, text = int(m.group(1)), text[m.end():]
        continued_to = None
        m = CONTINUED_TO_RE.search(text)
        if m:
            continued_to, text = int(m.group(1)), text[: m.start()]
        attachment_item = in_attachments and current is not None and bool(L3_RE.match(line.text))
        standalone = is_standalone(line, known_titles, starts_paragraph=current is None or current.complete)
        starts_new = not attachment_item and (
            current is None or continued_from is not None or standalone or is_marker(line) or current.complete
            or current.continued_to is not None
        )
        if starts_new:
            current = Paragraph(text=text, line_start=line.no, line_end=line.no, lines=[line],
                                continued_from=continued_from, continued_to=continued_to,
                                closed=standalone or (section_headings and is_section_heading(line)))
            paragraphs.append(current)
            in_attachments = bool(ATTACHMENTS_RE.match(text))
        else:
            current.text = (current.text + "\n" + text) if attachment_item else join_wrapped(current.text, text)
            current.line_end = line.no
            current.lines.append(line)
            current.continued_to = continued_to
    return paragraphs
