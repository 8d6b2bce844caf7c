"""Evaluation metrics and reports on small real data: ranks, nDCG, citation precision and recall, failures."""

from __future__ import annotations

import math

import pytest

from qa.evaluation import (
    Gold,
    MatchRule,
    Question,
    answer_metrics,
    check_targets,
    evaluation_report,
    first_relevant_rank,
    load_questions,
    ndcg_at,
    run_questions,
)
from qa.types import Answer, Citation, Hit
from tests.evaluation.scripted import RULES, RULES_DOC, ScriptedAssistant


def _hits(index, chunks):
    return [Hit(c, index.document(c.doc_key), 0.0) for c in chunks]



def test_ranks_and_ndcg_on_real_chunks(questions_file, fake_retriever):
    questions = load_questions(questions_file)
    ranked = {q.id: fake_retriever.retrieve(q.question, k=10) for q in questions}
    assert {q.id: first_relevant_rank(q, ranked[q.id]) for q in questions} == {
        "q003": 1, "q004": 3, "q011": None, "q012": 1}
    q004 = questions[1]
    assert ndcg_at(q004, ranked["q004"]) == pytest.approx(1 / math.log2(3 + 1))


def test_ndcg_credits_each_gold_provision_once(fake_index):
    """Both parts of a split provision match its gold; only the first earns the gain (nDCG stays <= 1)."""
    split = _hits(fake_index, [c for c in fake_index.chunks if c.part_count > 1 and c.part_index <= 2][:2])
    assert [h.chunk.part_index for h in split] == [1, 2] and split[0].article == split[1].article
    question = Question("x", "?", "staff", [Gold(split[0].doc_title, None, split[0].article, "")])
    assert ndcg_at(question, split) == 1.0


def test_evidence_rule_ignores_document_and_label(fake_index):
    chunk = _hits(fake_index, [c for c in fake_index.chunks if c.chunk_id == f"{RULES}:p090"])[0]
    labelled_only = Gold("聊城市人民政府工作规则", None, "第八十九条", "这句话不在条文里")
    assert labelled_only.matches(chunk) is True
    assert labelled_only.matches(chunk, MatchRule.EVIDENCE) is False
    assert Gold("别的文件", None, "第一条", "市政府 直属事业单位，适用本规则").matches(chunk, MatchRule.EVIDENCE)


def test_answer_metrics_from_scripted_answers(questions_file, scripted_answers):
    questions = load_questions(questions_file)
    metrics = answer_metrics(questions, [scripted_answers[q.id] for q in questions])
    assert metrics["all"] == {
        "n": 4, "answerable": 3, "unanswerable": 1,
        "citation_precision": 0.6667,  # 2 of 3 cited provisions are gold
        "citation_recall": 0.6667,  # q004's gold was never cited (refused)
        "complete_answers": 0.6667,  # every gold of q003 and q012, none of q004
        "asks_covered": None,  # no multi-part question in the set
        "answer_point_coverage": 0.6667,  # q004's point is missing
        "false_refusals": 1, "false_refusal_rate": 0.3333,
        "missed_refusals": 0, "unanswerable_refused_rate": 1.0,
        "refusal_accuracy": 0.75,
    }
    assert metrics["staff"]["citation_precision"] == 0.5
    assert metrics["unanswerable"]["citation_precision"] is None
    assert metrics["unanswerable"]["refusal_accuracy"] == 1.0


