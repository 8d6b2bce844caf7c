"""`policyqa eval`: score retrieval and answers on a question set, optionally beside the usual baselines."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import click

from ..baselines import Baseline, build_baseline
from ..evaluation import (
    COMPARED_METRICS,
    baseline_report,
    check_targets,
    evaluation_report,
    explicit_lookup_ids,
    load_questions,
    run_questions,
)
from ..retrieval import MAX_K
from .options import echo_status, index_options, open_retriever

RETRIEVAL_COLUMNS = (("hit@1", "hit@1"), ("hit@5", "hit@5"), ("MRR", "mrr"), ("nDCG@10", "ndcg@10"))
ANSWER_COLUMNS = (("citation P", "citation_precision"), ("citation R", "citation_recall"),
                  ("answer points", "answer_point_coverage"), ("false refusals", "false_refusals"),
                  ("missed refusals", "missed_refusals"), ("refusal accuracy", "refusal_accuracy"))


@click.command("eval")
@click.argument("questions_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("eval-results"),
              envvar="POLICYQA_EVAL_OUT_DIR", show_default=True,
              help="Where the report goes: <questions>.eval.json and <questions>.eval.md.")
@click.option("-k", type=click.IntRange(10, MAX_K), default=10, show_default=True,
              help="Results ranked per question (MRR counts a gold below rank k as a miss; nDCG reads the top 10).")
@click.option("--baseline", "baselines", multiple=True, type=click.Choice([b.value for b in Baseline]),
              help="Also run a baseline a user would build instead, and print our numbers beside it as ratios; "
                   "repeatable.")
@click.option("--generator", type=click.Choice(["extractive", "llm"]), default="extractive", show_default=True,
              envvar="POLICYQA_EVAL_GENERATOR",
              help="How answers are written: extractive (no model), or llm (the endpoint in POLICYQA_LLM_*).")
@click.option("--no-answers", is_flag=True, help="Score retrieval only; do not run the answering chain.")
@click.option("--check", "--fail-below-targets", "check", is_flag=True,
              help="Exit with status 1 when a number is below the project's targets.")
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
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    started = time.perf_counter()
    retriever = open_retriever(corpus, index_dir, embedder, no_rebuild)
    assistant = None if no_answers else _assistant_for(retriever, generator)
    unavailable = "--no-answers was given" if no_answers else None
    with _progress(len(questions), "questions") as bar:
        runs = run_questions(questions, retriever, assistant, k=k, on_question=lambda _run: bar.update(1))
    explicit = explicit_lookup_ids(questions, retriever.lookup.catalog) if retriever.lookup else set()
    report = evaluation_report(runs, explicit, answers_unavailable=unavailable, generator=generator)
    report["run"] = {
        "questions_file": str(questions_file), "embedder": retriever.embedder.name,
        "chunks": len(retriever.index.chunks), "fusion": retriever.fusion.value, "k": k,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {_cores()} cores, python {platform.python_version()}",
    }
    report["baselines"] = {}
    for name in baselines:
        echo_status(f"building baseline {name} over {corpus}")
        try:
            baseline = build_baseline(name, corpus, retriever.embedder, progress=sys.stderr.isatty())
        except (ValueError, OSError, ImportError) as err:
            raise click.ClickException(f"baseline {name}: {err}") from None
        with _progress(len(questions), name) as bar:
            report["baselines"][name] = baseline_report(questions, baseline, report, k=k,
                                                        on_question=lambda: bar.update(1))
    results = check_targets(report)
    report["targets"] = [r.to_dict() for r in results]
    report["run"]["seconds"] = round(time.perf_counter() - started, 1)
    markdown = format_markdown(report)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = questions_file.stem
    (out_dir / f"{stem}.eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / f"{stem}.eval.md").write_text(markdown, encoding="utf-8")
    click.echo(markdown)
    echo_status(f"wrote {out_dir / f'{stem}.eval.json'} and {out_dir / f'{stem}.eval.md'}")
    if check:
        below = [r for r in results if r.passed is False]
        if below:
            raise click.ClickException("below target: " + "; ".join(
                f"{r.target.name} = {r.value:g} (needs {r.target.describe()})" for r in below))
        skipped = [r.target.name for r in results if r.passed is None]
        echo_status("all targets met" + (f" (not checked, not available: {', '.join(skipped)})" if skipped else ""))


def _assistant_for(retriever, generator: str):
    """The answering chain over ``retriever`` (the index is not loaded a second time)."""
    from ..assistant import Assistant

    llm = None
    if generator == "llm":
        from ..generators import LLM_ENV, llm_settings_from_env, openai_chat_model

        settings = llm_settings_from_env()
        if settings is None:
            raise click.UsageError(f"--generator llm needs an OpenAI-compatible endpoint: set {LLM_ENV['base_url']} "
                                   f"and {LLM_ENV['model']} (and {LLM_ENV['api_key']} if it needs one), or use "
                                   f"--generator extractive")
        llm = openai_chat_model(settings)
    return Assistant(retriever, llm=llm, default_generator=generator)


def _progress(total: int, what: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=what, unit="q", file=sys.stderr, disable=None, leave=False)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


# -- Markdown -------------------------------------------------------------------------------------------


def _cell(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _groups(metrics: dict) -> list[str]:
    return ["all"] + sorted(name for name in metrics if name != "all")


def format_markdown(report: dict) -> str:
    run = report.get("run", {})
    kinds = ", ".join(f"{kind} {n}" for kind, n in report["kinds"].items())
    out = [f"# PolicyQA evaluation: {run.get('questions_file', '')}", "",
           (f"{report['questions']} questions ({kinds}); embedder {run.get('embedder')}, {run.get('chunks')} chunks, "
           f"fusion {run.get('fusion')}, k = {run.get('k')}, answers by {report['generator'] or 'none'}; "
            f"{run.get('date')}, {run.get('machine')}."), "",
           "## Retrieval", "",
           ("Answerable questions. A retrieved chunk matches a gold provision when it has the same document and "
            "label, or its text contains the evidence (whitespace and punctuation ignored)."), ""]
    retrieval = report["retrieval"]
    rows = [[name, str(retrieval[name]["n"])] + [_cell(retrieval[name][key]) for _, key in RETRIEVAL_COLUMNS]
            for name in _groups(retrieval)]
    explicit = report["explicit_lookups"]
    if explicit.get("n"):
        rows.append(["explicit look-ups", str(explicit["n"])] + [_cell(explicit[key]) for _, key in RETRIEVAL_COLUMNS])
    out += _table(["group", "n"] + [label for label, _ in RETRIEVAL_COLUMNS], rows) + ["", "## Answers", ""]
    answers = report["answers"]
    if answers is None:
        out.append(f"Not available: {report['answers_unavailable']}.")
    else:
        rows = [[name, str(answers[name]["n"])] + [_cell(answers[name][key]) for _, key in ANSWER_COLUMNS]
                for name in _groups(answers)]
        out += _table(["group", "n"] + [label for label, _ in ANSWER_COLUMNS], rows)
    out += ["", "## Latency (ms)", ""]
    rows = [[stage, _cell(lat["p50"], 1), _cell(lat["p95"], 1)] if lat else [stage, "–", "–"]
            for stage, lat in report["latency_ms"].items()]
    out += _table(["stage", "p50", "p95"], rows) + ["", "## Targets", ""]
    verdict = {True: "met", False: "**below**", None: "not available"}
    out += _table(["target", "required", "value", ""],
                  [[t["target"], t["required"], _cell(t["value"], 3), verdict[t["passed"]]]
                   for t in report.get("targets", [])])
    if report.get("baselines"):
        out += _baselines_markdown(report)
    out += _failures_markdown(report["failures"])
    return "\n".join(out) + "\n"


def _baselines_markdown(report: dict) -> list[str]:
    ours = report["retrieval_evidence_rule"].get("all", {})
    out = ["", "## Beside the baselines", "",
           ("Every system scored with the evidence rule (a passage matches when its text contains the gold "
            "evidence), since the baselines' chunks are not provisions. In brackets: ours / theirs."), ""]
    rows = [["PolicyQA", str(report["run"].get("chunks"))] + [_cell(ours.get(m)) for m in COMPARED_METRICS]
            + [_cell(report["latency_ms"]["retrieval"]["p50"], 1)]]
    for name, b in report["baselines"].items():
        theirs = b["retrieval"].get("all", {})
        ratio = b["ratio_ours_to_theirs"]
        rows.append([name, str(b["passages"])]
                    + [f"{_cell(theirs.get(m))} (×{_cell(ratio.get(m))})" for m in COMPARED_METRICS]
                    + [f"{_cell(b['latency_ms']['p50'], 1)} (×{_cell(ratio.get('latency_p50'))})"])
    out += _table(["system", "chunks", "hit@1", "hit@5", "MRR", "nDCG@10", "p50 ms"], rows) + [""]
    out += [f"- {name}: {b['description']}; built in {b['build_seconds']} s"
            + (f"; {b['truncated_for_embedding']} chunks longer than the embedder reads were cut to its limit"
               if b["truncated_for_embedding"] else "") for name, b in report["baselines"].items()]
    return out


def _failures_markdown(failures: list[dict]) -> list[str]:
    out = ["", f"## Failed questions ({len(failures)})", ""]
    if not failures:
        return out + ["None."]
    for f in failures:
        out += [f"### {f['id']} [{f['kind']}] {f['question']}", ""]
        out += [f"- **{p}**" for p in f["problems"]]
        out += [f"- gold: 《{g['doc_title']}》{g['article']} — “{g['evidence']}”" for g in f["gold"]]
        if "retrieved_for" in f:
            out.append(f"- retrieved for: {f['retrieved_for']}")
        out += [f"- got {r['rank']}: {r['citation']} — {r['text']}" for r in f["retrieved"]]
        if "answer" in f:
            a = f["answer"]
            cited = "、".join(a["citations"]) or "nothing"
            out.append(f"- answer ({'refused' if a['refused'] else 'cites ' + cited}): {a['text']}")
        out.append("")
    return out
