"""PolicyQA library: files -> documents -> chunks -> index -> hits -> answer, over government gazettes.

No UI here, and nothing heavy is imported until it is used. The stages, in order: ``qa.ingest`` (files ->
documents), ``qa.ingest.chunker`` (documents -> chunks), ``qa.index`` (chunks -> a stored index),
``qa.retrieval`` (a question -> hits), ``qa.answering`` (hits -> an answer); ``qa.stack`` assembles them.
"""

from .errors import IngestError, PolicyQAError
from .ingest import chunk_documents, ingest_path
from .types import CHUNKER_VERSION, Answer, Chunk, Document, Hit, IngestResult, Provision

__all__ = ["CHUNKER_VERSION", "Answer", "Chunk", "Document", "Hit", "IngestError", "IngestResult", "PolicyQAError",
           "Provision", "build_assistant", "chunk_documents", "ingest_path"]


def __getattr__(name: str):
    # The answering stack loads FAISS and jieba; import it only when asked for.
    if name == "build_assistant":
        from .stack import build_assistant

        return build_assistant
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
