"""An index as one object: its manifest, the document catalogue, the store, and the tokenizer its keyword
index was built with. Saved as one version of an index directory (``versions``), loaded from its own files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..errors import IndexCorruptedError
from ..text.normalize import normalize_text
from ..text.tokenizer import ChineseTokenizer
from ..types import Chunk, Document, ProvisionKind
from .local import LocalStore
from .manifest import REBUILD_HINT, Manifest
from .versions import read_version, write_version

CATALOG = "catalog.json"
TERMS = "keywords/terms.json"
COLLECTION_TEXT, APPOINTMENT_TEXT = "collection/text.txt", "collection/appointments.txt"


@dataclass(frozen=True)
class CollectionText:
    """The collected text as the scope rules search it ("does this word occur anywhere?"), normalised once when
    the index is built: every chunk with its document's titles, and the 任免 records apart (a topic that occurs
    only there has no rule about it)."""

    text: str
    appointments: str

    @classmethod
    def of(cls, catalog: Catalog, chunks) -> CollectionText:
        def titled(c: Chunk) -> str:
            doc = catalog[c.doc_key]
            return f"{doc.title}\n{doc.notice_title or ''}\n{c.text}"

        return cls(normalize_text("\n".join(titled(c) for c in chunks)),
                   "\n".join(normalize_text(c.text) for c in chunks if c.kind == ProvisionKind.APPOINTMENT))


@dataclass
class Index:
    manifest: Manifest
    catalog: Catalog
    store: LocalStore
    terms: dict[str, list[str]]  # source -> the jieba terms its documents brought (titles, 文号, agency names)
    collection: CollectionText
    embedded_count: int = 0  # chunks embedded by the build that made this index (0 when loaded)
    version: str = ""  # the version folder it was loaded from or saved as ("" before it is saved)

    def __post_init__(self):
        self.tokenizer = ChineseTokenizer(sorted({t for terms in self.terms.values() for t in terms}))

    @property
    def chunks(self) -> list[Chunk]:
        return self.store.chunks

    def document(self, key: str) -> Document:
        return self.catalog.documents[key]

    def save(self, index_dir: str | Path) -> Path:
        def fill(folder: Path) -> None:
            self.store.save(folder)
            (folder / CATALOG).write_text(json.dumps(self.catalog.to_dict(), ensure_ascii=False), encoding="utf-8")
            (folder / TERMS).write_text(json.dumps(self.terms, ensure_ascii=False), encoding="utf-8")
            (folder / "collection").mkdir()
            (folder / COLLECTION_TEXT).write_text(self.collection.text, encoding="utf-8")
            (folder / APPOINTMENT_TEXT).write_text(self.collection.appointments, encoding="utf-8")

        folder = write_version(index_dir, self.manifest, fill)
        self.version = folder.name
        return folder

    @classmethod
    def load(cls, index_dir: str | Path, verify: bool = True) -> Index:
        return read_version(index_dir, cls._load_version, verify)

    @classmethod
    def _load_version(cls, version: Path, manifest: Manifest) -> Index:
        try:
            catalog = Catalog.from_dict(json.loads((version / CATALOG).read_text(encoding="utf-8")))
            terms = json.loads((version / TERMS).read_text(encoding="utf-8"))
            collection = CollectionText((version / COLLECTION_TEXT).read_text(encoding="utf-8"),
                                        (version / APPOINTMENT_TEXT).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise IndexCorruptedError(f"index version {version} cannot be read ({type(err).__name__}: {err}); "
                                      f"{REBUILD_HINT}") from None
        store = LocalStore.load(version, catalog, manifest.dense_index)
        if len(store) != manifest.chunk_count or len(catalog) != manifest.document_count:
            raise IndexCorruptedError(f"index version {version} holds {len(store)} chunks and {len(catalog)} documents "
                                      f"but its manifest says {manifest.chunk_count} and {manifest.document_count}; "
                                      f"{REBUILD_HINT}")
        return cls(manifest, catalog, store, terms, collection, version=version.name)
