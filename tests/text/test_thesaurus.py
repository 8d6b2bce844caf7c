"""The everyday-word thesaurus: its file format, how it finds everyday words in a question, and the bundled list."""

from __future__ import annotations

import pytest

from qa.text.thesaurus import Thesaurus, bundled_thesaurus
from tests.conftest import GAZETTES


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


def test_a_phrase_is_found_with_a_few_characters_of_the_question_between_its_own():
    thesaurus = Thesaurus({"头一回犯错": ("轻微违法行为",), "小错不罚": ("不予行政处罚",)})
    words = ["头一回", "犯", "小错", "执法", "罚款"]
    # 头一回犯个小错 writes 头一回犯错 with 个小 between: its words take its terms; 小错…会不会直接罚 is too far apart
    assert thesaurus.alternatives(words, "头一回犯个小错，执法的会不会直接罚款") == {
        "头一回": ("轻微违法行为",), "犯": ("轻微违法行为",), "小错": ("轻微违法行为",), "执法": (), "罚款": ()}
    # a phrase opens as written: 一回犯错 (its first two characters apart) is not 头一回犯错
    assert thesaurus.alternatives(["犯错"], "头疼一回犯错") == {"犯错": ()}


def test_a_phrase_of_one_word_and_a_frame_word_is_found_by_that_word():
    thesaurus = Thesaurus({"参观政府": ("政府开放日",), "没动工": ("未动工开发",), "政府": ("人民政府",)})
    frame = frozenset({"政府", "没"})
    assert thesaurus.framed("参观", frame) == ("政府开放日",)
    # a frame word of one character is a negation or a particle: 动工 is not 没动工; a word is not its own phrase
    assert thesaurus.framed("动工", frame) == () and thesaurus.framed("政府", frame) == ()


def test_the_bundled_list_is_read_whole():
    thesaurus = bundled_thesaurus()
    assert len(thesaurus.entries) == 2516
    assert thesaurus.entries["告政府"] == ("行政诉讼", "起诉", "行政复议")
    assert thesaurus.matches("医保卡丢了怎么报销") == [("医保卡", ("医疗保障卡", "社会保障卡", "医保凭证")),
                                                   ("报销", ("医保支付", "结算", "费用报销"))]


def test_the_everyday_words_of_a_provisions_official_terms():
    provision = "2.开展农村黑臭水体整治。因地制宜实施控源截污、清淤疏浚和水体净化等工程"
    assert bundled_thesaurus().everyday_words(provision) == ["臭水坑", "开始执行", "实行", "截污", "小河", "河底淤泥",
                                                             "管道清理", "清淤", "臭水沟", "黑臭河", "河水发臭",
                                                             "黑臭水", "河又臭了", "臭河"]
    assert bundled_thesaurus().everyday_words("附件：名单（略）") == []


def test_every_official_term_in_the_gazettes_is_found(catalog):
    """The trie pattern finds what a plain substring test finds: 实施 inside 实施方案, 水体 inside 黑臭水体."""
    from qa.text.normalize import normalize_text

    thesaurus = bundled_thesaurus()
    words_of = {}
    for word, terms in thesaurus.entries.items():
        for term in terms:
            words_of.setdefault(term, []).append(word)
    for path in sorted(GAZETTES.iterdir()):
        text = path.read_text(encoding="utf-8")
        for start in range(0, len(text), 400):
            piece = normalize_text(text[start:start + 400])
            expected = list(dict.fromkeys(w for term in sorted(t for t in words_of if t in piece)
                                          for w in words_of[term]))
            assert thesaurus.everyday_words(piece) == expected


def test_the_list_is_identified_by_its_entries():
    assert Thesaurus.parse("拿地\t土地出让\n").digest == Thesaurus.parse("拿地\t土地出让\n\n").digest
    assert Thesaurus.parse("拿地\t土地出让\n").digest != Thesaurus.parse("拿地\t划拨\n").digest
