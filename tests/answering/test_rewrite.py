"""The chat model's rewrite of a follow-up is checked against the rule-based one (issue 17): it must keep the
article the follow-up names and the subject the rules filled in, and must not be the previous answer."""

from __future__ import annotations

import pytest

from qa.answering import rewrite
from qa.answering.rewrite import Rewriter, rewrite_problem
from tests.answering.scripted_chat import Reply, scripted

START = "国有建设用地开工是怎么认定的？"
START_ANSWER = "根据《聊城市国有建设用地供后监管暂行办法》第十五条，开工是指依法取得施工许可证后，需挖深基坑的项目基坑开挖完毕[1]。"
RULES = "《聊城市国有建设用地供后监管暂行办法》第十五条规定了什么？"
RULES_ANSWER = "市、县自然资源和规划主管部门应当对涉嫌闲置的国有建设用地及时依法调查、认定和处置[1]。"


def history(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


@pytest.fixture()
def rewriter(catalog, fake_retriever):
    return lambda reply: Rewriter(catalog, scripted(reply), fake_retriever.bm25.tokenizer)


@pytest.mark.parametrize("turns, follow_up, reply, why", [
    (history(RULES, RULES_ANSWER), "那第十六条呢？", RULES_ANSWER.rstrip("[1]。"), "丢掉了第十六条"),
    (history(RULES, RULES_ANSWER), "那第十六条呢？", "《聊城市国有建设用地供后监管暂行办法》第十五条的内容是什么？",
     "丢掉了第十六条"),
    (history(START, START_ANSWER), "那竣工呢？", "竣工是什么意思？", "丢掉了问题的对象"),
    (history(START, START_ANSWER), "那竣工呢？", "开工是指依法取得施工许可证后，需挖深基坑的项目基坑开挖完毕，竣工呢",
     "重复了上一轮的回答"),
    (history(START, START_ANSWER), "那竣工呢？", "", "是空的"),
])
def test_a_rewrite_that_loses_the_follow_up_is_replaced_by_the_rules(rewriter, turns, follow_up, reply, why):
    notes: list[str] = []
    by_llm = rewriter(reply).resolve(follow_up, turns, use_llm=True, notes=notes)
    by_rules = rewriter(reply).resolve(follow_up, turns)
    assert by_llm == by_rules and notes == [f"大模型改写的问题{why}，已按规则补全上下文。"]


def test_a_rewrite_that_keeps_article_and_subject_is_used(rewriter):
    notes: list[str] = []
    turns = history(START, START_ANSWER)
    resolution = rewriter("国有建设用地竣工是怎么认定的？").resolve("那竣工呢？", turns, use_llm=True, notes=notes)
    assert resolution.standalone == "国有建设用地竣工是怎么认定的？" and resolution.follow_up and notes == []
    assert rewrite_problem("《聊城市国有建设用地供后监管暂行办法》第16条规定了什么？", "那第十六条呢？",
                           "《聊城市国有建设用地供后监管暂行办法》第十六条呢？", RULES_ANSWER) is None


def test_a_slow_rewrite_gives_way_to_the_rules(catalog, fake_retriever, monkeypatch):
    monkeypatch.setattr(rewrite, "REWRITE_DEADLINE", 0.5)
    model = scripted(Reply("国有建设用地竣工是怎么认定的？", seconds_per_piece=30.0))
    rewriter = Rewriter(catalog, model, fake_retriever.bm25.tokenizer)
    notes: list[str] = []
    turns = history(START, START_ANSWER)
    by_llm = rewriter.resolve("那竣工呢？", turns, use_llm=True, notes=notes)
    model.stop_waiting.set()
    assert by_llm == rewriter.resolve("那竣工呢？", turns) and notes == ["大模型改写问题失败，已按规则补全上下文。"]
