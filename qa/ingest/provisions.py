"""Provisions of one document: articles, section items, table rows, 任免 records and 大事记 entries."""

from __future__ import annotations

import itertools
import re
import unicodedata

from ..text.numerals import cn_to_int, int_to_cn
from ..text.patterns import COUNTED_HEADING_RE
from ..types import Anomaly, Appointment, DocType, Document, Provision, ProvisionKind
from .gazette import DocSegment, flatten_title
from .lines import (
    ARTICLE_RE,
    ATTACHMENTS_RE,
    CHAPTER_RE,
    DATE_LINE_RE,
    EVENT_DAY_RE,
    EVENT_MORE_RE,
    L1_RE,
    L2_RE,
    L3_RE,
    MONTH_LINE_RE,
    SIGNATURE_RE,
    SUBCHAPTER_RE,
    TITLE_END_RE,
    Line,
    Paragraph,
    build_paragraphs,
    is_heading_text,
    squeeze_cjk_spaces,
)

_PRINTED_TITLE_RE = re.compile(r"^(?:关于)?印发(.+)的通知$")
_DECREE_TITLE_RE = re.compile(r"《([^》]+)》")
_EFFECTIVE_RE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")
_EXPIRY_RE = re.compile(r"有效期至(\d{4})年(\d{1,2})月(\d{1,2})日")
_PERSON_RE = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(为|的)(.+)$")
_COLUMN_SPLIT_RE = re.compile(r"(?<=[，：；。])\s+(?=\S)")
_NOTE_RE = re.compile(r"[（(]((?:试用期|挂职|列)[^）)]*)[）)]")
_BOILERPLATE_RE = re.compile(r"^(各县|市政府|市人民政府决定|任命[：:]$|免去[：:]$)")


def build_document(seg: DocSegment, notice_lines: list[Line], known_titles: set[str],
                   anomalies: list[Anomaly]) -> Document:
    doc = Document(source="", index=seg.index, doc_type=seg.doc_type, title=seg.title or "",
                   doc_number=seg.doc_number, issuer=seg.issuer, signed_date=seg.signed_date,
                   line_start=seg.lines[0].no, line_end=max(line.no for line in seg.lines + seg.stitched_lines))
    notice_text = _notice_text(notice_lines, known_titles)
    if seg.doc_type == DocType.DECREE:
        m = _DECREE_TITLE_RE.search(notice_text)
        if m:
            doc.title = m.group(1)  # the decree's own words name the rules it promulgates
    else:
        m = _PRINTED_TITLE_RE.match(doc.title)
        if m:
            doc.notice_title = f"{seg.issuer or ''}{doc.title}"
            doc.title = _printed_heading(seg.main, m.group(1))
    if seg.doc_type == DocType.PERSONNEL:
        doc.provisions = _appointments(notice_lines, doc)
    elif seg.doc_type == DocType.CHRONICLE:
        doc.provisions = _events(seg, notice_lines, known_titles)
    else:
        doc.provisions = _notice_provisions(notice_lines, doc, known_titles)
        doc.provisions += _main_provisions(seg.main, doc, known_titles, anomalies, seg)
    full_text = re.sub(r"\s+", "", "\n".join(p.text for p in doc.provisions))
    m = _EFFECTIVE_RE.search(full_text)
    doc.effective_date = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None
    m = _EXPIRY_RE.search(full_text)
    doc.expiry_date = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None
    for p in doc.provisions:
        if p.kind == ProvisionKind.ATTACHMENTS:
            doc.attachments += _attachment_names(p.text)
    doc.attachments = list(dict.fromkeys(doc.attachments))
    number_ordinals(doc)
    _report_article_anomalies(doc, anomalies)
    return doc


def _printed_heading(paragraphs: list[Paragraph], title: str) -> str:
    """The attached text's title as its own heading prints it (the table of contents may differ in
    full- and half-width punctuation), or the title derived from the notice."""
    key = unicodedata.normalize("NFKC", title)
    for p in paragraphs[:3]:
        flat = flatten_title(squeeze_cjk_spaces(p.text))
        if unicodedata.normalize("NFKC", flat) == key:
            return flat
    return title


def _notice_text(lines: list[Line], known_titles: set[str]) -> str:
    return "\n".join(p.text for p in build_paragraphs(lines, known_titles))


def _is_title_paragraph(p: Paragraph) -> bool:
    first = p.lines[0]
    flat = flatten_title(squeeze_cjk_spaces(p.text))
    if ARTICLE_RE.match(p.text) or L1_RE.match(p.text) or L2_RE.match(p.text) or L3_RE.match(p.text):
        return False
    return (first.heading or len(flat) <= 40) and bool(TITLE_END_RE.search(flat)) and not re.search(r"[，。；：]", flat)


