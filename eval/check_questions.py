#!/usr/bin/env python3
"""Validate eval/questions.jsonl (stdlib only).

Checks the schema of every line, counts questions per kind against the required mix, and verifies
that every gold evidence string occurs in the corpus once all whitespace and the characters ``*``
and ``#`` are removed from both the corpus and the evidence. Prints every problem found and exits
with status 1 if there is any.

Usage:
    python eval/check_questions.py [--questions eval/questions.jsonl] [--corpus data/gazettes]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

KINDS = ("citizen", "staff", "lookup", "record", "unanswerable")
MIN_PER_KIND = {"citizen": 30, "staff": 15, "lookup": 15, "record": 10, "unanswerable": 15}
MIN_TOTAL = 90
EVIDENCE_LEN = (10, 80)

# The documents of the two bundled issues: title users cite -> 文号 (None for 大事记).
DOCUMENTS = {
    "聊城市国有建设用地供后监管暂行办法": "聊城市人民政府令第42号",
    "关于2021年第三批调整行政权力事项的通知": "聊政发〔2021〕11号",
    "聊城市市政基础设施和公用事业特许经营管理办法": "聊政办发〔2021〕7号",
    "关于贯彻落实聊城市数字经济发展规划(2021—2025年)的实施方案": "聊政办字〔2021〕30号",
    "聊城市中小企业“育苗扶壮”梯度培育计划三年行动方案（2021—2023年）": "聊政办字〔2021〕31号",
    "关于公布第三届聊城和谐使者名单的通知": "聊政办字〔2021〕32号",
    "关于公布2021年度聊城市首席技师名单的通知": "聊政办字〔2021〕33号",
    "关于推进医疗保障基金监管制度体系建设的若干措施": "聊政办字〔2021〕35号",
    "聊城市行政应诉工作管理办法": "聊政办字〔2021〕36号",
    "聊城市公职律师参与行政争议化解工作实施办法": "聊政办字〔2021〕37号",
    "关于任免陶新镇等工作人员职务的通知": "聊政任〔2021〕23号",
    "关于任免王磊等工作人员职务的通知": "聊政任〔2021〕24号",
    "关于任免赵友杰等工作人员职务的通知": "聊政任〔2021〕25号",
    "聊城市人民政府大事记（2021年12月）": None,
    "聊城市人民政府工作规则": "聊政发〔2022〕4号",
    "2022年聊城市政务公开工作要点": "聊政办发〔2022〕1号",
    "聊城市打好碧水保卫战2022年行动计划": "聊政办字〔2022〕6号",
    "聊城市人民政府2022—2026年立法规划及2022年立法工作计划": "聊政办字〔2022〕7号",
    "聊城市市级专业应急救援队伍建设管理实施细则": "聊政办字〔2022〕8号",
    "聊城市2022年法治政府建设工作计划": "聊政办字〔2022〕9号",
    "关于任免李强等工作人员职务的通知": "聊政任〔2022〕9号",
    "关于任免郭志刚等工作人员职务的通知": "聊政任〔2022〕10号",
    "聊城市人民政府大事记（2022年3月）": None,
}

CN = "一二三四五六七八九十"
LEGIS_PARTS = ("聊城市人民政府2022—2026年立法规划", "聊城市人民政府2022年立法工作计划")
SECTION = rf"(?:[{CN}]+、)?(?:（[{CN}]+）)?(?:\d+\.)?"
LABEL_PATTERNS = [
    re.compile(r"^第[一二三四五六七八九十百零]+条$"),
    re.compile(rf"^(?=.)({SECTION})$"),
    re.compile(r"^(前言|印发通知|公布令|正文|附件)$"),
    re.compile(r"^附件第\d+项$"),
    re.compile(r"^(任命|免去)：\S+$"),
    re.compile(r"^(1[0-2]|[1-9])月([1-9]|[12]\d|3[01])日(（\d+）)?$"),
    re.compile(rf"^({'|'.join(LEGIS_PARTS)}) (?=.)({SECTION})$"),
]
RE_ID = re.compile(r"^q\d{3,}$")


def squash(text: str) -> str:
    """Remove all whitespace and the markdown characters * and #."""
    return re.sub(r"[\s*#]", "", text)


def load_corpus(corpus: Path) -> str:
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".md", ".txt"))
    if not files:
        raise SystemExit(f"no .md/.txt files in {corpus}")
    return "\n".join(squash(p.read_text(encoding="utf-8")) for p in files)


