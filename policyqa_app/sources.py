"""Documents and their provisions, read back from the index's chunks (the index is the single source).

A provision split into several chunks (``…:p003.1``, ``…:p003.2``) is shown whole: its parts are joined in
order. Chunk ids are ``{issue stem}:d{NN}:p{NNN}[.{part}]`` (qa/ingest/chunks.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from qa.model import Chunk

_ID_RE = re.compile(r"^(?P<doc>.+):p(?P<seq>\d+)(?:\.(?P<part>\d+))?$")
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
    key: str
    title: str
    doc_number: str | None
    doc_type: str
    issuer: str | None
    notice_title: str | None
    signed_date: str | None
    effective_date: str | None
    expiry_date: str | None
    issue: str | None
    source: str
    provisions: list[ProvisionView] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How the document is named in lists: 《title》（文号）."""
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")


def split_chunk_id(chunk_id: str) -> tuple[str, str]:
    """(document key, provision id) of a chunk id."""
    match = _ID_RE.match(chunk_id)
    if not match:
        return chunk_id, chunk_id
    return match["doc"], f"{match['doc']}:p{match['seq']}"


class CorpusView:
    """Documents in index order, each with its provisions; every chunk id resolves to its provision."""

    def __init__(self, chunks: Iterable[Chunk]):
        self.documents: list[DocumentView] = []
        self._docs: dict[str, DocumentView] = {}
        self._provisions: dict[str, tuple[DocumentView, ProvisionView]] = {}
        self._chunks: dict[str, Chunk] = {}
        for chunk in chunks:
            self._add(chunk)

    def _add(self, chunk: Chunk) -> None:
        doc_key, provision_id = split_chunk_id(chunk.chunk_id)
        doc = self._docs.get(doc_key)
        if doc is None:
            doc = DocumentView(doc_key, chunk.doc_title, chunk.doc_number, chunk.doc_type, chunk.issuer,
                               chunk.notice_title, chunk.signed_date, chunk.effective_date, chunk.expiry_date,
                               chunk.issue, chunk.source)
            self._docs[doc_key] = doc
            self.documents.append(doc)
        found = self._provisions.get(provision_id)
        if found is None:
            provision = ProvisionView(provision_id, chunk.article, chunk.kind)
            doc.provisions.append(provision)
            self._provisions[provision_id] = (doc, provision)
        else:
            provision = found[1]
        provision.chunks.append(chunk)
        provision.chunks.sort(key=lambda c: c.part_index)
        self._chunks[chunk.chunk_id] = chunk

    def __len__(self) -> int:
        return len(self.documents)

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._chunks.get(chunk_id)

    def locate(self, chunk_id: str) -> tuple[DocumentView, ProvisionView] | None:
        """The document and whole provision a chunk belongs to (None for an unknown id)."""
        if chunk_id not in self._chunks:
            return None
        return self._provisions[split_chunk_id(chunk_id)[1]]

    def document(self, key: str) -> DocumentView | None:
        return self._docs.get(key)

    def titles(self) -> list[str]:
        """Distinct document titles, for the document filter."""
        return list(dict.fromkeys(d.title for d in self.documents))

    def doc_types(self) -> list[str]:
        return list(dict.fromkeys(d.doc_type for d in self.documents))
