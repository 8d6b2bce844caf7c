"""Building an index: source files -> documents -> chunks -> vectors and keyword tokens -> a store.

An update reuses what the previous index holds: the documents and chunks of unchanged files (not read again),
the vector of every chunk whose dense text is unchanged, and the tokens of every chunk whose keyword text and
relevant jieba terms are unchanged. Only new or changed files are ingested, and only their chunks embedded.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from embeddings import Embedder

from ..catalog import Catalog
from ..ingest import DEFAULT_MAX_CHUNK_CHARS, CorpusFile, chunk_documents, ingest_file
from ..parallel import parallel_map
from ..progress import EMBEDDING_CHUNKS, READING_FILES, Progress, no_progress
from ..text.thesaurus import bundled_thesaurus
from ..text.tokenizer import ChineseTokenizer, corpus_terms
from ..types import CHUNKER_VERSION, Chunk, Document, IngestProblem, IngestResult
from .core import CollectionText, Index
from .embedding_cache import EmbeddingCache
from .keywords import KeywordTokens, tokenize_texts
from .local import LocalStore, dense_index_kind
from .manifest import Manifest, SourceEntry
from .store import Store
from .versions import sha256_file

logger = logging.getLogger(__name__)

SAMPLE_CHUNKS = 200  # chunks measured to choose the chunk size for an embedder
EMBED_BATCH = 256  # chunks embedded (and saved to the resume cache) at a time
PARALLEL_FILES = 200  # files to ingest; below this a second process costs more than it saves


def dense_text(chunk: Chunk, doc: Document) -> str:
    """What the embedder reads: the document and label give a short chunk its context."""
    return f"{doc.title} {chunk.article}：{chunk.text}"


def keyword_text(chunk: Chunk, doc: Document) -> str:
    """What BM25 reads: every name a user might search by, the text, and the everyday words of the official
    terms the text uses (黑臭水体: 臭水沟), so that a citizen's words find the provision (measured:
    docs/benchmarks.md, "Everyday words on the provisions' side")."""
    everyday = bundled_thesaurus().everyday_words(chunk.text)
    return _names_and_text(chunk, doc) + ("\n" + " ".join(everyday) if everyday else "")


def _names_and_text(chunk: Chunk, doc: Document) -> str:
    """The part of the keyword text that decides the rest (the everyday words follow from the text, under one
    keyword scheme): compared when an update decides whether a chunk keeps its tokens."""
    names = [doc.title, doc.notice_title or "", doc.doc_number or "", " ".join(chunk.chapter_path), chunk.article,
             chunk.person or "", chunk.post or ""]
    return " ".join(n for n in names if n) + "\n" + chunk.text


def keyword_scheme() -> str:
    """What a chunk's keyword tokens depend on besides its text, recorded in the manifest: the tokenizer and the
    everyday-words list (another list gives other tokens, so the index is rebuilt, its vectors kept)."""
    return f"{ChineseTokenizer().name}+everyday:{bundled_thesaurus().digest}"


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


def document_terms(documents: list[Document], chunks: list[Chunk]) -> list[str]:
    """jieba terms a file brings: its titles and 文号, and the agency names its text uses."""
    names = {n for d in documents for n in (d.title, d.notice_title, d.doc_number) if n}
    return sorted(names | set(corpus_terms(c.text for c in chunks)))


@dataclass
class _FileParts:
    entry: SourceEntry
    documents: list[Document]
    chunks: list[Chunk]
    terms: list[str]
    reused: bool


@dataclass
class BuildPlan:
    """What changed since the previous index: files read again (with what ingesting them gave), files whose
    parts are reused, files removed, and files ingestion refused (reported, never indexed)."""

    ingested: dict[str, tuple[SourceEntry, IngestResult]] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)  # the ingested files the previous index did not have
    unchanged: dict[str, SourceEntry] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not self.ingested and not self.removed

    def describe(self) -> str:
        return (f"the gazette files changed since it was built ({len(self.added)} added, "
                f"{len(self.ingested) - len(self.added)} changed, {len(self.removed)} removed)")


def plan_update(files: list[CorpusFile], previous: Manifest | None, progress: Progress = no_progress) -> BuildPlan:
    """Compare the corpus with the files ``previous`` was built from: size and modification time first, the
    sha256 only when those differ (a file touched but not changed is not read again). New and changed files are
    ingested here; a file ingestion refuses is reported in ``problems`` and changes nothing."""
    plan = BuildPlan()
    sources = previous.sources if previous is not None else {}
    changed = []
    for file in files:
        try:
            stat = file.path.stat()
        except OSError:  # a link that loops or points at nothing: ingesting it says so
            changed.append((file, None))
            continue
        known = sources.get(file.source)
        if known is not None and (known.size, known.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            plan.unchanged[file.source] = known
        elif known is not None and known.size == stat.st_size and sha256_file(file.path) == known.sha256:
            plan.unchanged[file.source] = SourceEntry(stat.st_size, stat.st_mtime_ns, known.sha256, known.documents,
                                                      known.chunks)
        else:
            changed.append((file, stat))
    if changed:  # opening an unchanged index reads nothing: no "reading files: 0/0" line
        progress(READING_FILES, 0, len(changed))
    results = parallel_map(ingest_file, [f for f, _ in changed], PARALLEL_FILES,
                           on_done=lambda done: progress(READING_FILES, done, len(changed)))
    for (file, stat), result in zip(changed, results):
        if result.problems:
            plan.problems += result.problems
            continue
        plan.ingested[file.source] = (SourceEntry(stat.st_size, stat.st_mtime_ns, result.issues[0].sha256, 0, 0),
                                      result)
        if file.source not in sources:
            plan.added.add(file.source)
    present = {f.source for f in files}
    plan.removed = sorted(s for s in sources if s not in present or (s not in plan.unchanged
                                                                         and s not in plan.ingested))
    return plan


@dataclass
class Assembly:
    """What a build decides before any vector or token is made: each indexed file's documents and chunks (reused
    from ``reuse`` where the plan allows), the chunk size, and the jieba terms each file brings."""

    parts: dict[str, _FileParts]
    max_chars: int
    reuse: Index | None  # the previous index, when its parts can be reused (same embedder, chunker, tokenizer)

    @property
    def documents(self) -> list[Document]:
        return [d for p in self.parts.values() for d in p.documents]

    @property
    def chunks(self) -> list[Chunk]:
        return [c for p in self.parts.values() for c in p.chunks]

    @property
    def fresh_chunks(self) -> list[Chunk]:
        """The chunks of files read again: what a store that keeps unchanged files' rows has to write."""
        return [c for p in self.parts.values() if not p.reused for c in p.chunks]

    @property
    def terms(self) -> dict[str, list[str]]:
        return {source: p.terms for source, p in self.parts.items()}


