"""`policyqa ingest` through click's runner: output files, report, JSON and exit codes."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from qa.cli import main
from tests.conftest import GAZETTES, ISSUE_2021

REQUIRED = {"chunk_id", "citation", "doc_title", "doc_number", "doc_type", "article", "article_ordinal", "text",
            "source", "line_start", "line_end"}


def test_ingest_writes_chunks_and_prints_report(tmp_path):
    out = tmp_path / "chunks.jsonl"
    result = CliRunner().invoke(main, ["ingest", str(GAZETTES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 578
    assert all(REQUIRED <= row.keys() for row in rows)
    assert "《聊城市人民政府工作规则》 聊政发〔2022〕4号 — 1 notice、89 article" in result.output
    assert "[duplicate_label]" in result.output and "total: 23 documents" in result.output


def test_ingest_json_report(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(ISSUE_2021), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["totals"]["documents"] == 14
    doc = report["issues"][0]["document_list"][2]
    assert (doc["title"], doc["doc_number"], doc["provisions"]) == (
        "聊城市市政基础设施和公用事业特许经营管理办法", "聊政办发〔2021〕7号", {"notice": 1, "article": 44})
    assert {a["kind"] for a in report["anomalies"]} == {"duplicate_label", "gap"}


def test_ingest_reports_bad_file_and_exits_1(tmp_path):
    shutil.copy(ISSUE_2021, tmp_path)
    (tmp_path / "empty.md").write_bytes(b"")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert "empty.md: file is empty" in result.output
    assert "14 documents" in result.output


def test_ingest_missing_path_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "Error: " in result.output and "no such file or directory" in result.output
    assert "Traceback" not in result.output
