"""The page's behaviour without a browser: the real Assistant over the fake-embedder index."""

from __future__ import annotations

import re

import jsonschema
import pytest

from policyqa_app.arguments import make_filters
from policyqa_app.service import ChatService, history_of
from qa.filters import Filters
from qa.schema import ANSWER_SCHEMA
from qa.types import REFUSAL_TEXT, Answer, AnswerEvent
from tests.answering.test_bad_questions import BAD_QUESTIONS
from tests.app.conftest import FRANCHISE_ARTICLE_15, FRANCHISE_QUESTION, OUT_OF_CORPUS_QUESTION, TODAY


def _run(service, question, turns=(), **kwargs):
    steps = list(service.chat(question, list(turns), **kwargs))
    return steps, steps[-1][0], steps[-1][1]


def test_chat_streams_then_ends_with_a_cited_answer(service):
    steps, turns, messages = _run(service, FRANCHISE_QUESTION)
    assert len(steps) >= 3
    assert "pq-pending" in steps[0][1][1]["content"]  # the question shows at once, then the status
    answer = turns[0]["answer"]
    assert answer["citations"][0]["chunk_id"] == FRANCHISE_ARTICLE_15
    assert len(messages) == 2
    assert 'href="#pq-cite-0-1"' in messages[1]["content"]


def test_follow_up_uses_the_history(service):
    _, turns, _ = _run(service, "开发商拿了地两年没动工，政府会怎么处理？")
    assert turns[0]["answer"]["citations"][0]["article"] == "第十五条"
    _, turns, messages = _run(service, "那第十六条呢？", turns)
    assert len(turns) == 2 and len(messages) == 4
    second = turns[1]["answer"]
    assert second["citations"][0]["citation"] == "《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十六条"
    assert 'href="#pq-cite-1-1"' in messages[3]["content"]


def test_out_of_corpus_question_is_refused(service):
    _, turns, messages = _run(service, OUT_OF_CORPUS_QUESTION)
    answer = turns[0]["answer"]
    assert answer["refused"] and answer["answer"].startswith(REFUSAL_TEXT)
    assert messages[1]["content"].startswith('<div class="pq-refusal">')


def test_bad_input_becomes_an_error_turn_not_a_crash(service):
    _, turns, messages = _run(service, FRANCHISE_QUESTION, k=0)
    assert turns[0]["answer"] is None and "k=0" in turns[0]["error"]
    assert "pq-error" in messages[1]["content"]
    _, turns, _ = _run(service, FRANCHISE_QUESTION, generator="llm")
    assert "generator 'llm' is not available; available: extractive" in turns[0]["error"]


class _Broken:
    """An assistant whose answering blows up half-way."""

    def __init__(self, real):
        self.retriever = real.retriever

    def generators(self):
        return ["extractive"]

    def stream(self, question, history=None, filters=None, k=5, generator=None):
        yield AnswerEvent("status", "检索条文")
        raise RuntimeError("boom")


def test_an_internal_error_is_shown_and_the_session_goes_on(assistant, config):
    service = ChatService(_Broken(assistant), config, today=TODAY)
    _, turns, messages = _run(service, "任何问题")
    assert turns[0]["error"] == "内部错误（RuntimeError），请稍后重试或换个问法。"
    assert "boom" not in messages[1]["content"]


class _FailingOnDisk(_Broken):
    def stream(self, question, **kwargs):
        yield AnswerEvent("status", "检索条文")
        raise OSError(5, "Input/output error", "/srv/policyqa/index/v-2026/vectors.npy")


def test_an_internal_error_in_ask_shows_no_server_detail(assistant, config, caplog):
    """Issue 15.10: error replies showed absolute server paths. /ask says the error's type; the log has it all."""
    from policyqa_app.service import InternalError

    service = ChatService(_FailingOnDisk(assistant), config, today=TODAY)
    with caplog.at_level("INFO"), pytest.raises(InternalError) as raised:
        service.ask("任何问题")
    assert str(raised.value) == "internal error (OSError); the server's log has the details"
    assert "/srv/policyqa" in caplog.text and "Traceback" in caplog.text  # the log keeps the whole story
    [line] = [r for r in caplog.records if r.name == "policyqa_app.requests"]
    assert re.fullmatch(r'/ask error \d+ ms error="OSError"', line.getMessage())


def test_citation_click_opens_the_whole_article(service):
    _, turns, _ = _run(service, FRANCHISE_QUESTION)
    html = service.source_for(turns, "#pq-cite-0-1")
    assert "引用 [1] 的原文" in html and "第十五条" in html and "聊政办发〔2021〕7号" in html
    assert '<mark class="pq-support">' in html and "不得承诺固定投资回报" in html
    assert "没有编号为 [9]" in service.source_for(turns, "#pq-cite-0-9")
    assert "已清除的对话" in service.source_for(turns, "#pq-cite-5-1")
    assert "无法识别" in service.source_for(turns, "javascript:alert(1)")


