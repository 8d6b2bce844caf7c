"""No secret reaches a log, an answer or the terminal: the API key is masked wherever it would appear, even when
an endpoint echoes it back in an error."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from qa.answering.llm import mask_secret, openai_chat_model
from qa.cli import main
from qa.config import LLMSettings
from qa.stack import assistant_for
from tests.conftest import cli_env

SECRET = "sk-live-0123456789abcdefSECRET"


class _EchoingEndpoint(BaseHTTPRequestHandler):
    """A badly behaved gateway: 401, with the whole key it was sent in the error body."""

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        key = self.headers.get("Authorization", "").removeprefix("Bearer ")
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {key}", "type": "invalid_request_error",
                                     "code": "invalid_api_key"}}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture()
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoingEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_mask_secret():
    assert mask_secret(SECRET) == "sk-l…CRET" and mask_secret("short") == "***" and mask_secret(None) == ""


def test_the_key_is_masked_in_every_log_record_and_the_answer(endpoint, fake_index, fake_retriever, caplog):
    caplog.set_level(logging.DEBUG)  # openai, httpx and httpcore log requests at DEBUG
    llm = openai_chat_model(LLMSettings(endpoint, "qwen", SECRET, 5.0, 0))
    answer = assistant_for(fake_index, fake_retriever, chat_model=llm).ask("闲置土地是怎么认定的？")
    assert answer.generator == "extractive" and answer.notes[0].startswith("大模型服务不可用（") and "AuthenticationError）" in answer.notes[0]
    failure = next(r for r in caplog.records if r.getMessage().startswith("LLM generation failed"))
    assert "Incorrect API key provided: sk-l…CRET" in failure.getMessage()  # the echo, masked
    assert f"key {mask_secret(SECRET)}" in caplog.text
    logging.getLogger("policyqa.test").exception("while calling %s", endpoint, exc_info=RuntimeError(SECRET))
    assert SECRET not in caplog.text and "sk-l…CRET" in caplog.records[-1].exc_text
    assert SECRET not in json.dumps(answer.to_dict(), ensure_ascii=False)


def test_the_cli_never_prints_the_key(endpoint, tmp_path):
    env = cli_env(tmp_path, POLICYQA_LLM_BASE_URL=endpoint, POLICYQA_LLM_MODEL="qwen", POLICYQA_LLM_API_KEY=SECRET,
                  POLICYQA_LLM_RETRIES="0")
    for args in (["ask", "闲置土地是怎么认定的？", "--json"], ["ask", "闲置土地是怎么认定的？"], ["ask", "--help"]):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 0, result.output
        assert SECRET not in result.output


def test_a_short_key_echoed_by_the_endpoint_is_masked_too(caplog):
    from qa.answering.llm import redact_in_logs

    short_key = "q7Zk!x2"  # 7 characters: some local servers take any short token
    redact_in_logs(short_key)
    with caplog.at_level("WARNING"):
        logging.getLogger("httpx").warning("401 from endpoint: invalid api key %s", short_key)
    assert short_key not in caplog.text