def _notice_provisions(lines: list[Line], doc: Document, known_titles: set[str]) -> list[Provision]:
    """The notice's own words (addressees, 现将…印发给你们, 令 text), signature and date, minus its title: the
    date it was signed is what 哪天印发的 asks."""
    paragraphs = [p for p in build_paragraphs(lines, known_titles) if not _is_title_paragraph(p)]
    rows = [p for p in paragraphs if "\t" in p.text]
    attachments = [p for p in paragraphs if ATTACHMENTS_RE.match(p.text)]
    paragraphs = [p for p in paragraphs if "\t" not in p.text and p not in attachments]
    tail = [_provision(ProvisionKind.ATTACHMENTS, "附件", attachments, None, [])] if attachments else []
    if not paragraphs:
        return tail + _table_rows(rows)
    label = "公布令" if doc.doc_type == DocType.DECREE else ("印发通知" if doc.notice_title else "正文")
    provision = Provision(kind=ProvisionKind.NOTICE, label=label, ordinal=1, text="\n".join(p.text for p in paragraphs),
                          line_start=paragraphs[0].line_start, line_end=paragraphs[-1].line_end,
                          paragraphs=[p.text for p in paragraphs])
    return [provision] + tail + _table_rows(rows)


def _table_rows(rows: list[Paragraph]) -> list[Provision]:
    out = []
    for p in rows:
        cells = [c.strip() for c in p.text.split("\t")]
        if not cells or not cells[0].isdigit():
            continue  # header rows (序号 …) repeat on every page
        out.append(Provision(kind=ProvisionKind.TABLE_ROW, label=f"附件第{int(cells[0])}项", ordinal=0,
                             text=" | ".join(cells), line_start=p.line_start, line_end=p.line_end,
                             number=int(cells[0]), paragraphs=cells))
    return out


def _main_provisions(paragraphs: list[Paragraph], doc: Document, known_titles: set[str],
                     anomalies: list[Anomaly], seg: DocSegment) -> list[Provision]:
    titles = [i for i, p in enumerate(paragraphs) if _is_title_paragraph(p)]
    parts: dict[int, str] = {}
    if len(titles) >= 2:  # one notice printing several texts (立法规划 + 立法工作计划)
        parts = {i: flatten_title(squeeze_cjk_spaces(paragraphs[i].text)) for i in titles}
    body = [(i, p) for i, p in enumerate(paragraphs) if i not in titles]
    rows = [p for _, p in body if "\t" in p.text]
    body = [(i, p) for i, p in body if "\t" not in p.text]
    has_articles = sum(1 for _, p in body if ARTICLE_RE.match(p.text)) >= 2
    has_sections = any(L1_RE.match(p.text) or L2_RE.match(p.text) or L3_RE.match(p.text) for _, p in body)
    if body and not (has_articles or has_sections):
        anomalies.append(Anomaly("no_structure", doc.source or "", f"{doc.title}: no articles or sections found; "
                                 f"falling back to paragraph chunks", line=body[0][1].line_start,
                                 doc_title=doc.title))
        return [_provision(ProvisionKind.PARAGRAPH, f"第{n}段", [p], parts.get(i), [])
                for n, (i, p) in enumerate(body, start=1)] + _table_rows(rows)
    provisions: list[Provision] = []
    part: str | None = None
    section_state = _SectionState()
    current: Provision | None = None
    chapter_path: list[str] = []
    for i, p in body:
        for t in sorted(parts):
            if t < i:
                part = parts[t]
        if part != section_state.part:
            section_state = _SectionState(part)
            current = None
        if ATTACHMENTS_RE.match(p.text):
            provisions.append(_provision(ProvisionKind.ATTACHMENTS, "附件", [p], part, []))
            current = None
            continue
        if has_articles:
            current = _article_step(p, provisions, current, chapter_path, part)
        else:
            current = section_state.step(p, provisions, current)
    return provisions + _table_rows(rows)


def _provision(kind: str, label: str, paragraphs: list[Paragraph], part: str | None, path: list[str],
               number: int | None = None) -> Provision:
    return Provision(kind=kind, label=label, ordinal=0, text="\n".join(p.text for p in paragraphs),
                     line_start=paragraphs[0].line_start, line_end=max(p.line_end for p in paragraphs),
                     number=number, chapter_path=list(path), part=part, paragraphs=[p.text for p in paragraphs],
                     stitched=any(p.stitched for p in paragraphs))


def _extend(provision: Provision, p: Paragraph) -> None:
    provision.text += "\n" + p.text
    provision.paragraphs.append(p.text)
    provision.line_end = max(provision.line_end, p.line_end)
    provision.stitched = provision.stitched or p.stitched


