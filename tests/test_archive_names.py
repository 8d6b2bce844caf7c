"""Names and versions where an archive holds many regulations (tests/fixtures/archive: 13 real files): the more
specific name wins, a name under another place is not ours, a year picks a version, and the version in force
is the one answered and said."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import chunk_documents, ingest_path
from qa.answering.assistant import version_notes
from qa.catalog import NAMES_VERSION, Catalog
from qa.references import parse_references

ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "archive"
SECRETS_2014 = "national/保守国家秘密法实施条例(2014-01-17).md:d01"
SECRETS_2024 = "national/保守国家秘密法实施条例(2024-07-10).md:d01"
VAT = "national/增值税暂行条例(2017-11-19).md:d01"
LAND_VAT = "national/土地增值税暂行条例(2011-01-08).md:d01"
FOREST = "national/森林防火条例(2008-12-01).md:d01"
HENAN_FOREST = "henan/河南省森林防火条例(2018-09-30).md:d01"
FLOODS = "henan/河南省实施《防洪法》办法(2016-03-29).md:d01"
ARMY_DRUGS_2025 = "national/中国人民解放军实施《药品管理法》办法(2025-04-05).md:d01"
LUOYANG_PATENTS = "henan/洛阳市专利促进与保护条例(2013-01-15).md:d01"


@pytest.fixture(scope="module")
def archive_catalog():
    documents = ingest_path(ARCHIVE).documents
    return Catalog.build(documents, chunk_documents(documents))


def refs(catalog, question, as_of="2026-12-01"):
    found = parse_references(question, catalog, as_of)
    return list(found.doc_keys), list(found.article_numbers)


@pytest.mark.parametrize("question, doc, articles", [
    # a title without 中华人民共和国 is that regulation, not the tail of 土地增值税暂行条例
    ("增值税暂行条例第三条", VAT, [3]),
    ("土地增值税暂行条例第三条", LAND_VAT, [3]),
    # the full title 森林防火条例 is the State Council's; the province's is named with its province
    ("森林防火条例第五条", FOREST, [5]),
    ("河南省森林防火条例第五条", HENAN_FOREST, [5]),
    ("河南森林防火条例第5条", HENAN_FOREST, [5]),
    # titles that quote a law, as written in full, with the short law name, or without the quotes
    ("《河南省实施《中华人民共和国防洪法》办法》第四十七条", FLOODS, [47]),
    ("河南省实施《防洪法》办法第47条", FLOODS, [47]),
    ("河南省实施防洪法办法第四十七条", FLOODS, [47]),
    ("《中国人民解放军实施《中华人民共和国药品管理法》办法》第六条", ARMY_DRUGS_2025, [6]),
    ("洛阳专利促进与保护条例第十条", LUOYANG_PATENTS, [10]),
])
def test_names_at_archive_scale(archive_catalog, question, doc, articles):
    assert refs(archive_catalog, question) == ([doc], articles)


@pytest.mark.parametrize("question", ["青岛市森林防火条例第五条", "《郑州市专利促进与保护条例》第十条",
                                      "《河南省实施《中华人民共和国水法》办法》第三条"])
def test_a_name_under_another_place_or_law_is_not_ours(archive_catalog, question):
    assert refs(archive_catalog, question) == ([], [])


def test_no_name_cuts_through_a_quoted_law(archive_catalog):
    assert all(alias.count("《") == alias.count("》") for alias in archive_catalog.aliases)
    assert set(archive_catalog.aliases_of(FLOODS)) == {
        "河南省实施《中华人民共和国防洪法》办法", "河南实施《中华人民共和国防洪法》办法", "实施《中华人民共和国防洪法》办法",
        "河南省实施《防洪法》办法", "河南实施《防洪法》办法", "实施《防洪法》办法",
        "河南省实施中华人民共和国防洪法办法", "河南实施中华人民共和国防洪法办法", "实施中华人民共和国防洪法办法",
        "河南省实施防洪法办法", "河南实施防洪法办法", "实施防洪法办法"}


@pytest.mark.parametrize("question, as_of, doc", [
    ("保守国家秘密法实施条例第三十二条", "2026-12-01", SECRETS_2024),  # the version in force
    ("保守国家秘密法实施条例第三十二条", "2020-01-01", SECRETS_2014),  # in force on the day asked about
    ("2014年的保守国家秘密法实施条例第三十二条", "2026-12-01", SECRETS_2014),  # made then, though the 2024 text
    ("2024年保守国家秘密法实施条例第三十二条", "2026-12-01", SECRETS_2024),  # also says 2014年…公布
    ("保守国家秘密法实施条例（2014年）第三十二条", "2026-12-01", SECRETS_2014),
    ("2019年的保守国家秘密法实施条例第三十二条", "2026-12-01", None),  # no version of 2019
])
def test_a_year_or_a_date_picks_the_version(archive_catalog, question, as_of, doc):
    assert refs(archive_catalog, question, as_of) == (([doc], [32]) if doc else ([], []))


def test_versions_in_force(archive_catalog):
    work = archive_catalog.work_of[SECRETS_2024]
    assert archive_catalog.versions(SECRETS_2014) == [SECRETS_2014, SECRETS_2024]
    assert archive_catalog.version_on(work, "2014-02-28") == SECRETS_2014  # before the 2014 text took effect
    assert archive_catalog.version_on(work, "2024-08-31") == SECRETS_2014  # revised, not yet in effect
    assert archive_catalog.version_on(work, "2024-09-01") == SECRETS_2024
    assert archive_catalog.superseded("2026-12-01") == {
        SECRETS_2014, "national/商用密码管理条例(1999-10-07).md:d01",
        "national/中国人民解放军实施《药品管理法》办法(2004-12-09).md:d01"}


def test_version_notes_say_which_version_answers(archive_catalog):
    old, new = archive_catalog[SECRETS_2014], archive_catalog[SECRETS_2024]
    assert version_notes(archive_catalog, [new], "2026-12-01") == [
        ("《中华人民共和国保守国家秘密法实施条例》有2个版本（2014-01-17、2024-07-10），以上依据2024-07-10的版本，"
        "即2026-12-01有效的版本。")]
    assert version_notes(archive_catalog, [old], "2026-12-01") == [
        ("《中华人民共和国保守国家秘密法实施条例》有2个版本（2014-01-17、2024-07-10），以上依据2014-01-17的版本"
        "（问题所指）；2026-12-01有效的是2024-07-10的版本。")]
    assert version_notes(archive_catalog, [archive_catalog[FOREST]], "2026-12-01") == []


def test_names_stored_by_another_version_are_derived_again(archive_catalog):
    stored = archive_catalog.to_dict()
    assert stored["names_version"] == NAMES_VERSION
    assert Catalog.from_dict(stored).aliases == archive_catalog.aliases
    stale = {**stored, "names_version": "1", "aliases": {"增值税暂行条例": archive_catalog.work_of[LAND_VAT]}}
    assert Catalog.from_dict(stale).aliases == archive_catalog.aliases
