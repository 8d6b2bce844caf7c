"""The one chunker: one chunk per provision, long provisions split by 款/项 then sentence, every part citable."""

from __future__ import annotations

import re

import pytest

from qa.ingest import chunk_documents, split_text
from tests.conftest import GAZETTES


@pytest.fixture(scope="module")
def by_key(corpus):
    return {d.key: d for d in corpus.documents}


def test_chunks_have_citations_ids_and_line_ranges(chunks, by_key):
    ids = {c.chunk_id: c for c in chunks}
    assert len(ids) == len(chunks)  # ids are unique
    c = next(c for c in chunks if by_key[c.doc_key].title == "聊城市国有建设用地供后监管暂行办法" and c.article == "第十五条")
    doc = by_key[c.doc_key]
    assert c.citation == "《聊城市国有建设用地供后监管暂行办法》（聊城市人民政府令第42号）第十五条"
    assert c.chunk_id == "liaocheng-gazette-2021-12.md:d01:p016" and c.doc_key == "liaocheng-gazette-2021-12.md:d01"
    assert (c.line_start, c.line_end, c.article_ordinal, c.article_number) == (191, 195, 15, 15)
    assert doc.issue == "2021年第12期（总第225期）" and doc.effective_date == "2022-03-01"
    assert c.token_count > 0 and c.char_count == len(c.text)
    lines = (GAZETTES / doc.source).read_text(encoding="utf-8").split("\n")
    assert lines[c.line_start - 1].startswith("**第十五条**")
    legislation = next(c for c in chunks if c.article == "聊城市人民政府2022年立法工作计划 一、（一）1.")
    assert legislation.citation == ("《聊城市人民政府2022—2026年立法规划及2022年立法工作计划》（聊政办字〔2022〕7号）"
                                    "聊城市人民政府2022年立法工作计划 一、（一）1.")


def test_every_chunk_text_is_faithful_to_the_source(chunks, by_key):
    """Chunk text minus whitespace is a substring of the source minus whitespace and markup (stitched ones
    excepted: their halves are printed pages apart)."""
    flat = {}
    for path in GAZETTES.iterdir():
        raw = path.read_text(encoding="utf-8")
        flat[path.name] = re.sub(r"\s+|\*\*|^#+|（下转第\d+页）|[（(]上接第\s*\d+\s*页[）)]", "", raw, flags=re.MULTILINE)
    checked = 0
    for chunk in chunks:
        if chunk.kind in ("table_row", "appointment", "event"):
            continue
        for piece in chunk.text.split("\n"):
            piece = re.sub(r"\s+", "", piece)
            if piece and piece in flat[by_key[chunk.doc_key].source]:
                checked += 1
    assert checked > 600


def test_long_provisions_are_split_and_keep_their_citation(chunks):
    split = [c for c in chunks if c.part_count > 1]
    assert split and all(c.char_count <= 440 for c in chunks)
    row = [c for c in split if c.article == "附件第1项"]
    assert len({c.citation for c in row}) == 1 and [c.part_index for c in row] == list(range(1, len(row) + 1))
    assert {c.provision_id for c in row} == {row[0].chunk_id.rsplit(".", 1)[0]}


def test_chunk_counts_follow_the_size_limit(corpus):
    assert len(chunk_documents(corpus.documents)) == 578
    smaller = chunk_documents(corpus.documents, max_chars=200)
    assert len(smaller) > 578 and all(c.char_count <= 200 for c in smaller)
    with pytest.raises(ValueError, match="use at least 40 characters"):
        chunk_documents(corpus.documents, max_chars=10)


def test_split_text_packs_units_and_cuts_long_ones_at_sentence_ends():
    units = ["第一款很短。", "第二款" + "长句子。" * 10, "第三款。"]
    parts = split_text(units, 20)
    assert all(len(p) <= 20 for p in parts)
    assert "".join(p.replace("\n", "") for p in parts) == "".join(units)
    assert parts == ["第一款很短。\n第二款长句子。长句子。", "长句子。" * 5, "长句子。" * 3 + "\n第三款。"]
    assert split_text(["甲乙丙丁"], 2) == ["甲乙", "丙丁"]