def assemble(plan: BuildPlan, files: list[CorpusFile], embedder: Embedder, previous: Index | None) -> Assembly:
    same_embedder = previous is not None and not previous.manifest.mismatches(
        embedder.describe(), embedder.dim, CHUNKER_VERSION, keyword_scheme())
    reuse = previous if same_embedder else None
    parts = _file_parts(plan, files, reuse)
    max_chars = reuse.manifest.max_chunk_chars if reuse else _chunk_chars(embedder, parts)
    for part in parts.values():
        if not part.reused:
            part.chunks = chunk_documents(part.documents, max_chars)
            part.terms = document_terms(part.documents, part.chunks)
            part.entry = SourceEntry(part.entry.size, part.entry.mtime_ns, part.entry.sha256, len(part.documents),
                                     len(part.chunks))
    return Assembly(parts, max_chars, reuse)


def build_index(plan: BuildPlan, files: list[CorpusFile], embedder: Embedder, roots: dict[str, str],
                previous: Index | None = None, cache: EmbeddingCache | None = None,
                progress: Progress = no_progress, on_status: Callable[[str], None] | None = None) -> Index:
    """The index over ``files`` (in their order, from ``roots``: source prefix -> folder), reusing ``previous``
    as the plan allows and the vectors ``cache`` holds from an interrupted build."""
    say = on_status or (lambda _m: None)
    started = time.perf_counter()
    built = assemble(plan, files, embedder, previous)
    chunks, reuse = built.chunks, built.reuse
    doc_of = {d.key: d for d in built.documents}
    # a vector depends on the embedder and the text only: reused across chunker and tokenizer versions
    same_vectors = previous is not None and previous.manifest.same_embedder(embedder.describe(), embedder.dim)
    known = known_vectors(previous.chunks, previous.catalog, previous.store.vectors) if same_vectors else {}
    vectors, embedded, resumed = chunk_vectors(chunks, doc_of, embedder, known, cache, progress)
    say(f"embedded {embedded} of {len(chunks)} chunks ({len(chunks) - embedded - resumed} reused"
        + (f", {resumed} from an interrupted build)" if resumed else ")"))
    tokens = chunk_tokens(chunks, doc_of, built.terms, reuse)
    catalog = Catalog.build(built.documents, chunks)
    store = LocalStore.create(chunks, vectors, tokens, catalog)
    return finish(built, embedder, roots, catalog, store, started, embedded)


