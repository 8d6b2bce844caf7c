"""An index as one object: its manifest, the document catalogue, the store, and the tokenizer its keyword
index was built with. Saved as one version of an index directory (``versions``), loaded from its own files."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..errors import IndexCorruptedError
from ..text.normalize import normalize_text
from ..text.tokenizer import ChineseTokenizer
from ..types import Chunk, Document, ProvisionKind
from .local import LocalStore
from .manifest import REBUILD_HINT, Manifest
from .store import Store
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
    store: Store  # LocalStore, or MilvusStore (qa.index.milvus_store)
    terms: dict[str, list[str]]  # source -> the jieba terms its documents brought (titles, 文号, agency names)
    collection: CollectionText
    embedded_count: int = 0  # chunks embedded by the build that made this index (0 when loaded)
    version: str = ""  # the version folder it was loaded from or saved as ("" before it is saved)

    def __post_init__(self):
        self.tokenizer = ChineseTokenizer(sorted({t for terms in self.terms.values() for t in terms}))

    @property
    def chunks(self) -> Sequence[Chunk]:
        """Every chunk, in store order (a Milvus store reads them all from the collection: a build's need)."""
        return self.store.chunks

    def document(self, key: str) -> Document:
        return self.catalog.documents[key]

    def texts(self) -> dict[str, str]:
        """What is stored beside the chunks, by file name: the catalogue, the jieba terms, the collected text."""
        return {CATALOG: json.dumps(self.catalog.to_dict(), ensure_ascii=False),
                TERMS: json.dumps(self.terms, ensure_ascii=False),
                COLLECTION_TEXT: self.collection.text, APPOINTMENT_TEXT: self.collection.appointments}

    @classmethod
    def from_texts(cls, manifest: Manifest, read: Callable[[str], str], open_store: Callable[[Catalog], Store],
                   where: str, version: str = "") -> Index:
        """The index from ``texts()`` as ``read(name)`` gives them back and the store ``open_store`` opens;
        ``where`` names it in errors, ``version`` is the version it was saved as."""
        try:
            catalog = Catalog.from_dict(json.loads(read(CATALOG)))
            terms = json.loads(read(TERMS))
            collection = CollectionText(read(COLLECTION_TEXT), read(APPOINTMENT_TEXT))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise IndexCorruptedError(f"index version {where} cannot be read ({type(err).__name__}: {err}); "
                                      f"{REBUILD_HINT}") from None
        store = open_store(catalog)
        if len(store) != manifest.chunk_count or len(catalog) != manifest.document_count:
            raise IndexCorruptedError(f"index version {where} holds {len(store)} chunks and {len(catalog)} documents "
                                      f"but its manifest says {manifest.chunk_count} and {manifest.document_count}; "
                                      f"{REBUILD_HINT}")
        return cls(manifest, catalog, store, terms, collection, version=version)

    def save(self, index_dir: str | Path) -> Path:
        def fill(folder: Path) -> None:
            self.store.save(folder)
            for name, text in self.texts().items():
                (folder / name).parent.mkdir(exist_ok=True)
                (folder / name).write_text(text, encoding="utf-8")

        folder = write_version(index_dir, self.manifest, fill)
        self.version = folder.name
        return folder

    @classmethod
    def load(cls, index_dir: str | Path, verify: bool = True) -> Index:
        return read_version(index_dir, cls._load_version, verify)

    @classmethod
    def _load_version(cls, version: Path, manifest: Manifest) -> Index:
        return cls.from_texts(manifest, lambda name: (version / name).read_text(encoding="utf-8"),
                              lambda catalog: LocalStore.load(version, catalog, manifest.dense_index), str(version),
                              version.name)
