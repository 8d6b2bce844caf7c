"""PolicyQA library: ingestion, indexing, retrieval and answering over government gazettes (no UI here)."""

from .ingest import IngestError, ingest_path
from .model import CHUNKER_VERSION, Chunk, Document, IngestResult, Provision

__all__ = ["CHUNKER_VERSION", "Chunk", "Document", "IngestError", "IngestResult", "Provision", "ingest_path"]