def finish(built: Assembly, embedder: Embedder, roots: dict[str, str], catalog: Catalog, store: Store,
           started: float, embedded: int) -> Index:
    """The index of an assembly once its store is written: the manifest records what it was built with."""
    chunks = built.chunks
    manifest = Manifest(
        embedder=embedder.describe(), dim=embedder.dim, chunker_version=CHUNKER_VERSION,
        max_chunk_chars=built.max_chars, tokenizer=keyword_scheme(), roots=roots,
        sources={s: p.entry for s, p in built.parts.items()}, chunk_count=len(chunks),
        document_count=len(catalog), dense_index=dense_index_kind(len(chunks)),
        created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), build_seconds=0.0)
    manifest.build_seconds = round(time.perf_counter() - started, 3)
    return Index(manifest, catalog, store, built.terms, CollectionText.of(catalog, chunks), embedded_count=embedded)


def _file_parts(plan: BuildPlan, files: list[CorpusFile], reuse: Index | None) -> dict[str, _FileParts]:
    """Each indexed file's documents (and, when reused, chunks), in corpus order. Unchanged files are read
    again only when their parts cannot be reused (another embedder)."""
    parts: dict[str, _FileParts] = {}
    held = _held_by_source(reuse) if reuse is not None else {}
    for file in files:
        if file.source in plan.unchanged and file.source in held:
            documents, chunks = held[file.source]
            parts[file.source] = _FileParts(plan.unchanged[file.source], documents, chunks,
                                            reuse.terms.get(file.source, []), reused=True)
            continue
        if file.source in plan.ingested:
            entry, result = plan.ingested[file.source]
        elif file.source in plan.unchanged:
            entry, result = plan.unchanged[file.source], ingest_file(file)
        else:
            continue  # refused by ingestion
        parts[file.source] = _FileParts(entry, result.documents, [], [], reused=False)
    return parts


def _held_by_source(index: Index) -> dict[str, tuple[list[Document], list[Chunk]]]:
    held: dict[str, tuple[list[Document], list[Chunk]]] = {}
    for doc in index.catalog.documents.values():
        held.setdefault(doc.source, ([], []))[0].append(doc)
    source_of = {key: doc.source for key, doc in index.catalog.documents.items()}
    for chunk in index.chunks:
        held[source_of[chunk.doc_key]][1].append(chunk)
    return held


def _chunk_chars(embedder: Embedder, parts: dict[str, _FileParts]) -> int:
    documents = [d for p in parts.values() for d in p.documents]
    samples = chunk_documents(documents[:50], DEFAULT_MAX_CHUNK_CHARS)[:SAMPLE_CHUNKS]
    return chunk_chars_for(embedder, [c.text for c in samples])


