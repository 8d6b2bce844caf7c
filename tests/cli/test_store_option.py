"""`--store` / POLICYQA_STORE through click's runner: a Milvus Lite store end to end, and the error that lists
what is allowed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from qa.cli import main
from tests.conftest import cli_env


def test_index_and_search_in_milvus_lite(tmp_path, milvus_lite_uri):
    store = f"{milvus_lite_uri}?collection=cli"
    env = cli_env(tmp_path, POLICYQA_STORE=store)
    built = CliRunner().invoke(main, ["index"], env=env)
    assert built.exit_code == 0, built.output
    assert f"index {store}: 578 chunks from 2 files, embedder fake" in built.output
    found = CliRunner().invoke(main, ["search", "聊政办字〔2021〕36号第二十条", "-k", "1", "--json", "--no-rebuild"],
                               env=env)
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)[0]["citation"] == "《聊城市行政应诉工作管理办法》（聊政办字〔2021〕36号）第二十条"
    assert not (tmp_path / "index" / "current").exists()  # nothing of the index is kept in --index-dir


def test_an_unknown_store_is_a_clean_error_listing_the_allowed_ones(tmp_path):
    result = CliRunner().invoke(main, ["search", "土地", "--store", "elasticsearch://es:9200"], env=cli_env(tmp_path))
    assert result.exit_code == 1
    assert ("Error: store 'elasticsearch://es:9200' is not one PolicyQA knows; use one of: local (FAISS + BM25 files "
            "in --index-dir, the default); milvus:///absolute/path/policyqa.db") in result.output
    assert "Traceback" not in result.output
