"""/ask_stream beside /ask (issue 14): the app served in-process on 127.0.0.1 with the scripted chat model, read
through gradio_client as a script would. The text streamed, once complete, equals the final answer's text."""

from __future__ import annotations

import socket

import pytest

from tests.answering.scripted_chat import Reply, scripted
from tests.app.conftest import TODAY

pytest.importorskip("gradio")

QUESTION = "闲置土地是怎么认定的？"
IDLE = "超过合同约定的动工开发日期满一年未动工开发的国有建设用地属于闲置土地"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app(fake_index, fake_retriever, tmp_path_factory):
    """The page served once over an assistant with a scripted chat model; yields (client, model): a test puts
    the replies it needs in ``model.replies``."""
    from gradio_client import Client

    from policyqa_app.config import AppConfig
    from policyqa_app.service import ChatService
    from policyqa_app.ui import build_app, launch
    from qa.stack import assistant_for

    model = scripted()
    service = ChatService(assistant_for(fake_index, fake_retriever, chat_model=model),
                          AppConfig(port=_free_port(), feedback_log=tmp_path_factory.mktemp("app") / "f.jsonl"),
                          today=TODAY)
    demo = build_app(service)
    _, url, _ = launch(demo, service, block=False)
    yield Client(url, verbose=False), model
    demo.close()


@pytest.fixture()
def serve(app):
    def start(*replies):
        client, model = app
        model.replies[:] = [r if isinstance(r, Reply) else Reply(r) for r in replies]
        return client
    return start


def _streamed(client, question: str, **options) -> list[dict]:
    job = client.submit(question, api_name="/ask_stream", **options)
    job.result()
    return job.outputs()


def test_the_streamed_text_once_complete_equals_the_final_answer(serve):
    invented = "闲置土地一般能经营2到3年[1]。"
    client = serve(f"{IDLE}[1]。{invented}\n{IDLE}[1]。", f"{IDLE}[1]。{invented}\n{IDLE}[1]。")
    items = _streamed(client, QUESTION)
    final = items[-1]
    assert final["answer"]["generator"] == "llm" and final["status"] == "完成"
    assert final["text"] == final["answer"]["answer"] == f"{IDLE}[1]。\n{IDLE}[1]。"  # the invention is gone
    texts = [item["text"] for item in items]
    assert all(final["text"].startswith(text) for text in texts)  # it only grew: nothing shown was taken back
    assert all(item["answer"] is None for item in items[:-1])
    assert "2到3年" not in "".join(texts)
    assert client.predict(QUESTION, api_name="/ask")["answer"] == final["text"]  # /ask: the same answer


def test_a_withdrawn_part_starts_the_text_again(serve):
    client = serve(Reply(f"{IDLE}[1]。{IDLE}[1]", finish_reason=None))  # shows one sentence, then is cut off
    items = _streamed(client, QUESTION)
    final = items[-1]
    assert final["answer"]["generator"] == "extractive"
    assert f"{IDLE}[1]。" in [item["text"] for item in items]  # shown, then withdrawn …
    assert final["text"] == final["answer"]["answer"] and IDLE not in final["text"]  # … for the extractive answer


def test_wrong_arguments_are_refused_with_the_message(serve):
    client = serve()
    with pytest.raises(Exception, match="k=0; it must be an integer from 1 to 100"):
        _streamed(client, QUESTION, k=0)
