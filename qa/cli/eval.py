"""`policyqa eval`: score retrieval and answers on a question set, optionally beside the usual baselines."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import click

from ..answering.generators import GeneratorName
from ..config import ENV, LLMSettings
from ..errors import PolicyQAError
from ..evaluation import (
    Baseline,
    TargetResult,
    baseline_report,
    build_baseline,
    check_targets,
    evaluation_report,
    explicit_lookup_ids,
    format_markdown,
    load_questions,
    require_baseline,
    run_questions,
)
from ..retrieval import MAX_K
from ..stack import Stack, stack_assistant
from .options import (
    echo_status,
    env_epilog,
    index_options,
    llm_options,
    open_stack_for,
    progress_reporter,
    settings_from_options,
)


@click.command("eval", epilog=env_epilog("st_model", "allow_download"))
@click.argument("questions_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("eval-results"),
              envvar=ENV["eval_out_dir"], show_envvar=True, show_default=True,
              help="Where the report goes: <questions>.eval.json and <questions>.eval.md.")
@click.option("-k", type=click.IntRange(10, MAX_K), default=10, show_default=True,
              help="Results ranked per question (MRR counts a gold below rank k as a miss; nDCG reads the top 10).")
@click.option("--baseline", "baselines", multiple=True, type=click.Choice([b.value for b in Baseline]),
              help="Also run a baseline a user would build instead, and print our numbers beside it as ratios; "
                   "repeatable.")
@click.option("--generator", type=click.Choice([g.value for g in GeneratorName]), default="extractive",
              show_default=True, envvar=ENV["eval_generator"], show_envvar=True,
              help="How answers are written: extractive (no model), or llm (the endpoint of --llm-base-url).")
@click.option("--no-answers", is_flag=True, help="Score retrieval only; do not run the answering chain.")
@click.option("--check", "--fail-below-targets", "check", is_flag=True,
              help="Exit with status 1 when a number is below the project's targets.")
@llm_options
@index_options
def eval_command(questions_file, out_dir, k, baselines, generator, no_answers, check, corpus, index_dir, embedder,
                 no_rebuild):
    """Score retrieval and answers on QUESTIONS_FILE (JSONL; format in eval/README.md).

    Reports hit@1/hit@5/MRR/nDCG@10, citation precision and recall, answer-point coverage, refusal accuracy
    and latency p50/p95, overall and per question kind, and lists every failed question with what was
    retrieved. Writes JSON and Markdown to --out-dir and prints the Markdown.
    """
    try:
        questions = load_questions(questions_file)
        for name in baselines:  # a missing package is said now, not after the questions have run
            require_baseline(name)
    except (ValueError, ImportError) as err:
        raise click.ClickException(str(err)) from None
    started = time.perf_counter()
    settings = settings_from_options(corpus, index_dir, embedder)
    if generator == GeneratorName.LLM.value and settings.llm is None and not no_answers:  # said before a long build
        raise click.UsageError(f"--generator llm needs an OpenAI-compatible endpoint: give --llm-base-url and "
                               f"--llm-model (or {ENV['llm_base_url']} and {ENV['llm_model']}), or use "
                               f"--generator extractive")
    stack = open_stack_for(settings, no_rebuild)
    retriever = stack.retriever
    assistant = None if no_answers else _assistant_for(stack, generator)
    unavailable = "--no-answers was given" if no_answers else None
    runs = run_questions(questions, retriever, assistant, k=k, on_question=_counter("questions", len(questions)))
    explicit = explicit_lookup_ids(questions, retriever.catalog)
    report = evaluation_report(runs, explicit, answers_unavailable=unavailable, generator=generator)
    llm = settings.llm if assistant is not None and generator == GeneratorName.LLM.value else None
    report["run"] = _run_facts(questions_file, stack, k, llm)
    report["baselines"] = {}
    for name in baselines:
        echo_status(f"building baseline {name} over {corpus}")
        try:
            baseline = build_baseline(name, corpus, retriever.embedder, progress=sys.stderr.isatty())
        except (ValueError, OSError, ImportError) as err:
            raise click.ClickException(f"baseline {name}: {err}") from None
        report["baselines"][name] = baseline_report(questions, baseline, report, k=k,
                                                    on_question=_counter(name, len(questions)))
    results = check_targets(report)
    report["targets"] = [r.to_dict() for r in results]
    report["run"]["seconds"] = round(time.perf_counter() - started, 1)
    _write_report(report, out_dir, questions_file.stem)
    if check:
        _require_targets(results)


def _run_facts(questions_file: Path, stack: Stack, k: int, llm: LLMSettings | None) -> dict:
    """What the numbers were measured on: the question set, index, retriever, machine and, for answers written
    by a chat model (``llm``: its settings), which one."""
    retriever = stack.retriever
    run = {
        "questions_file": str(questions_file), "embedder": retriever.embedder.name,
        "chunks": len(stack.index.chunks), "fusion": retriever.fusion.value, "k": k,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {_cores()} cores, python {platform.python_version()}",
    }
    if llm is not None:
        run["llm"] = {"model": llm.model, "prompt": llm.prompt, "deadline_s": llm.deadline,
                      "max_tokens": llm.max_tokens}
    return run


def _write_report(report: dict, out_dir: Path, stem: str) -> None:
    """<stem>.eval.json and <stem>.eval.md in ``out_dir``; the Markdown is printed too."""
    markdown = format_markdown(report)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{stem}.eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / f"{stem}.eval.md").write_text(markdown, encoding="utf-8")
    click.echo(markdown)
    echo_status(f"wrote {out_dir / f'{stem}.eval.json'} and {out_dir / f'{stem}.eval.md'}")


def _require_targets(results: list[TargetResult]) -> None:
    """--check: a number below its target fails the command, naming it and what it needs."""
    below = [r for r in results if r.passed is False]
    if below:
        raise click.ClickException("below target: " + "; ".join(
            f"{r.target.name} = {r.value:g} (needs {r.target.describe()})" for r in below))
    skipped = [r.target.name for r in results if r.passed is None]
    echo_status("all targets met" + (f" (not checked, not available: {', '.join(skipped)})" if skipped else ""))


def _assistant_for(stack: Stack, generator: str):
    """The answering chain over the stack's retriever (the index is not loaded a second time)."""
    try:
        return stack_assistant(replace(stack, settings=stack.settings.with_(generator=generator)))
    except (PolicyQAError, ImportError) as err:
        raise click.ClickException(str(err)) from None


def _counter(stage: str, total: int):
    """A callable that counts one more done item of ``stage`` to the command's progress reporter."""
    report, done = progress_reporter(), [0]
    report(stage, 0, total)

    def one_more(*_args) -> None:
        done[0] += 1
        report(stage, done[0], total)
    return one_more


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0
