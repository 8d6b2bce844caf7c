"""The everyday-word thesaurus: its file format, how it finds everyday words in a question, and the bundled list."""

from __future__ import annotations

import pytest

from qa.text.thesaurus import Thesaurus, bundled_thesaurus


def test_a_line_is_an_everyday_word_a_tab_and_its_official_terms():
    thesaurus = Thesaurus.parse("没动工\t未开工, 未动工开发\n\n告政府\t行政诉讼,行政复议\n")
    assert thesaurus.entries == {"没动工": ("未开工", "未动工开发"), "告政府": ("行政诉讼", "行政复议")}


@pytest.mark.parametrize(("text", "says"), [
    ("没动工 未开工", "line 1: '没动工 未开工' is not 'everyday<TAB>official,official'"),
    ("没动工\t", "line 1: '没动工\\t' is not"),
    ("没动工\t未开工\n没动工\t未动工开发", "line 2: '没动工' is listed twice"),
    ("拿地\t拿地", "needs a word and 1 to 4 official terms other than the word itself"),
    ("拿地\ta,b,c,d,e", "needs a word and 1 to 4"),
])
def test_malformed_lines_are_refused_with_the_line_and_the_fix(text, says):
    with pytest.raises(ValueError) as err:
        Thesaurus.parse(text)
    assert says in str(err.value)


def test_the_longest_everyday_word_wins_where_words_overlap():
    thesaurus = Thesaurus({"动工": ("开工",), "没动工": ("未开工", "未动工开发"), "开发商": ("建设单位",)})
    assert thesaurus.matches("开发商拿了地没动工") == [("开发商", ("建设单位",)), ("没动工", ("未开工", "未动工开发"))]
    assert thesaurus.alternatives(["开发商", "动工", "地"], "开发商拿了地没动工") == {
        "开发商": ("建设单位",), "动工": ("未开工", "未动工开发"), "地": ()}


def test_the_bundled_list_is_read_whole():
    thesaurus = bundled_thesaurus()
    assert len(thesaurus.entries) == 672
    assert thesaurus.entries["告政府"] == ("行政诉讼", "起诉", "行政复议")
    assert thesaurus.matches("医保卡丢了怎么报销") == [("医保卡", ("医疗保障卡", "社会保障卡", "医保凭证")),
                                                   ("报销", ("医保支付", "结算", "费用报销"))]
