"""Answer generators, chosen by name through ``GeneratorName``.

Contract: ``generate(plan, config)`` streams answer text whose claims carry [n] markers (n a ContextItem's
marker of ``plan.context``); the assistant shows it through ``claims.ClaimChecker``, which makes the
``Generation``. A generator that cannot finish its text raises (``UnfinishedReply`` for a chat model's deadline
or cut-off reply).
``config`` is the LangChain RunnableConfig of the caller's run (None outside LangChain): a model runs under it.
"""

from __future__ import annotations

import contextvars
import queue
import secrets
import threading
import time
from collections.abc import Iterator
from typing import Protocol, TypeVar

from prompts import ANSWER_PROMPT, load_prompt

from ..choices import Choice
from ..config import DEFAULT_LLM_DEADLINE
from ..errors import InputError, PolicyQAError
from ..text.instructions import neutralise
from ..types import AskStatus, Chunk, LookupKind, ProvisionKind
from .asks import AnswerType
from .context import AnswerPlan, ContextItem
from .evidence import Finding, best_sentences_for
from .sentences import sentences

T = TypeVar("T")
TABLE_FIELD_LENGTH = 30  # a table row's cell this short is a field of it (聊城市生态环境局, 调整上收至市行政审批局)


class GeneratorName(Choice):
    EXTRACTIVE = "extractive"  # the provisions' own sentences; needs no model
    LLM = "llm"  # a chat model, prompted with the numbered provisions


class UnfinishedReply(PolicyQAError):
    """A chat model's reply that cannot be used whole: past the deadline, cut off, or ended without saying it
    was complete. ``says`` is the reason in Chinese, for the note the user reads."""

    def __init__(self, reason: str, says: str):
        super().__init__(f"the chat model's reply is unfinished: {reason}; the extractive answer is used instead "
                         f"(raise POLICYQA_LLM_DEADLINE or POLICYQA_LLM_MAX_TOKENS if replies are cut short)")
        self.says = says


class Generator(Protocol):
    name: GeneratorName
    checks_support: bool  # whether each sentence must be supported by its provision (qa.answering.claims)

    def generate(self, plan: AnswerPlan, config: dict | None = None) -> Iterator[str]: ...


