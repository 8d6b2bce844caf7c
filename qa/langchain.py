"""LangChain adapter: any qa Retriever as a ``langchain_core`` BaseRetriever (chunk metadata kept)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from .filters import Filters
from .retrieval import DEFAULT_K, Retriever


class PolicyRetriever(BaseRetriever):
    """Documents carry the citation, chunk id, label and score in ``metadata``."""

    retriever: Any
    k: int = DEFAULT_K
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.retrieve(query, k=self.k, filters=self.filters)
        docs = []
        for hit in hits:
            metadata = hit.to_dict()
            metadata.pop("text")
            docs.append(Document(page_content=hit.chunk.text, metadata=metadata))
        return docs


def as_langchain(retriever: Retriever, k: int = DEFAULT_K, filters: Filters | None = None) -> PolicyRetriever:
    return PolicyRetriever(retriever=retriever, k=k, filters=filters)
