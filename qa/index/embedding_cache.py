"""Vectors an index build has embedded so far, on disk: a build that is interrupted (killed, out of power) resumes
from them instead of embedding everything again. Kept per embedder, in shards written whole (a kill leaves at most
one shard missing, never a torn one), and removed once the index they were for is saved."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np

from ..arrays import load_array

FOLDER = ".embedding-cache"


class EmbeddingCache:
    def __init__(self, index_dir: str | Path, embedder: dict):
        signature = hashlib.sha256(json.dumps(embedder, sort_keys=True).encode()).hexdigest()[:16]
        self.root = Path(index_dir) / FOLDER
        self.folder = self.root / signature

    def load(self) -> dict[bytes, np.ndarray]:
        """digest of a dense text -> its vector, for every shard that was written whole."""
        found: dict[bytes, np.ndarray] = {}
        for keys_path in sorted(self.folder.glob("*.keys.npy")) if self.folder.is_dir() else ():
            vectors_path = keys_path.with_name(keys_path.name.replace(".keys.", ".vectors."))
            try:
                keys = load_array(keys_path)
                vectors = load_array(vectors_path)
            except (OSError, ValueError):
                continue  # a shard a kill cut short: embedded again
            if len(keys) == len(vectors):
                found.update(zip((k.tobytes() for k in keys), vectors))
        return found

    def add(self, digests: list[bytes], vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        shard = f"{len(list(self.folder.glob('*.keys.npy'))):06d}-{os.getpid()}"
        # vectors first, keys last: a shard counts only once its keys file exists
        # keys as rows of bytes: numpy's "S16" strips trailing NUL bytes, losing about one digest in 256
        keys = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(len(digests), -1)
        for name, array in ((f"{shard}.vectors.npy", vectors), (f"{shard}.keys.npy", keys)):
            tmp = self.folder / f".{name}.tmp"
            with tmp.open("wb") as fh:
                np.save(fh, array, allow_pickle=False)
            os.replace(tmp, self.folder / name)

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
