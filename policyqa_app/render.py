"""HTML for the page, as pure functions of plain data (unit-tested without a browser).

Every text from the corpus, the user or the model is escaped. Chat messages are single-line HTML blocks (no
blank lines), so the Chatbot's Markdown renderer passes them through unchanged.

Clickable references are anchors whose ``href`` carries the target (the Chatbot's sanitizer keeps ``href``,
``class`` and ``title`` but drops ``data-*``); ``assets.BRIDGE_JS`` catches clicks on them:

- ``#pq-cite-{turn}-{marker}``: citation ``marker`` of the answer in conversation turn ``turn``;
- ``#pq-chunk-{chunk id}``: a provision picked in the document browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import date
from urllib.parse import quote, unquote

from qa.progress import EMBEDDING_CHUNKS, READING_FILES
from qa.text.patterns import MARKER_RE
from qa.types import REFUSAL_TEXT, Document

from .sources import CorpusView, DocumentView, ProvisionView

CITE_PREFIX = "#pq-cite-"
CHUNK_PREFIX = "#pq-chunk-"
_CITE_REF_RE = re.compile(r"^#pq-cite-(\d{1,5})-(\d{1,3})$")

STAGE_LABELS = {READING_FILES: "读取文件", EMBEDDING_CHUNKS: "向量化条文片段"}
GENERATOR_LABELS = {"extractive": "抽取式（原文摘录）", "llm": "大模型生成"}
NOT_APPLICABLE_VALIDITY = ("任免", "大事记")
PLACEHOLDER = "点击回答中的引用标记（如 [1]）或文件浏览中的条文，在这里查看原文。"

DOC_TABLE_HEADERS = ["标题", "文号", "类型", "签发日期", "施行日期", "有效期至", "条文数"]
DOC_TABLE_WIDTHS = ["34%", "19%", "10%", "10%", "10%", "10%", "7%"]


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _lines(text: str) -> str:
    """Escaped text with line breaks kept (no raw newlines: a blank line would end the HTML block)."""
    return "<br>".join(esc(line) for line in text.split("\n"))


# -- references --------------------------------------------------------------------------------------------

def cite_ref(turn: int, marker: int) -> str:
    return f"{CITE_PREFIX}{turn}-{marker}"


def chunk_ref(chunk_id: str) -> str:
    return CHUNK_PREFIX + quote(chunk_id, safe=":.-_")


def parse_ref(ref: str) -> tuple[str, object] | None:
    """("cite", (turn, marker)) or ("chunk", chunk_id) for an href made above; None for anything else."""
    ref = (ref or "").strip()
    if ref.startswith("http") and "#" in ref:  # a browser may report the absolute URL
        ref = ref[ref.index("#"):]
    match = _CITE_REF_RE.match(ref)
    if match:
        return "cite", (int(match[1]), int(match[2]))
    if ref.startswith(CHUNK_PREFIX) and len(ref) > len(CHUNK_PREFIX):
        return "chunk", unquote(ref[len(CHUNK_PREFIX):])
    return None


# -- chat messages ------------------------------------------------------------------------------------------

def user_html(question: str) -> str:
    return f'<div class="pq-question">{_lines(question)}</div>'


def pending_html(status: str = "正在检索相关条文…") -> str:
    return f'<div class="pq-pending"><span class="pq-spinner"></span>{esc(status)}</div>'


def streaming_html(text: str, status: str | None = None) -> str:
    """An answer still arriving: markers are plain until the citations are known."""
    note = f'<div class="pq-pending-note">{esc(status)}</div>' if status else ""
    return f'<div class="pq-answer pq-streaming"><div class="pq-answer-text">{_lines(text)}▍</div>{note}</div>'


def error_html(message: str) -> str:
    return (f'<div class="pq-error"><div class="pq-error-head">出错了</div>'
            f'<div>{_lines(message)}</div></div>')


def _citation_label(citation: dict) -> str:
    if citation.get("citation"):
        return citation["citation"]
    number = f"（{citation['doc_number']}）" if citation.get("doc_number") else ""
    return f"《{citation.get('doc_title', '')}》{number}{citation.get('article', '')}"


def linked_text(text: str, citations: Sequence[dict], turn: int) -> str:
    """Answer text, escaped, with every [n] that names a citation turned into a link to it."""
    known = {int(c["marker"]): c for c in citations}
    out: list[str] = []
    pos = 0
    for match in MARKER_RE.finditer(text):
        out.append(_lines(text[pos:match.start()]))
        marker = int(match[1])
        citation = known.get(marker)
        if citation is None:
            out.append(esc(match[0]))
        else:
            out.append(f'<a class="pq-cite pq-marker" href="{cite_ref(turn, marker)}" '
                       f'title="{esc(_citation_label(citation))}">[{marker}]</a>')
        pos = match.end()
    out.append(_lines(text[pos:]))
    return "".join(out)


def citations_html(citations: Sequence[dict], turn: int) -> str:
    if not citations:
        return ""
    items = "".join(
        f'<li><a class="pq-cite pq-cite-item" href="{cite_ref(turn, int(c["marker"]))}">'
        f'<span class="pq-cite-no">[{int(c["marker"])}]</span>{esc(_citation_label(c))}</a></li>'
        for c in sorted(citations, key=lambda c: int(c["marker"])))
    return (f'<div class="pq-citations"><div class="pq-citations-head">引用依据（点击查看原文）</div>'
            f'<ol>{items}</ol></div>')


def _notes_html(notes: Iterable[str]) -> str:
    notes = [n for n in notes if n]
    if not notes:
        return ""
    return '<ul class="pq-notes">' + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"


def _suggestions_html(suggestions: Sequence[dict]) -> str:
    names = []
    for s in suggestions:
        if not s.get("doc_title"):
            continue
        number = f"（{esc(s['doc_number'])}）" if s.get("doc_number") else ""
        names.append(f"<li>《{esc(s['doc_title'])}》{number}</li>")
    if not names:
        return ""
    return f'<div class="pq-suggestions"><div>可以查阅这些已收录的文件：</div><ul>{"".join(names)}</ul></div>'


def refusal_html(answer: dict) -> str:
    """A refusal looks different from an answer: no citations, no score, says what is missing."""
    text = answer.get("answer") or REFUSAL_TEXT  # carries the reason in words; refusal_reason is a code
    return (f'<div class="pq-refusal"><div class="pq-refusal-head">未找到依据</div>'
            f'<div class="pq-refusal-text">{_lines(text)}</div>'
            f'{_suggestions_html(answer.get("suggestions") or [])}{_notes_html(answer.get("notes") or [])}'
            f'<div class="pq-meta">本助手只依据已收录的政府公报回答，不作推测。</div></div>')


def answer_html(answer: dict, turn: int) -> str:
    """A final answer (the ``Answer.to_dict()`` shape) as shown in the chat."""
    if answer.get("refused"):
        return refusal_html(answer)
    citations = answer.get("citations") or []
    generator = GENERATOR_LABELS.get(answer.get("generator") or "", answer.get("generator") or "")
    meta = f"{esc(generator)} · 依据 {len(citations)} 条规定" if citations else esc(generator)
    return (f'<div class="pq-answer"><div class="pq-answer-text">'
            f'{linked_text(answer.get("answer") or "", citations, turn)}</div>'
            f'{citations_html(citations, turn)}{_notes_html(answer.get("notes") or [])}'
            f'<div class="pq-meta">{meta}</div></div>')


def turn_messages(turns: Sequence[dict], live: str | None = None) -> list[dict]:
    """Chatbot messages for the conversation: two per turn (question, answer), so message 2t+1 is turn t's
    answer. ``live`` is the HTML of the last turn's answer while it is still being produced."""
    messages: list[dict] = []
    for n, turn in enumerate(turns):
        messages.append({"role": "user", "content": user_html(turn["question"])})
        if n == len(turns) - 1 and live is not None:
            content = live
        elif turn.get("answer") is not None:
            content = answer_html(turn["answer"], n)
        else:
            content = error_html(turn.get("error") or "没有得到回答。")
        messages.append({"role": "assistant", "content": content})
    return messages