def known_vectors(chunks: Sequence[Chunk], catalog: Catalog, vectors: np.ndarray) -> dict[bytes, np.ndarray]:
    """Digest of each chunk's dense text -> its vector (the first, when two chunks read the same)."""
    known: dict[bytes, np.ndarray] = {}
    for chunk, vector in zip(chunks, vectors):
        known.setdefault(text_digest(dense_text(chunk, catalog[chunk.doc_key])), vector)
    return known


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def chunk_vectors(chunks: list[Chunk], doc_of: dict[str, Document], embedder: Embedder,
             known: Mapping[bytes, np.ndarray], cache: EmbeddingCache | None,
             progress: Progress) -> tuple[np.ndarray, int, int]:
    """Every chunk's vector: taken from ``known`` (digest of a dense text -> the previous index's vector) or from
    an interrupted build's cache when its dense text is unchanged, embedded otherwise, in batches that are saved
    to ``cache`` as they are made. Returns (vectors, embedded now, resumed from the cache)."""
    texts = [dense_text(c, doc_of[c.doc_key]) for c in chunks]
    digests = [text_digest(t) for t in texts]
    vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    cached = cache.load() if cache is not None else {}
    todo, resumed = [], 0
    for i, key in enumerate(digests):
        if key in known:
            vectors[i] = known[key]
        elif key in cached:
            vectors[i], resumed = cached[key], resumed + 1
        else:
            todo.append(i)
    progress(EMBEDDING_CHUNKS, 0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start:start + EMBED_BATCH]
        vectors[batch] = embedder.embed_passages([texts[i] for i in batch])
        if cache is not None:
            cache.add([digests[i] for i in batch], vectors[batch])
        progress(EMBEDDING_CHUNKS, start + len(batch), len(todo))
    logger.info("embedded %d of %d chunks (%d resumed, %d reused)", len(todo), len(chunks), resumed,
                len(chunks) - len(todo) - resumed)
    return vectors, len(todo), resumed


def chunk_tokens(chunks: list[Chunk], doc_of: dict[str, Document], terms: dict[str, list[str]],
            reuse: Index | None) -> KeywordTokens:
    """Keyword tokens of every chunk. A reused chunk keeps its tokens when its keyword text is unchanged and so
    is the set of jieba terms (a term added anywhere shifts jieba's word probabilities everywhere)."""
    tokenizer = ChineseTokenizer(sorted({t for ts in terms.values() for t in ts}), bulk=True)
    same_terms = reuse is not None and tokenizer.terms == reuse.tokenizer.terms
    kept: dict[int, int] = {}  # chunk -> row of the previous index whose tokens it keeps
    todo: list[int] = []
    for i, chunk in enumerate(chunks):
        row = reuse.store.row_of.get(chunk.chunk_id) if same_terms else None
        # reuse means the same keyword scheme, so equal names and text give equal keyword texts; comparing
        # them spares reading every provision for official terms twice on each update
        if row is not None and _names_and_text(reuse.store.chunks[row], reuse.document(chunk.doc_key)) == \
                _names_and_text(chunk, doc_of[chunk.doc_key]):
            kept[i] = row
        else:
            todo.append(i)
    fresh = tokenize_texts(tokenizer, [keyword_text(chunks[i], doc_of[chunks[i].doc_key]) for i in todo])
    if not kept:
        return fresh
    old = reuse.store.keywords
    vocab = {token: i for i, token in enumerate(fresh.vocab)}
    old_to_new = np.array([vocab.setdefault(token, len(vocab)) for token in old.vocab], dtype=np.int32)
    position = {i: n for n, i in enumerate(todo)}
    rows = [old_to_new[old.row(kept[i])] if i in kept else fresh.row(position[i]) for i in range(len(chunks))]
    offsets = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    return KeywordTokens(list(vocab), np.concatenate(rows).astype(np.int32), offsets)
