"""Property-based (hypothesis): ``parse_references`` takes any question against the bundled catalogue without
raising; what it returns names documents of the catalogue and positive article numbers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.references import parse_references

PIECES = ["第", "条", "款", "项", "十", "百", "零", "一", "二", "三", "九", "0", "7", "15", "〔2021〕", "〔２０２１〕",
          "聊政办字", "聊政发", "号", "《", "》", "办法", "条例", "特许经营", "附件", "王霞", "年", "月", "日", "2022",
          "之一", "（一）", "(二)", "和", "、", "至", "到", "前", "后", "规定", "\u200b", " ", "？"]
QUESTIONS = st.one_of(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
                      st.lists(st.sampled_from(PIECES), max_size=40).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=QUESTIONS, as_of=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_any_question_is_parsed_without_an_exception(catalog, question, as_of):
    refs = parse_references(question, catalog, as_of=as_of)
    assert set(refs.doc_keys) <= set(catalog.documents)
    assert all(isinstance(n, int) and n > 0 for n in refs.article_numbers)
