"""Updates never stop answering, and the app serves the index version on disk (issue 15, items 5 and 7).

- While an upload embeds the next version, questions are answered from the version served; the uploaded file
  enters the corpus only when its index version is saved; a writer killed mid-build leaves the corpus as it was.
- A version `policyqa index` wrote is served by the next request, and a new page session lists its documents;
  the next upload builds on it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from policyqa_app.config import AppConfig
from policyqa_app.service import ChatService
from qa.index.versions import current_version
from qa.ingest import corpus_files
from tests.app.test_upload import FORMATS, _assistant
from tests.conftest import ISSUE_2021, ISSUE_2022, ROOT, cli_env

RULES_ARTICLE_57 = "聊城市人民政府工作规则第五十七条"  # in the 2022 issue only
WAIT = 60  # seconds before a test calls something stuck


def _cites_rules(answer: dict) -> bool:
    return any(c["doc_title"] == "聊城市人民政府工作规则" for c in answer["citations"])


def _service(corpus, index_dir, tmp_path) -> ChatService:
    config = AppConfig(admin_upload=True, upload_dir=corpus, feedback_log=tmp_path / "f.jsonl")
    return ChatService(_assistant(corpus, index_dir), config, corpus_dir=corpus, index_dir=index_dir)


@pytest.fixture()
def one_issue(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    return corpus, tmp_path / "index"


@pytest.fixture()
def both_issues(one_issue):
    corpus, index_dir = one_issue
    shutil.copy(ISSUE_2022, corpus)
    return corpus, index_dir


def test_questions_are_answered_while_an_upload_builds_the_next_version(one_issue, tmp_path):
    """Item 5: an upload held the write lock while it embedded, and no question was answered until it ended.
    Here the upload is held inside its embedding step while three questions are asked: each is answered from
    the version served, and the file is not in the corpus until its version is saved."""
    corpus, index_dir = one_issue
    service = _service(corpus, index_dir, tmp_path)
    served = current_version(index_dir)
    embedder = service.assistant.retriever.embedder
    embedding, release = threading.Event(), threading.Event()
    embed_batch = embedder.embed_batch

    def held_while_embedding_passages(texts, kind):
        if kind == "passage":
            embedding.set()
            release.wait(WAIT)
        return embed_batch(texts, kind)

    embedder.embed_batch = held_while_embedding_passages
    reports: list[str] = []
    upload = threading.Thread(target=lambda: reports.append(service.upload(ISSUE_2022)))
    upload.start()
    try:
        assert embedding.wait(WAIT), "the upload never reached its embedding step"
        answers: list[dict] = []
        asking = threading.Thread(target=lambda: answers.extend(service.ask(q) for q in (
            "闲置土地是怎么认定的？", RULES_ARTICLE_57, "特许经营协议")))
        asking.start()
        asking.join(WAIT)
        assert len(answers) == 3, "questions waited for the upload"
        assert answers[0]["citations"] and not _cites_rules(answers[1])  # the version served: no 2022 issue yet
        assert current_version(index_dir) == served
        assert [f.source for f in corpus_files(corpus)] == [ISSUE_2021.name]  # not committed yet
    finally:
        release.set()
        upload.join(WAIT)
    assert reports[0].startswith("✅ 已导入 liaocheng-gazette-2022-03.txt：9 个文件，290 个条文片段（索引 288 → 578 个片段）。")
    assert current_version(index_dir) != served and _cites_rules(service.ask(RULES_ARTICLE_57))
    assert [f.source for f in corpus_files(corpus)] == [ISSUE_2021.name, ISSUE_2022.name]
    assert sorted(p.name for p in corpus.iterdir()) == [ISSUE_2021.name, ISSUE_2022.name]  # no pending file left


KILLED_UPLOAD = """
import sys, time
from embeddings import FakeEmbedder
from qa.index import Index
from qa.index.update import add_file

class Slow(FakeEmbedder):
    def embed_batch(self, texts, kind):
        if kind == "passage":
            print("embedding", flush=True)
            time.sleep(600)
        return super().embed_batch(texts, kind)

