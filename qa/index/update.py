"""Adding one file to a folder corpus and updating its index, so the folder always matches the index served."""

from __future__ import annotations

import os
from pathlib import Path

from embeddings import Embedder

from ..catalog import Catalog
from ..errors import DuplicateDocumentError
from ..ingest import CorpusFile, ingest_file
from ..progress import Progress, no_progress
from ..stores import StoreSpec
from ..types import Document
from .core import Index
from .open import open_index


def add_file(path: str | Path, corpus_dir: str | Path, index_dir: str | Path, embedder: Embedder,
             current: Catalog, replace: bool = False, progress: Progress = no_progress,
             store: str | StoreSpec = "local") -> tuple[Index | None, dict]:
    """Ingest ``path`` into ``corpus_dir`` under its name and update the index incrementally.

    Returns the new index (None when the file was refused) and a report: added documents, chunk count, whether
    it replaced a file, problems, and warnings (text that addresses an AI assistant). A file of the same name is
    replaced only with ``replace``; a document whose 文号 another file already brought in is refused. The corpus
    file is written atomically and restored if indexing fails. ``store``: where the index lives (``qa.stores``)."""
    path = Path(path)
    single = ingest_file(CorpusFile(path.name, path))
    if single.problems:
        return None, {"added_documents": [], "chunks": 0, "problems": [p.message for p in single.problems]}
    clashes = held_elsewhere(single.documents, path.name, current)
    if clashes:
        raise DuplicateDocumentError(
            f"{path.name} holds documents already indexed from other files: "
            + "; ".join(f"{d.doc_number} (《{d.title}》) from {d.source}" for d in clashes)
            + f". Update {clashes[0].source} instead (upload it under that name and replace it), or remove the "
              "duplicated documents from this file")
    target = Path(corpus_dir) / path.name
    previous = target.read_bytes() if target.exists() else None
    if previous is not None and not replace:
        raise FileExistsError(f"{target} already exists; pass replace=True to replace it")
    _write_atomically(target, path.read_bytes())
    try:
        index = open_index(corpus_dir, index_dir, embedder, progress=progress, store=store)
    except BaseException:
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            _write_atomically(target, previous)
        raise
    added_chunks = sum(1 for c in index.chunks if index.document(c.doc_key).source == path.name)
    return index, {"added_documents": [d.title for d in single.documents], "chunks": added_chunks,
                   "replaced": previous is not None, "problems": [],
                   "warnings": [a.message for a in single.anomalies if a.kind == "instruction_like_text"]}


def held_elsewhere(documents: list[Document], source: str, catalog: Catalog) -> list[Document]:
    """The indexed documents, from other files, that have the 文号 of one of ``documents``."""
    numbers = {d.doc_number for d in documents if d.doc_number}
    return [d for d in catalog.documents.values() if d.doc_number in numbers and d.source != source]


def _write_atomically(target: Path, data: bytes) -> None:
    """A reader (or a crash) sees the old file or the new one, never half of it."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
