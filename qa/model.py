"""The ingestion contract: gazette issues, documents, provisions and chunks.

Every later stage (index, retrieval, answering, app) reads only these dataclasses, so they are the
one place where the shape of the data is defined. All are plain data, round-trip through ``to_dict``
and never hold file handles or models.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Bump when the text a chunk holds, its id or its citation could change for the same input file:
# an index built with another version is rebuilt, never silently reused.
CHUNKER_VERSION = "3"


class DocType:
    """Document kinds found in a municipal gazette (values are the Chinese names users see)."""

    DECREE = "政府令"
    GOVERNMENT = "政府文件"
    OFFICE = "办公室文件"
    PERSONNEL = "任免"
    CHRONICLE = "大事记"
    OTHER = "其他"

    ALL = (DECREE, GOVERNMENT, OFFICE, PERSONNEL, CHRONICLE, OTHER)


class ProvisionKind:
    """What a provision is; decides how it is labelled and cited."""

    ARTICLE = "article"  # 第X条
    SECTION = "section"  # 一、/（一）/1. hierarchy, or a titled part of a plan
    PREAMBLE = "preamble"  # 前言: text before the first section of the main text
    NOTICE = "notice"  # 印发通知 / 公布令 / 正文 of a notice
    TABLE_ROW = "table_row"  # one row of an attached table
    ATTACHMENTS = "attachments"  # the 附件 list
    APPOINTMENT = "appointment"  # one 任 or 免 record
    EVENT = "event"  # one dated 大事记 entry
    PARAGRAPH = "paragraph"  # fallback for text with no recognisable structure


@dataclass
class TocEntry:
    title: str
    doc_number: str | None
    page: int
    category: str | None  # the TOC heading it sits under, e.g. 市政府办公室文件


@dataclass
class IssueInfo:
    """Metadata of one gazette issue (one input file)."""

    source: str  # file name as given, e.g. liaocheng-gazette-2021-12.md
    publication: str | None  # 聊城市人民政府公报
    year: int | None
    issue_no: int | None  # 第12期
    total_no: int | None  # 总第225期
    toc: list[TocEntry] = field(default_factory=list)
    sha256: str = ""
    encoding: str = "utf-8"

    @property
    def issue_label(self) -> str | None:
        if self.year is None or self.issue_no is None:
            return None
        total = f"（总第{self.total_no}期）" if self.total_no else ""
        return f"{self.year}年第{self.issue_no}期{total}"


@dataclass
class Appointment:
    person: str
    post: str
    action: str  # 任 or 免
    date: str | None  # ISO date of the notice
    note: str | None = None  # e.g. 试用期一年, 自然免除


@dataclass
class Provision:
    """One citable unit of a document: an article, a section item, a record."""

    kind: str
    label: str  # the source label: 第十五条, 三、（四）, 任命：陶新镇, 12月8日（2）
    ordinal: int  # 1-based position among the document's provisions of this kind
    text: str  # clean, faithful text (hard wraps joined, markup dropped, words untouched)
    line_start: int  # 1-based lines in the source file (first and last line that fed this text)
    line_end: int
    number: int | None = None  # integer article / item number parsed from the label
    chapter_path: list[str] = field(default_factory=list)  # ["第二章 特许经营协议订立"]
    part: str | None = None  # title of the attached text it belongs to, when a notice has several
    paragraphs: list[str] = field(default_factory=list)  # 款 / 项 / lines, in order; joined == text
    appointment: Appointment | None = None
    event_date: str | None = None  # ISO date of a 大事记 entry
    stitched: bool = False  # True when part of the text came from a （上接第M页） fragment

    @property
    def full_label(self) -> str:
        """The label as cited: prefixed by the part title when a notice prints several texts."""
        return f"{self.part} {self.label}" if self.part else self.label


@dataclass
class Document:
    source: str
    index: int  # 1-based position in the issue
    doc_type: str
    title: str  # the text users cite: the attached 办法 for 印发 notices, else the notice title
    doc_number: str | None  # normalised 文号: 聊政办发〔2021〕7号 / 聊城市人民政府令第42号
    issuer: str | None
    notice_title: str | None = None  # full notice title when the document wraps an attached text
    signed_date: str | None = None  # ISO dates
    effective_date: str | None = None
    expiry_date: str | None = None
    attachments: list[str] = field(default_factory=list)
    toc_page: int | None = None
    toc_pages: tuple[int, int] | None = None  # first and last page per the table of contents
    line_start: int = 0
    line_end: int = 0
    provisions: list[Provision] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable short key of the document inside its issue, used in chunk ids."""
        stem = self.source.rsplit(".", 1)[0]
        return f"{stem}:d{self.index:02d}"

    def citation_for(self, provision: Provision) -> str:
        number = f"（{self.doc_number}）" if self.doc_number else ""
        return f"《{self.title}》{number}{provision.full_label}"


@dataclass
class Anomaly:
    """Something in the source that is odd and that a reader of the ingest report must see."""

    kind: str  # duplicate_label, gap, out_of_order, unassigned_fragment, no_structure, ...
    source: str
    message: str
    line: int | None = None
    doc_title: str | None = None


@dataclass
class Chunk:
    """The unit of retrieval and citation: one provision, or one part of a long provision."""

    chunk_id: str
    citation: str
    doc_title: str
    doc_number: str | None
    doc_type: str
    issuer: str | None
    article: str  # provision label (第十五条 / 三、（四） / 任命：陶新镇 ...)
    article_ordinal: int
    article_number: int | None
    kind: str
    text: str
    source: str
    line_start: int
    line_end: int
    token_count: int  # tiktoken cl100k_base
    char_count: int
    part_index: int = 1  # 1-based part of a split provision
    part_count: int = 1
    chapter_path: list[str] = field(default_factory=list)
    part: str | None = None
    notice_title: str | None = None
    signed_date: str | None = None
    effective_date: str | None = None
    expiry_date: str | None = None
    issue: str | None = None  # 2021年第12期（总第225期）
    event_date: str | None = None
    person: str | None = None
    post: str | None = None
    action: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class IngestProblem:
    """A file that could not be ingested, with what was wrong and how to fix it."""

    source: str
    message: str


@dataclass
class IngestResult:
    issues: list[IssueInfo] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems
