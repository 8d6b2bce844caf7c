"""The labelled sentences the support check is measured on (``eval/support_sentences.jsonl``): each a sentence as
a chat model writes it about one provision, labelled by hand as supported by it or not. ``support_cases`` adds,
for every supported sentence, the same sentence under the next provision's marker (a wrong marker: not
supported); ``support_scores`` gives the check's precision and recall on them at a threshold."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..answering.claims import check_claim
from ..answering.context import ContextItem
from ..ingest import chunk_documents, ingest_path
from ..types import Hit


@dataclass(frozen=True)
class SupportCase:
    sentence: str
    item: ContextItem  # the provision it is checked against, as the answer prompt numbers it
    supported: bool
    kind: str  # paraphrase, loose, invented, figure, or wrong provision


def support_cases(path: Path, corpus: Path) -> list[SupportCase]:
    documents = ingest_path(corpus).documents
    by_key = {d.key: d for d in documents}
    provisions: dict = {}
    for chunk in chunk_documents(documents):  # a provision split in parts is checked against all of it
        key = (by_key[chunk.doc_key].title, chunk.article)
        provisions[key] = replace(provisions[key], text=provisions[key].text + chunk.text) if key in provisions \
            else chunk
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items: dict = {}
    for n, row in enumerate(rows, start=1):
        key = (row["doc_title"], row["article"])
        if key not in provisions:
            raise ValueError(f"{path} line {n}: no provision {row['article']} of 《{row['doc_title']}》 in {corpus}; "
                             f"write the title and article as the corpus prints them")
        items[key] = ContextItem(1, Hit(provisions[key], by_key[provisions[key].doc_key], 0.0))
    order = list(items)
    cases = [SupportCase(row["sentence"], items[(row["doc_title"], row["article"])], row["supported"], row["kind"])
             for row in rows]
    for case in [c for c in cases if c.supported]:
        key = order[(order.index((case.item.document.title, case.item.chunk.article)) + 1) % len(order)]
        cases.append(SupportCase(case.sentence, items[key], False, "wrong provision"))
    return cases


def support_scores(cases: list[SupportCase], threshold: float) -> dict:
    """Precision (kept sentences that are supported), recall (supported sentences kept) and what was kept of
    each kind, at ``threshold``."""
    kept = [check_claim(case.sentence, [case.item], threshold) is None for case in cases]
    right = sum(k and c.supported for k, c in zip(kept, cases))
    kinds = sorted({c.kind for c in cases})
    return {"precision": right / max(1, sum(kept)), "recall": right / sum(c.supported for c in cases),
            "kept": {kind: (sum(k for k, c in zip(kept, cases) if c.kind == kind), sum(c.kind == kind for c in cases))
                     for kind in kinds}}
