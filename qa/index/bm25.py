"""BM25 over the stored keyword tokens: the score matrix of Lucene's BM25 (k1 1.2, b 0.75) built with numpy from
the token ids, float for float the matrix bm25s builds (the tests compare them), without the Python lists of
every token that bm25s needs (gigabytes at 10^5 chunks). A query sums its tokens' columns as bm25s does."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ..arrays import load_array
from ..errors import IndexCorruptedError
from .manifest import REBUILD_HINT

K1, B = 1.2, 0.75
FILES = ("data", "indices", "indptr")


class BM25Matrix:
    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, num_docs: int):
        if len(indptr) < 1 or indptr[-1] != len(data) or len(data) != len(indices):
            raise IndexCorruptedError(f"the BM25 matrix is inconsistent ({len(data)} scores, {len(indices)} rows, "
                                      f"{len(indptr)} column starts); {REBUILD_HINT}")
        self.data, self.indices, self.indptr, self.num_docs = data, indices, indptr, num_docs

    @classmethod
    def build(cls, token_ids: np.ndarray, offsets: np.ndarray, vocab_size: int) -> BM25Matrix:
        """The matrix of every (chunk, token) score, column by token id, rows sorted within a column."""
        num_docs = len(offsets) - 1
        lengths = np.diff(offsets)
        docs = np.repeat(np.arange(num_docs, dtype=np.int64), lengths)
        pairs, tf = np.unique(token_ids.astype(np.int64) * max(num_docs, 1) + docs, return_counts=True)
        tokens, rows = pairs // max(num_docs, 1), (pairs % max(num_docs, 1)).astype(np.int32)
        df = np.bincount(tokens, minlength=vocab_size)
        # As bm25s computes them: idf from Python floats stored as float32; the term-frequency part in float64
        # (its length factor is a numpy float64); their product rounded to float32.
        idf = np.array([math.log(1 + (num_docs - n + 0.5) / (n + 0.5)) if n else 0.0 for n in df], dtype=np.float32)
        average = lengths.mean() if num_docs else 1.0
        length_factor = K1 * ((1 - B) + B * lengths.astype(np.float64) / average)
        tf64 = tf.astype(np.float32).astype(np.float64)
        data = idf[tokens].astype(np.float64) * (tf64 / (length_factor[rows] + tf64))
        indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int32 if len(data) < 2**31 else np.int64)
        return cls(data.astype(np.float32), rows, indptr, num_docs)

    def scores(self, token_ids: list[int]) -> np.ndarray:
        """Each chunk's BM25 score for the query tokens (repeated tokens count each time, as in bm25s)."""
        scores = np.zeros(self.num_docs, dtype=np.float32)
        for token in token_ids:
            start, end = self.indptr[token], self.indptr[token + 1]
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores

    def save(self, folder: Path) -> None:
        folder.mkdir()
        for name in FILES:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)
        (folder / "params.json").write_text(json.dumps({"k1": K1, "b": B, "method": "lucene",
                                                        "num_docs": self.num_docs}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> BM25Matrix:
        params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        if (params.get("k1"), params.get("b"), params.get("method")) != (K1, B, "lucene"):
            raise IndexCorruptedError(f"{folder}: BM25 parameters {params}, this PolicyQA uses k1={K1}, b={B}, "
                                      f"lucene; {REBUILD_HINT}")
        arrays = {name: load_array(folder / f"{name}.npy") for name in FILES}
        return cls(arrays["data"], arrays["indices"], arrays["indptr"], int(params["num_docs"]))
