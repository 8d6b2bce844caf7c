"""The page builds, exposes two public API endpoints (/ask and /ask_stream) and shows the upload tab only when
enabled."""

from __future__ import annotations

import pytest

from tests.app.conftest import TODAY

pytest.importorskip("gradio")


def _build(assistant, config):
    from policyqa_app.service import ChatService
    from policyqa_app.ui import build_app

    return build_app(ChatService(assistant, config, corpus_dir=config.upload_dir, today=TODAY))


def test_the_public_endpoints_are_ask_and_its_stream(assistant, config):
    demo = _build(assistant, config)
    api = demo.get_api_info()
    assert list(api["named_endpoints"]) == ["/ask", "/ask_stream"]
    for endpoint in ("/ask", "/ask_stream"):
        params = [p["parameter_name"] for p in api["named_endpoints"][endpoint]["parameters"]]
        assert params == ["question", "k", "generator", "filters", "history"]
    assert api["named_endpoints"]["/ask_stream"]["description"].startswith("/ask, streamed: the same arguments")


def _labels(demo):
    return {getattr(block, "label", None) for block in demo.blocks.values()}


def test_upload_tab_only_when_enabled(assistant, config, tmp_path):
    from policyqa_app.config import AppConfig

    assert "上传公报（管理员）" not in _labels(_build(assistant, config))
    enabled = AppConfig(admin_upload=True, upload_dir=tmp_path, feedback_log=tmp_path / "f.jsonl")
    assert "上传公报（管理员）" in _labels(_build(assistant, enabled))


def test_generator_choice_is_greyed_out_without_an_llm(assistant, config):
    demo = _build(assistant, config)
    radio = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "pq-generator")
    assert radio.interactive is False
    assert radio.value == "extractive"
    assert "POLICYQA_LLM_BASE_URL" in radio.info


HOSTILE_TITLE = ('聊城市<a href="http://phish.example/login">重新登录</a><form action="http://phish.example">'
                 '<input type="password"></form><img src="http://phish.example/t.png">[登录](http://phish.example)管理办法')


def test_the_upload_report_shows_a_hostile_title_as_text(assistant, tmp_path):
    """Issue 15.8: a document title rendered a phishing link, a password form and an image the browser fetched
    (the report went to a Markdown component as it was). What the page now receives for the report has no
    element but its own paragraphs and list; the title is there as escaped text."""
    import re
    import shutil

    from policyqa_app.config import AppConfig
    from policyqa_app.service import ChatService
    from policyqa_app.ui import build_app
    from qa.config import Settings
    from qa.stack import assistant_for, open_stack
    from tests.conftest import ISSUE_2021

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    stack = open_stack(Settings(corpus=corpus, index_dir=tmp_path / "index", embedder="fake"))
    config = AppConfig(admin_upload=True, upload_dir=corpus, feedback_log=tmp_path / "f.jsonl")
    service = ChatService(assistant_for(stack.index, stack.retriever), config, corpus_dir=corpus,
                          index_dir=tmp_path / "index", today=TODAY)
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(f"聊城市人民政府办公室\n关于印发{HOSTILE_TITLE}的通知\n聊政办字〔2022〕98号\n\n各县（市、区）人民政府：\n"
                       f"现印发给你们，请认真贯彻落实。\n\n聊城市人民政府办公室\n2022年3月30日\n\n{HOSTILE_TITLE}\n\n"
                       "第一条 为规范管理，制定本办法。\n第二条 本办法自发布之日起施行。\n", encoding="utf-8")
    demo = build_app(service)
    upload = next(fn for fn in demo.fns.values() if fn.name == "upload")
    report_block = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "pq-upload-report")
    outputs = upload.fn(str(hostile), False)
    sent = report_block.postprocess(outputs[0])  # what the browser receives
    sent = sent if isinstance(sent, str) else getattr(sent, "value", sent)
    assert sent.startswith("<div class=\"pq-upload-report\"><p>✅ 已导入 hostile.txt：1 个文件，4 个条文片段"), sent
    assert set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", sent)) == {"div", "p", "ul", "li"}
    assert "&lt;form action=&quot;http://phish.example&quot;&gt;&lt;input type=&quot;password&quot;&gt;" in sent
    assert "(http://phish.example)" in sent and "](" in sent  # Markdown link syntax is not interpreted either


def test_the_ask_description_holds_the_filter_keys_and_the_answer_schema(assistant, config):
    """Issue 14: the API page described neither the answer object nor the filter keys."""
    import json

    from qa.filters import FILTER_KEYS
    from qa.schema import ANSWER_SCHEMA

    description = _build(assistant, config).get_api_info()["named_endpoints"]["/ask"]["description"]
    assert all(key in description for key in FILTER_KEYS)
    assert "YYYY-MM-DD" in description and '{"role": "user"|"assistant", "content": str}' in description
    assert json.loads(description[description.index('{"$schema"'):]) == ANSWER_SCHEMA
