"""The app over a Milvus store (issue 13): it serves the collection `--store` names, follows the generation the
indexer commits (every replica does, with no restart), and an upload indexes into the collection."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from embeddings import FakeEmbedder
from policyqa_app.config import AppConfig
from policyqa_app.service import ChatService
from qa.config import Settings
from qa.index import open_index
from qa.index.milvus import MilvusHome
from qa.stack import assistant_for, open_stack
from qa.stores import StoreSpec
from tests.app.test_live_updates import RULES_ARTICLE_57, _cites_rules
from tests.app.test_upload import FORMATS
from tests.conftest import ISSUE_2021, ISSUE_2022, ROOT, cli_env, stop_process
from tests.milvus_servers import free_port, store_uri

HENAN = FORMATS / "henan-aiguo-weisheng.docx"


def _replica(corpus, index_dir, store: str, tmp_path) -> ChatService:
    """What `policyqa serve --store STORE --admin-upload` builds: the fake-embedder stack over the store."""
    stack = open_stack(Settings(corpus=corpus, index_dir=index_dir, embedder="fake", store=store))
    config = AppConfig(admin_upload=True, upload_dir=corpus, feedback_log=tmp_path / "f.jsonl")
    return ChatService(assistant_for(stack.index, stack.retriever), config, corpus_dir=corpus, index_dir=index_dir,
                       store=store)


@pytest.mark.parametrize("kind", ["milvus-lite", "milvus-server"])
def test_replicas_serve_the_collection_and_follow_what_the_indexer_commits(kind, request, tmp_path):
    uri = store_uri(request, kind, "app_replicas")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    one, two = (_replica(corpus, tmp_path / f"replica-{n}", uri, tmp_path) for n in (1, 2))
    home = MilvusHome(StoreSpec.parse(uri))
    first = home.version()
    assert first.startswith("g-") and one.version == two.version == first
    assert one.health() == {"status": "ok", "index_loaded": True, "index_version": first, "documents": 14,
                            "chunks": 288, "embedder": "fake", "store": kind, "collection": "app_replicas",
                            "generators": ["extractive"], "admin_upload": True}  # no path, no address
    assert not _cites_rules(one.ask(RULES_ARTICLE_57))

    shutil.copy(ISSUE_2022, corpus)  # the indexer (`policyqa index`) commits a new gazette
    open_index(corpus, tmp_path / "indexer", FakeEmbedder(), store=uri)
    second = home.version()
    assert second != first
    assert _cites_rules(one.ask(RULES_ARTICLE_57)) and _cites_rules(two.ask(RULES_ARTICLE_57))  # no restart
    assert (one.version, two.version, one.health()["chunks"]) == (second, second, 578)

    report = one.upload(HENAN)  # into the collection, so the other replica serves it too
    assert report.startswith("✅ 已导入 henan-aiguo-weisheng.docx：1 个文件，") and "（索引 578 → " in report
    third = home.version()
    assert third not in (first, second) and one.version == third
    assert two.health()["index_version"] == third and two.health()["documents"] == 24
    assert "河南省爱国卫生条例" in {d.title for d in two.assistant.catalog.documents.values()}
    assert sorted(p.name for p in corpus.iterdir()) == [HENAN.name, ISSUE_2021.name, ISSUE_2022.name]
    assert not any((tmp_path / name / "current").exists() for name in ("replica-1", "replica-2", "indexer"))



def _health(url: str, process: subprocess.Popen, log, until) -> dict:
    """/healthz once ``until(health)`` holds (the app starting, or a request away from a new generation)."""
    deadline, health = time.monotonic() + 90, None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                health = json.loads(response.read())
            if until(health):
                return health
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"/healthz never showed what was awaited (last: {health}):\n{log.read_text(errors='replace')}")


@pytest.mark.slow
def test_policyqa_serve_on_a_milvus_server_follows_policyqa_index(milvus_server_uri, tmp_path):
    """The deployment of docs/scale-out.md on one machine: `python app.py` with POLICYQA_STORE naming a Milvus
    server, and `policyqa index` run elsewhere adding a gazette; /healthz shows the app serving it, unrestarted."""
    from qa.cli import main

    uri = f"{milvus_server_uri}?collection=serve"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    env.update(cli_env(tmp_path, POLICYQA_CORPUS=str(corpus), POLICYQA_STORE=uri,
                       POLICYQA_INDEX_DIR=str(tmp_path / "replica")), GRADIO_ANALYTICS_ENABLED="False")
    log = tmp_path / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        first = _health(url, process, log, lambda health: True)
        assert (first["store"], first["collection"], first["documents"], first["chunks"]) == (
            "milvus-server", "serve", 14, 288)
        shutil.copy(ISSUE_2022, corpus)
        result = CliRunner().invoke(main, ["index"], env=cli_env(tmp_path, POLICYQA_CORPUS=str(corpus),
                                                                 POLICYQA_STORE=uri))
        assert result.exit_code == 0 and "578 chunks from 2 files" in result.output, result.output
        second = _health(url, process, log, lambda health: health["chunks"] != 288)
        assert (second["documents"], second["chunks"]) == (23, 578)
        assert second["index_version"] == MilvusHome(StoreSpec.parse(uri)).version() != first["index_version"]
    finally:
        stop_process(process)
    assert "Traceback" not in log.read_text(encoding="utf-8")
