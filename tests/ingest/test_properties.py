"""Property-based (hypothesis): the readers take bytes of any kind under any suffix and either give text or refuse
with an ``IngestError`` saying what is wrong; ``ingest_file`` never raises (a bad file is a problem in its result),
and what it gives can be chunked."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qa.errors import IngestError
from qa.ingest import CorpusFile, chunk_documents, ingest_file
from qa.ingest.readers import read_source

SUFFIXES = [".md", ".txt", ".pdf", ".docx", ".html", ".htm", ".MD", ".Txt", ".doc", ".exe", "", ".tar.gz", ".中文"]
MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf1", b"\x89PNG\r\n", b"<html><body>",
         b"\xef\xbb\xbf", b"\xff\xfe", "第一条 ".encode(), "聊城市人民政府办公室\n".encode("gb18030")]
TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
CONTENT = st.one_of(
    st.binary(max_size=2048),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=1024)).map(lambda t: t[0] + t[1]),
    st.tuples(TEXTS, st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"])).map(
        lambda t: t[0].encode(t[1], errors="replace")),
    st.lists(st.sampled_from(["第一条 为规范管理，制定本办法。", "## 聊城市人民政府令", "聊政办字〔2021〕7号", "（一）",
                              "第1页", "<p>第二条</p>", "\x00", "\r\n", "　"]), max_size=30).map(
        lambda parts: "\n".join(parts).encode()),
)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES))
@example(content=b"\xc2", suffix=".md")  # found by this test: read as empty text, not refused
@example(content=b"\xef\xbb\xbf", suffix=".txt")
def test_a_reader_gives_text_or_an_ingest_error(content, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"gazette{suffix}"
        path.write_bytes(content)
        try:
            source = read_source(path)
        except IngestError as err:
            assert str(err)  # says what is wrong
        else:
            assert isinstance(source.text, str) and source.text.strip() and len(source.sha256) == 64


@PROPERTY
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES))
def test_ingesting_any_file_never_raises_and_chunks(content, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"gazette{suffix}"
        path.write_bytes(content)
        result = ingest_file(CorpusFile(path.name, path))
    assert not (result.problems and result.documents)  # one file: refused, or read
    for problem in result.problems:
        assert problem.message.startswith(path.name)
    chunks = chunk_documents(result.documents)
    assert {c.doc_key for c in chunks} <= {d.key for d in result.documents}
