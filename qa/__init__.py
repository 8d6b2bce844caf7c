"""PolicyQA library: ingestion, indexing, retrieval and answering over government gazettes (no UI here)."""

from .ingest import IngestError, ingest_path
from .model import CHUNKER_VERSION, Chunk, Document, IngestResult, Provision

__all__ = ["CHUNKER_VERSION", "Chunk", "Document", "IngestError", "IngestResult", "Provision", "build_assistant",
           "ingest_path"]


def __getattr__(name: str):
    # The answering stack loads FAISS, bm25s and jieba; import it only when asked for.
    if name == "build_assistant":
        from .assistant import build_assistant

        return build_assistant
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
