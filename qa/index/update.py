"""Adding one file to a folder corpus and updating its index, so the folder always matches the index served."""

from __future__ import annotations

import os
from pathlib import Path

from embeddings import Embedder

from ..catalog import Catalog, identity, named
from ..errors import DuplicateDocumentError
from ..ingest import CorpusFile, ingest_file
from ..progress import Progress, no_progress
from ..stores import StoreSpec
from ..types import Document
from .core import Index
from .open import open_index
from .versions import fsync_dir


def add_file(path: str | Path, corpus_dir: str | Path, index_dir: str | Path, embedder: Embedder,
             current: Catalog, replace: bool = False, progress: Progress = no_progress,
             store: str | StoreSpec = "local") -> tuple[Index | None, dict]:
    """Ingest ``path`` into ``corpus_dir`` under its name and update the index incrementally.

    Returns the new index (None when the file was refused) and a report: added documents, chunk count, whether
    it replaced a file, problems, and warnings (text that addresses an AI assistant). A file of the same name is
    replaced only with ``replace``; a document another file already brought in (``qa.catalog.identity``) is
    refused.

    The file enters the corpus only once its index version is saved: it waits beside the corpus as a hidden file
    (skipped by every corpus listing) while the index is built, then is renamed into place. A failure or a kill
    before that leaves the corpus as it was; a kill between the two leaves an index that the next update brings
    back in line with the corpus. ``store``: where the index lives (``qa.stores``)."""
    path = Path(path)
    corpus_dir = Path(corpus_dir)
    single = ingest_file(CorpusFile(path.name, path))
    if single.problems:
        return None, {"added_documents": [], "chunks": 0, "problems": [p.message for p in single.problems]}
    clashes = held_elsewhere(single.documents, path.name, current)
    if clashes:
        raise DuplicateDocumentError(
            f"{path.name} holds documents already indexed from other files: "
            + "; ".join(f"{named(d)} from {d.source}" for d in clashes)
            + f". Update {clashes[0].source} instead (upload it under that name and replace it), or remove the "
              "duplicated documents from this file")
    target = corpus_dir / path.name
    replaced = target.exists()
    if replaced and not replace:
        raise FileExistsError(f"{path.name} is already in the corpus; pass replace=True to replace it")
    _remove_abandoned(corpus_dir)
    pending = _write_pending(corpus_dir, path)
    try:
        index = open_index(corpus_dir, index_dir, embedder, progress=progress, store=store,
                           pending=CorpusFile(path.name, pending))
        os.replace(pending, target)  # the same inode: the size and mtime the manifest recorded
        fsync_dir(corpus_dir)
    finally:
        pending.unlink(missing_ok=True)
    added_chunks = sum(len(index.store.refs_of_document(key)) for key, doc in index.catalog.documents.items()
                       if doc.source == path.name)  # a look-up: a Milvus store is not read whole
    return index, {"added_documents": [d.title for d in single.documents], "chunks": added_chunks,
                   "replaced": replaced, "problems": [],
                   "warnings": [a.message for a in single.anomalies if a.kind == "instruction_like_text"]}


def held_elsewhere(documents: list[Document], source: str, catalog: Catalog) -> list[Document]:
    """The indexed documents, from other files, that are one of ``documents`` (``qa.catalog.identity``: the same
    文号, or for a document without one the same title and version date)."""
    identities = {identity(d) for d in documents}
    return [d for d in catalog.documents.values() if d.source != source and identity(d) in identities]


PENDING_PREFIX = ".policyqa-pending-"  # hidden: no corpus listing sees a file that is not committed yet


def _write_pending(corpus_dir: Path, source: Path) -> Path:
    pending = corpus_dir / f"{PENDING_PREFIX}{os.getpid()}-{source.name}"
    with pending.open("wb") as fh:
        fh.write(source.read_bytes())
        fh.flush()
        os.fsync(fh.fileno())
    return pending


def _remove_abandoned(corpus_dir: Path) -> None:
    """Pending files of uploads whose process is gone (killed mid-update)."""
    for leftover in corpus_dir.glob(f"{PENDING_PREFIX}*"):
        pid = leftover.name.removeprefix(PENDING_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True
