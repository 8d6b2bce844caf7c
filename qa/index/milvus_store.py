"""The chunk collection of a Milvus index: the layout of its rows (``chunk_schema``, ``chunk_row``), the filter
language, and ``MilvusStore``, which reads the rows a manifest lists. ``qa.index.milvus`` writes them and keeps
the meta collection; its docstring describes both collections.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import numpy as np

from ..catalog import Catalog
from ..filters import Filters
from ..types import Chunk
from .bm25 import K1
from .build import dense_text, text_digest
from .local import IVF_NPROBE
from .manifest import Manifest
from .store import Ranking

STRING = 4_096  # bytes of a scalar field (titles, keys, file paths)
LONG = 65_535  # bytes of the chunk's JSON and of its keyword tokens
DOC_FIELDS = {"doc_title": "title", "doc_number": "doc_number", "doc_type": "doc_type", "issuer": "issuer",
              "signed_date": "signed_date", "effective_date": "effective_date", "expiry_date": "expiry_date",
              "version": "version"}  # scalar field -> Document attribute (None stored as "")
VISIBILITY = ["ref", "source", "source_sha256"]


def chunk_schema(milvus, client, dim: int):
    """The chunk collection's fields, and the BM25 function that makes ``sparse`` from ``keywords``."""
    DataType = milvus.DataType
    schema = client.create_schema(auto_id=False)
    schema.add_field("ref", DataType.INT64, is_primary=True)
    for name in ("chunk_id", "doc_key", "source", "source_sha256", *DOC_FIELDS, "person", "event_date"):
        schema.add_field(name, DataType.VARCHAR, max_length=STRING)
    schema.add_field("chunk", DataType.VARCHAR, max_length=LONG)
    schema.add_field("keywords", DataType.VARCHAR, max_length=LONG, enable_analyzer=True,
                     analyzer_params={"tokenizer": "whitespace"})
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_function(milvus.Function(name="bm25", function_type=milvus.FunctionType.BM25,
                                        input_field_names=["keywords"], output_field_names=["sparse"]))
    return schema


def chunk_row(chunk: Chunk, doc, sha256: str, keywords: str, vector: np.ndarray) -> dict:
    """The row of ``chunk`` of ``doc`` but its ref, which the writer gives."""
    row = {"chunk_id": chunk.chunk_id, "doc_key": chunk.doc_key, "source": doc.source, "source_sha256": sha256,
           "person": chunk.person or "", "event_date": chunk.event_date or "",
           "chunk": json.dumps(chunk.to_dict(), ensure_ascii=False), "keywords": keywords, "vector": vector.tolist()}
    row.update({field: getattr(doc, attribute) or "" for field, attribute in DOC_FIELDS.items()})
    return row


def scan(client, collection: str, expression: str, fields: list[str]) -> Iterator[dict]:
    """Every row matching ``expression``, in batches (a plain query stops at 16,384 rows)."""
    iterator = client.query_iterator(collection, batch_size=1000, filter=expression, output_fields=fields)
    try:
        while batch := iterator.next():
            yield from batch
    finally:
        iterator.close()


def literal(value: str) -> str:
    """A string literal of Milvus's filter language (it reads JSON's escapes)."""
    return json.dumps(value, ensure_ascii=False)


def filter_expression(filters: Filters | None) -> str:
    """The filters as a Milvus boolean expression over the scalar fields ("" when none is active): the same
    documents ``Filters.accepts`` accepts, a missing date stored as ""."""
    if filters is None or not filters.active:
        return ""
    clauses = [f"{field} in [{', '.join(literal(v) for v in values)}]"
               for field, values in (("doc_title", filters.doc_titles), ("doc_number", filters.doc_numbers),
                                     ("doc_type", filters.doc_types), ("issuer", filters.issuers)) if values]
    if filters.signed_from:
        clauses.append(f"signed_date >= {literal(filters.signed_from)}")
    if filters.signed_to:
        clauses.append(f'(signed_date != "" and signed_date <= {literal(filters.signed_to)})')
    if filters.in_force_on:
        on = literal(filters.in_force_on)
        clauses.append(f'(effective_date == "" or effective_date <= {on})')
        clauses.append(f'(expiry_date == "" or expiry_date >= {on})')
    return " and ".join(clauses)