def _article_step(p: Paragraph, provisions: list[Provision], current: Provision | None, chapter_path: list[str],
                  part: str | None) -> Provision | None:
    text = p.text
    m = CHAPTER_RE.match(text)
    if m and not re.search(r"[，。；]", text):
        chapter_path[:] = [squeeze_cjk_spaces(text)]
        return None
    m = SUBCHAPTER_RE.match(text)
    if m and not re.search(r"[，。；]", text):
        chapter_path[:] = chapter_path[:1] + [squeeze_cjk_spaces(text)]
        return None
    m = ARTICLE_RE.match(text)
    if m:
        numeral = m.group(1)
        label = f"第{numeral}条"
        provision = _provision(ProvisionKind.ARTICLE, label, [p], part, chapter_path, number=cn_to_int(numeral))
        provisions.append(provision)
        return provision
    if current is not None:
        _extend(current, p)
        return current
    preamble = next((x for x in provisions if x.kind == ProvisionKind.PREAMBLE), None)
    if preamble is not None:
        _extend(preamble, p)
        return None
    provisions.append(_provision(ProvisionKind.PREAMBLE, "前言", [p], part, chapter_path))
    return None


class _SectionState:
    """Walks 一、/（一）/1. markers; each marker paragraph opens a provision labelled by its path.

    A marker line that is only a heading (一、加强组织领导) followed directly by a deeper marker carries no text
    of its own: it becomes part of the chapter path of what follows instead of a provision; one that counts what
    follows (一、地方性法规项目（18 件）) stays a provision too, as it answers how many.
    """

    LEVELS = ((L1_RE, "{}、"), (L2_RE, "（{}）"), (L3_RE, "{}."))

    def __init__(self, part: str | None = None):
        self.part = part
        self.markers: list[str | None] = [None, None, None]
        self.headings: list[str | None] = [None, None, None]
        self.bare_heading: tuple[Provision, int] | None = None

    def step(self, p: Paragraph, provisions: list[Provision], current: Provision | None) -> Provision | None:
        for level, (pattern, fmt) in enumerate(self.LEVELS):
            m = pattern.match(p.text)
            if not m:
                continue
            if (self.bare_heading and self.bare_heading[1] < level and provisions[-1] is self.bare_heading[0]
                    and not COUNTED_HEADING_RE.search(self.bare_heading[0].paragraphs[0])):
                provisions.pop()
            self.markers[level] = fmt.format(m.group(1))
            self.headings[level] = squeeze_cjk_spaces(p.text)
            for deeper in range(level + 1, 3):
                self.markers[deeper] = self.headings[deeper] = None
            label = "".join(x for x in self.markers if x)
            path = [h for h in self.headings[:level] if h]
            provision = _provision(ProvisionKind.SECTION, label, [p], self.part, path, number=cn_to_int(m.group(1)))
            provisions.append(provision)
            self.bare_heading = (provision, level) if is_heading_text(p.text) else None
            return provision
        self.bare_heading = None
        if current is not None:
            _extend(current, p)
            return current
        if any(self.markers):
            label = "".join(x for x in self.markers if x)
            provision = _provision(ProvisionKind.SECTION, label, [p], self.part, [h for h in self.headings if h])
            provisions.append(provision)
            return provision
        preamble = next((x for x in provisions if x.kind == ProvisionKind.PREAMBLE and x.part == self.part), None)
        if preamble is not None:
            _extend(preamble, p)
            return preamble
        provision = _provision(ProvisionKind.PREAMBLE, "前言", [p], self.part, [])
        provisions.append(provision)
        return provision


def _appointments(lines: list[Line], doc: Document) -> list[Provision]:
    """One record per 任/免, reassembling records that a two-column layout split across lines."""
    segments: list[tuple[Line, str]] = []
    for line in lines:
        if DATE_LINE_RE.match(line.text) or SIGNATURE_RE.match(line.text):
            continue
        for part in _COLUMN_SPLIT_RE.split(line.text):
            segments.append((line, part.strip()))
    records: list[dict] = []
    fragments: list[dict] = []
    for pos, (line, text) in enumerate(segments):
        if _BOILERPLATE_RE.match(text) or "人民政府决定" in text or text.startswith("关于"):
            continue
        if _PERSON_RE.match(text) and not text.startswith(("各", "市")):
            records.append({"pos": pos, "text": text, "lines": [line.no]})
        else:
            fragments.append({"pos": pos, "text": text, "line": line.no, "used": False})
    for record in records:
        if record["text"][-1] in "；;。":
            continue
        after = [f for f in fragments if not f["used"] and f["pos"] > record["pos"]]
        before = [f for f in fragments if not f["used"] and f["pos"] < record["pos"]]
        # the line right below continues the record; a column broken at the page foot continues at its top
        candidate = after[0] if after and after[0]["pos"] == record["pos"] + 1 else (before[0] if before else
                                                                                     (after[0] if after else None))
        if candidate is not None:
            candidate["used"] = True
            record["text"] += candidate["text"]
            record["lines"].append(candidate["line"])
    provisions = []
    for record in records:
        m = _PERSON_RE.match(record["text"])
        person, link, rest = m.group(1), m.group(2), m.group(3).rstrip("；;。")
        action = "任" if link == "为" else "免"
        notes = [n.group(1) for n in _NOTE_RE.finditer(rest)]
        post = _NOTE_RE.sub("", rest)
        if action == "免":
            natural = post.endswith("职务自然免除")
            post = re.sub(r"职务(自然免除)?$", "", post)
            if natural:
                notes.append("自然免除")
        label = f"{'任命' if action == '任' else '免去'}：{person}"
        provisions.append(Provision(
            kind=ProvisionKind.APPOINTMENT, label=label, ordinal=0, text=record["text"],
            line_start=min(record["lines"]), line_end=max(record["lines"]), paragraphs=[record["text"]],
            appointment=Appointment(person=person, post=post, action=action, date=doc.signed_date,
                                    note="；".join(notes) or None)))
    return provisions