def check(questions: Path, corpus: Path) -> int:
    corpus_text = load_corpus(corpus)
    problems: list[str] = []
    counts: Counter[str] = Counter()
    docs_seen: Counter[str] = Counter()
    ids: set[str] = set()
    n_gold = 0

    lines = questions.read_text(encoding="utf-8").splitlines()
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            problems.append(f"line {lineno}: empty line")
            continue
        try:
            q = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        where = f"line {lineno} ({q.get('id', '?')})"
        expected = {"id", "question", "kind", "gold", "answer_points"}
        if set(q) != expected:
            problems.append(f"{where}: fields {sorted(q)} != {sorted(expected)}")
            continue
        qid, text, kind, gold, points = (q[k] for k in ("id", "question", "kind", "gold", "answer_points"))
        if not isinstance(qid, str) or not RE_ID.match(qid):
            problems.append(f"{where}: bad id {qid!r}")
        elif qid in ids:
            problems.append(f"{where}: duplicate id")
        elif qid != f"q{lineno:03d}":
            problems.append(f"{where}: id out of sequence (expected q{lineno:03d})")
        ids.add(qid)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: empty question")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
            continue
        counts[kind] += 1
        if not isinstance(gold, list) or not isinstance(points, list):
            problems.append(f"{where}: gold and answer_points must be lists")
            continue

        if kind == "unanswerable":
            if gold or points:
                problems.append(f"{where}: unanswerable question must have empty gold and answer_points")
            continue
        if not gold:
            problems.append(f"{where}: answerable question without gold")
        if not 1 <= len(points) <= 3:
            problems.append(f"{where}: needs 1-3 answer_points, has {len(points)}")

        evidences = []
        keys = set()
        for g in gold:
            n_gold += 1
            if not isinstance(g, dict) or set(g) != {"doc_title", "doc_number", "article", "evidence"}:
                problems.append(f"{where}: bad gold entry {g!r}")
                continue
            title, number, article, evidence = g["doc_title"], g["doc_number"], g["article"], g["evidence"]
            if title not in DOCUMENTS:
                problems.append(f"{where}: unknown doc_title {title!r}")
            elif DOCUMENTS[title] != number:
                problems.append(f"{where}: doc_number {number!r} != {DOCUMENTS[title]!r} for {title}")
            else:
                docs_seen[title] += 1
            if not isinstance(article, str) or not any(p.match(article) for p in LABEL_PATTERNS):
                problems.append(f"{where}: article label {article!r} does not follow the conventions")
            if (title, article) in keys:
                problems.append(f"{where}: provision {title} {article} listed twice")
            keys.add((title, article))
            if not isinstance(evidence, str):
                problems.append(f"{where}: evidence must be a string")
                continue
            if "\n" in evidence:
                problems.append(f"{where}: evidence contains a newline")
            if not EVIDENCE_LEN[0] <= len(evidence) <= EVIDENCE_LEN[1]:
                problems.append(f"{where}: evidence length {len(evidence)} outside {EVIDENCE_LEN}: {evidence}")
            if squash(evidence) not in corpus_text:
                problems.append(f"{where}: evidence not found in corpus: {evidence}")
            evidences.append(evidence)
        for p in points:
            if not isinstance(p, str) or not p:
                problems.append(f"{where}: bad answer point {p!r}")
            elif not any(p in e for e in evidences):
                problems.append(f"{where}: answer point {p!r} is not a substring of any evidence")

    total = sum(counts.values())
    print(f"{questions}: {total} questions, {n_gold} gold entries")
    for kind in KINDS:
        flag = "" if counts[kind] >= MIN_PER_KIND[kind] else f"  (below minimum {MIN_PER_KIND[kind]})"
        print(f"  {kind:<13}{counts[kind]:>4}{flag}")
        if counts[kind] < MIN_PER_KIND[kind]:
            problems.append(f"kind {kind}: {counts[kind]} < {MIN_PER_KIND[kind]}")
    if total < MIN_TOTAL:
        problems.append(f"only {total} questions (< {MIN_TOTAL})")
    missing = [t for t in DOCUMENTS if t not in docs_seen]
    print(f"  documents covered: {len(DOCUMENTS) - len(missing)}/{len(DOCUMENTS)}")
    for t in missing:
        problems.append(f"document not covered by any gold entry: {t}")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "gazettes")
    args = ap.parse_args()
    sys.exit(check(args.questions, args.corpus))


if __name__ == "__main__":
    main()
