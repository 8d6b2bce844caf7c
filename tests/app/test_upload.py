"""Upload guards: name, type, size, no overwrite, no duplicate; then ingestion into a temporary corpus."""

from __future__ import annotations

import shutil

import pytest

from policyqa_app.upload import UploadError, check_size, safe_name, store_upload
from tests.conftest import ISSUE_2021, ISSUE_2022


@pytest.mark.parametrize("name", ["liaocheng-gazette-2022-04.md", "聊城公报 2022年第4期.txt", "X.TXT", "公报（4）.md"])
def test_good_names(name):
    assert safe_name(name) == name


@pytest.mark.parametrize("name, says", [
    ("../../etc/passwd.md", "路径"), ("sub/dir.md", "路径"), ("..\\x.txt", "路径"), ("a\x00.md", "路径"),
    (".hidden.md", "隐藏"), ("issue.pdf", ".pdf"), ("issue.docx", ".docx"), ("README", "无扩展名"),
    ("x" * 130 + ".md", "过长"), ("a;rm -rf.md", "特殊字符"), ("", "没有文件名"),
])
def test_bad_names_are_refused_with_the_reason(name, says):
    with pytest.raises(UploadError, match=says):
        safe_name(name)


def test_size_limits():
    check_size(1, 10)
    with pytest.raises(UploadError, match="空的"):
        check_size(0, 10)
    with pytest.raises(UploadError, match=r"25\.0 MB 超过上限 20 MB"):
        check_size(25 * 1048576, 20 * 1048576)


def test_store_never_overwrites_and_refuses_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    stored = store_upload(ISSUE_2021, "a.md", corpus, 20 * 1048576)
    assert stored.created and stored.path == corpus / "a.md"
    assert (corpus / "a.md").read_bytes() == ISSUE_2021.read_bytes()
    again = store_upload(ISSUE_2021, "a.md", corpus, 20 * 1048576)
    assert not again.created  # the very same file: nothing to do
    with pytest.raises(UploadError, match="同名文件 a.md，内容不同"):
        store_upload(ISSUE_2022, "a.md", corpus, 20 * 1048576)
    assert (corpus / "a.md").read_bytes() == ISSUE_2021.read_bytes()
    with pytest.raises(UploadError, match="与已收录的 a.md 内容相同"):
        store_upload(ISSUE_2021, "b.md", corpus, 20 * 1048576)
    with pytest.raises(UploadError, match="超过上限"):
        store_upload(ISSUE_2022, "c.txt", corpus, 1000)
    assert sorted(p.name for p in corpus.iterdir()) == ["a.md"]  # no temporary files left behind


@pytest.fixture()
def upload_service(tmp_path, fake_retriever):
    """A one-issue corpus and its fake-embedder index in tmp, and an app with upload on."""
    from policyqa_app.config import AppConfig
    from policyqa_app.service import ChatService
    from qa.assistant import Assistant
    from qa.engine import build_retriever

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    index_dir = tmp_path / "index"
    assistant = Assistant(build_retriever(corpus, index_dir, "fake"))
    config = AppConfig(admin_upload=True, upload_dir=corpus, feedback_log=tmp_path / "f.jsonl", max_upload_mb=1)
    return ChatService(assistant, config, corpus_dir=corpus, index_dir=index_dir)


def test_upload_ingests_and_updates_the_index(upload_service, tmp_path):
    service = upload_service
    assert len(service.view) == 14
    report = service.upload(ISSUE_2022)
    assert report.startswith("✅ 已导入 liaocheng-gazette-2022-03.txt：9 个文件，282 个条文片段（索引 288 → 570 个片段）。")
    assert "- 《聊城市人民政府工作规则》" in report
    assert len(service.view) == 23  # the browser sees the new documents
    assert (service.corpus_dir / ISSUE_2022.name).read_bytes() == ISSUE_2022.read_bytes()
    answer = service.ask("聊城市人民政府工作规则第五十七条")
    assert answer["citations"][0]["doc_title"] == "聊城市人民政府工作规则"
    assert service.upload(ISSUE_2022) == f"ℹ️ {ISSUE_2022.name} 已收录，内容相同，索引未改动。"


def test_upload_refusals_are_clear_and_change_nothing(upload_service, tmp_path):
    service = upload_service
    renamed = tmp_path / "renamed.md"
    shutil.copy(ISSUE_2021, renamed)
    assert service.upload(renamed) == "❌ 该文件与已收录的 liaocheng-gazette-2021-12.md 内容相同，无需重复上传。"
    other = tmp_path / "x" / ISSUE_2021.name
    other.parent.mkdir()
    other.write_bytes(ISSUE_2022.read_bytes())
    assert "已有同名文件 liaocheng-gazette-2021-12.md，内容不同" in service.upload(other)
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    assert "不支持的文件类型 .pdf" in service.upload(pdf)
    fake_text = tmp_path / "scan.txt"
    fake_text.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    report = service.upload(fake_text)
    assert report.startswith("❌ 文件未导入：") and "scan.txt" in report
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (1048576 + 1))
    assert "超过上限 1 MB" in service.upload(big)
    assert service.upload(None) == "❌ 请先选择一个 .md 或 .txt 公报文件。"
    assert sorted(p.name for p in service.corpus_dir.iterdir()) == [ISSUE_2021.name]
    assert len(service.view) == 14


def test_upload_is_off_by_default(service):
    assert service.upload(ISSUE_2022).startswith("❌ 上传未启用")