class ExtractiveGenerator:
    """Composes the answer from the provisions' own sentences: for each ask, a direct lead line citing the
    provision that answers it, then its sentences that answer the ask; an ask the documents leave open is
    said to be open. Deterministic; needs no model; never refuses (the assistant refuses before it)."""

    name = GeneratorName.EXTRACTIVE
    checks_support = False  # its sentences are the provisions' own

    def __init__(self, sentences_per_answer: int = 2):
        if sentences_per_answer < 1:
            raise ValueError(f"sentences_per_answer={sentences_per_answer}; it must be at least 1")
        self.sentences_per_answer = sentences_per_answer

    def generate(self, plan: AnswerPlan, config: dict | None = None) -> Iterator[str]:
        if len(plan.findings) == 1:
            yield from self._answer(plan.findings[0], plan.items(plan.findings[0]))
            return
        for n, finding in enumerate(plan.findings, start=1):
            yield f"{'' if n == 1 else chr(10)}{n}. {finding.ask.text.rstrip('？?。')}？"
            if finding.answered:
                yield from self._answer(finding, plan.items(finding))
            else:
                yield open_ask(finding)

    def _answer(self, finding: Finding, items: list[ContextItem]) -> Iterator[str]:
        if not items:
            return
        primary = items[0]
        chunk, lookup = primary.chunk, primary.lookup
        if chunk.kind == ProvisionKind.APPOINTMENT:
            yield from self._records(items)
        elif chunk.kind == ProvisionKind.EVENT:  # a day asked about: each of its entries the ask is about
            yield f"据《{primary.document.title}》记载，"
            for item in items:
                yield f"{item.chunk.text}[{item.marker}]"
        elif lookup is not None and lookup.kind is LookupKind.DOCUMENT:
            yield from self._document(primary)
        elif lookup is not None:  # an article named (one printed twice is said twice)
            for n, item in enumerate(items):
                yield f"{chr(10) if n else ''}{item.chunk.citation}规定：{_without_label(item.chunk)}[{item.marker}]"
        elif len(items) > 1:  # the items of a list asked which ones: each of them
            yield f"根据《{primary.document.title}》："
            for item in items:
                yield f"{' '.join(_without_label(item.chunk).split()).rstrip('；;。')}[{item.marker}]；"
        else:
            picked = best_sentences_for(finding.ask, chunk.text, self.sentences_per_answer, finding.focus)
            if chunk.kind == ProvisionKind.TABLE_ROW:  # its short cells are its fields: who, what kind, how changed
                fields = {cell.strip() for cell in chunk.text.split("\n") if len(cell.strip()) <= TABLE_FIELD_LENGTH}
                picked = [s for s in sentences(chunk.text) if s in picked or s in fields]
            lead, rest = _without_label(chunk, picked[0]), picked[1:]
            yield f"根据{chunk.citation}，{lead}[{primary.marker}]"
            for sentence in rest:
                yield f"{_without_label(chunk, sentence)}[{primary.marker}]"

    @staticmethod
    def _records(group: list[ContextItem]) -> Iterator[str]:
        head = group[0].document
        number = f"（{head.doc_number}）" if head.doc_number else ""
        yield f"根据《{head.title}》{number}："
        for item in group:
            yield f"{item.chunk.text.rstrip('；;。')}[{item.marker}]；"

    @staticmethod
    def _document(item: ContextItem) -> Iterator[str]:
        c, d = item.chunk, item.document
        title = d.notice_title or d.title
        when = f"，{_date_cn(d.signed_date)}印发" if d.signed_date else ""
        yield f"{d.doc_number}是《{title}》{when}。"
        if d.notice_title:
            yield f"它印发的是《{d.title}》。"
        if d.effective_date:
            until = f"，有效期至{_date_cn(d.expiry_date)}" if d.expiry_date else ""
            yield f"自{_date_cn(d.effective_date)}起施行{until}。"
        # what the document does is its opening sentence (为…，我市自主决定调整一批行政权力事项), after the line
        # naming whom it is sent to (各县（市、区）人民政府，…：)
        found = sentences(c.text)
        opening = found[1] if len(found) > 1 and found[0].rstrip().endswith(("：", ":")) else found[0] if found else ""
        if opening:
            yield f"{opening}[{item.marker}]"


_OPEN_WHAT = {AnswerType.AMOUNT: "具体的数额、比例或数量", AnswerType.DURATION: "具体的期限或时长",
              AnswerType.DATE: "具体的时间", AnswerType.PERSON: "具体的人员", AnswerType.BODY: "具体是哪些部门、单位或企业",
              AnswerType.PLACE: "具体的地点"}


def open_ask(finding: Finding) -> str:
    """What the documents leave open for an ask, with the provision that comes closest (named, not cited)."""
    if finding.status == AskStatus.NOT_STATED and finding.related:
        closest = finding.related[0].chunk.citation
        return f"已收录的文件没有写明{_OPEN_WHAT.get(finding.ask.answer_type, '这一点')}（{closest}涉及这一事项）。"
    return "已收录的文件中没有这方面的规定。"


def _without_label(chunk: Chunk, sentence: str | None = None) -> str:
    text = (sentence if sentence is not None else chunk.text).strip()
    label = chunk.article.split(" ")[-1]
    return text[len(label):].lstrip() if chunk.kind == ProvisionKind.ARTICLE and text.startswith(label) else text


