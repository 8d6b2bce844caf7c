"""The default store: chunks, vectors and a FAISS index, and BM25 (numpy, as bm25s scores) over stored token ids, in memory.

Files of a version (nothing is pickled)::

    chunks.json             the chunks as columns, in row order (a row is the chunk's ref)
    vectors.npy             float32 (n, dim), L2-normalised
    dense.faiss             faiss.write_index of a flat or IVF inner-product index
    keywords/vocab.json     the keyword tokens; keywords/ids.npy + offsets.npy: each chunk's token ids
    bm25/                   the BM25 score matrix (data, indices, indptr .npy) and its parameters

The token ids let an update re-tokenise only the chunks that changed.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from ..arrays import load_array
from ..catalog import Catalog
from ..errors import IndexCorruptedError
from ..filters import Filters
from ..lazy import require_openmp
from ..types import Chunk
from .bm25 import BM25Matrix
from .keywords import KeywordTokens
from .manifest import REBUILD_HINT
from .store import Ranking, top_scores
from .table import ChunkTable

# Below this many vectors exact search stays under ~8 ms here; above it IVF keeps recall@50 >= 0.95 up to 10^6
# (HNSW at efSearch 128 fell to 0.65 there, and built 6x slower): docs/benchmarks.md, benchmarks/bench_scale.py.
APPROXIMATE_THRESHOLD = 50_000
IVF_NPROBE = 256


def faiss_module():
    return require_openmp("faiss", "the dense index", "pip install faiss-cpu")


def dense_index_kind(n: int) -> str:
    return "ivf" if n >= APPROXIMATE_THRESHOLD else "flat"


class LocalStore:
    """Implements ``qa.index.store.Store``; built from chunks, their vectors and their keyword tokens."""

    def __init__(self, chunks: ChunkTable, vectors: np.ndarray, keywords: KeywordTokens, catalog: Catalog,
                 dense=None, bm25=None):
        if len(chunks) != vectors.shape[0] or len(keywords) != len(chunks):
            raise IndexCorruptedError(f"{len(chunks)} chunks, {vectors.shape[0]} vectors and {len(keywords)} token "
                                      f"lists: the index is inconsistent; {REBUILD_HINT}")
        self.chunks = chunks
        self.vectors = vectors
        self.keywords = keywords
        self.catalog = catalog
        self.dense = dense if dense is not None else _dense_index(vectors, dense_index_kind(len(chunks)))
        self.bm25 = bm25 if bm25 is not None else BM25Matrix.build(keywords.ids, keywords.offsets,
                                                                   len(keywords.vocab))
        self.vocab_ids = {token: i for i, token in enumerate(keywords.vocab)}
        self.row_of = {chunk_id: row for row, chunk_id in enumerate(chunks.column("chunk_id"))}
        self._rows_of_doc = _rows_by(chunks.column("doc_key"))
        self._rows_of_person = _rows_by(chunks.column("person"))
        self._rows_of_date = _rows_by(chunks.column("event_date"))

    @classmethod
    def create(cls, chunks: list[Chunk], vectors: np.ndarray, keywords: KeywordTokens, catalog: Catalog) -> LocalStore:
        return cls(ChunkTable.of(chunks), vectors, keywords, catalog)

    # -- the store contract ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.chunks)

    def get(self, refs: Sequence[int]) -> list[Chunk]:
        return [self.chunks[r] for r in refs]

    def iter_chunks(self) -> Iterator[Chunk]:
        return iter(self.chunks)

    def refs_of_document(self, doc_key: str) -> list[int]:
        return self._rows_of_doc.get(doc_key, [])

    def refs_of_person(self, person: str) -> list[int]:
        return self._rows_of_person.get(person, [])

    def refs_of_event_date(self, iso_date: str) -> list[int]:
        return self._rows_of_date.get(iso_date, [])

    def search_dense(self, vector: np.ndarray, depth: int, filters: Filters | None) -> Ranking:
        query = vector.reshape(1, -1).astype(np.float32)

        def score_of(refs: Sequence[int]) -> np.ndarray:
            return self.vectors[np.asarray(refs, dtype=np.int64)] @ vector

        depth = min(depth, len(self.chunks))
        mask = self._mask(filters)
        if depth == 0:
            return Ranking([], score_of)
        if mask is None:
            scores, rows = self.dense.search(query, depth)
        else:
            allowed = np.flatnonzero(mask).astype(np.int64)
            if not len(allowed):
                return Ranking([], score_of)
            params = faiss_module().SearchParameters(sel=faiss_module().IDSelectorBatch(allowed))
            scores, rows = self.dense.search(query, min(depth, len(allowed)), params=params)
        return Ranking([(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0], score_of)

    def search_bm25(self, tokens: list[str], depth: int, filters: Filters | None) -> Ranking | None:
        known = [self.vocab_ids[t] for t in tokens if t in self.vocab_ids]
        if not known:
            return None
        scores = self.bm25.scores(known)
        mask = self._mask(filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return Ranking(top_scores(scores, depth, positive_only=True),
                       lambda refs: scores[np.asarray(refs, dtype=np.int64)])

    def _mask(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or not filters.active:
            return None
        accepted = {key for key, doc in self.catalog.documents.items() if filters.accepts(doc)}
        return np.array([key in accepted for key in self.chunks.column("doc_key")], dtype=bool)

    # -- what an update reuses -------------------------------------------------------------------------

    def tokens(self, row: int) -> list[str]:
        return self.keywords.tokens(row)

    # -- persistence -----------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        self.chunks.save(folder / "chunks.json")
        np.save(folder / "vectors.npy", self.vectors, allow_pickle=False)
        faiss_module().write_index(self.dense, str(folder / "dense.faiss"))
        (folder / "keywords").mkdir()
        (folder / "keywords" / "vocab.json").write_text(json.dumps(self.keywords.vocab, ensure_ascii=False),
                                                        encoding="utf-8")
        np.save(folder / "keywords" / "ids.npy", self.keywords.ids, allow_pickle=False)
        np.save(folder / "keywords" / "offsets.npy", self.keywords.offsets, allow_pickle=False)
        self.bm25.save(folder / "bm25")

    @classmethod
    def load(cls, folder: Path, catalog: Catalog, dense_kind: str) -> LocalStore:
        try:
            chunks = ChunkTable.load(folder / "chunks.json")
            vectors = load_array(folder / "vectors.npy")
            dense = faiss_module().read_index(str(folder / "dense.faiss"))
            vocab = json.loads((folder / "keywords" / "vocab.json").read_text(encoding="utf-8"))
            keywords = KeywordTokens(vocab, load_array(folder / "keywords" / "ids.npy"),
                                     load_array(folder / "keywords" / "offsets.npy"))
            bm25 = BM25Matrix.load(folder / "bm25")
        except (OSError, RuntimeError, ValueError, KeyError, TypeError) as err:  # faiss: RuntimeError on bad files
            raise IndexCorruptedError(f"index version {folder} cannot be read ({type(err).__name__}: {err}); "
                                      f"{REBUILD_HINT}") from None
        if dense_kind == "ivf":
            dense.nprobe = IVF_NPROBE
        return cls(chunks, vectors, keywords, catalog, dense, bm25)


def _rows_by(values: list) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = defaultdict(list)
    for row, value in enumerate(values):
        if value:
            rows[value].append(row)
    return rows


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
