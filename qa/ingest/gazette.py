"""One gazette issue: header, table of contents, document boundaries and page-continuation stitching."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.numerals import cn_to_int, normalize_doc_number
from ..types import Anomaly, DocType, IssueInfo, TocEntry
from .lines import (
    ARTICLE_RE,
    CHAPTER_RE,
    CONTINUED_FROM_RE,
    DATE_LINE_RE,
    DOC_NUMBER_LINE_RE,
    L1_RE,
    L2_RE,
    L3_RE,
    MONTH_LINE_RE,
    Line,
    Paragraph,
    build_paragraphs,
    is_marker,
)

_ISSUE_RE = re.compile(r"(\d{4})\s*年\s*第\s*(\d+)\s*期")
_TOTAL_RE = re.compile(r"总第\s*(\d+)\s*期")
_TOC_PAGE_RE = re.compile(r"^(.*?)\s*(?:\.{2,}|…+|\s)\s*(\d{1,3})$")
_MASTHEAD_RE = re.compile(r"^[\u4e00-\u9fff]{2,24}?(人民政府|办公室|办公厅)(文件|令)?$")
_CHRONICLE_RE = re.compile(r"^.{0,20}大事记\s*([（(].*[）)])?$")
_NOTICE_TITLE_RE = re.compile(r"关于.*(通\s*知|决定|意见)$")


@dataclass
class DocSegment:
    """Raw lines of one document plus the paragraphs that belong to it after stitching."""

    index: int
    masthead: list[Line]
    number_line: Line | None
    lines: list[Line]  # everything from the masthead to the next document, fragments excluded
    toc: TocEntry | None = None
    doc_number: str | None = None
    doc_type: str = DocType.OTHER
    issuer: str | None = None
    title: str | None = None
    notice_lines: list[Line] = field(default_factory=list)
    main: list[Paragraph] = field(default_factory=list)
    signed_date: str | None = None
    stitched_lines: list[Line] = field(default_factory=list)


def parse_issue(name: str, lines: list[Line], body_start: int) -> IssueInfo:
    head = lines[:body_start] if body_start else lines[:60]
    info = IssueInfo(source=name, publication=None, year=None, issue_no=None, total_no=None)
    for line in head:
        t = line.text.replace(" ", "")
        if info.publication is None and t.endswith("公报") and len(t) <= 20:
            info.publication = t
        m = _ISSUE_RE.search(line.text)
        if m and info.year is None:
            info.year, info.issue_no = int(m.group(1)), int(m.group(2))
        m = _TOTAL_RE.search(line.text)
        if m and info.total_no is None:
            info.total_no = int(m.group(1))
    info.toc = _parse_toc(head)
    return info


def _parse_toc(head: list[Line]) -> list[TocEntry]:
    start = next((i for i, line in enumerate(head) if line.text.replace(" ", "") == "目录"), None)
    if start is None:
        return []
    entries: list[TocEntry] = []
    category, pending = None, None
    for line in head[start + 1:]:
        t = line.text.strip()
        if t.replace(" ", "") == "目录":
            continue
        if t.startswith("◎"):
            category = t.lstrip("◎ ").strip()
            continue
        m = _TOC_PAGE_RE.match(t)
        if m:
            label, page = m.group(1).strip(), int(m.group(2))
            number = normalize_doc_number(label) if DOC_NUMBER_LINE_RE.match(label) else None
            if number and pending:
                entries.append(TocEntry(title=flatten_title(pending), doc_number=number, page=page, category=category))
            else:
                entries.append(TocEntry(title=flatten_title(label), doc_number=None, page=page, category=category))
            pending = None
        else:
            pending = t if pending is None else pending + t
    return entries


def flatten_title(title: str) -> str:
    """Titles lose layout spaces (总 则, 2022 年) but keep their words."""
    return re.sub(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "", title)


def find_document_starts(lines: list[Line], after: int = 0) -> list[tuple[int, int | None]]:
    """(masthead index, 文号 line index) for each document; chronicles have no 文号 line."""
    starts: list[tuple[int, int | None]] = []
    for i in range(after, len(lines)):
        t = lines[i].text
        if DOC_NUMBER_LINE_RE.match(t):
            first = i
            for back in (1, 2):
                j = i - back
                if j < after or (starts and j <= starts[-1][0]):
                    break
                prev = lines[j].text.replace(" ", "")
                if _MASTHEAD_RE.match(prev) or (_NOTICE_TITLE_RE.search(prev) and not DATE_LINE_RE.match(prev)):
                    first = j
                else:
                    break
            if first == i and not re.match(r"^第\s*\d+\s*号$", t) and not _looks_like_masthead_below(lines, i):
                continue  # a bare 文号 in running text is not a document start
            starts.append((first, i))
        elif _CHRONICLE_RE.match(t.replace(" ", "")) and (lines[i].heading or _next_is_month(lines, i)):
            starts.append((i, None))
    return starts


def _looks_like_masthead_below(lines: list[Line], i: int) -> bool:
    nxt = lines[i + 1].text.replace(" ", "") if i + 1 < len(lines) else ""
    return bool(_NOTICE_TITLE_RE.search(nxt))


def _next_is_month(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and bool(MONTH_LINE_RE.match(lines[i + 1].text))


def segment_documents(lines: list[Line], issue: IssueInfo, anomalies: list[Anomaly]) -> list[DocSegment]:
    starts = find_document_starts(lines)
    segments: list[DocSegment] = []
    for n, (first, number_idx) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        head_end = number_idx if number_idx is not None else first + 1
        seg = DocSegment(index=n + 1, masthead=lines[first:head_end],
                         number_line=lines[number_idx] if number_idx is not None else None,
                         lines=lines[first:end])
        _identify(seg, issue, anomalies)
        segments.append(seg)
    _check_toc_coverage(segments, issue, anomalies)
    return segments


def _identify(seg: DocSegment, issue: IssueInfo, anomalies: list[Anomaly]) -> None:
    masthead = "".join(line.text.replace(" ", "") for line in seg.masthead)
    if seg.number_line is not None:
        raw = seg.number_line.text
        if re.match(r"^第\s*\d+\s*号$", raw):  # decree: masthead says 某某人民政府令
            issuer = re.sub(r"令$", "", masthead)
            seg.doc_number = normalize_doc_number(f"{issuer}令{raw}")
        else:
            seg.doc_number = normalize_doc_number(raw)
    seg.toc = _match_toc(seg, issue.toc)
    issuer_m = re.match(r"^([\u4e00-\u9fff]{2,20}?人民政府(?:办公室|办公厅)?)", masthead)
    seg.issuer = issuer_m.group(1) if issuer_m else None
    if seg.doc_number and "令第" in seg.doc_number:
        seg.doc_type = DocType.DECREE
    elif seg.number_line is None and "大事记" in masthead:
        seg.doc_type = DocType.CHRONICLE
    elif (seg.doc_number and re.match(r"^[\u4e00-\u9fff]*任〔", seg.doc_number)) or "任免" in masthead:
        seg.doc_type = DocType.PERSONNEL
    elif seg.issuer and seg.issuer.endswith(("办公室", "办公厅")):
        seg.doc_type = DocType.OFFICE
    elif seg.issuer:
        seg.doc_type = DocType.GOVERNMENT
    if seg.toc is not None:
        seg.title = seg.toc.title
    else:
        seg.title = _title_from_body(seg)


def _match_toc(seg: DocSegment, toc: list[TocEntry]) -> TocEntry | None:
    if seg.doc_number:  # both canonical (normalize_doc_number)
        for entry in toc:
            if entry.doc_number == seg.doc_number:
                return entry
    masthead = flatten_title("".join(line.text for line in seg.masthead))
    for entry in toc:
        if entry.doc_number is None and flatten_title(entry.title).split("（")[0].split("(")[0] in masthead:
            return entry
    return None


def _title_from_body(seg: DocSegment) -> str | None:
    candidates = [line.text for line in seg.lines[:6] if _NOTICE_TITLE_RE.search(line.text.replace(" ", ""))]
    if candidates:
        title = flatten_title(candidates[0])
        return re.sub(r"^[\u4e00-\u9fff]{2,24}?(人民政府办公室|人民政府办公厅|人民政府)(?=关于)", "", title)
    if seg.doc_type == DocType.CHRONICLE:
        month = next((line.text for line in seg.lines[:3] if MONTH_LINE_RE.match(line.text)), "")
        return flatten_title("".join(line.text for line in seg.masthead)) + flatten_title(month).replace("(", "（").replace(")", "）")
    return None


def _check_toc_coverage(segments: list[DocSegment], issue: IssueInfo, anomalies: list[Anomaly]) -> None:
    found = {id(seg.toc) for seg in segments if seg.toc is not None}
    for entry in issue.toc:
        if id(entry) not in found:
            anomalies.append(Anomaly("toc_entry_without_document", issue.source,
                                     f"table of contents lists 《{entry.title}》 ({entry.doc_number or 'no 文号'}, "
                                     f"page {entry.page}) but no such document was found in the text"))
    for seg in segments:
        if seg.toc is None and issue.toc:
            anomalies.append(Anomaly("document_not_in_toc", issue.source,
                                     f"document {seg.doc_number or seg.title} is not in the table of contents",
                                     line=seg.lines[0].no))


def toc_page_ranges(issue: IssueInfo) -> list[tuple[TocEntry, int, int]]:
    entries = sorted(issue.toc, key=lambda e: e.page)
    ranges = []
    for i, entry in enumerate(entries):
        last = entries[i + 1].page - 1 if i + 1 < len(entries) else 10_000
        ranges.append((entry, entry.page, max(entry.page, last)))
    return ranges


# -- splitting a document into its notice and its main text ----------------------------------------

def split_notice_and_main(seg: DocSegment) -> tuple[list[Line], list[Line], list[Line]]:
    """(notice lines, main-text lines, fragment-region lines) of a document.

    The notice runs from after the 文号 to the signature date; the main text (the attached 办法, plan, table)
    follows it. A （上接第M页） line starts a region where fragments of earlier documents are interleaved
    with this one's text: it is handed to the stitcher whole.
    """
    body = seg.lines[len(seg.masthead) + (1 if seg.number_line is not None else 0):]
    fragment_at = next((i for i, line in enumerate(body) if CONTINUED_FROM_RE.match(line.text)), len(body))
    own, fragment_region = body[:fragment_at], body[fragment_at:]
    if seg.number_line is None and seg.doc_type == DocType.OTHER:
        return [], own, fragment_region  # text with no masthead: all of it is content
    dates = [i for i, line in enumerate(own) if DATE_LINE_RE.match(line.text)]
    if seg.doc_type == DocType.CHRONICLE:
        return own, [], fragment_region
    if seg.doc_type == DocType.PERSONNEL or not dates:
        # records (or a notice with no attached text): signed at the end, no main text
        seg.signed_date = iso_date(own[dates[-1]].text) if dates else None
        return own, [], fragment_region
    seg.signed_date = iso_date(own[dates[0]].text)
    return own[: dates[0] + 1], own[dates[0] + 1:], fragment_region


def iso_date(date_text: str) -> str | None:
    m = DATE_LINE_RE.match(date_text.strip())
    if not m:
        return None
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


# -- stitching continuations ------------------------------------------------------------------------

_CONTINUITY = (ARTICLE_RE, CHAPTER_RE, L1_RE, L3_RE, L2_RE)


def _marker_number(paragraph: Paragraph, pattern: re.Pattern) -> int | None:
    m = pattern.match(paragraph.text)
    return cn_to_int(m.group(1)) if m else None


def _last_number(paragraphs: list[Paragraph], pattern: re.Pattern) -> int | None:
    for p in reversed(paragraphs):
        n = _marker_number(p, pattern)
        if n is not None:
            return n
    return None


def stitch(segments: list[DocSegment], fragments: dict[int, list[Line]], issue: IssueInfo,
           known_titles: set[str], anomalies: list[Anomaly]) -> None:
    """Give every paragraph of each fragment region to the document it continues.

    A paragraph opening with （上接第M页） belongs to the document whose table-of-contents pages contain M and
    is joined to that document's （下转第N页） cut. Paragraphs after it are assigned by continuity: the next
    article / chapter / item number of one of the open documents, or the document whose last paragraph
    stopped mid-sentence.
    """
    by_index = {seg.index: seg for seg in segments}
    ranges = toc_page_ranges(issue)
    for host_index, region in fragments.items():
        host = by_index[host_index]
        streams: list[DocSegment] = [host]
        current = host
        article_lines = sum(1 for line in region if ARTICLE_RE.match(line.text))
        for paragraph in build_paragraphs(region, known_titles, section_headings=article_lines < 2):
            if paragraph.continued_from is not None:
                target = _doc_for_page(paragraph.continued_from, ranges, segments, host)
                if target is None:
                    anomalies.append(Anomaly(
                        "unassigned_fragment", issue.source,
                        f"fragment continued from page {paragraph.continued_from} matches no document "
                        f"(no table-of-contents range and no open （下转） cut); kept in {host.title}",
                        line=paragraph.line_start, doc_title=host.title))
                    target = host
                if target not in streams:
                    streams.append(target)
                current = target
                _append(target, paragraph, join=True, anomalies=anomalies, source=issue.source)
                continue
            target = _continuity_target(paragraph, streams, current)
            join = not is_marker(paragraph.lines[0]) and bool(target.main) and not target.main[-1].complete
            _append(target, paragraph, join=join, anomalies=anomalies, source=issue.source)
            current = target
    for seg in segments:
        if seg.main and seg.main[-1].continued_to is not None:
            anomalies.append(Anomaly(
                "unresolved_continuation", issue.source,
                f"{seg.title}: text breaks off with （下转第{seg.main[-1].continued_to}页） but no （上接） fragment "
                f"continues it", line=seg.main[-1].line_end, doc_title=seg.title))
        for p in seg.main:
            if p.continued_to is not None and p is not seg.main[-1]:
                anomalies.append(Anomaly(
                    "unresolved_continuation", issue.source,
                    f"{seg.title}: （下转第{p.continued_to}页） at line {p.line_end} was never continued",
                    line=p.line_end, doc_title=seg.title))


def _doc_for_page(page: int, ranges, segments: list[DocSegment], host: DocSegment) -> DocSegment | None:
    for entry, first, last in ranges:
        if first <= page <= last:
            for seg in segments:
                if seg.toc is entry:
                    return seg
    open_cuts = [seg for seg in segments if seg is not host and seg.main and seg.main[-1].continued_to is not None]
    return open_cuts[-1] if len(open_cuts) == 1 else None


def _continuity_target(paragraph: Paragraph, streams: list[DocSegment], current: DocSegment) -> DocSegment:
    for pattern in _CONTINUITY:
        n = _marker_number(paragraph, pattern)
        if n is None:
            continue
        if pattern is L3_RE and not is_marker(paragraph.lines[0]):
            continue
        followers = [s for s in streams if _last_number(s.main, pattern) == n - 1]
        if current in followers or not followers:
            return current
        return followers[0]
    if current.main and not current.main[-1].complete:
        return current
    open_streams = [s for s in streams if s.main and not s.main[-1].complete]
    return open_streams[0] if len(open_streams) == 1 else current


def _append(seg: DocSegment, paragraph: Paragraph, join: bool, anomalies: list[Anomaly], source: str) -> None:
    seg.stitched_lines.extend(paragraph.lines)
    if join and seg.main:
        last = seg.main[-1]
        if paragraph.continued_from is not None and last.continued_to is None:
            anomalies.append(Anomaly("continuation_mismatch", source,
                                     f"{seg.title}: fragment continued from page {paragraph.continued_from} "
                                     f"follows text that was not cut with （下转）", line=paragraph.line_start,
                                     doc_title=seg.title))
            seg.main.append(paragraph)
            return
        last.text += paragraph.text
        last.lines.extend(paragraph.lines)
        last.line_end = max(last.line_end, paragraph.line_end)
        last.continued_to = paragraph.continued_to
        last.stitched = True
        return
    seg.main.append(paragraph)
