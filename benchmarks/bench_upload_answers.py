"""Answers while a large upload is indexed (issue 15.5): questions must keep being answered, from the version
served, while the upload builds the next one.

    .venv/bin/python benchmarks/bench_upload_answers.py [--articles 100000] [--embedder fake] [--json]

Builds a corpus of the two bundled gazettes and its index in a temporary folder, writes one generated regulation
of N articles (100,000 articles is 7 MB, like the red-team file), then uploads it through ``ChatService.upload``
in one thread while another asks the 12 questions below in a loop until the upload ends. Reported: the upload's
seconds, how many questions were answered before it ended (and when the first was), their latency p50/p95/max,
and the latencies with no upload, for comparison; a failed question or upload exits 1.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "政府跟企业搞特许经营，能不能承诺保证企业每年固定赚多少？", "开发商拿了地两年没动工，政府会怎么处理？",
    "市领导要来我们县调研，能不能拉横幅、献花搞个欢迎仪式？", "《特许经营管理办法》第7条", "聊城市人民政府令第42号第24条讲的啥？",
    "聊政办字〔2021〕36号是什么文件？", "王霞的职务有什么变动？", "闲置土地是怎么认定的？", "聊城市人民政府工作规则第五十七条",
    "行政应诉工作管理办法第二十条", "市政府常务会议多久开一次？", "特许经营协议可以约定哪些内容？",
]


def regulation(articles: int) -> str:
    """One regulation (办法) of ``articles`` numbered articles, each a different sentence."""
    lines = ["聊城市城市管理综合执法细则", "", "（2022年4月1日聊城市人民政府第九次常务会议通过）", ""]
    lines += [f"第{n}条 本市第{n}号网格的责任单位应当每日巡查第{n % 97}类设施，发现问题于{n % 13 + 1}日内处理。"
              for n in range(1, articles + 1)]
    return "\n".join(lines) + "\n"


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {"n": len(values), "p50": round(statistics.median(ordered)), "p95": round(ordered[int(0.95 * (len(ordered) - 1))]),
            "max": round(ordered[-1])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--embedder", default="fake")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from policyqa_app.config import AppConfig
    from policyqa_app.service import ChatService
    from qa.config import Settings
    from qa.stack import open_stack, stack_assistant

    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(ROOT / "data" / "gazettes", corpus)
        stack = open_stack(Settings(corpus=corpus, index_dir=work / "index", embedder=args.embedder))
        config = AppConfig(admin_upload=True, upload_dir=corpus, feedback_log=work / "feedback.jsonl")
        service = ChatService(stack_assistant(stack), config, corpus_dir=corpus, index_dir=work / "index")
        service.warm_up()
        upload = work / "upload" / "liaocheng-enforcement-rules.txt"
        upload.parent.mkdir()
        upload.write_text(regulation(args.articles), encoding="utf-8")

        def ask_all(latencies: list[float], finished: list[float], errors: list[str]) -> None:
            for question in QUESTIONS:
                started = time.perf_counter()
                try:
                    service.ask(question)
                except Exception as err:  # noqa: BLE001 - every failure is counted and reported, never hidden
                    errors.append(f"{type(err).__name__}: {err}")
                finished.append(time.perf_counter())
                latencies.append(1000 * (finished[-1] - started))

        quiet, quiet_errors = [], []
        ask_all(quiet, [], quiet_errors)

        report: list[str] = []
        uploading = threading.Thread(target=lambda: report.append(service.upload(upload)))
        started = time.perf_counter()
        uploading.start()
        during, finished, errors = [], [], []
        while uploading.is_alive():
            ask_all(during, finished, errors)
        uploading.join()
        upload_seconds = time.perf_counter() - started
        answered = [f - started for f in finished if f - started < upload_seconds]  # before the upload ended
        result = {
            "articles": args.articles, "file_mb": round(upload.stat().st_size / 1048576, 1), "embedder": args.embedder,
            "upload_seconds": round(upload_seconds, 1), "upload_report": report[0].splitlines()[0],
            "answered_during_upload": len(answered), "first_answer_after_s": round(answered[0], 1) if answered else None,
            "latency_ms_during_upload": percentiles(during), "latency_ms_without_upload": percentiles(quiet),
            "errors": errors + quiet_errors,
            "machine": f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores, "
                       f"python {platform.python_version()}",
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))
    return 1 if result["errors"] or not result["upload_report"].startswith("✅") else 0


if __name__ == "__main__":
    sys.exit(main())