def _date_cn(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


class ChatGenerator:
    """Any LangChain chat model (OpenAI-compatible endpoint, or a scripted one in tests), prompted with the
    numbered provisions as data between a boundary drawn anew for each request. Its reply is checked sentence
    by sentence (``claims.ClaimChecker``) before it is shown.

    ``deadline``: seconds the whole reply may take (connecting, the first token and the rest); past it, or when
    the reply ends without a finish reason that says it is complete, ``generate`` raises ``UnfinishedReply`` and
    the assistant answers extractively instead. The model's own per-read timeout still applies within it."""

    name = GeneratorName.LLM
    checks_support = True

    def __init__(self, chat_model, prompt_name: str = ANSWER_PROMPT, deadline: float = DEFAULT_LLM_DEADLINE):
        if not (isinstance(deadline, (int, float)) and deadline > 0):
            raise InputError(f"deadline={deadline!r}; give the seconds a whole reply may take, a number above 0")
        self.chat_model = chat_model
        self.prompt_name = prompt_name
        self.template = load_prompt(prompt_name)
        self.deadline = float(deadline)

    def messages(self, question: str, context: list[ContextItem], boundary: str | None = None,
                 findings: list[Finding] = ()):
        """The system message (rules, then each provision under a header line that starts with ``boundary``)
        and the question as the user's message; a question of several asks (``findings``) lists them, each with
        what the documents were found to say of it, so that each is answered or said to be not stated."""
        from langchain_core.messages import HumanMessage, SystemMessage

        texts = [neutralise(item.chunk.text) for item in context]
        boundary = boundary or new_boundary(texts)
        lead = f"{boundary} " if "{boundary}" in self.template else ""
        blocks = [f"{lead}[{item.marker}] {item.chunk.citation}\n{text}" for item, text in zip(context, texts)]
        system = self.template.format(context="\n\n".join(blocks), boundary=boundary)
        if len(findings) > 1:
            asks = "\n".join(f"{n}. {f.ask.text}" + ("" if f.answered else "（条文没有写明，请写“未写明：”一行）")
                             for n, f in enumerate(findings, start=1))
            question = f"{question}\n\n这个问题包含{len(findings)}问，请逐一回答：\n{asks}"
        return [SystemMessage(system), HumanMessage(question)]

    def generate(self, plan: AnswerPlan, config: dict | None = None) -> Iterator[str]:
        finish = None
        pieces = self.chat_model.stream(self.messages(plan.question, plan.context, findings=plan.findings),
                                        config=config)
        for piece in within(pieces, self.deadline):
            finish = finish_reason(piece) or finish
            text = piece.content if isinstance(piece.content, str) else "".join(map(str, piece.content))
            if text:
                yield text
        if finish not in COMPLETE:
            raise UnfinishedReply(f"finish reason {finish!r}" if finish else "no finish reason",
                                  "被截断" if finish in TRUNCATED else "没有正常结束")


# What chat models report when a reply is complete (OpenAI, Anthropic, Ollama, llama.cpp), and when it was cut.
COMPLETE = frozenset({"stop", "end_turn", "stop_sequence", "eos", "eos_token"})
TRUNCATED = frozenset({"length", "max_tokens"})


def finish_reason(piece) -> str | None:
    """The finish reason a streamed chunk carries (its response metadata), if any."""
    meta = getattr(piece, "response_metadata", None) or {}
    reason = meta.get("finish_reason") or meta.get("stop_reason") or meta.get("done_reason")
    return str(reason) if reason else None


def new_boundary(texts: list[str]) -> str:
    """A random marker that no provision text contains: the data cannot forge a provision's header line."""
    while True:
        boundary = f"@@{secrets.token_hex(6)}@@"
        if not any(boundary in t for t in texts):
            return boundary


def within(pieces: Iterator[T], seconds: float) -> Iterator[T]:
    """``pieces`` until they end, or ``UnfinishedReply`` when ``seconds`` have passed since the first was asked
    for, whether the source is slow, stalled or sending keep-alives. The source is read on a helper thread,
    which stops reading (and closes the source) at its next piece once the deadline has passed."""
    box: queue.Queue = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for piece in pieces:
                if stop.is_set():
                    break
                box.put((True, piece))
            box.put((False, None))
        except BaseException as err:  # noqa: BLE001 - handed to the reading thread, which raises it
            box.put((False, err))
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()

    ends = time.monotonic() + seconds
    threading.Thread(target=contextvars.copy_context().run, args=(pump,), daemon=True,
                     name="policyqa-llm-stream").start()
    try:
        while True:
            try:
                more, value = box.get(timeout=max(0.0, ends - time.monotonic()))
            except queue.Empty:
                raise UnfinishedReply(f"deadline of {seconds:g} s passed", f"在{seconds:g}秒内没有答完") from None
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:  # past the deadline, or the reader stopped early: the helper stops at its next piece
        stop.set()
