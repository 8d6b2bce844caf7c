"""chat_model_from_spec: any provider LangChain's init_chat_model knows, as "provider:model"."""

from __future__ import annotations

import logging
import threading
from http.server import ThreadingHTTPServer

import pytest

from qa.answering.llm import chat_model_from_spec
from qa.errors import InputError
from qa.langchain import PolicyQAChain
from qa.stack import assistant_for
from tests.answering.test_assistant import _OpenAIStub


def test_a_provider_model_spec_makes_that_provider_s_chat_model():
    model = chat_model_from_spec("openai:deepseek-chat", base_url="http://127.0.0.1:9/v1", api_key="sk-x", timeout=3)
    assert type(model).__name__ == "ChatOpenAI"
    assert (model.model_name, model.openai_api_base, model.request_timeout) == ("deepseek-chat",
                                                                                 "http://127.0.0.1:9/v1", 3)
    tagged = chat_model_from_spec("openai:qwen2.5:7b", base_url="http://127.0.0.1:9/v1", api_key="sk-x")
    assert tagged.model_name == "qwen2.5:7b"  # only the first colon separates the provider


@pytest.mark.parametrize("spec", ["deepseek-chat", "openai:", ":gpt-4o-mini", 42])
def test_a_spec_without_provider_and_model_says_how_to_write_it(spec):
    with pytest.raises(InputError, match="write it as provider:model, e.g. openai:gpt-4o-mini"):
        chat_model_from_spec(spec)


def test_an_unknown_provider_is_refused_by_langchain_with_the_known_ones():
    with pytest.raises(ValueError, match="(?s)Unsupported provider='nosuch'.*Supported model providers are: .*openai"):
        chat_model_from_spec("nosuch:model")


def test_the_spec_model_answers_through_the_chain_and_its_key_stays_out_of_logs(fake_index, fake_retriever, caplog):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OpenAIStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    key = "sk-spec-0123456789abcdef"
    try:
        with caplog.at_level(logging.DEBUG):
            model = chat_model_from_spec("openai:deepseek-chat", base_url=f"http://127.0.0.1:{server.server_address[1]}/v1",
                                         api_key=key, temperature=0)
            logging.getLogger("test").warning("request failed with key %s", key)
            answer = PolicyQAChain(assistant_for(fake_index, fake_retriever, chat_model=model)).invoke("闲置土地是怎么认定的？")
    finally:
        server.shutdown()
    assert answer.generator == "llm" and answer.answer == _OpenAIStub.reply
    assert [c.citation for c in answer.citations] == ["《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十五条"]
    assert _OpenAIStub.seen[-1]["auth"] == f"Bearer {key}" and _OpenAIStub.seen[-1]["body"]["stream"] is True
    assert key not in caplog.text and "sk-s…cdef" in caplog.text


def test_the_answer_prompt_is_a_version_of_prompts(fake_index, fake_retriever):
    from qa.answering.context import ContextItem
    from qa.config import LLMSettings
    from tests.answering.scripted_chat import scripted

    with pytest.raises(InputError, match="LLM prompt 'answer_v9' is not an answer prompt; choose one of answer_v1, "
                                         "answer_v2 \\(POLICYQA_LLM_PROMPT\\)"):
        LLMSettings("http://127.0.0.1:9/v1", "m", prompt="answer_v9")
    hit = fake_retriever.retrieve("闲置土地是怎么认定的？", k=1)[0]
    for version, header in (("answer_v1", "\n<条文>\n[1] 《"), ("answer_v2", "\n\n@@b@@ [1] 《")):
        assistant = assistant_for(fake_index, fake_retriever, chat_model=scripted(), answer_prompt=version)
        system = assistant.generator("llm").messages("问题", [ContextItem(1, hit)], "@@b@@")[0].content
        assert header in system
