"""Documents and their provisions for the page, read from the index: the catalogue's documents, each with its
chunks grouped into whole provisions (a provision split into ``…:p003.1``, ``…:p003.2`` is shown whole)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from qa.catalog import Catalog
from qa.types import Chunk, Document

_UNIT_END = tuple("。；;！？!?：:")


@dataclass
class ProvisionView:
    provision_id: str
    label: str  # as cited: 第十五条, 三、（四）, 任命：陶新镇
    kind: str
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def chunk_ids(self) -> list[str]:
        return [c.chunk_id for c in self.chunks]

    @property
    def first(self) -> Chunk:
        return self.chunks[0]

    @property
    def text(self) -> str:
        """The whole provision: parts joined, a line break where a part ended a sentence or clause."""
        out = ""
        for chunk in self.chunks:
            if out:
                out += "\n" if out.endswith(_UNIT_END) else ""
            out += chunk.text
        return out

    @property
    def citation(self) -> str:
        return self.first.citation


@dataclass
class DocumentView:
    document: Document
    provisions: list[ProvisionView] = field(default_factory=list)


class CorpusView:
    """Documents in catalogue order, each with its provisions; every chunk id resolves to its provision."""

    def __init__(self, catalog: Catalog, chunks: Iterable[Chunk]):
        """``chunks``: every chunk of the index (``store.iter_chunks()``)."""
        self.documents = [DocumentView(doc) for doc in catalog.documents.values()]
        self._docs = {view.document.key: view for view in self.documents}
        self._provisions: dict[str, ProvisionView] = {}
        self._chunks: dict[str, Chunk] = {}
        for chunk in chunks:
            provision = self._provisions.get(chunk.provision_id)
            if provision is None:
                provision = ProvisionView(chunk.provision_id, chunk.article, chunk.kind)
                self._docs[chunk.doc_key].provisions.append(provision)
                self._provisions[chunk.provision_id] = provision
            provision.chunks.append(chunk)
            provision.chunks.sort(key=lambda c: c.part_index)
            self._chunks[chunk.chunk_id] = chunk

    def __len__(self) -> int:
        return len(self.documents)

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._chunks.get(chunk_id)

    def locate(self, chunk_id: str) -> tuple[Document, ProvisionView] | None:
        """The document and whole provision a chunk belongs to (None for an unknown id)."""
        chunk = self._chunks.get(chunk_id)
        if chunk is None:
            return None
        return self._docs[chunk.doc_key].document, self._provisions[chunk.provision_id]

    def document(self, key: str) -> DocumentView | None:
        return self._docs.get(key)

    def titles(self) -> list[str]:
        """Distinct document titles, for the document filter."""
        return list(dict.fromkeys(d.document.title for d in self.documents))

    def doc_types(self) -> list[str]:
        return list(dict.fromkeys(d.document.doc_type for d in self.documents))
