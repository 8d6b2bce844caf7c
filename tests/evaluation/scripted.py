"""A small question set over the bundled gazettes, and scripted answers to it, shared by the evaluation tests
and the `policyqa eval` command tests."""

from __future__ import annotations

import json

import pytest

from qa.types import Answer, Citation

RULES_DOC = ("聊城市人民政府工作规则", "聊政发〔2022〕4号")
CONCESSIONS_DOC = ("聊城市市政基础设施和公用事业特许经营管理办法", "聊政办发〔2021〕7号")


def _question(qid, kind, text, gold, points):
    return {"id": qid, "question": text, "kind": kind, "answer_points": points,
            "gold": [{"doc_title": title, "doc_number": number, "article": article, "evidence": evidence}
                     for (title, number), article, evidence in gold]}


FOUR_QUESTIONS = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in [
    _question("q003", "staff", "部门请示市政府的事项，市政府办公室接办后一般多少个工作日内回复？",
              [(RULES_DOC, "第五十七条", "一般事项应在5个工作日内给予回复；特殊情况在10个工作日内回复")], ["5个工作日内"]),
    _question("q004", "citizen", "换了新市长，以前政府签的特许经营合同还作数吗",
              [(CONCESSIONS_DOC, "第二十一条", "行政区划调整，政府换届、部门调整和负责人变更，不得影响特许经营协议履行")],
              ["不得影响特许经营协议履行"]),
    _question("q011", "unanswerable", "在聊城买首套房，住房公积金最多能贷多少钱？", [], []),
    _question("q012", "lookup", "工作规则第89条", [(RULES_DOC, "第八十九条", "市政府直属事业单位适用本规则")],
              ["市政府直属事业单位"]),
])

RULES = "liaocheng-gazette-2022-03.txt:d01"  # 聊城市人民政府工作规则


@pytest.fixture()
def questions_file(tmp_path):
    path = tmp_path / "four.jsonl"
    path.write_text(FOUR_QUESTIONS, encoding="utf-8")
    return path


def _citation(index, chunk, marker=1) -> Citation:
    doc = index.document(chunk.doc_key)
    return Citation(marker, chunk.chunk_id, chunk.citation, doc.title, doc.doc_number, chunk.article, chunk.text, 1.0)


@pytest.fixture()
def scripted_answers(fake_index):
    """What an assistant might say to the four questions: q003 cites its gold and a wrong article, q004 is
    refused (a false refusal), q011 is refused (right), q012 is answered from its gold."""
    chunk = {c.chunk_id: c for c in fake_index.chunks}
    return {
        "q003": Answer("q003", "市政府办公室一般事项应在5个工作日内给予回复。[1]", refused=False,
                       citations=[_citation(fake_index, chunk[f"{RULES}:p058"]),
                                  _citation(fake_index, chunk[f"{RULES}:p059"], 2)]),
        "q004": Answer("q004", "未在已收录的文件中找到相关规定。", refused=True, refusal_reason="low score"),
        "q011": Answer("q011", "未在已收录的文件中找到相关规定。", refused=True),
        "q012": Answer("q012", "市政府直属事业单位适用本规则。[1]", refused=False,
                       citations=[_citation(fake_index, chunk[f"{RULES}:p090"])]),
    }


class ScriptedAssistant:
    def __init__(self, answers_by_id: dict, questions):
        self.by_question = {q.question: answers_by_id[q.id] for q in questions}
        self.asked = []

    def ask(self, question, history=None, filters=None, k=5):
        self.asked.append(question)
        return self.by_question[question]
