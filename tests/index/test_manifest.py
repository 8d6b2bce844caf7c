"""A manifest that is not what PolicyQA wrote: every unexpected value is refused with the fix (rebuild), by the
library, by `policyqa search --no-rebuild` (a clean error) and by `policyqa index` (rebuilt, no traceback), and
nothing in the manifest can switch integrity checking off."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from qa.cli import main
from qa.index import CURRENT, Index, IndexCorruptedError
from tests.conftest import cli_env


def _tamper(manifest: dict, change: str) -> None:
    """One way a manifest is damaged or edited, by name (the test ids)."""
    source = next(iter(manifest["sources"]))
    changes = {
        "chunk_count_as_string": lambda m: m.update(chunk_count="578"),
        "dim_as_float": lambda m: m.update(dim=64.0),
        "sources_as_list": lambda m: m.update(sources=[]),
        "source_size_as_string": lambda m: m["sources"][source].update(size="big"),
        "root_not_a_string": lambda m: m.update(roots={"": 5}),
        "root_relative": lambda m: m.update(roots={"": "data/gazettes"}),
        "embedder_without_name": lambda m: m.update(embedder={}),
        "checksums_empty": lambda m: m.update(checksums={}),
        "checksums_without_chunks": lambda m: m["checksums"].pop("chunks.json"),
        "checksum_not_hex": lambda m: m["checksums"].update({"chunks.json": "x"}),
        "checksum_outside_the_version": lambda m: m["checksums"].update({"../../etc/passwd": "0" * 64}),
        "unknown_field": lambda m: m.update(verify=False),
        "wrong_chunk_count": lambda m: m.update(chunk_count=m["chunk_count"] + 1),
        "wrong_document_count": lambda m: m.update(document_count=1),
        "source_chunks_disagree": lambda m: m["sources"][source].update(chunks=m["sources"][source]["chunks"] + 7),
    }
    changes[change](manifest)


CHANGES = ["chunk_count_as_string", "dim_as_float", "sources_as_list", "source_size_as_string", "root_not_a_string",
           "root_relative", "embedder_without_name", "checksums_empty", "checksums_without_chunks", "checksum_not_hex",
           "checksum_outside_the_version", "unknown_field", "wrong_chunk_count", "wrong_document_count",
           "source_chunks_disagree"]


@pytest.fixture()
def tampered(fake_index_dir, tmp_path, request):
    """A copy of the session's index whose manifest has one change, and its environment for the CLI."""
    index_dir = tmp_path / "index"
    shutil.copytree(fake_index_dir, index_dir, symlinks=True)
    path = (index_dir / CURRENT).resolve() / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    _tamper(manifest, request.param)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return index_dir, cli_env(tmp_path)


@pytest.mark.parametrize("tampered", CHANGES, indirect=True)
def test_a_tampered_manifest_is_refused_by_the_library(tampered):
    index_dir, _env = tampered
    with pytest.raises(IndexCorruptedError, match=r"rebuild with `policyqa index --rebuild`"):
        Index.load(index_dir)


@pytest.mark.parametrize("tampered", CHANGES, indirect=True)
def test_search_refuses_a_tampered_manifest_cleanly(tampered):
    _index_dir, env = tampered
    result = CliRunner().invoke(main, ["search", "闲置土地", "--no-rebuild"], env=env)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "policyqa index --rebuild" in result.output


@pytest.mark.parametrize("tampered", ["chunk_count_as_string", "root_not_a_string", "checksums_empty",
                                      "unknown_field", "wrong_chunk_count"], indirect=True)
def test_index_rebuilds_over_a_tampered_manifest(tampered):
    index_dir, env = tampered
    result = CliRunner().invoke(main, ["index"], env=env)
    assert result.exit_code == 0, result.output
    assert "existing index unusable" in result.output and "rebuilding" in result.output
    assert Index.load(index_dir).manifest.chunk_count == 578
