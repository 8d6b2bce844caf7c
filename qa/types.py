"""The data contract of every stage: files -> documents -> chunks -> index -> hits -> answer.

Each later stage reads only these dataclasses. All are plain data that round-trip through ``to_dict`` /
``from_dict`` and never hold file handles or models. A document has one identity, ``Document.key``; chunks
carry it as ``doc_key`` instead of copies of the document's fields.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field, fields
from typing import Any

# Bump when the text a chunk holds, its id or its citation could change for the same input file:
# an index built with another version is rebuilt (keeping the vectors of unchanged texts), never silently reused.
CHUNKER_VERSION = "8"  # 8: a notice keeps its signature and date; 7: a heading counting what follows (（18 件）) is a provision; 6: 文号 in one canonical form


def _from_dict(cls, data: dict[str, Any]):
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known})


class DocType:
    """Document kinds (values are the Chinese names users see). A gazette's documents are typed by who issued
    them; a document that stands alone in its file by the kind its title ends with (条例, 办法, …)."""

    DECREE = "政府令"
    GOVERNMENT = "政府文件"
    OFFICE = "办公室文件"
    PERSONNEL = "任免"
    CHRONICLE = "大事记"
    OTHER = "其他"


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


# -- ingestion -------------------------------------------------------------------------------------


@dataclass
class TocEntry:
    title: str
    doc_number: str | None
    page: int
    category: str | None  # the TOC heading it sits under, e.g. 市政府办公室文件


@dataclass
class IssueInfo:
    """Metadata of one input file (a gazette issue, or a file holding one document)."""

    source: str  # path within the corpus, e.g. liaocheng-gazette-2021-12.md or national/x.md
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
    """One document. ``provisions`` is filled by ingestion; the catalogue stored with the index keeps the
    document without them (its chunks hold the text)."""

    source: str  # path of its file within the corpus
    index: int  # 1-based position in the file
    doc_type: str
    title: str  # the text users cite: the attached 办法 for 印发 notices, else the notice title
    doc_number: str | None  # normalised 文号: 聊政办发〔2021〕7号 / 聊城市人民政府令第42号
    issuer: str | None
    notice_title: str | None = None  # full notice title when the document wraps an attached text
    signed_date: str | None = None  # ISO dates; signed (a notice) or promulgated (公布/发布: a law, a regulation)
    effective_date: str | None = None
    expiry_date: str | None = None
    passed_date: str | None = None  # first passed (通过), by a people's congress committee or a State Council meeting
    approved_date: str | None = None  # approved (批准) by the province, for a city's regulation
    approver: str | None = None  # who approved it: 河南省人民代表大会常务委员会
    revised_date: str | None = None  # last revised or amended (修订, 修正)
    version: str | None = None  # ISO date of the text this file holds; documents with one title and several
    #                             versions are told apart by it (the catalogue groups them)
    attachments: list[str] = field(default_factory=list)
    toc_pages: tuple[int, int] | None = None  # first and last page per the table of contents
    issue: str | None = None  # the gazette issue it was printed in: 2021年第12期（总第225期）
    line_start: int = 0
    line_end: int = 0
    provisions: list[Provision] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The document's identity: its file's path within the corpus (never just the stem: two files may
        share one) and its position in that file. Chunk ids start with it."""
        return f"{self.source}:d{self.index:02d}"

    @property
    def label(self) -> str:
        """How the document is named in lists and refusals: 《title》（文号）."""
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")

    def citation_for(self, label: str) -> str:
        number = f"（{self.doc_number}）" if self.doc_number else ""
        return f"《{self.title}》{number}{label}"

    def without_provisions(self) -> Document:
        return Document(**{**{f.name: getattr(self, f.name) for f in fields(self)}, "provisions": []})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("provisions")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        doc = _from_dict(cls, {k: v for k, v in data.items() if k != "provisions"})
        if doc.toc_pages is not None:
            doc.toc_pages = tuple(doc.toc_pages)
        return doc


@dataclass
class Anomaly:
    """Something in the source that is odd and that a reader of the ingest report must see."""

    kind: str  # duplicate_label, gap, out_of_order, unassigned_fragment, no_structure, ...
    source: str
    message: str
    line: int | None = None
    doc_title: str | None = None


@dataclass
class IngestProblem:
    """A file that could not be ingested, with what was wrong and how to fix it."""

    source: str
    message: str


@dataclass
class IngestResult:
    issues: list[IssueInfo] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    seconds: float = 0.0


# -- chunks and hits -------------------------------------------------------------------------------


@dataclass
class Chunk:
    """The unit of retrieval and citation: one provision, or one part of a long provision. Document fields
    (title, 文号, dates …) live in the catalogue under ``doc_key``."""

    chunk_id: str  # {doc_key}:p{NNN}[.{part}]
    doc_key: str
    citation: str  # 《…》（文号）第十五条
    article: str  # provision label (第十五条 / 三、（四） / 任命：陶新镇 ...), prefixed by its part if any
    article_ordinal: int
    article_number: int | None
    kind: str
    text: str
    line_start: int
    line_end: int
    token_count: int  # tiktoken cl100k_base, of the text
    char_count: int
    citation_tokens: int = 0  # tiktoken cl100k_base, of the citation: a prompt's budget is counted without tiktoken
    part_index: int = 1  # 1-based part of a split provision
    part_count: int = 1
    chapter_path: list[str] = field(default_factory=list)
    part: str | None = None
    event_date: str | None = None
    person: str | None = None
    post: str | None = None
    action: str | None = None

    @property
    def posts(self) -> tuple[str, ...]:
        """The posts a 任免 record names (one record may name several: 副秘书长、…中心主任)."""
        return tuple(self.post.split("、")) if self.post else ()

    @property
    def provision_id(self) -> str:
        """The provision this chunk is (part of): the chunk id without its part suffix."""
        return self.chunk_id.rsplit(".", 1)[0] if self.part_count > 1 else self.chunk_id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return _from_dict(cls, data)