def test_provision_click_in_the_browser(service):
    html = service.source_for([], f"#pq-chunk-{FRANCHISE_ARTICLE_15}")
    assert "条文原文" in html and "第十五条" in html and "<mark" not in html
    assert "已不在当前索引中" in service.source_for([], "#pq-chunk-x:d01:p001")
    doc_key = service.view.locate(FRANCHISE_ARTICLE_15)[0].key
    assert "共 45 条（项）" in service.provisions_html(doc_key)
    assert "选择一个文件" in service.provisions_html(None)


def test_ask_returns_the_answer_schema(service):
    result = service.ask(FRANCHISE_QUESTION, k=3)
    jsonschema.validate(result, ANSWER_SCHEMA)
    assert result == Answer(**{**result, "citations": []}).to_dict() | {"citations": result["citations"]}
    assert result["citations"][0]["chunk_id"] == FRANCHISE_ARTICLE_15
    assert len(result["retrieval"]) == 3
    refused = service.ask(OUT_OF_CORPUS_QUESTION)
    jsonschema.validate(refused, ANSWER_SCHEMA)
    assert refused["refused"] and refused["citations"] == []


def test_ask_with_filters_and_history(service):
    result = service.ask("主任", k=2, filters={"doc_types": ["任免"], "in_force_on": "2022-03-01"})
    assert {r["doc_type"] for r in result["retrieval"]} == {"任免"}
    first = service.ask("开发商拿了地两年没动工，政府会怎么处理？")
    history = [{"role": "user", "content": first["question"]},
               {"role": "assistant", "content": first["answer"], "citations": first["citations"]}]
    follow = service.ask("那第十六条呢？", history=history)
    assert follow["citations"][0]["article"] == "第十六条"


@pytest.mark.parametrize("kwargs, message", [
    ({"question": " "}, "question is empty"),
    ({"question": "q", "k": 0}, "k=0; it must be an integer from 1 to 100"),
    ({"question": "q", "k": "many"}, "k='many'"),
    ({"question": "q", "generator": "gpt"}, "generator 'gpt' is not available"),
    ({"question": "q", "filters": {"year": 2021}}, "unknown filter 'year'; allowed: doc_titles, doc_numbers"),
    ({"question": "q", "filters": {"in_force_on": "2022/03/01"}}, "in_force_on='2022/03/01' is not a date"),
    ({"question": "q", "history": [{"role": "system", "content": "x"}]},
     "history[0].role='system'; it must be user or assistant"),
    ({"question": "q", "history": [{"role": "user", "content": 123}]}, "history[0].content must be a string, got int"),
    ({"question": "q", "history": "not a list"}, "history must be a list, got str"),
    # issue 15.10: wrongly typed filters and history gave raw Python messages ('int' object is not iterable …)
    ({"question": "q", "filters": {"doc_titles": 5}}, "doc_titles=5; give a string or a list of strings"),
    ({"question": "q", "filters": {"doc_types": [1, 2]}}, "doc_types=(1, 2); give a list of strings"),
    ({"question": "q", "filters": {"in_force_on": 20220301}}, "in_force_on=20220301 is not a date"),
    ({"question": "q", "filters": {"signed_from": "20220301"}}, "signed_from='20220301' is not a date"),
    ({"question": "q", "filters": "任免"}, "filters='任免'; give a qa.filters.Filters or a dict"),
    ({"question": "q", "history": [{"role": "assistant", "content": "a", "citations": 5}]},
     "history[0].citations must be a list of citation objects"),
    ({"question": "q", "history": [["user", "q"]]}, "history[0] must be an object, got list"),
    ({"question": "q", "history": [{"role": "user", "content": "q", "extra": 1}]}, "history[0] has unknown keys 'extra'"),
    ({"question": 5}, "question must be a string, got int"),
    ({"question": "q", "k": True}, "k=True; it must be an integer"),
    ({"question": "q", "k": 2.5}, "k=2.5; it must be an integer"),
    ({"question": "q", "generator": ["llm"]}, "generator ['llm'] is not available"),
])
def test_ask_rejects_bad_arguments_with_the_fix(service, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        service.ask(**kwargs)


def test_make_filters():
    assert make_filters(None) is None
    assert make_filters({"doc_titles": [], "in_force_on": ""}) is None
    assert make_filters({"doc_types": "任免", "signed_from": "2021-12-01"}) == Filters(doc_types=("任免",),
                                                                                         signed_from="2021-12-01")
    with pytest.raises(ValueError, match="give a qa.filters.Filters or a dict with keys doc_titles"):
        make_filters(["任免"])


def test_history_of_skips_failed_turns():
    turns = [{"question": "一", "answer": {"answer": "答[1]", "citations": [{"marker": 1}]}},
             {"question": "二", "answer": None, "error": "x"}]
    assert history_of(turns) == [{"role": "user", "content": "一"},
                                 {"role": "assistant", "content": "答[1]", "citations": [{"marker": 1}]}]


def test_feedback_is_logged_once_per_click(service):
    _, turns, _ = _run(service, FRANCHISE_QUESTION)
    assert service.feedback(turns, 1, "引用有误", "应为第十四条") == "已记录反馈：引用有误（第 1 轮回答）。谢谢！"
    service.feedback(turns, 1, "引用有误", "应为第十四条")  # Gradio sends a menu choice twice
    service.feedback(turns, [1, 0], True)
    entries = service.feedback_log.read()
    assert [e["rating"] for e in entries] == ["wrong_citation", "helpful"]
    assert entries[0]["citations"] == [FRANCHISE_ARTICLE_15] and entries[0]["comment"] == "应为第十四条"
    assert service.feedback(turns, 7, True) == "无法识别反馈对应的回答。"


def test_warm_up_and_generators(service):
    service.warm_up()
    assert service.generators() == ["extractive"] and service.default_generator() == "extractive"


@pytest.mark.parametrize("question, reason", [(q, r) for q, r, _ in BAD_QUESTIONS if q.strip()])
def test_bad_questions_are_answered_in_the_chat_and_the_api(service, question, reason):
    _, turns, messages = _run(service, question)
    assert turns[0]["error"] is None and turns[0]["answer"]["refusal_reason"] == reason
    assert "内部错误" not in messages[1]["content"] and "Traceback" not in messages[1]["content"]
    assert service.ask(question)["refusal_reason"] == reason


def test_health_reports_the_index_served(assistant, config, fake_index_dir):
    from qa.index.versions import current_version

    service = ChatService(assistant, config, index_dir=fake_index_dir)
    assert service.health() == {
        "status": "ok", "index_loaded": True, "index_version": current_version(fake_index_dir).name,
        "documents": 23, "chunks": 578, "embedder": "fake", "store": "local", "collection": None,
        "generators": ["extractive"], "admin_upload": False}


def test_one_log_line_per_request_and_one_per_rejection(service, caplog):
    """Issue 14 (one line per request) and 15.10 (each rejected request printed a ~28-line traceback)."""
    with caplog.at_level("INFO", logger="policyqa_app.requests"):
        service.ask(FRANCHISE_QUESTION, k=3)
        with pytest.raises(ValueError):
            service.ask("q", k=0)
        _run(service, "   ")  # the chat: an empty question is an error turn
    lines = [r for r in caplog.records if r.name == "policyqa_app.requests"]
    assert [r.levelname for r in lines] == ["INFO", "WARNING", "WARNING"]
    assert re.fullmatch(r'/ask ok \d+ ms k=3 question_chars=28 generator="extractive" refused=false '
                        r'refusal_reason=null citations=1', lines[0].getMessage())
    assert re.fullmatch(r'/ask rejected \d+ ms reason="k=0; it must be an integer from 1 to 100"', lines[1].getMessage())
    assert lines[2].getMessage().startswith("chat rejected ") and "question is empty" in lines[2].getMessage()
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in lines)


