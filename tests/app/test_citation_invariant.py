"""The invariant of issue 15, checked after every upload, replacement and removal: every citation (and every ranked
hit) of an answer shows exactly the text of the provision it names, read again from the named source file as it is
in the corpus now: same document title, same article, same text."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from qa.ingest import CorpusFile, chunk_documents, ingest_file
from tests.app.conftest import FRANCHISE_QUESTION
from tests.app.test_live_updates import _service
from tests.app.test_upload import FORMATS
from tests.conftest import ISSUE_2021, ISSUE_2022, cli_env

QUESTIONS = [FRANCHISE_QUESTION, "闲置土地是怎么认定的？", "聊城市人民政府工作规则第五十七条", "聊政办字〔2021〕36号第二十条",
             "主任", "河南省爱国卫生条例第三条", "市政府常务会议多久开一次？"]


def _provisions_from_the_files(corpus, max_chars: int) -> dict[str, tuple[str, str, str]]:
    """chunk id -> (document title, article, text), from ingesting every corpus file afresh."""
    found = {}
    for path in sorted(p for p in corpus.iterdir() if not p.name.startswith(".")):
        result = ingest_file(CorpusFile(path.name, path))
        doc_of = {d.key: d for d in result.documents}
        for chunk in chunk_documents(result.documents, max_chars):
            found[chunk.chunk_id] = (doc_of[chunk.doc_key].title, chunk.article, chunk.text)
    return found


def assert_citations_match_the_files(service, corpus) -> int:
    """Ask every question; returns how many citations and hits were checked."""
    truth = _provisions_from_the_files(corpus, _max_chars(service))
    checked = 0
    for question in QUESTIONS:
        answer = service.ask(question, k=10)
        for cited in answer["citations"] + answer["retrieval"]:
            assert cited["chunk_id"] in truth, f"{cited['chunk_id']} is in no corpus file ({question})"
            assert (cited["doc_title"], cited["article"], cited["text"]) == truth[cited["chunk_id"]], question
            checked += 1
    return checked


def _max_chars(service) -> int:
    from qa.index import Index

    return Index.load(service.index_dir).manifest.max_chunk_chars


def test_citations_equal_the_source_files_after_every_change(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    index_dir = tmp_path / "index"
    service = _service(corpus, index_dir, tmp_path)
    assert assert_citations_match_the_files(service, corpus) > 20

    assert service.upload(ISSUE_2022).startswith("✅ 已导入")  # upload
    assert service.upload(FORMATS / "henan-aiguo-weisheng.docx").startswith("✅ 已导入")
    assert assert_citations_match_the_files(service, corpus) > 40

    revised = tmp_path / "revised" / ISSUE_2021.name  # replace: the revised text is what is cited
    revised.parent.mkdir()
    revised.write_bytes(ISSUE_2021.read_bytes().replace("满一年未动工开发".encode(), "满两年未动工开发".encode()))
    assert service.upload(revised, replace=True).startswith("✅ 已替换")
    assert "满两年未动工开发" in service.ask("闲置土地是怎么认定的？")["citations"][0]["text"]
    assert assert_citations_match_the_files(service, corpus) > 40

    (corpus / ISSUE_2022.name).unlink()  # remove, then `policyqa index`; the app follows
    env = cli_env(tmp_path, POLICYQA_CORPUS=str(corpus), POLICYQA_INDEX_DIR=str(index_dir))
    from qa.cli import main

    assert CliRunner().invoke(main, ["index"], env=env).exit_code == 0
    assert assert_citations_match_the_files(service, corpus) > 20
    assert all(c["source"] != ISSUE_2022.name for q in QUESTIONS for c in service.ask(q, k=10)["retrieval"])