class LookupKind(enum.Enum):
    """Why a structured look-up put a chunk first."""

    ARTICLE = "article"  # 第十五条 of a named document (or the article at that position, when misprinted)
    ITEM = "item"  # 三、（二） of a named document
    ATTACHMENTS = "attachments"  # the 附件 of a named document
    DOCUMENT = "document"  # a 文号 or title alone: the document's opening provisions
    PERSON = "person"  # a person named in a 任免 record
    POST = "post"  # another record of that person's post in the same notice: who left it, who took it
    DATE = "date"  # a 大事记 entry of a named date


@dataclass(frozen=True)
class Lookup:
    kind: LookupKind
    value: str  # the label, person or ISO date matched


@dataclass
class Hit:
    chunk: Chunk
    document: Document
    score: float
    rank: int = 0
    lookup: Lookup | None = None
    ranks: dict[str, int] = field(default_factory=dict)  # {"bm25": 3, "dense": 1}: rank in each ranker
    # Each ranker's own score of the chunk for the query ({"bm25": 12.4, "dense": 0.86}), comparable across
    # questions where the fused score is not: what answering reads to judge whether the chunk is on topic.
    similarity: dict[str, float] = field(default_factory=dict)

    # What evaluation and display read, in one place.
    @property
    def doc_title(self) -> str:
        return self.document.title

    @property
    def article(self) -> str:
        return self.chunk.article

    @property
    def text(self) -> str:
        return self.chunk.text

    def why(self) -> dict[str, Any]:
        why: dict[str, Any] = dict(self.ranks)
        if self.lookup is not None:
            why["lookup"] = self.lookup.kind.value
            why["matched"] = self.lookup.value
        return why

    def to_dict(self) -> dict[str, Any]:
        c, d = self.chunk, self.document
        return {"rank": self.rank, "score": round(float(self.score), 6), "chunk_id": c.chunk_id,
                "citation": c.citation, "doc_title": d.title, "doc_number": d.doc_number, "doc_type": d.doc_type,
                "article": c.article, "text": c.text, "source": d.source, "line_start": c.line_start,
                "line_end": c.line_end, "why": self.why()}


# -- answers ---------------------------------------------------------------------------------------

REFUSAL_TEXT = "未在已收录的文件中找到相关规定。"


class RefusalReason:
    """Why an answer was refused (``Answer.refusal_reason``); scripts that score answers read these values."""

    EMPTY_QUESTION = "empty_question"
    NO_MATCH = "no_match"  # nothing collected is about what was asked
    NOT_STATED = "not_stated"  # the documents address it but do not state what was asked (an amount, a period …)
    NOT_SUPPORTED = "not_supported"  # the generated answer cited no given provision
    # and the scope rules' kinds: not_a_policy_question, writing_request, opinion_request, not_chinese,
    # missing_article, unknown_doc_number,
    # shared_doc_number (a 文号 documents of two files carry),
    # other_place, document_not_collected, other_period, date_not_covered, unknown_person,
    # topic_only_in_appointments, live_information (a forecast: 明天会下雨吗)


@dataclass
class Citation:
    marker: int
    chunk_id: str
    citation: str
    doc_title: str
    doc_number: str | None
    article: str
    text: str
    score: float
    supporting_sentences: list[str] = field(default_factory=list)


class AskStatus:
    """How far the documents answer one ask of a question (``AnswerPart.status``)."""

    ANSWERED = "answered"
    NOT_STATED = "not_stated"  # a provision is about it, but none states what the ask wants
    NOT_FOUND = "not_found"  # nothing collected is about it


@dataclass
class AnswerPart:
    """One ask of the question and what answers it: scripts score multi-part answers by these."""

    ask: str
    answer_type: str  # qa.answering.asks.AnswerType value: amount, duration, body, procedure …
    status: str  # an AskStatus value
    markers: list[int] = field(default_factory=list)  # the citations that answer this ask
    related: list[str] = field(default_factory=list)  # provisions about it that do not state what it asks


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    standalone_question: str = ""
    refusal_reason: str | None = None  # a RefusalReason value
    generator: str = "extractive"
    citations: list[Citation] = field(default_factory=list)
    retrieval: list[dict] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parts: list[AnswerPart] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AnswerEvent:
    """Streaming: ``kind`` is "status" (a step started), "token" (answer text to append: checked, final text),
    "reset" (the text shown so far is withdrawn: the chat model failed after part of its answer, and the
    extractive answer follows) or "final". The tokens after the last reset, joined, are the final answer's text."""

    kind: str
    text: str = ""
    answer: Answer | None = None
