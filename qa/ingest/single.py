"""A file that holds one document (a law, a regulation, a policy page) rather than a gazette issue.

Its title comes from its heading (or the page's metadata), its type from the word the title ends with
(条例, 办法, 规定 …), and its history from the lines under the title (题注): when it was passed, approved,
promulgated, revised and when it takes effect, each a date followed by what happened::

    # 森林防火条例
    1988年1月16日 国务院公布
    2008年11月19日 国务院第36次常务会议修订通过
    2008年12月1日 中华人民共和国国务院令第541号公布
    2009年1月1日 施行

The 题注 is kept as a provision of its own, so the document's history can be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..text.numerals import canonical_doc_number
from ..types import Anomaly, Document, Provision, ProvisionKind
from .gazette import DocSegment, flatten_title
from .lines import ARTICLE_RE, CHAPTER_RE, L1_RE, Line, build_paragraphs
from .provisions import build_document, number_ordinals

# The kind of document a title names, longest first (实施细则 before 细则, 条例 before 例).
TITLE_TYPES = ("实施细则", "实施办法", "实施方案", "细则", "条例", "规定", "办法", "决定", "通知", "意见", "方案", "规划",
               "规则", "计划", "要点", "措施", "纲要", "决议", "公告", "通告", "批复", "法")
_EVENT_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[\s　]*(.*)$")
_EVENT_WORDS = ("通过", "批准", "公布", "发布", "修订", "修正", "施行", "废止")
_DECREE_RE = re.compile(r"([\u4e00-\u9fff、]{2,40}?)令(?:（?第)?\s*(\d{1,4})\s*号")
_SESSION_RE = re.compile(r"^(.+?)第[\d一二三四五六七八九十百]+次(?:常务)?会议")
_TERM_RE = re.compile(r"第[\d一二三四五六七八九十百]+届")
_BODY_RE = re.compile(r"^([\u4e00-\u9fff、]{2,30}?)(?:批准|发布|公布)$")
_FILE_DATE_RE = re.compile(r"[（(](\d{4}-\d{2}-\d{2})[)）]$")  # 森林防火条例(2008-12-01).md, as compilations name files


@dataclass(frozen=True)
class Event:
    date: str  # ISO
    what: str  # the words after the date: 国务院第36次常务会议修订通过


def single_document(lines: list[Line], name: str, metadata: dict[str, str], anomalies: list[Anomaly]) -> Document:
    """``lines`` of one file that holds one document; ``metadata`` as a reader found it (an HTML page's table)."""
    title, start = _title(lines, name, metadata)
    events, start = _events(lines, start)
    body = lines[start:]
    seg = DocSegment(index=1, masthead=[], number_line=None, lines=lines, title=title)
    seg.doc_type = document_type(title)
    issuer, number = _issuer_and_number(events)
    seg.issuer = metadata.get("issuer") or issuer
    given = metadata.get("doc_number") or number
    seg.doc_number = canonical_doc_number(given) if given else None
    seg.main = build_paragraphs(body, {title}, section_headings=not _has_articles(body))
    doc = build_document(seg, [], {title}, anomalies)
    doc.approver = _approver(events)
    if events:
        note = "\n".join(line.text for line in lines[start - len(events):start])
        doc.provisions.insert(0, Provision(ProvisionKind.NOTICE, "题注", 0, note, lines[start - len(events)].no,
                                           lines[start - 1].no, paragraphs=note.split("\n")))
        number_ordinals(doc)
    _dates(doc, events, metadata)
    # A compilation names the file by the date of the text it holds (专利法实施细则(2010-01-09).md), which may be
    # later than the last line its 题注 records.
    named = _FILE_DATE_RE.search(PurePosixPath(name).stem)
    if named and (doc.version is None or named[1] > doc.version):
        doc.version = named[1]
    return doc


def document_type(title: str) -> str:
    core = re.sub(r"[（(][^）)]*[）)]$", "", title)
    return next((t.removeprefix("实施") for t in TITLE_TYPES if core.endswith(t)), "其他")


def _title(lines: list[Line], name: str, metadata: dict[str, str]) -> tuple[str, int]:
    """The title and the index of the line after it: the first heading, else a first line that reads as a title,
    else the page's metadata title, else the file name without its suffix and date."""
    for i, line in enumerate(lines[:3]):
        if line.heading and not ARTICLE_RE.match(line.text) and not CHAPTER_RE.match(line.text):
            return flatten_title(line.text), i + 1
    if lines and _looks_like_title(lines[0].text):
        return flatten_title(lines[0].text), 1
    if metadata.get("title"):
        return flatten_title(metadata["title"]), 0
    return _FILE_DATE_RE.sub("", PurePosixPath(name).stem), 0


def _looks_like_title(text: str) -> bool:
    return (len(text) <= 60 and not re.search(r"[。；;，,：:]", text) and document_type(flatten_title(text)) != "其他"
            and not ARTICLE_RE.match(text) and not L1_RE.match(text))


def _events(lines: list[Line], start: int) -> tuple[list[Event], int]:
    """The dated lines right under the title (题注), and the index of the first line after them."""
    events = []
    for line in lines[start:]:
        m = _EVENT_RE.match(line.text.strip())
        if not m or not any(w in m[4] for w in _EVENT_WORDS):
            break
        events.append(Event(f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}", m[4].strip().rstrip("　 ）)")))
    return events, start + len(events)


def _approver(events: list[Event]) -> str | None:
    """The body that approved it (a province's people's congress committee, for a city's regulation)."""
    for event in events:
        m = _SESSION_RE.match(event.what)
        if m and "批准" in event.what:
            return _TERM_RE.sub("", m[1])
    return None


def _issuer_and_number(events: list[Event]) -> tuple[str | None, str | None]:
    """Who made it and its 令 number: the last promulgation by decree (国务院令第541号), else the body that passed
    it (a 人民代表大会常务委员会 without its term, a 国务院常务会议), else the body that approved or issued it."""
    for event in reversed(events):
        m = _DECREE_RE.search(event.what)
        if m:
            return m[1], f"{m[1]}令第{int(m[2])}号"
    for event in events:
        m = _SESSION_RE.match(event.what)
        if m and "通过" in event.what:
            return _TERM_RE.sub("", m[1]), None
    for event in events:
        m = _BODY_RE.match(event.what)
        if m:
            return m[1], None
    return None, None


def _dates(doc: Document, events: list[Event], metadata: dict[str, str]) -> None:
    def latest(*words: str) -> str | None:
        dates = [e.date for e in events if any(w in e.what for w in words)]
        return max(dates) if dates else None

    doc.passed_date = min((e.date for e in events if "通过" in e.what), default=None)
    doc.approved_date = latest("批准")
    doc.revised_date = latest("修订", "修正")
    doc.signed_date = latest("公布", "发布") or metadata.get("signed_date") or doc.signed_date
    doc.effective_date = latest("施行") or doc.effective_date
    doc.expiry_date = latest("废止") or doc.expiry_date
    stamps = [e.date for e in events if "施行" not in e.what] or [d for d in (doc.signed_date,) if d]
    doc.version = max(stamps) if stamps else None


def _has_articles(lines: list[Line]) -> bool:
    return sum(1 for line in lines if line.bold_article or ARTICLE_RE.match(line.text)) >= 2
