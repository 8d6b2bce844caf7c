"""Bulk loading into Milvus: rows/s of ``MilvusHome._insert`` by the size of an insert call.

    .venv/bin/python benchmarks/bench_milvus_insert.py --store milvus:///tmp/bench/insert.db --store lite-server

The rows are the bundled corpus's chunks (their JSON and their real keyword tokens: 5.8 KB a row with a 384-dim
vector), repeated ``--copies`` times, with random unit vectors. Each call size (``--mb``) fills a fresh collection
with no indexes, as a new build does, and is timed to the flush: wall time, and the CPU seconds of this process and
of the Milvus process together (what a machine shared with other work still measures). ``--string-check`` also
times pymilvus's own per-character string check (``qa.index.milvus._unchecked_strings`` switches it off). One
JSON line a run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def rows_of(copies: int, dim: int, folder: Path) -> list[dict]:
    from embeddings import FakeEmbedder
    from qa.config import BUNDLED_CORPUS
    from qa.index import open_index
    from qa.index.milvus_store import chunk_row

    index = open_index(BUNDLED_CORPUS, folder / "local", FakeEmbedder())
    store = index.store
    base = [(chunk, index.document(chunk.doc_key), " ".join(store.tokens(row)))
            for row, chunk in enumerate(store.chunks)]
    vectors = np.random.default_rng(0).standard_normal((len(base) * copies, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [{"ref": i, **chunk_row(*base[i % len(base)][:2], "0" * 64, base[i % len(base)][2], vectors[i])}
            for i in range(len(vectors))]


def cpu_seconds(server_pid: int | None) -> float:
    """User + system CPU of this process and of the Milvus process (embedded: a child; or the server)."""
    import psutil

    processes = [psutil.Process()] + [p for p in psutil.Process().children(recursive=True) if p.name() == "milvus"]
    if server_pid is not None:
        processes.append(psutil.Process(server_pid))
    return sum(sum(p.cpu_times()[:2]) for p in processes)


def run(uri: str, server_pid: int | None, rows: list[dict], dim: int, megabytes: float, string_check: bool) -> dict:
    from qa.index import milvus
    from qa.stores import StoreSpec

    home = milvus.MilvusHome(StoreSpec.parse(f"{uri}?collection=insert_{int(megabytes * 10)}_{int(string_check)}"))
    home._create(dim)
    milvus.INSERT_BYTES = int(megabytes * 2**20)
    checked = contextlib.nullcontext if string_check else milvus._unchecked_strings
    original = milvus._unchecked_strings
    milvus._unchecked_strings = checked
    try:
        started, cpu = time.perf_counter(), cpu_seconds(server_pid)
        home._insert(iter(rows), len(rows))
        home.client.flush(home.collection)
        seconds, cpu = time.perf_counter() - started, cpu_seconds(server_pid) - cpu
    finally:
        milvus._unchecked_strings = original
        home.client.drop_collection(home.collection)
        home.client.drop_collection(home.meta)
    mean = sum(milvus.row_bytes(r) for r in rows) / len(rows)
    return {"rows": len(rows), "row_kb": round(mean / 1024, 1), "call_mb": megabytes,
            "rows_per_call": max(1, round(megabytes * 2**20 / mean)), "string_check": string_check,
            "s": round(seconds, 1), "rows_per_s": round(len(rows) / seconds),
            "cpu_s_per_1000_rows": round(1000 * cpu / len(rows), 2)}


def main() -> None:
    from bench_archive import lite_server

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", action="append", help="milvus:///path/file.db or lite-server; repeatable")
    parser.add_argument("--copies", type=int, default=10, help="times the bundled chunks are inserted")
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--mb", default="1,3,8,12,17", help="sizes of an insert call, in MB")
    parser.add_argument("--string-check", action="store_true", help="also time pymilvus's string check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = rows_of(args.copies, args.dim, Path(tmp))
        for store in args.store or [f"milvus://{tmp}/insert.db"]:
            given = contextlib.nullcontext((store, None))
            with lite_server(Path(tmp)) if store == "lite-server" else given as (uri, pid):
                for megabytes in (float(mb) for mb in args.mb.split(",")):
                    for string_check in ((False, True) if args.string_check else (False,)):
                        report = run(uri, pid, rows, args.dim, megabytes, string_check)
                        print(json.dumps({"store": store, **report}), flush=True)


if __name__ == "__main__":
    main()
