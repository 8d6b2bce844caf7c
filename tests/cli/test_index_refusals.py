"""`policyqa index` over folders it cannot use (issue 15.10): only bad files, and links that are not files.
Each is said by name with the fix; nothing already indexed is lost."""

from __future__ import annotations

import os
import shutil
import warnings

from click.testing import CliRunner

from qa.cli import main
from qa.index.versions import current_version
from tests.conftest import ISSUE_2021, cli_env


def test_a_folder_of_only_bad_files_is_refused_and_the_index_kept(tmp_path):
    """Before: the build went on and replaced the index with one of 0 chunks (in the red-team run it ended in
    NumPy warnings and `max() arg is an empty sequence`)."""
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    shutil.copy(ISSUE_2021, good)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blob.txt").write_bytes(b"\x00\x01\x02" * 10)
    env = cli_env(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(good)], env=env).exit_code == 0
    kept = current_version(tmp_path / "index")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning fails the test
        result = runner.invoke(main, ["index", str(bad), "--replace"], env=env)
    assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None))), result.output
    assert f"Error: nothing to index in {bad}: every file was refused (blob.txt: contains NUL bytes" in result.output
    assert "empty.txt: file is empty; nothing to ingest)" in result.output
    assert "fix or remove these files, or add documents (.md, .txt" in result.output
    assert result.output.rstrip().endswith("the index was left as it was")
    assert current_version(tmp_path / "index") == kept


def test_links_that_are_not_files_are_reported_by_name(tmp_path):
    """Before: a symlink loop, a link to nothing and a linked folder were skipped without a word."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    os.symlink("loop.md", corpus / "loop.md")
    os.symlink("gone.md", corpus / "dangling.md")
    os.symlink(corpus, corpus / "again")
    result = CliRunner().invoke(main, ["index", str(corpus)], env=cli_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert ("skipped loop.md: a symbolic link that loops or points at nothing (-> loop.md); remove it or point it at "
            "a document") in result.output
    assert "skipped dangling.md: a symbolic link that loops or points at nothing (-> gone.md)" in result.output
    assert ("skipped again: a symbolic link to a folder, which is not followed (it could lead back into the corpus); "
            "copy the folder in, or index it beside the corpus with `policyqa index FOLDER --add`") in result.output
    assert "288 chunks from 1 files" in result.output