def test_report_with_an_assistant_lists_failures_and_checks_targets(questions_file, fake_retriever,
                                                                   scripted_answers):
    questions = load_questions(questions_file)
    assistant = ScriptedAssistant(scripted_answers, questions)
    runs = run_questions(questions, fake_retriever, assistant, k=10)
    assert assistant.asked[0] == assistant.asked[1]  # the untimed warm-up, then every question once
    assert len(assistant.asked) == 5
    report = evaluation_report(runs, explicit_ids={"q012"})
    assert report["retrieval"]["all"] == {"n": 3, "hit@1": 0.6667, "hit@5": 1.0, "mrr": 0.7778,
                                          "ndcg@10": 0.8333}
    assert report["explicit_lookups"]["hit@1"] == 1.0
    assert report["answers"]["all"]["citation_precision"] == 0.6667
    assert report["latency_ms"]["answer"]["n"] == 4
    failures = {f["id"]: f for f in report["failures"]}
    assert sorted(failures) == ["q003", "q004"]
    assert failures["q003"]["problems"] == ["cited a provision that is not gold: 《聊城市人民政府工作规则》第五十八条"]
    assert failures["q004"]["problems"] == ["retrieval: gold at rank 3", "refused an answerable question (low score)"]
    assert failures["q004"]["gold"][0]["article"] == "第二十一条"
    assert len(failures["q004"]["retrieved"]) == 3
    verdicts = {r.target.name: r.passed for r in check_targets(report)}
    assert verdicts == {
        "retrieval hit@1 (answerable)": False, "retrieval hit@5 (answerable)": True,
        "explicit look-ups at rank 1": True, "citation precision": False, "answerable questions refused": False,
        "unanswerable questions refused": True, "extractive answer latency p50 (ms)": True,
    }


def test_a_follow_up_is_ranked_by_what_the_chain_retrieved(fake_retriever):
    history = [{"role": "user", "content": "工作规则第88条是什么"}]
    follow_up = Question("f1", "那第89条呢？", "lookup", [Gold(*RULES_DOC, "第八十九条", "市政府直属事业单位适用本规则")],
                         history=history)
    retrieved = [h.to_dict() for h in fake_retriever.retrieve("工作规则第89条", k=3)]

    class Rewriting:
        def ask(self, question, history=None, filters=None, k=5):
            assert history == follow_up.history and k == 10
            return Answer(question, "市政府直属事业单位适用本规则。[1]", refused=False,
                          standalone_question="工作规则第89条", retrieval=retrieved)

    with_chain = run_questions([follow_up], fake_retriever, Rewriting())[0]
    assert with_chain.query == "工作规则第89条"
    assert [r.article for r in with_chain.ranked] == [row["article"] for row in retrieved]
    assert with_chain.ranked[0].article == "第八十九条"
    assert run_questions([follow_up], fake_retriever)[0].query == "那第89条呢？"


def test_asks_of_a_multi_part_question_are_scored_one_by_one():
    gold = [Gold(*RULES_DOC, "第四十七条", ""), Gold(*RULES_DOC, "第四十八条", "")]
    question = Question("m1", "常务会议多久开一次？市长办公会议由谁主持？", "multi_part", gold,
                        asks=[{"ask": "常务会议多久开一次", "gold_articles": ["第四十七条"]},
                              {"ask": "市长办公会议由谁主持", "gold_articles": ["第四十八条"]}])

    def citing(*articles):
        return Answer("?", "…", refused=False, citations=[
            Citation(n, f"c{n}", "", RULES_DOC[0], RULES_DOC[1], article, "", 1.0) for n, article in enumerate(articles, 1)])
    one_ask = answer_metrics([question], [citing("第四十七条", "第四十五条")])["all"]
    assert (one_ask["asks_covered"], one_ask["complete_answers"], one_ask["citation_recall"]) == (0.5, 0.0, 0.5)
    both = answer_metrics([question], [citing("第四十七条", "第四十八条")])["all"]
    assert (both["asks_covered"], both["complete_answers"], both["citation_precision"]) == (1.0, 1.0, 1.0)


def test_a_null_history_or_asks_is_none(tmp_path):
    """A set written with "history": null on questions asked first (as one helper wrote it) loads as no history."""
    path = tmp_path / "null.jsonl"
    path.write_text('{"id": "q1", "question": "问题", "gold": [], "history": null, "asks": null}\n', encoding="utf-8")
    (question,) = load_questions(path)
    assert (question.history, question.asks) == ([], [])