def _events(seg: DocSegment, lines: list[Line], known_titles: set[str]) -> list[Provision]:
    month_line = next((line for line in seg.lines[:4] if MONTH_LINE_RE.match(line.text)), None)
    year = month = None
    if month_line is not None:
        m = MONTH_LINE_RE.match(month_line.text)
        year, month = int(m.group(1)), int(m.group(2))
    entries = [p for p in build_paragraphs(lines, known_titles)
               if not MONTH_LINE_RE.match(p.text) and not p.lines[0].heading]
    provisions: list[Provision] = []
    day: int | None = None
    for p in entries:
        m = EVENT_DAY_RE.match(p.text)
        if m:
            day = int(m.group(1))
        else:
            inner = re.search(r"[，,](\d{1,2})日[，,]", p.text[:60])
            if inner:
                day = int(inner.group(1))
        text = p.text[1:] if EVENT_MORE_RE.match(p.text) else p.text
        provisions.append(Provision(kind=ProvisionKind.EVENT, label="", ordinal=0, text=text,
                                    line_start=p.line_start, line_end=p.line_end, number=day, paragraphs=[text],
                                    event_date=(f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None)))
    per_day: dict[int | None, list[Provision]] = {}
    for prov in provisions:
        per_day.setdefault(prov.number, []).append(prov)
    for d, group in per_day.items():
        base = f"{month}月{d}日" if month and d else "记事"
        for n, prov in enumerate(group, start=1):
            prov.label = base if len(group) == 1 else f"{base}（{n}）"
    return provisions


def _attachment_names(text: str) -> list[str]:
    body = ATTACHMENTS_RE.sub("", text.split("附件", 1)[-1] if not ATTACHMENTS_RE.match(text) else text)
    body = re.sub(r"^[：:]", "", body)
    names = []
    for piece in re.split(r"\n|(?<=）)\s*(?=\d+[.．、])", body):
        piece = re.sub(r"^\d+[.．、]\s*", "", piece.strip())
        if piece:
            names.append(piece)
    return names[:20]


def number_ordinals(doc: Document) -> None:
    counters: dict[str, int] = {}
    for prov in doc.provisions:
        counters[prov.kind] = counters.get(prov.kind, 0) + 1
        prov.ordinal = counters[prov.kind]


def _report_article_anomalies(doc: Document, anomalies: list[Anomaly]) -> None:
    articles = [p for p in doc.provisions if p.kind == ProvisionKind.ARTICLE]
    seen: dict[str, list[int]] = {}
    for prov in articles:
        seen.setdefault(prov.label, []).append(prov.ordinal)
    for label, ordinals in seen.items():
        if len(ordinals) > 1:
            anomalies.append(Anomaly(
                "duplicate_label", doc.source, f"《{doc.title}》: {label} is printed {len(ordinals)} times, at "
                f"article positions {', '.join(map(str, ordinals))}; each keeps its printed label and its true "
                f"position", doc_title=doc.title,
                line=next(p.line_start for p in articles if p.label == label)))
    for prev, prov in itertools.pairwise(articles):
        if prev.number is None or prov.number is None:
            continue
        if prov.number != prev.number + 1 and prov.number != prev.number:
            expected = f"第{int_to_cn(prev.number + 1)}条"
            kind = "gap" if prov.number > prev.number else "out_of_order"
            anomalies.append(Anomaly(kind, doc.source, f"《{doc.title}》: {prev.label} is followed by {prov.label} "
                                     f"(expected {expected})", line=prov.line_start, doc_title=doc.title))
        elif prov.number == prev.number:
            pass  # reported as a duplicate label above
    if articles and articles[0].number not in (None, 1):
        anomalies.append(Anomaly("gap", doc.source, f"《{doc.title}》: articles start at {articles[0].label}",
                                 line=articles[0].line_start, doc_title=doc.title))
