"""Bad input gets a clear message naming the file and the fix; good files are still ingested."""

from __future__ import annotations

import re
import shutil

import pytest

from qa import IngestError, chunk_documents, ingest_path
from qa.ingest import decode_source
from tests.conftest import ISSUE_2021, ISSUE_2022


def test_missing_path_raises_with_the_path(tmp_path):
    with pytest.raises(IngestError, match=r"no-such-dir: no such file or directory"):
        ingest_path(tmp_path / "no-such-dir")


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", r"empty\.txt: file is empty"),
    ("blank.md", b"  \n\n \n", r"blank\.md: file is empty"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"scan\.txt: this is a PDF document.*pdftotext"),
    ("word.txt", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", r"word\.txt: this is a zip archive.*save as plain text"),
    ("old.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), r"old\.txt: this is a legacy Office file"),
    ("blob.txt", bytes(range(256)) * 4, r"blob\.txt: contains NUL bytes"),
    ("latin.txt", "Zoë’s café naïve déjà".encode("cp1252") * 50, r"latin\.txt: .*re-save it as UTF-8"),
])
def test_unreadable_files_are_refused_clearly(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    result = ingest_path(tmp_path)
    assert [p.source for p in result.problems] == [name]
    assert re.search(message, result.problems[0].message), result.problems[0].message
    assert not result.documents


def test_gbk_and_gb18030_files_decode_to_the_same_provisions(tmp_path):
    text = ISSUE_2022.read_text(encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    utf8 = ingest_path(ISSUE_2022)
    gbk = ingest_path(tmp_path / "gbk.txt")
    assert gbk.issues[0].encoding == "gb18030"
    assert [c.text for c in chunk_documents(gbk.documents)] == [c.text for c in chunk_documents(utf8.documents)]


def test_truncated_utf8_keeps_the_text_and_says_so():
    data = "第一条 本办法自2022年3月1日起施行。".encode()[:-2]
    source = decode_source("cut.txt", data)
    assert source.text == "第一条 本办法自2022年3月1日起施行"
    assert "incomplete UTF-8 character" in source.warnings[0]


def test_file_without_structure_falls_back_to_paragraphs_with_a_warning(tmp_path):
    (tmp_path / "memo.txt").write_text("今天开会讨论了供暖问题。\n\n大家一致同意明年继续推进。\n", encoding="utf-8")
    result = ingest_path(tmp_path / "memo.txt")
    chunks = chunk_documents(result.documents)
    assert [c.article for c in chunks] == ["第1段", "第2段"]
    assert [c.text for c in chunks] == ["今天开会讨论了供暖问题。", "大家一致同意明年继续推进。"]
    assert [a.kind for a in result.anomalies] == ["no_structure", "no_structure"]


def test_folder_with_one_bad_file_ingests_the_good_ones(tmp_path):
    shutil.copy(ISSUE_2021, tmp_path)
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    result = ingest_path(tmp_path)
    assert len(result.documents) == 14
    assert sorted(p.source for p in result.problems) == ["broken.txt", "notes.docx", "slides.pptx"]
    message = {p.source: p.message for p in result.problems}
    assert message["slides.pptx"] == "slides.pptx: skipped, not a document PolicyQA reads (.md, .txt, .pdf, .docx, " \
                                     ".html, .htm)"
    assert message["notes.docx"].startswith("notes.docx: not a readable Word .docx file")


def test_oversized_file_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("第一条 内容。\n" * 2000, encoding="utf-8")
    result = ingest_path(big, max_file_mb=0.01)
    assert "over the 0.01 MB limit" in result.problems[0].message
    assert "--max-file-mb" in result.problems[0].message


def test_unsupported_extension_given_directly(tmp_path):
    (tmp_path / "issue.rtf").write_bytes(b"{\\rtf1")
    result = ingest_path(tmp_path / "issue.rtf")
    assert "unsupported file type '.rtf'; give a document as .md, .txt, .pdf, .docx, .html, .htm" in \
        result.problems[0].message
    (tmp_path / "issue.pdf").write_bytes(b"%PDF-1.4")
    damaged = ingest_path(tmp_path / "issue.pdf").problems[0].message
    assert damaged.startswith("issue.pdf: not a readable PDF") and "qpdf" in damaged


def test_a_50_mb_file_is_refused_by_size_before_it_is_read(tmp_path):
    big = tmp_path / "whole-year.txt"
    block = ISSUE_2022.read_bytes()
    with big.open("wb") as fh:
        for _ in range(50 * 2**20 // len(block) + 1):
            fh.write(block)
    assert big.stat().st_size >= 50 * 2**20
    result = ingest_path(big)
    assert not result.documents and [p.source for p in result.problems] == ["whole-year.txt"]
    assert result.problems[0].message == (
        f"whole-year.txt: file is {big.stat().st_size / 2**20:.1f} MB, over the 20 MB limit for one gazette issue; "
        "split it into one file per issue, or raise the limit with --max-file-mb")


def test_bad_files_added_beside_an_indexed_corpus_leave_the_index_untouched(tmp_path):
    """Every kind of bad file dropped into the corpus folder: reported by name, the good issues still served
    from the very same index version (nothing re-embedded, nothing lost)."""
    from embeddings import FakeEmbedder
    from qa.index import CURRENT, open_index

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    shutil.copy(ISSUE_2022, corpus)
    first = open_index(corpus, index_dir, FakeEmbedder())
    version = (index_dir / CURRENT).resolve()
    bad = {"empty.txt": b"", "scan.txt": b"%PDF-1.7\n", "report.txt": b"PK\x03\x04word/document.xml",
           "blob.md": bytes(range(256)) * 4, "latin.txt": "café déjà".encode("cp1252") * 50,
           "slides.pptx": b"PK\x03\x04"}
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    with (corpus / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 2**20 + 1)
    said: list[str] = []
    again = open_index(corpus, index_dir, FakeEmbedder(), on_status=said.append)
    skipped = sorted(line.split(":")[0].removeprefix("skipped ") for line in said if line.startswith("skipped "))
    assert skipped == sorted([*bad, "huge.txt"])
    assert (index_dir / CURRENT).resolve() == version and again.embedded_count == 0
    assert [c.chunk_id for c in again.chunks] == [c.chunk_id for c in first.chunks]
    assert said[-1].startswith(f"loaded index {index_dir.resolve()} (578 chunks)")
