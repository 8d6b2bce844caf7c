"""The evaluation report as Markdown (what `policyqa eval` prints and writes beside the JSON)."""

from __future__ import annotations

from .baselines import COMPARED_METRICS

RETRIEVAL_COLUMNS = (("hit@1", "hit@1"), ("hit@5", "hit@5"), ("MRR", "mrr"), ("nDCG@10", "ndcg@10"))
ANSWER_COLUMNS = (("citation P", "citation_precision"), ("citation R", "citation_recall"),
                  ("complete", "complete_answers"), ("asks covered", "asks_covered"),
                  ("answer points", "answer_point_coverage"), ("false refusals", "false_refusals"),
                  ("missed refusals", "missed_refusals"), ("refusal accuracy", "refusal_accuracy"))


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
        out += ["", ("complete: answerable questions with every gold provision cited; asks covered: asks of "
                     "multi-part questions whose gold provisions are all cited. Follow-ups (questions with history) "
                     "are ranked by what the answering chain retrieved for them.")]
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
