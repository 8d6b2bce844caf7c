"""`policyqa ask` through click's runner: JSON shape, batch with history, refusals, usage errors."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from qa.cli import main
from qa.schema import ANSWER_SCHEMA
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


def test_ask_text_streams_answer_then_sources(env):
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
