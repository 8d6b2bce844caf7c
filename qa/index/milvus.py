"""An index in Milvus (Milvus Lite embedded, or a standalone server or cluster): ``MilvusHome`` connects, reads
the index's generations and writes builds; ``MilvusStore`` (``qa.index.milvus_store``) reads the chunks with the
same contract as ``LocalStore``. pymilvus is imported on first use.

One collection holds a row per chunk; a second, ``<collection>_meta``, holds what the index keeps beside its
chunks, so that an app replica needs nothing but the Milvus URI::

    <collection>            ref (INT64 primary key: the chunk's ref), the chunk as JSON, its keyword tokens
                            (PolicyQA's own tokenizer, joined by spaces; Milvus's whitespace analyser and BM25
                            function turn them into a sparse vector), its dense vector (FLAT, or IVF_FLAT above
                            APPROXIMATE_THRESHOLD; inner product), and scalar fields with indexes: document key,
                            title, 文号, type, issuer, dates, version, person, event date, source file and its sha256
    <collection>_meta       generation/name/part -> text: manifest.json, store.json (schema version, next ref),
                            catalog.json, keywords/terms.json, collection/*.txt; "current" -> the generation read

An update touches only the rows of the files that changed: it inserts their new rows (fresh refs), writes a new
generation of the meta texts and points "current" at it, then deletes the old rows. A reader keeps to the rows of
the files, at the sha256, its manifest lists, so it sees whole versions while a writer works. Writers take turns
by running one indexer (the cluster has no lock that would free itself when a writer dies); rows of a writer
that died before committing are deleted by the next one.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from embeddings import Embedder

from ..catalog import Catalog
from ..errors import IndexCorruptedError, IndexMismatchError, IndexUnusableError
from ..lazy import require
from ..progress import Progress
from ..stores import StoreKind, StoreSpec
from . import build as building
from .bm25 import K1, B
from .build import BuildPlan, assemble, finish
from .core import Index
from .embedding_cache import EmbeddingCache
from .local import dense_index_kind
from .manifest import REBUILD_HINT, Manifest
from .milvus_store import LONG, STRING, MilvusStore, chunk_row, chunk_schema, literal, scan

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1  # raise when the collection's fields, analyser or BM25 parameters change: a rebuild follows
INSTALL = "pip install 'policyqa[milvus]'  (milvus-lite==2.5.1 and pymilvus>=2.5,<2.6)"
META_SUFFIX = "_meta"
CURRENT = "current"
PENDING = "pending"  # refs a writer claimed before inserting: the next writer deletes them if it never committed
MANIFEST, STORE_INFO = "manifest.json", "store.json"
TEXT_PART = 16_000  # characters of a meta text per row: at most 64,000 bytes of UTF-8, under VARCHAR's 65,535
# Rows per insert call, by size, so that a row of a 1024-dim embedder or a long provision does not make a call
# several times larger than a typical row (5.9 KB with 384 dims) does: calls of 1 to 17 MB cost the same CPU on
# Milvus Lite 2.5.1 (benchmarks/bench_milvus_insert.py), and 8 MB stays far below gRPC's message limits.
INSERT_BYTES = 8 << 20
ROW_OVERHEAD = 512  # bytes of a row beyond its vector, chunk JSON and keyword text: the scalar fields
INDEXED = ("doc_key", "source", "doc_title", "doc_number", "doc_type", "issuer", "person", "event_date")
MILVUS_INDEX = {"flat": "FLAT", "ivf": "IVF_FLAT"}


def pymilvus():
    # gRPC's fork handlers, so that the worker processes forked for ingestion and tokenisation after a client has
    # connected do not inherit its threads' locks (a build over a server hung in them without)
    os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "true")
    os.environ.setdefault("GRPC_POLL_STRATEGY", "poll")
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")  # its notes on every fork are not the user's business
    return require("pymilvus", "the Milvus store", INSTALL)


def connect(spec: StoreSpec):
    """A client for ``spec``; errors name the store without credentials and say what to check."""
    milvus = pymilvus()  # first: importing it configures its loggers
    if spec.kind is StoreKind.MILVUS_LITE:
        require("milvus_lite", "the embedded Milvus Lite store", INSTALL)
        Path(spec.uri).parent.mkdir(parents=True, exist_ok=True)
        # Milvus Lite has no MVCC timestamp to give an iterator; pymilvus warns on every scan, and falls back to
        # the client's clock, which is right for a database in this process.
        logging.getLogger("pymilvus.orm.iterator").setLevel(logging.ERROR)
    credentials = spec.credentials
    try:
        return milvus.MilvusClient(uri=spec.uri, token=credentials.token, user=credentials.user,
                                       password=credentials.password, timeout=10)
    except Exception as err:  # noqa: BLE001 - pymilvus raises several kinds; all mean "not reachable"
        message = str(err)
        for secret in credentials.secrets():
            message = message.replace(secret, "***")
        raise IndexUnusableError(f"cannot connect to Milvus at {spec} ({type(err).__name__}: {message[:300]}); check "
                                 f"that the server runs and the address, and POLICYQA_MILVUS_TOKEN or "
                                 f"POLICYQA_MILVUS_USER/POLICYQA_MILVUS_PASSWORD") from None


class MilvusHome:
    """Where a Milvus index lives: its collection and meta collection. Reads manifests and indexes, and writes
    builds (``qa.index.open`` calls it as it calls the local index directory)."""

    def __init__(self, spec: StoreSpec):
        self.spec = spec
        self.collection = spec.collection
        self.meta = spec.collection + META_SUFFIX
        self._client = None

    def __str__(self) -> str:
        return str(self.spec)

    @property
    def client(self):
        if self._client is None:
            self._client = connect(self.spec)
        return self._client

    # -- reading ---------------------------------------------------------------------------------------

    def read_manifest(self) -> Manifest | None:
        generation = self._current()
        return self._manifest(generation) if generation is not None else None

    def version(self) -> str | None:
        """The generation ``current`` names (None before the first build): one query, so that an app follows the
        indexer's commits (``policyqa_app.service``)."""
        try:
            return self._current()
        except pymilvus().MilvusException as err:
            raise IndexUnusableError(f"cannot read the current generation from Milvus at {self.spec} "
                                     f"({err.message[:300]}); check that the server runs") from None

    def _manifest(self, generation: str) -> Manifest:
        info = self._store_info(generation)
        if info.get("schema_version") != SCHEMA_VERSION:
            raise IndexMismatchError(f"Milvus collection {self.collection} at {self.spec} has schema version "
                                     f"{info.get('schema_version')!r}, this PolicyQA writes {SCHEMA_VERSION}; rebuild "
                                     f"it with `policyqa index --rebuild --store {self.spec}`")
        return Manifest.from_json(self._text(generation, MANIFEST), f"{self.spec} {MANIFEST}")

    def load(self) -> Index:
        generation = self._current()
        if generation is None:
            raise IndexUnusableError(f"no index in Milvus at {self.spec}; build one with `policyqa index --store "
                                     f"{self.spec}`")
        manifest = self._manifest(generation)
        if not self.client.has_collection(self.collection):
            raise IndexCorruptedError(f"{self.spec}: the meta collection exists but collection {self.collection} does "
                                      f"not; {REBUILD_HINT}")
        texts: dict[str, str] = {}

        def read(name: str) -> str:
            if name not in texts:
                texts[name] = self._text(generation, name)
                if _sha256(texts[name]) != manifest.checksums.get(name):
                    raise IndexCorruptedError(f"{self.spec}: {name} of generation {generation} does not match its "
                                              f"checksum (an update interrupted or tampered with); {REBUILD_HINT}")
            return texts[name]

        return Index.from_texts(manifest, read, lambda catalog: MilvusStore(self.client, self.collection, manifest,
                                                                            catalog), f"{self.spec} {generation}",
                                generation)

    def _current(self) -> str | None:
        if not self.client.has_collection(self.meta):
            return None
        rows = self.client.query(self.meta, filter=f"key == {literal(CURRENT)}", output_fields=["text"])
        return rows[0]["text"] if rows else None

    def _store_info(self, generation: str) -> dict:
        try:
            return json.loads(self._text(generation, STORE_INFO))
        except ValueError as err:
            raise IndexCorruptedError(f"{self.spec}: {STORE_INFO} is not JSON ({err}); {REBUILD_HINT}") from None

    def _text(self, generation: str, name: str) -> str:
        rows = list(scan(self.client, self.meta, f"key like {literal(f'{generation}/{name}/%')}", ["key", "text"]))
        if not rows:
            raise IndexCorruptedError(f"{self.spec}: {name} of generation {generation} is missing; {REBUILD_HINT}")
        return "".join(row["text"] for row in sorted(rows, key=lambda row: row["key"]))

    # -- writing ---------------------------------------------------------------------------------------

    def build(self, plan: BuildPlan, files, embedder: Embedder, roots: dict[str, str], previous: Index | None,
              cache: EmbeddingCache | None, progress: Progress, on_status: Callable[[str], None]) -> Index:
        """Write what ``plan`` changed: rows of new and changed files in, rows of changed and removed files out.
        Without a reusable ``previous`` (none, or another embedder, chunker or tokenizer) the collection is
        made anew."""
        started = time.perf_counter()
        built = assemble(plan, files, embedder, previous)
        reuse = built.reuse
        if reuse is None:
            self._create(embedder.dim)
            first_ref = 0
        else:
            first_ref = self._claim_refs(len(built.fresh_chunks))
        fresh = built.fresh_chunks
        doc_of = {d.key: d for d in built.documents}
        changed = sorted(source for source in plan.ingested if source not in plan.added)
        known = reuse.store.vectors_of_sources(changed, reuse.catalog) if reuse is not None else {}
        vectors, embedded, resumed = building.chunk_vectors(fresh, doc_of, embedder, known, cache, progress)
        on_status(f"embedded {embedded} of {len(fresh)} new or changed chunks ({len(fresh) - embedded - resumed} "
                  f"reused, {resumed} from an interrupted build); {len(built.chunks) - len(fresh)} rows kept")
        tokens = building.chunk_tokens(fresh, doc_of, built.terms, None)
        sha_of = {source: part.entry.sha256 for source, part in built.parts.items()}
        source_of = {d.key: d.source for d in built.documents}
        rows = ({"ref": first_ref + i, **chunk_row(chunk, doc_of[chunk.doc_key], sha_of[source_of[chunk.doc_key]],
                                              " ".join(tokens.tokens(i)), vectors[i])}
                for i, chunk in enumerate(fresh))
        self._insert(rows, len(fresh))
        catalog = Catalog.build(built.documents, built.chunks)
        kind = dense_index_kind(len(built.chunks))
        self._ensure_dense_index(kind, len(built.chunks), embedder.dim)
        index = finish(built, embedder, roots, catalog, store=None, started=started, embedded=embedded)
        index.store = MilvusStore(self.client, self.collection, index.manifest, catalog)
        index.version = self._commit(index, first_ref + len(fresh))
        if reuse is not None:
            self._delete_stale(plan, sha_of)
        return index

    def _create(self, dim: int) -> None:
        """The collection and meta collection, empty (what they held is dropped): a fresh build."""
        for name in (self.collection, self.meta):
            if self.client.has_collection(name):
                self.client.drop_collection(name)
        milvus = pymilvus()
        meta = self.client.create_schema(auto_id=False)
        meta.add_field("key", milvus.DataType.VARCHAR, is_primary=True, max_length=STRING)
        meta.add_field("text", milvus.DataType.VARCHAR, max_length=LONG)
        meta.add_field("unused", milvus.DataType.FLOAT_VECTOR, dim=2)  # Milvus needs a vector field
        meta_index = self.client.prepare_index_params()
        meta_index.add_index("unused", index_type="FLAT", metric_type="L2")
        self.client.create_collection(self.meta, schema=meta, index_params=meta_index, consistency_level="Strong")
        self.client.create_collection(self.collection, schema=chunk_schema(milvus, self.client, dim),
                                      consistency_level="Strong")

    def _claim_refs(self, count: int) -> int:
        """The first ref of ``count`` new rows; recorded before they are written, so that the next writer deletes
        them if this one dies before committing."""
        next_ref = self._store_info(self._current())["next_ref"]
        pending = self.client.query(self.meta, filter=f"key == {literal(PENDING)}", output_fields=["text"])
        if pending:
            claimed = json.loads(pending[0]["text"])
            if claimed["to"] > next_ref:  # a writer died between inserting and committing
                self.client.delete(self.collection, filter=f"ref >= {claimed['from']} and ref < {claimed['to']}")
                logger.info("deleted rows %d..%d of an update that did not finish", claimed["from"], claimed["to"])
            next_ref = max(next_ref, claimed["to"])
        self._put([(PENDING, json.dumps({"from": next_ref, "to": next_ref + count}))])
        return next_ref

    def _insert(self, rows: Iterator[dict], count: int) -> None:
        """Bulk loading: rows in calls of about INSERT_BYTES, into a collection without indexes when it is new
        (``_ensure_dense_index`` builds them once the rows are in)."""
        batch: list[dict] = []
        size = 0
        with _unchecked_strings():
            for row in rows:
                batch.append(row)
                size += row_bytes(row)
                if size >= INSERT_BYTES:
                    self.client.insert(self.collection, batch)
                    batch, size = [], 0
            if batch:
                self.client.insert(self.collection, batch)
        logger.info("inserted %d rows into %s", count, self.collection)

    def _ensure_dense_index(self, kind: str, count: int, dim: int) -> None:
        """Indexes built once the rows are in (bulk loading: no index is rebuilt row by row), the dense one
        rebuilt when the collection crosses APPROXIMATE_THRESHOLD; then the collection is loaded for search."""
        existing = set(self.client.list_indexes(self.collection))
        wanted = MILVUS_INDEX[kind]
        if "vector" in existing and self.client.describe_index(self.collection, "vector")["index_type"] != wanted:
            self.client.release_collection(self.collection)
            self.client.drop_index(self.collection, "vector")
            existing.discard("vector")
        params = self.client.prepare_index_params()
        if "vector" not in existing:
            nlist = {"nlist": max(1, int(4 * count ** 0.5))} if kind == "ivf" else {}
            params.add_index("vector", index_type=wanted, metric_type="IP", params=nlist)
        if "sparse" not in existing:
            params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                             params={"bm25_k1": K1, "bm25_b": B})
            for field in INDEXED:
                params.add_index(field, index_type="INVERTED")
        if len(list(params)):
            self.client.flush(self.collection)
            self.client.create_index(self.collection, params)
        self.client.load_collection(self.collection)

    def _commit(self, index: Index, next_ref: int) -> str:
        """A new generation of the meta texts, then "current" points at it: readers move to it in one step.
        Returns the generation."""
        generation = f"g-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{time.time_ns():020d}"
        texts = index.texts()
        texts[STORE_INFO] = json.dumps({"schema_version": SCHEMA_VERSION, "next_ref": next_ref, "bm25_k1": K1,
                                        "bm25_b": B, "analyzer": "whitespace",
                                        "dense_index": MILVUS_INDEX[index.manifest.dense_index]})
        index.manifest.checksums = {name: _sha256(text) for name, text in texts.items()}
        texts[MANIFEST] = index.manifest.to_json()
        self._put([(f"{generation}/{name}/{start // TEXT_PART:06d}", text[start:start + TEXT_PART])
                   for name, text in texts.items() for start in range(0, max(len(text), 1), TEXT_PART)])
        previous = self._current()
        self._put([(CURRENT, generation)])
        self.client.delete(self.meta, filter=f"key == {literal(PENDING)}")
        stale = {row["key"].split("/")[0] for row in scan(self.client, self.meta, 'key like "g-%"', ["key"])}
        for old in stale - {generation, previous}:  # the previous generation is kept for readers still on it
            self.client.delete(self.meta, filter=f"key like {literal(old + '/%')}")
        return generation

    def _put(self, items: list[tuple[str, str]]) -> None:
        for start in range(0, len(items), 50):
            self.client.upsert(self.meta, [{"key": key, "text": text, "unused": [0.0, 0.0]}
                                           for key, text in items[start:start + 50]])

    def _delete_stale(self, plan: BuildPlan, sha_of: dict[str, str]) -> None:
        """The rows of removed files, and the old rows of changed ones (now that no new reader sees them)."""
        for source in plan.removed:
            self.client.delete(self.collection, filter=f"source == {literal(source)}")
        for source in plan.ingested:
            self.client.delete(self.collection, filter=f"source == {literal(source)} and "
                                                       f"source_sha256 != {literal(sha_of[source])}")


def row_bytes(row: dict) -> int:
    """About what a row weighs in an insert call."""
    return (4 * len(row["vector"]) + len(row["chunk"].encode("utf-8")) + len(row["keywords"].encode("utf-8"))
            + ROW_OVERHEAD)


@contextlib.contextmanager
def _unchecked_strings():
    """pymilvus's row insert "checks" a string's length one character at a time, each character against
    max_length: a loop over every character that cannot fail (a 198 KB string passed a 64 KB field with it on).
    Switched off while PolicyQA inserts: a fifth less CPU for an insert of rows with 3 KB of keyword text
    (benchmarks/bench_milvus_insert.py). Chunks stay far below the fields' sizes (``milvus_store.LONG``)."""
    helper = importlib.import_module("pymilvus.client.entity_helper")
    checked = helper.CHECK_STR_ARRAY
    helper.CHECK_STR_ARRAY = False
    try:
        yield
    finally:
        helper.CHECK_STR_ARRAY = checked


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
