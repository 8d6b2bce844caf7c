"""Gazette ingestion: raw issue text -> documents, provisions and citable chunks."""

from .chunks import DEFAULT_MAX_CHUNK_CHARS, count_tokens, document_chunks, split_text
from .pipeline import ingest_path, ingest_text
from .reader import IngestError, decode_source, read_source

__all__ = [
    "DEFAULT_MAX_CHUNK_CHARS", "IngestError", "count_tokens", "decode_source", "document_chunks", "ingest_path",
    "ingest_text", "read_source", "split_text",
]
