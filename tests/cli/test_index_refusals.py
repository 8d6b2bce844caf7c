"""`policyqa index` over folders it cannot use (issue 15.10): only bad files, and links that are not files.
Each is said by name with the fix; nothing already indexed is lost."""

from __future__ import annotations

import json
import os
import shutil
import warnings

from click.testing import CliRunner

from qa.cli import main
from qa.index.versions import current_version
from tests.app.test_upload import FORMATS, IMPOSTOR
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


def test_a_document_two_files_carry_is_said_at_indexing_and_its_doc_number_not_called_uncollected(tmp_path):
    """Issue 15 item 2, for a folder indexed with `policyqa index` (an upload refuses the copy). Before: the copy's
    聊政办字〔２０２１〕３６号 was another 文号, and once both spellings met, asking for 聊政办字〔2021〕36号 was
    refused as not collected (and, had it not been, another document's 第二十条 was the best BM25 match). Now the
    build says which files share it, and a question naming it is refused saying so, citing neither."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ISSUE_2021, corpus)
    (corpus / "impostor.md").write_text(IMPOSTOR.format(number="聊政办字〔２０２１〕３６号"), encoding="utf-8")
    for copy in ("henan-aiguo-weisheng.docx", "henan-aiguo-weisheng.pdf"):  # one regulation, no 文号, two formats
        shutil.copy(FORMATS / copy, corpus)
    env = cli_env(tmp_path, POLICYQA_CORPUS=str(corpus))
    result = CliRunner().invoke(main, ["index"], env=env)
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("warning:")] == [
        ("warning: 《河南省爱国卫生条例》 of 2020-06-03 is in 2 files (henan-aiguo-weisheng.docx, henan-aiguo-weisheng.pdf):"
         " each copy is indexed and cited; remove all copies but one, or correct a 文号, then run policyqa index again"),
        ("warning: 聊政办字〔2021〕36号 (《聊城市行政应诉工作管理办法》) is in 2 files (impostor.md, "
         "liaocheng-gazette-2021-12.md): each copy is indexed and cited, and a question naming its 文号 finds none of "
         "them; remove all copies but one, or correct a 文号, then run policyqa index again")]
    asked = CliRunner().invoke(main, ["ask", "--json", "聊政办字〔2021〕36号第二十条"], env=env)
    assert asked.exit_code == 0, asked.output
    answer = json.loads(asked.stdout)
    assert (answer["refusal_reason"], answer["citations"]) == ("shared_doc_number", [])
    assert answer["answer"].endswith("聊政办字〔2021〕36号是2个文件（impostor.md、liaocheng-gazette-2021-12.md）中的文件共用的"
                                     "文号，无法确定指哪一份，因此不作引用；请管理员删除重复的副本或更正其文号后重建索引。")
