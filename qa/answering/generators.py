"""Answer generators, chosen by name through ``GeneratorName``.

Contract: ``generate(plan, config)`` streams answer text whose claims carry [n] markers (n a ContextItem's
marker of ``plan.context``); ``finish(text)`` reads the whole text as a ``Generation`` (text, and whether it is
a refusal).
``config`` is the LangChain RunnableConfig of the caller's run (None outside LangChain): a model runs under it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from prompts import ANSWER_PROMPT, load_prompt

from ..choices import Choice
from ..text.instructions import BLOCK_TAG_RE
from ..types import REFUSAL_TEXT, AskStatus, Chunk, LookupKind, ProvisionKind
from .asks import AnswerType
from .context import AnswerPlan, ContextItem
from .evidence import Finding, best_sentences_for
from .sentences import best_sentences


class GeneratorName(Choice):
    EXTRACTIVE = "extractive"  # the provisions' own sentences; needs no model
    LLM = "llm"  # a chat model, prompted with the numbered provisions


@dataclass
class Generation:
    text: str
    refused: bool  # the generator says the provisions do not answer


class Generator(Protocol):
    name: GeneratorName

    def generate(self, plan: AnswerPlan, config: dict | None = None) -> Iterator[str]: ...

    def finish(self, text: str) -> Generation: ...


class ExtractiveGenerator:
    """Composes the answer from the provisions' own sentences: for each ask, a direct lead line citing the
    provision that answers it, then its sentences that answer the ask; an ask the documents leave open is
    said to be open. Deterministic; needs no model; never refuses (the assistant refuses before it)."""

    name = GeneratorName.EXTRACTIVE

    def __init__(self, sentences_per_answer: int = 2):
        if sentences_per_answer < 1:
            raise ValueError(f"sentences_per_answer={sentences_per_answer}; it must be at least 1")
        self.sentences_per_answer = sentences_per_answer

    def finish(self, text: str) -> Generation:
        return Generation(text, refused=False)

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
        if lookup is not None and lookup.kind is LookupKind.PERSON:
            yield from self._records(items)
        elif chunk.kind == ProvisionKind.EVENT:
            yield f"据《{primary.document.title}》记载，{chunk.text}[{primary.marker}]"
        elif lookup is not None and lookup.kind is LookupKind.DOCUMENT:
            yield from self._document(primary)
        elif lookup is not None:
            yield f"{chunk.citation}规定：{_without_label(chunk)}[{primary.marker}]"
        else:
            picked = best_sentences_for(finding.ask, chunk.text, self.sentences_per_answer)
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
        first = best_sentences(title, c.text, 1)
        if first:
            yield f"{first[0]}[{item.marker}]"


_OPEN_WHAT = {AnswerType.AMOUNT: "具体的数额、比例或数量", AnswerType.DURATION: "具体的期限或时长",
              AnswerType.DATE: "具体的时间", AnswerType.PERSON: "具体的人员", AnswerType.BODY: "由哪个部门或单位负责"}


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
    """Any LangChain chat model (OpenAI-compatible endpoint, or a fake in tests), prompted with the numbered
    provisions as delimited data."""

    name = GeneratorName.LLM

    def __init__(self, chat_model, prompt_name: str = ANSWER_PROMPT):
        self.chat_model = chat_model
        self.template = load_prompt(prompt_name)

    def messages(self, question: str, context: list[ContextItem]):
        from langchain_core.messages import HumanMessage, SystemMessage

        blocks = []
        for item in context:
            text = BLOCK_TAG_RE.sub("", item.chunk.text)  # data cannot close (or open) the block
            blocks.append(f"[{item.marker}] {item.chunk.citation}\n{text}")
        return [SystemMessage(self.template.format(context="\n\n".join(blocks))), HumanMessage(question)]

    def generate(self, plan: AnswerPlan, config: dict | None = None) -> Iterator[str]:
        for piece in self.chat_model.stream(self.messages(plan.question, plan.context), config=config):
            text = piece.content if isinstance(piece.content, str) else "".join(map(str, piece.content))
            if text:
                yield text

    def finish(self, text: str) -> Generation:
        # The prompt tells the model to reply with the refusal sentence when the provisions do not answer.
        return Generation(text, refused=REFUSAL_TEXT.rstrip("。") in text)