corpus, index_dir, upload = sys.argv[1:]
add_file(upload, corpus, index_dir, Slow(), Index.load(index_dir).catalog)
"""


def test_a_kill_during_an_upload_leaves_the_corpus_as_it_was(one_issue):
    """Item 5: after a kill -9 during an upload, the file was in the corpus and was ingested at the next start,
    though the upload never reported success. Now the corpus and the index are as before the upload, and the
    next upload clears what the killed one left."""
    from embeddings import FakeEmbedder
    from qa.index import Index, open_index
    from qa.index.update import add_file

    corpus, index_dir = one_issue
    open_index(corpus, index_dir, FakeEmbedder())
    before = current_version(index_dir)
    child = subprocess.Popen([sys.executable, "-c", KILLED_UPLOAD, str(corpus), str(index_dir), str(ISSUE_2022)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "embedding"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(WAIT)
    assert [f.source for f in corpus_files(corpus)] == [ISSUE_2021.name]
    restarted = open_index(corpus, index_dir, FakeEmbedder())  # the next start
    assert current_version(index_dir) == before and restarted.manifest.chunk_count == 288
    _index, report = add_file(FORMATS / "henan-aiguo-weisheng.docx", corpus, index_dir, FakeEmbedder(),
                             Index.load(index_dir).catalog)
    assert report["added_documents"] == ["河南省爱国卫生条例"]
    assert sorted(p.name for p in corpus.iterdir()) == ["henan-aiguo-weisheng.docx", ISSUE_2021.name]


def test_the_app_serves_the_version_policyqa_index_wrote(both_issues, tmp_path):
    """Item 7: after `policyqa index` removed a gazette, the running app still answered from it, a new page
    session listed it, and the next upload dropped the CLI's change from memory."""
    from policyqa_app.ui import build_app

    corpus, index_dir = both_issues
    service = _service(corpus, index_dir, tmp_path)
    assert _cites_rules(service.ask(RULES_ARTICLE_57)) and len(service.view) == 23

    (corpus / ISSUE_2022.name).unlink()
    env = cli_env(tmp_path, POLICYQA_CORPUS=str(corpus), POLICYQA_INDEX_DIR=str(index_dir))
    result = CliRunner().invoke(_policyqa(), ["index"], env=env)
    assert result.exit_code == 0 and "288 chunks from 1 files" in result.output, result.output

    assert not _cites_rules(service.ask(RULES_ARTICLE_57))  # the removed gazette is no longer answered
    page_load = next(fn for fn in build_app(service).fns.values() if fn.name == "on_page_load")
    rows = page_load.fn()[0]  # a new session's document table
    assert len(rows) == 14 and "聊城市人民政府工作规则" not in {row[0] for row in rows}
    report = service.upload(FORMATS / "henan-aiguo-weisheng.docx")
    assert report.startswith("✅ 已导入 henan-aiguo-weisheng.docx：1 个文件") and "（索引 288 → " in report
    assert len(service.view) == 15 and not _cites_rules(service.ask(RULES_ARTICLE_57))


def test_a_roll_back_of_current_is_served(both_issues, tmp_path):
    """An admin points `current` back at the previous version (versions.py keeps it for that): served again."""
    corpus, index_dir = both_issues
    service = _service(corpus, index_dir, tmp_path)
    both = current_version(index_dir)
    (corpus / ISSUE_2022.name).unlink()
    assert service.upload(FORMATS / "henan-aiguo-weisheng.docx").startswith("✅ 已导入")  # a version without 2022
    assert not _cites_rules(service.ask(RULES_ARTICLE_57))
    link = index_dir / "roll-back"
    link.symlink_to(both.name)
    os.replace(link, index_dir / "current")
    assert _cites_rules(service.ask(RULES_ARTICLE_57)) and service.version == both.name


def test_a_version_that_cannot_be_served_is_logged_once_and_the_old_one_kept(one_issue, tmp_path, caplog):
    from embeddings import FakeEmbedder
    from qa.index import open_index

    corpus, index_dir = one_issue
    service = _service(corpus, index_dir, tmp_path)
    served = service.version
    time.sleep(0.01)
    open_index(corpus, index_dir, FakeEmbedder(dim=32))  # another embedder: its vectors cannot serve this app
    with caplog.at_level("WARNING", logger="policyqa_app.service"):
        for _ in range(3):
            assert service.ask("闲置土地是怎么认定的？")["citations"]
    assert service.version == served
    [record] = [r for r in caplog.records if r.name == "policyqa_app.service"]
    assert record.getMessage().startswith("index version v-") and "not served (index and embedder do not match" \
        in record.getMessage() and record.exc_info is None


def _policyqa():
    from qa.cli import main

    return main