def test_the_request_line_can_be_json(assistant, tmp_path, caplog):
    import json

    from policyqa_app.config import AppConfig

    service = ChatService(assistant, AppConfig(feedback_log=tmp_path / "f.jsonl", log_json=True))
    with caplog.at_level("INFO", logger="policyqa_app.requests"):
        service.ask(OUT_OF_CORPUS_QUESTION)
    [record] = [r for r in caplog.records if r.name == "policyqa_app.requests"]
    line = json.loads(record.getMessage())
    assert line.pop("ms") >= 0
    assert line == {"route": "/ask", "status": "ok", "k": 5, "question_chars": len(OUT_OF_CORPUS_QUESTION),
                    "generator": "extractive", "refused": True, "refusal_reason": line["refusal_reason"],
                    "citations": 0}
    assert line["refusal_reason"]


def test_a_huge_history_is_cut_before_the_chain_reads_it(service, monkeypatch):
    """Issue 15 item 4: one 450,000-character previous turn made a single ask take 48-66 s. The chain now reads
    the last 6 turns, each cut to 2,000 characters (12,000 at most), through /ask and through the chat, and the
    answer says so."""
    read: list[list[dict]] = []
    resolve = service.assistant.rewriter.resolve
    monkeypatch.setattr(service.assistant.rewriter, "resolve",
                        lambda question, history, **kw: read.append(history) or resolve(question, history, **kw))
    huge = "开发商拿了地两年没动工，政府会怎么处理？" * 22_500  # 450,000 characters
    history = [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "您好"}] * 10
    history += [{"role": "user", "content": huge}, {"role": "assistant", "content": "见第十五条。"}]
    answer = service.ask("那第十六条呢？", history=history)
    assert answer["notes"] == ["对话历史过长，只参考了最近6轮、每轮前2000字。"]
    assert [len(turn["content"]) for turn in read[-1]] == [2, 2, 2, 2, 2000, 6]
    assert answer["citations"][0]["citation"] == "《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十六条"

    turns = [{"question": huge, "answer": {"answer": "见第十五条。", "citations": []}}]
    _, turns, _ = _run(service, "那第十六条呢？", turns)
    assert [len(turn["content"]) for turn in read[-1]] == [2000, 6]
    assert turns[-1]["answer"]["notes"] == ["对话历史过长，只参考了最近2轮、每轮前2000字。"]
