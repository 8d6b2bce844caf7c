"""The habits a command-line user expects (issue 14): `-` reads standard input, --version, -q, the environment in
--help, progress lines (not bars) when stderr is not a terminal, one short start-up line, no library DEBUG output,
refusals printed in text mode, missing extras said before a long run, dates checked strictly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policyqa_app.cli import serve
from qa.cli import main
from tests.conftest import cli_env

LAND_QUESTION = "土地闲置多久会被认定为闲置土地？"
POLICYQA = Path(sys.executable).parent / "policyqa"  # the console script of the installed package


@pytest.fixture()
def env(tmp_path, fake_index_dir):
    """The session's fake-embedder index (a copy: commands may update it) and the bundled corpus."""
    shutil.copytree(fake_index_dir, tmp_path / "index", symlinks=True)
    return cli_env(tmp_path)


def test_echo_a_question_into_ask_dash(env):
    """Before: `echo 问题 | policyqa ask -` printed a blank line and exited 0 (standard input was not read)."""
    result = subprocess.run(f"echo {LAND_QUESTION} | {POLICYQA} ask -", shell=True, capture_output=True, text=True,
                            env={**os.environ, **env}, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    answer, sources = result.stdout.split("\n依据：\n")
    assert answer.startswith("根据《") and "[1]" in answer
    assert sources.splitlines()[0].startswith("[1] 《")
    # one start-up line and the index: no "reading files: 0/0", no warning of a library's imports (jieba's
    # pkg_resources) on the terminal
    assert result.stderr.splitlines() == [
        "embedder: fake (dim 64, max 512 tokens) — embedder 'fake' (from POLICYQA_EMBEDDER)",
        f"loaded index {env['POLICYQA_INDEX_DIR']} (578 chunks)"]


def test_ask_dash_answers_each_line_and_refuses_an_empty_input(env):
    runner = CliRunner()
    result = runner.invoke(main, ["ask", "-"], input=f"{LAND_QUESTION}\n\n特许经营协议能约定固定回报吗？\n", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"问：{LAND_QUESTION}\n根据《") and "\n\n问：特许经营协议能约定固定回报吗？\n" in result.stdout
    assert result.stdout.count("依据：") == 2
    empty = runner.invoke(main, ["ask", "-"], input="\n  \n", env=env)
    assert empty.exit_code == 2 and "standard input had no question" in empty.output


def test_a_refusal_is_printed_in_text_mode(env):
    """Before: `policyqa ask "？"` printed a bare newline; the reply showed only with --json."""
    result = CliRunner().invoke(main, ["ask", "？"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("请输入一个问题，例如：")


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == "policyqa, version 0.1.0\n"


def test_quiet_prints_results_only(env):
    result = CliRunner().invoke(main, ["-q", "search", "闲置土地", "-k", "1"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout.startswith("1. [")
    both = CliRunner().invoke(main, ["-q", "-v", "search", "x"], env=env)
    assert both.exit_code == 2 and "give one of them" in both.output


@pytest.mark.parametrize("command, variables", [
    ("ingest", ["POLICYQA_CORPUS", "POLICYQA_MAX_CHUNK_CHARS", "POLICYQA_MAX_FILE_MB"]),
    ("index", ["POLICYQA_CORPUS", "POLICYQA_INDEX_DIR", "POLICYQA_EMBEDDER", "POLICYQA_ST_MODEL",
               "POLICYQA_ALLOW_DOWNLOAD"]),
    ("search", ["POLICYQA_CORPUS", "POLICYQA_INDEX_DIR", "POLICYQA_EMBEDDER", "POLICYQA_ST_MODEL",
                "POLICYQA_ALLOW_DOWNLOAD", "POLICYQA_FUSION"]),
    ("ask", ["POLICYQA_CORPUS", "POLICYQA_INDEX_DIR", "POLICYQA_EMBEDDER", "POLICYQA_ST_MODEL",
             "POLICYQA_ALLOW_DOWNLOAD", "POLICYQA_FUSION", "POLICYQA_GENERATOR", "POLICYQA_LLM_BASE_URL",
             "POLICYQA_LLM_MODEL", "POLICYQA_LLM_API_KEY", "POLICYQA_LLM_TIMEOUT", "POLICYQA_LLM_RETRIES"]),
    ("eval", ["POLICYQA_CORPUS", "POLICYQA_INDEX_DIR", "POLICYQA_EMBEDDER", "POLICYQA_ST_MODEL",
              "POLICYQA_ALLOW_DOWNLOAD", "POLICYQA_EVAL_OUT_DIR", "POLICYQA_EVAL_GENERATOR", "POLICYQA_LLM_BASE_URL",
              "POLICYQA_LLM_MODEL", "POLICYQA_LLM_API_KEY", "POLICYQA_LLM_TIMEOUT", "POLICYQA_LLM_RETRIES"]),
    ("serve", ["POLICYQA_HOST", "POLICYQA_PORT", "POLICYQA_SHARE", "POLICYQA_ADMIN_UPLOAD", "POLICYQA_MAX_UPLOAD_MB",
               "POLICYQA_FEEDBACK_LOG", "POLICYQA_CONCURRENCY", "POLICYQA_LOG_JSON", "POLICYQA_CORPUS",
               "POLICYQA_INDEX_DIR", "POLICYQA_EMBEDDER", "POLICYQA_ST_MODEL", "POLICYQA_ALLOW_DOWNLOAD",
               "POLICYQA_GENERATOR", "POLICYQA_LLM_BASE_URL", "POLICYQA_LLM_MODEL", "POLICYQA_LLM_API_KEY",
               "POLICYQA_LLM_TIMEOUT", "POLICYQA_LLM_RETRIES"]),
])
def test_help_names_every_environment_variable_the_command_reads(command, variables):
    """Before: POLICYQA_ST_MODEL, POLICYQA_ALLOW_DOWNLOAD, POLICYQA_LLM_RETRIES (and, for eval and serve, the whole
    LLM endpoint) were read but named in no --help."""
    result = CliRunner().invoke(serve if command == "serve" else main, ["--help"] if command == "serve" else
                                [command, "--help"])
    assert result.exit_code == 0
    help_text = result.output.replace("\n", " ")
    assert [v for v in variables if v not in help_text] == []


def test_progress_is_lines_not_bars_off_a_terminal_and_the_start_up_line_is_short(tmp_path):
    """Before: tqdm bars were drawn into a log, bm25s could leak a DEBUG line, and the start-up line of `auto`
    ended in a download hint."""
    result = CliRunner().invoke(main, ["index", "--rebuild"], env=cli_env(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "embedder: fake (dim 64, max 512 tokens) — embedder 'fake' (from POLICYQA_EMBEDDER)"
    assert "reading files: 2/2 (100.0%)" in result.stderr and "embedding chunks: 578/578 (100.0%)" in result.stderr
    assert "\r" not in result.stderr and "it/s" not in result.stderr and "DEBUG" not in result.output


def test_the_auto_embedder_line_has_no_install_hint(monkeypatch):
    from qa.config import Settings
    from qa.stack import embedder_for

    monkeypatch.setenv("POLICYQA_ALLOW_DOWNLOAD", "0")
    embedder = embedder_for(Settings.from_env().with_(embedder="auto"))
    line = f"embedder: {embedder.name} — {embedder.resolution_note}"
    assert len(line) < 140 and "pip install" not in line and "download" not in line


def test_a_missing_baseline_package_is_said_before_the_questions_run(questions_file, env, tmp_path, monkeypatch):
    """Before: `eval --baseline` ran every question (48 s on the project set) before saying a package was missing."""
    import qa.cli.eval

    monkeypatch.setitem(sys.modules, "langchain_text_splitters", None)  # import fails
    monkeypatch.setattr(qa.cli.eval, "run_questions", lambda *a, **k: pytest.fail("questions ran first"))
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path), "--no-answers",
                                       "--baseline", "bm25"], env=env)
    assert result.exit_code == 1
    assert ("Error: the baselines' chunking needs the langchain_text_splitters package" in result.output
            and "install it with: pip install langchain-text-splitters" in result.output)


@pytest.mark.parametrize("option", ["--signed-from", "--signed-to", "--in-force-on"])
@pytest.mark.parametrize("command", ["search", "ask"])
def test_dates_are_checked_strictly(env, command, option):
    """A date written 20220301 was compared as a string (570 chunks passed where 532 should)."""
    result = CliRunner().invoke(main, [command, "主任", option, "20220301"], env=env)
    name = option.removeprefix("--").replace("-", "_")
    assert result.exit_code == 2
    assert f"{name}='20220301' is not a date; write it as YYYY-MM-DD, e.g. 2022-03-01" in result.output


def test_dates_are_checked_strictly_through_langchain(fake_retriever):
    from qa.langchain import as_langchain

    with pytest.raises(ValueError, match=r"in_force_on='20220301' is not a date"):
        as_langchain(fake_retriever).invoke("主任", filters={"in_force_on": "20220301"})
