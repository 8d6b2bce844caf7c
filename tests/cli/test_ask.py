"""`policyqa ask` through click's runner: JSON shape, batch with history, refusals, usage errors."""

from __future__ import annotations

import json
import threading
from http.server import ThreadingHTTPServer

import jsonschema
import pytest
from click.testing import CliRunner

from qa.cli import main
from qa.schema import ANSWER_SCHEMA
from tests.answering.test_assistant import _OpenAIStub
from tests.conftest import cli_env


@pytest.fixture()
def env(tmp_path):
    return cli_env(tmp_path)


def test_ask_json_is_the_answer_object(env):
    result = CliRunner().invoke(main, ["ask", "闲置土地是怎么认定的？", "--json"], env=env)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    jsonschema.validate(answer, ANSWER_SCHEMA)
    assert answer["citations"][0]["citation"] == "《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十五条"
    assert not answer["refused"] and answer["generator"] == "extractive"


def test_ask_text_prints_a_refusal_then_suggestions(env):
    result = CliRunner().invoke(main, ["ask", "济南市的闲置土地怎么处置？"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("未在已收录的文件中找到相关规定。已收录的是聊城市的政府文件，没有关于济南市的规定。")
    assert "可能相关的文件：" in result.stdout


def test_ask_batch_with_history(env, tmp_path):
    questions = tmp_path / "q.jsonl"
    rows = [{"question": "国有建设用地开工是怎么认定的？"},
            {"question": "那竣工呢？", "history": [{"role": "user", "content": "国有建设用地开工是怎么认定的？"}]}]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ask", "--batch", str(questions)], env=env)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert answers[1]["standalone_question"] == "国有建设用地竣工是怎么认定的"


def test_ask_usage_errors(env, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["ask"], env=env).exit_code == 2
    half = runner.invoke(main, ["ask", "问题", "--llm-base-url", "http://127.0.0.1:9/v1"], env=env)
    assert half.exit_code == 2 and "needs both --llm-base-url and --llm-model" in half.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"history": []}\n', encoding="utf-8")
    broken = runner.invoke(main, ["ask", "--batch", str(bad)], env=env)
    assert broken.exit_code == 1 and "--batch line 1: needs a string 'question' field" in broken.output


class _InventingStub(_OpenAIStub):
    """A model that cites one sentence, leaves one unmarked and invents one under a valid marker."""

    reply = ("超过合同约定的动工开发日期满一年未动工开发的国有建设用地属于闲置土地[1]。"
             "已动工开发但开发建设用地面积占应动工开发建设用地总面积不足三分之一的，中止开发建设满一年，也可以认定为闲置土地。"
             "闲置土地一般能经营2到3年[1]。")


def test_ask_text_prints_the_checked_final_answer_not_the_model_s_stream(env):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _InventingStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    llm = ["--llm-base-url", f"http://127.0.0.1:{server.server_address[1]}/v1", "--llm-model", "qwen"]
    try:
        text = CliRunner().invoke(main, ["ask", "闲置土地是怎么认定的？", *llm], env=env)
        as_json = CliRunner().invoke(main, ["ask", "闲置土地是怎么认定的？", "--json", *llm], env=env)
    finally:
        server.shutdown()
    assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
    answer = json.loads(as_json.stdout)
    assert answer["generator"] == "llm" and answer["answer"] == (
        "超过合同约定的动工开发日期满一年未动工开发的国有建设用地属于闲置土地[1]。"
        "已动工开发但开发建设用地面积占应动工开发建设用地总面积不足三分之一的，中止开发建设满一年，也可以认定为闲置土地[1]。")
    notes = "".join(f"（{note}）\n" for note in answer["notes"])
    assert text.stdout == (f"{answer['answer']}\n{notes}\n依据：\n"
                           f"[1] 《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十五条  "
                           f"({answer['citations'][0]['chunk_id']})\n")
    assert "2到3年" in notes and "2到3年" not in text.stdout.split("\n")[0]


def test_ask_reads_the_llm_limits_from_options_and_environment(env):
    runner = CliRunner()
    zero = runner.invoke(main, ["ask", "问题", "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-model", "m",
                                "--llm-deadline", "0"], env=env)
    assert zero.exit_code == 2 and "LLM deadline=0.0; it must be a number of seconds above 0 (POLICYQA_LLM_DEADLINE)" \
        in zero.output
    retries = runner.invoke(main, ["ask", "问题", "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-model", "m"],
                            env={**env, "POLICYQA_LLM_RETRIES": "-1"})
    assert retries.exit_code == 2 and "LLM retries=-1; it must be an integer of 0 or more" in retries.output
    assert "POLICYQA_LLM_MAX_TOKENS" in runner.invoke(main, ["ask", "--help"]).output
