"""How well the support check tells claims a provision makes from claims it does not, per threshold.

    .venv/bin/python benchmarks/bench_support.py eval/support_sentences.jsonl

``eval/support_sentences.jsonl`` holds sentences written as a chat model writes them about one provision each
(the gold provision of a question of eval/questions.jsonl), labelled by hand: supported (a paraphrase, a loose
paraphrase) or not (an invented rule, a changed figure); every supported sentence is also checked under the next
provision's marker (``qa.evaluation.support``). For each threshold the table gives the whole check's precision
(sentences it keeps that are supported) and recall (supported sentences it keeps), what it keeps of each kind,
and the same for the bigram support score alone. ``qa.answering.claims.SUPPORT_THRESHOLD`` is chosen from it.
Prints Markdown.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "gazettes")
    args = parser.parse_args()

    from qa.answering.claims import support
    from qa.evaluation.support import support_cases, support_scores

    cases = support_cases(args.labels, args.corpus)
    supported = sum(c.supported for c in cases)
    first = support_scores(cases, THRESHOLDS[0])["kept"]
    print(f"{len(cases)} sentences, {supported} supported: " +
          ", ".join(f"{total} {kind}" for kind, (_, total) in first.items()) + "\n")
    print("| threshold | precision | recall | kept: " + " · ".join(first) + " | support score alone: P · R |")
    print("|---|---|---|---|---|")
    for threshold in THRESHOLDS:
        scores = support_scores(cases, threshold)
        alone = [support(c.sentence, f"{c.item.chunk.citation}\n{c.item.chunk.text}") >= threshold for c in cases]
        right = sum(k and c.supported for k, c in zip(alone, cases))
        kept = " · ".join(f"{k}/{n}" for k, n in scores["kept"].values())
        print(f"| {threshold:.2f} | {scores['precision']:.3f} | {scores['recall']:.3f} | {kept} | "
              f"{right / max(1, sum(alone)):.3f} · {right / supported:.3f} |", flush=True)


if __name__ == "__main__":
    main()
