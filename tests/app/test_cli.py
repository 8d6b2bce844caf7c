"""`policyqa serve` / `python app.py`: options, environment variables and clean errors (no server started)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from policyqa_app.cli import serve
from tests.conftest import ISSUE_2021, ROOT


def test_importing_the_command_does_not_import_gradio():
    code = "import sys, policyqa_app.cli; assert 'gradio' not in sys.modules, 'gradio imported eagerly'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_help_lists_the_options_with_their_defaults():
    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0
    for text in ("--host", "127.0.0.1", "--port", "7860", "--share", "--admin-upload", "--feedback-log",
                 "--max-upload-mb", "--concurrency", "/ask"):
        assert text in result.output
    # issue 17: the README promised --llm-* options that serve did not have
    for option, variable in (("--llm-base-url", "POLICYQA_LLM_BASE_URL"), ("--llm-deadline", "POLICYQA_LLM_DEADLINE"),
                             ("--llm-max-tokens", "POLICYQA_LLM_MAX_TOKENS"), ("--llm-prompt", "POLICYQA_LLM_PROMPT")):
        assert option in result.output and variable in result.output


def test_upload_needs_a_corpus_folder():
    result = CliRunner().invoke(serve, ["--admin-upload", "--corpus", str(ISSUE_2021)])
    assert result.exit_code == 2
    assert "--admin-upload stores uploads in the corpus folder" in result.output


def test_bad_port_from_the_environment():
    result = CliRunner().invoke(serve, [], env={"POLICYQA_PORT": "70000"})
    assert result.exit_code == 2 and "70000 is not in the range" in result.output


def test_app_py_is_the_same_command():
    result = subprocess.run([sys.executable, "app.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Usage: app.py [OPTIONS]")


def test_the_upload_limit_cannot_pass_what_ingestion_reads():
    """Issue 15.10: `--max-upload-mb 50` was accepted while ingestion refuses files over 20 MB (the upload then
    failed after the transfer, and a file stored by hand was skipped at every start)."""
    import pytest

    from policyqa_app.config import AppConfig

    with pytest.raises(ValueError, match=r"max_upload_mb=50; it must be from 1 to 20 \(ingestion refuses files over "
                                         r"20 MB\); split a larger file into one file per issue"):
        AppConfig(max_upload_mb=50)
    result = CliRunner().invoke(serve, ["--max-upload-mb", "50"])
    assert result.exit_code == 2 and "50 is not in the range 1<=x<=20" in result.output


def test_the_store_is_chosen_as_for_the_other_commands():
    """`--store` / POLICYQA_STORE (issue 13): listed, and a store PolicyQA does not know is a clean error."""
    assert "POLICYQA_STORE" in CliRunner().invoke(serve, ["--help"]).output
    for args, env in ((["--store", "bogus://x"], {}), ([], {"POLICYQA_STORE": "bogus://x"})):
        result = CliRunner().invoke(serve, args, env=env)
        assert result.exit_code == 1 and result.output.startswith("Error: store 'bogus://x' is not one PolicyQA "
                                                                  "knows; use one of: local (FAISS + BM25 files")
