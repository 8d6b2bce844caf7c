"""Answer generators. Contract: ``generate(question, context) -> Iterator[str]``, streaming answer text whose
claims carry [n] markers, n being a ContextItem's marker. Chosen by name through ``GENERATORS``."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from prompts import ANSWER_PROMPT, load_prompt

from .citations import best_sentences
from .instructions import BLOCK_TAG_RE
from .model import Chunk, ProvisionKind

logger = logging.getLogger(__name__)

LLM_ENV = {"base_url": "POLICYQA_LLM_BASE_URL", "model": "POLICYQA_LLM_MODEL", "api_key": "POLICYQA_LLM_API_KEY",
           "timeout": "POLICYQA_LLM_TIMEOUT", "retries": "POLICYQA_LLM_RETRIES"}


@dataclass
class ContextItem:
    marker: int
    chunk: Chunk
    why: dict


class Generator(Protocol):
    name: str

    def generate(self, question: str, context: list[ContextItem]) -> Iterator[str]: ...


class ExtractiveGenerator:
    """Composes the answer from the provisions' own sentences: a direct lead line citing the best provision,
    then its sentences that answer the question. Deterministic; needs no model."""

    name = "extractive"

    def __init__(self, sentences_per_answer: int = 2):
        if sentences_per_answer < 1:
            raise ValueError(f"sentences_per_answer={sentences_per_answer}; it must be at least 1")
        self.sentences_per_answer = sentences_per_answer

    def generate(self, question: str, context: list[ContextItem]) -> Iterator[str]:
        if not context:
            return
        primary = context[0]
        chunk = primary.chunk
        lookup = str(primary.why.get("lookup", ""))
        if lookup.startswith("person:"):
            yield from self._records(context, lookup)
        elif chunk.kind == ProvisionKind.EVENT:
            yield f"据《{chunk.doc_title}》记载，{chunk.text}[{primary.marker}]"
        elif lookup == "document":
            yield from self._document(primary)
        elif lookup:
            yield f"{chunk.citation}规定：{_without_label(chunk)}[{primary.marker}]"
        else:
            picked = best_sentences(question, chunk.text, self.sentences_per_answer)
            lead, rest = _without_label(chunk, picked[0]), picked[1:]
            yield f"根据{chunk.citation}，{lead}[{primary.marker}]"
            for sentence in rest:
                yield f"{_without_label(chunk, sentence)}[{primary.marker}]"

    @staticmethod
    def _records(context: list[ContextItem], lookup: str) -> Iterator[str]:
        group = [c for c in context if c.why.get("lookup") == lookup]
        head = group[0].chunk
        number = f"（{head.doc_number}）" if head.doc_number else ""
        yield f"根据《{head.doc_title}》{number}："
        for item in group:
            yield f"{item.chunk.text.rstrip('；;。')}[{item.marker}]；"

    @staticmethod
    def _document(item: ContextItem) -> Iterator[str]:
        c = item.chunk
        title = c.notice_title or c.doc_title
        when = f"，{_date_cn(c.signed_date)}印发" if c.signed_date else ""
        yield f"{c.doc_number}是《{title}》{when}。"
        if c.notice_title:
            yield f"它印发的是《{c.doc_title}》。"
        if c.effective_date:
            until = f"，有效期至{_date_cn(c.expiry_date)}" if c.expiry_date else ""
            yield f"自{_date_cn(c.effective_date)}起施行{until}。"
        first = best_sentences(title, c.text, 1)
        if first:
            yield f"{first[0]}[{item.marker}]"


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

    name = "llm"

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

    def generate(self, question: str, context: list[ContextItem]) -> Iterator[str]:
        for piece in self.chat_model.stream(self.messages(question, context)):
            text = piece.content if isinstance(piece.content, str) else "".join(map(str, piece.content))
            if text:
                yield text


def llm_settings_from_env() -> dict | None:
    """OpenAI-compatible endpoint settings, or None when no LLM is configured (base URL and model needed)."""
    base_url, model = os.environ.get(LLM_ENV["base_url"]), os.environ.get(LLM_ENV["model"])
    if not base_url or not model:
        return None
    return {"base_url": base_url, "model": model, "api_key": os.environ.get(LLM_ENV["api_key"]) or "not-needed",
            "timeout": float(os.environ.get(LLM_ENV["timeout"]) or 30), "retries": int(os.environ.get(LLM_ENV["retries"]) or 1)}


def mask_secret(value: str | None) -> str:
    """Keys never reach logs whole: sk-abcdef123456 -> sk-a…3456."""
    if not value:
        return ""
    return value[:4] + "…" + value[-4:] if len(value) > 10 else "***"


_SECRETS: set[str] = set()


def redact_in_logs(secret: str | None) -> None:
    """From now on, every log record of this process shows ``secret`` masked, whichever library logs it
    (an endpoint that echoes the key in an error body, an exception's traceback)."""
    if not secret or len(secret) < 8:
        return
    if not _SECRETS:
        make_record = logging.getLogRecordFactory()

        def redacting_record(*args, **kwargs) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            message = record.getMessage()
            if any(s in message for s in _SECRETS):
                record.msg, record.args = _masked(message), ()
            if record.exc_info:
                record.exc_text = _masked(record.exc_text or logging.Formatter().formatException(record.exc_info))
            return record

        logging.setLogRecordFactory(redacting_record)
    _SECRETS.add(secret)


def _masked(text: str) -> str:
    for secret in _SECRETS:
        text = text.replace(secret, mask_secret(secret))
    return text


def openai_chat_model(settings: dict):
    """ChatOpenAI for DeepSeek, Qwen, vLLM, Ollama, llama.cpp server or any OpenAI-compatible endpoint."""
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as err:
        raise ImportError("the LLM generator needs langchain-openai: pip install langchain-openai") from err
    redact_in_logs(settings.get("api_key"))
    logger.info("LLM endpoint %s model %s key %s", settings["base_url"], settings["model"],
                mask_secret(settings.get("api_key")))
    return ChatOpenAI(base_url=settings["base_url"], model=settings["model"], api_key=settings["api_key"],
                      timeout=settings["timeout"], max_retries=settings["retries"], temperature=0, streaming=True)
