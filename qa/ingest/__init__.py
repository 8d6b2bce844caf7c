"""Ingestion: files -> issue metadata, documents and provisions (``ingest_path``); documents -> chunks
(``chunk_documents``, the one chunker)."""

from ..errors import IngestError
from .chunker import DEFAULT_MAX_CHUNK_CHARS, chunk_documents, count_tokens, document_chunks, split_text
from .pipeline import CorpusFile, corpus_files, ingest_file, ingest_path, ingest_text
from .readers import SUPPORTED_SUFFIXES, decode_source, read_source

__all__ = [
    "DEFAULT_MAX_CHUNK_CHARS", "SUPPORTED_SUFFIXES", "CorpusFile", "IngestError", "chunk_documents", "corpus_files", "count_tokens",
    "decode_source", "document_chunks", "ingest_file", "ingest_path", "ingest_text", "read_source", "split_text",
]
