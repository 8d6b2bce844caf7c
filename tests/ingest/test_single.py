"""One regulation per file, as archives hold them: the title, type, issuer, 文号, dates and version are read from
the 题注 lines under the title.

tests/fixtures/archive holds 13 real files from ../shared/archive, unchanged: two versions each of three works,
titles that quote a law (实施《…》办法), a title that is the tail of another (增值税暂行条例 / 土地增值税暂行条例),
a national and a provincial 森林防火条例, a city 条例 approved by the province, and a 决议 without articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import ingest_path
from qa.types import ProvisionKind

ARCHIVE = Path(__file__).resolve().parents[1] / "fixtures" / "archive"


@pytest.fixture(scope="module")
def archive():
    result = ingest_path(ARCHIVE)
    return {d.source: d for d in result.documents}


def test_every_file_is_one_document(archive):
    assert len(archive) == 13
    assert {d.index for d in archive.values()} == {1}


@pytest.mark.parametrize("source, expected", [
    ("national/保守国家秘密法实施条例(2024-07-10).md", {
        "title": "中华人民共和国保守国家秘密法实施条例", "doc_type": "条例", "issuer": "中华人民共和国国务院",
        "doc_number": "中华人民共和国国务院令第786号", "signed_date": "2014-01-17", "revised_date": "2024-07-10",
        "effective_date": "2024-09-01", "version": "2024-07-10", "passed_date": None}),
    ("national/森林防火条例(2008-12-01).md", {
        "title": "森林防火条例", "doc_type": "条例", "issuer": "中华人民共和国国务院",
        "doc_number": "中华人民共和国国务院令第541号", "passed_date": "2008-11-19", "signed_date": "2008-12-01",
        "effective_date": "2009-01-01", "version": "2008-12-01"}),
    ("henan/洛阳市专利促进与保护条例(2013-01-15).md", {
        "title": "洛阳市专利促进与保护条例", "doc_type": "条例", "issuer": "洛阳市人民代表大会常务委员会",
        "doc_number": None, "passed_date": "2012-10-25", "approved_date": "2012-11-29",
        "approver": "河南省人民代表大会常务委员会", "effective_date": "2013-03-01", "version": "2013-01-15"}),
    ("henan/河南省实施《防洪法》办法(2016-03-29).md", {
        "title": "河南省实施《中华人民共和国防洪法》办法", "doc_type": "办法", "issuer": "河南省人民代表大会常务委员会",
        "passed_date": "2000-07-29", "revised_date": "2016-03-29", "version": "2016-03-29"}),
    ("henan/河南省人民代表大会常务委员会关于加强基层文化设施建设有关问题的决议(2009-05-22).md", {
        "title": "河南省人民代表大会常务委员会关于加强基层文化设施建设有关问题的决议", "doc_type": "决议",
        "issuer": "河南省人民代表大会常务委员会", "passed_date": "2009-05-22", "version": "2009-05-22"}),
])
def test_regulation_header_is_read(archive, source, expected):
    doc = archive[source]
    assert {field: getattr(doc, field) for field in expected} == expected


def test_header_lines_are_one_notice_and_articles_follow(archive):
    doc = archive["national/保守国家秘密法实施条例(2024-07-10).md"]
    notice = doc.provisions[0]
    assert notice.kind == ProvisionKind.NOTICE
    assert notice.text.splitlines() == ["2014年1月17日 中华人民共和国国务院令第646号公布",
                                        "2024年7月10日 中华人民共和国国务院令第786号修订）"]
    articles = [p for p in doc.provisions if p.kind == ProvisionKind.ARTICLE]
    assert [p.number for p in articles] == list(range(1, 75))
    assert articles[0].text.startswith("第一条 根据《中华人民共和国保守国家秘密法》")


def test_a_resolution_without_articles_keeps_its_paragraphs(archive):
    doc = archive["henan/河南省人民代表大会常务委员会关于加强基层文化设施建设有关问题的决议(2009-05-22).md"]
    kinds = [p.kind for p in doc.provisions]
    assert kinds[0] == ProvisionKind.NOTICE and ProvisionKind.ARTICLE not in kinds
    assert len(doc.provisions) == 7