class MilvusStore:
    """Implements ``qa.index.store.Store`` over a collection. Refs are the rows' primary keys; a ref is never
    given to another chunk, so chunks read once are kept."""

    def __init__(self, client, collection: str, manifest: Manifest, catalog: Catalog):
        self.client = client
        self.collection = collection
        self.visible = {source: entry.sha256 for source, entry in manifest.sources.items()}
        self.count = manifest.chunk_count
        self.dense_kind = manifest.dense_index
        self.doc_order = {key: i for i, key in enumerate(catalog.documents)}
        self._chunks: dict[int, Chunk] = {}

    # -- the store contract ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.count

    def get(self, refs: Sequence[int]) -> list[Chunk]:
        missing = sorted({int(r) for r in refs} - set(self._chunks))
        if missing:
            for row in self._query(f"ref in {missing}", ["ref", "chunk"]):
                self._chunks[row["ref"]] = Chunk.from_dict(json.loads(row["chunk"]))
        return [self._chunks[int(r)] for r in refs]

    def iter_chunks(self) -> Iterator[Chunk]:
        rows = [row for row in self._scan("ref >= 0", [*VISIBILITY, "doc_key", "chunk"]) if self._sees(row)]
        rows.sort(key=lambda row: (self.doc_order.get(row["doc_key"], len(self.doc_order)), row["ref"]))
        return (Chunk.from_dict(json.loads(row["chunk"])) for row in rows)

    def refs_of_document(self, doc_key: str) -> list[int]:
        return self._refs_where("doc_key", doc_key)

    def refs_of_person(self, person: str) -> list[int]:
        return self._refs_where("person", person)

    def refs_of_event_date(self, iso_date: str) -> list[int]:
        return self._refs_where("event_date", iso_date)

    def search_dense(self, vector: np.ndarray, depth: int, filters: Filters | None) -> Ranking:
        query = np.asarray(vector, dtype=np.float32)

        def score_of(refs: Sequence[int]) -> np.ndarray:
            """Exact inner products with the stored vectors, fetched by primary key (as the local store's)."""
            if not len(refs):
                return np.zeros(0, dtype=np.float32)
            keys = sorted({int(r) for r in refs})
            stored = {row["ref"]: row["vector"] for row in self._query(f"ref in {keys}", ["ref", "vector"])}
            return np.array([stored[int(r)] for r in refs], dtype=np.float32) @ query

        params = {"metric_type": "IP", "params": {"nprobe": IVF_NPROBE} if self.dense_kind == "ivf" else {}}
        top = self._search([query.tolist()], "vector", depth, filters, params)
        return Ranking(top, score_of)

    def search_bm25(self, tokens: list[str], depth: int, filters: Filters | None) -> Ranking | None:
        text = " ".join(tokens)
        if not text:
            return None
        params = {"metric_type": "BM25"}
        top = self._search([text], "sparse", depth, filters, params)
        if not top and (not filters or not filters.active or not self._search([text], "sparse", 1, None, params)):
            return None  # no query token is in the collection's vocabulary

        def score_of(refs: Sequence[int]) -> np.ndarray:
            """A search restricted to the candidates: their BM25 scores, 0 where no token matches."""
            keys = sorted({int(r) for r in refs})
            found = dict(self._search([text], "sparse", len(keys), None, params, f"ref in {keys}")) if keys else {}
            return np.array([found.get(int(r), 0.0) for r in refs], dtype=np.float32)

        return Ranking(top, score_of)

    # -- Milvus calls ----------------------------------------------------------------------------------

    def _search(self, data: list, field: str, depth: int, filters: Filters | None, params: dict,
                restrict: str = "") -> list[tuple[int, float]]:
        """(ref, score) best first, ties broken by ref, of the rows this index's manifest lists. Milvus's BM25
        multiplies Lucene's score by k1 + 1 (it keeps the factor that ranking ignores): divided out here, so
        both stores give one score."""
        expression = " and ".join(f"({e})" for e in (filter_expression(filters), restrict) if e)
        hits = self.client.search(self.collection, data=data, anns_field=field, limit=max(1, min(depth, 16_384)),
                                  filter=expression, search_params=params, output_fields=VISIBILITY[1:])[0]
        scale = 1.0 / (K1 + 1) if field == "sparse" else 1.0
        found = [(int(hit["id"]), float(hit["distance"]) * scale) for hit in hits
                 if self._sees({"source": hit["entity"]["source"], "source_sha256": hit["entity"]["source_sha256"]})]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:depth]

    def _refs_where(self, field: str, value: str) -> list[int]:
        rows = self._query(f"{field} == {literal(value)}", VISIBILITY)
        return sorted(row["ref"] for row in rows if self._sees(row))

    def _sees(self, row: dict) -> bool:
        return self.visible.get(row["source"]) == row["source_sha256"]

    def _query(self, expression: str, fields: list[str]) -> list[dict]:
        """Rows of a look-up or of a few refs (a plain query: at most 16,384 rows, one round trip)."""
        return self.client.query(self.collection, filter=expression, output_fields=fields, limit=16_384)

    def _scan(self, expression: str, fields: list[str]) -> Iterator[dict]:
        return scan(self.client, self.collection, expression, fields)

    # -- what a build reads ----------------------------------------------------------------------------

    @property
    def chunks(self) -> list[Chunk]:
        """Every chunk: the whole collection's text, read for an update (the catalogue and collected text are
        made from all of them)."""
        return list(self.iter_chunks())

    def vectors_of_sources(self, sources: list[str], catalog: Catalog) -> dict[bytes, np.ndarray]:
        """Digest of each dense text -> vector, for the rows of ``sources``: an update of a file re-embeds only
        the chunks whose text changed."""
        if not sources:
            return {}
        known: dict[bytes, np.ndarray] = {}
        expression = f"source in [{', '.join(literal(s) for s in sources)}]"
        for row in self._scan(expression, [*VISIBILITY, "chunk", "vector"]):
            chunk = Chunk.from_dict(json.loads(row["chunk"]))
            if self._sees(row) and chunk.doc_key in catalog.documents:
                known.setdefault(text_digest(dense_text(chunk, catalog[chunk.doc_key])),
                                 np.asarray(row["vector"], dtype=np.float32))
        return known