# -- the source panel ----------------------------------------------------------------------------------------

def validity(doc: Document, today: date) -> tuple[str, str] | None:
    """(label, css class) of a document's validity judged from the dates the gazette prints; None where
    validity does not apply (任免, 大事记)."""
    if doc.doc_type in NOT_APPLICABLE_VALIDITY:
        return None
    iso = today.isoformat()
    if doc.expiry_date and doc.expiry_date < iso:
        return f"已失效（有效期至 {doc.expiry_date}）", "pq-valid-expired"
    if doc.effective_date and doc.effective_date > iso:
        return f"尚未施行（{doc.effective_date} 起施行）", "pq-valid-pending"
    if doc.effective_date or doc.expiry_date:
        return "现行有效", "pq-valid-in"
    return "未注明施行日期", "pq-valid-unknown"


def highlight(text: str, sentences: Iterable[str], css: str = "pq-support") -> str:
    """Escaped text with every occurrence of the given sentences wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        sentence = (sentence or "").strip()
        for candidate in (sentence, sentence.rstrip("。；;，,！？!?")):
            if len(candidate) < 2:
                continue
            start = text.find(candidate)
            found = start >= 0
            while start >= 0:
                spans.append((start, start + len(candidate)))
                start = text.find(candidate, start + len(candidate))
            if found:
                break
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(_lines(text[pos:start]))
        out.append(f'<mark class="{css}">{_lines(text[start:end])}</mark>')
        pos = end
    out.append(_lines(text[pos:]))
    return "".join(out)


def _meta_rows(doc: Document, today: date) -> str:
    rows = [("文号", doc.doc_number or "无"), ("类型", doc.doc_type), ("发布机关", doc.issuer),
            ("签发日期", doc.signed_date), ("施行日期", doc.effective_date), ("有效期至", doc.expiry_date),
            ("公报", doc.issue)]
    cells = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    state = validity(doc, today)
    if state:
        cells += (f'<dt>效力</dt><dd><span class="pq-valid {state[1]}" title="按公报所载日期判断">'
                  f"{esc(state[0])}</span></dd>")
    return f'<dl class="pq-source-meta">{cells}</dl>'


def source_html(doc: Document, provision: ProvisionView, *, today: date, marker: int | None = None,
                chunk_id: str | None = None, supporting: Sequence[str] = ()) -> str:
    """The whole provision a citation points at, with its document's title, 文号, dates and validity; the
    supporting sentences (or, without them, the cited part of a split provision) highlighted."""
    text = provision.text
    marks = list(supporting)
    if not marks and chunk_id and len(provision.chunks) > 1:
        cited = next((c for c in provision.chunks if c.chunk_id == chunk_id), None)
        marks = [cited.text] if cited else []
    kicker = f"引用 [{marker}] 的原文" if marker is not None else "条文原文"
    first = provision.first
    path = " › ".join([*first.chapter_path, provision.label]) if first.chapter_path else provision.label
    notice = (f'<div class="pq-source-notice">印发通知：{esc(doc.notice_title)}</div>'
              if doc.notice_title and doc.notice_title != doc.title else "")
    lines = f"第 {first.line_start}–{first.line_end} 行" if first.line_start else ""
    support_note = (f'<div class="pq-source-foot">高亮：回答所依据的句子（{len(supporting)} 句）</div>'
                    if supporting else "")
    return (f'<div class="pq-source" id="pq-source-card">'
            f'<div class="pq-source-kicker">{esc(kicker)}</div>'
            f'<div class="pq-source-title">{esc(doc.label)}</div>{notice}'
            f'{_meta_rows(doc, today)}'
            f'<div class="pq-source-citation">{esc(provision.citation)}</div>'
            f'<div class="pq-source-label">{esc(path)}</div>'
            f'<div class="pq-source-text">{highlight(text, marks)}</div>{support_note}'
            f'<div class="pq-source-origin">来源文件：{esc(doc.source)} {esc(lines)}</div></div>')


def placeholder_html(message: str = PLACEHOLDER) -> str:
    return f'<div class="pq-source pq-source-empty">{esc(message)}</div>'


def citation_source_html(view: CorpusView, citation: dict, *, today: date) -> str:
    found = view.locate(citation["chunk_id"])
    if found is None:  # the index changed since the answer: show what the answer carried
        return (f'<div class="pq-source"><div class="pq-source-kicker">引用 [{int(citation["marker"])}]</div>'
                f'<div class="pq-source-title">{esc(_citation_label(citation))}</div>'
                f'<div class="pq-source-text">{highlight(citation.get("text", ""), citation.get("supporting_sentences") or [])}</div>'
                f'<div class="pq-source-foot">该条文已不在当前索引中。</div></div>')
    doc, provision = found
    return source_html(doc, provision, today=today, marker=int(citation["marker"]), chunk_id=citation["chunk_id"],
                       supporting=citation.get("supporting_sentences") or [])


# -- the document browser ------------------------------------------------------------------------------------

def document_rows(view: CorpusView) -> list[list]:
    return [[d.title, d.doc_number or "—", d.doc_type, d.signed_date or "—", d.effective_date or "—",
             d.expiry_date or "—", len(v.provisions)] for v in view.documents for d in (v.document,)]


def document_choices(view: CorpusView) -> list[tuple[str, str]]:
    """(label, key) for the document picker."""
    return [(v.document.label, v.document.key) for v in view.documents]


def provisions_html(view: DocumentView, today: date) -> str:
    """A document's provisions as a clickable table of contents (each opens in the source panel)."""
    doc, items = view.document, []
    for provision in view.provisions:
        snippet = provision.text.replace("\n", " ")
        snippet = snippet[:60] + ("…" if len(snippet) > 60 else "")
        items.append(f'<li><a class="pq-cite pq-prov" href="{chunk_ref(provision.first.chunk_id)}">'
                     f'{esc(provision.label)}</a><span class="pq-snippet">{esc(snippet)}</span></li>')
    return (f'<div class="pq-doc"><div class="pq-source-title">{esc(doc.label)}</div>'
            f'{_meta_rows(doc, today)}<div class="pq-doc-count">共 {len(view.provisions)} 条（项），点击查看全文</div>'
            f'<ol class="pq-provisions">{"".join(items)}</ol></div>')


def upload_report_html(report: str) -> str:
    """The upload report as HTML: every line escaped (a document title or file name is corpus text and is shown
    as text, never as a link, form or image), ``- `` lines as a list."""
    parts, items = [], []
    for line in report.splitlines():
        if line.startswith("- "):
            items.append(f"<li>{esc(line[2:])}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{esc(line)}</p>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return f'<div class="pq-upload-report">{"".join(parts)}</div>' if parts else ""
