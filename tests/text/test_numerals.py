"""Chinese numerals as gazettes print them."""

import pytest

from qa.text.numerals import (
    askers_figures,
    canonical_doc_number,
    cn_to_int,
    int_to_cn,
    normalize_doc_number,
    share_within_bounds,
)


def test_chinese_numerals_round_trip():
    assert [cn_to_int(x) for x in ("十", "十五", "二十一", "一百零二", "89", "八十九")] == [10, 15, 21, 102, 89, 89]
    assert [int_to_cn(n) for n in (10, 15, 21, 102, 110, 89)] == ["十", "十五", "二十一", "一百零二", "一百一十", "八十九"]


# Issue 15 item 2: 聊政办字〔２０２１〕３６号 was stored as 聊政办字〔２０２１〕36号, another 文号 than the real one's.
@pytest.mark.parametrize("written", [
    "聊政办字〔2021〕36号", "聊政办字〔２０２１〕３６号", "聊政办字［２０２１］３６号", "聊政办字 [2021] 36 号",
    "聊政办字\u200b〔2021〕\u200d36号", "聊政办字﹝2021﹞36号", "聊政办字〘2021〙36号", "聊政办字（2021）036号",
    "关于印发…的通知（聊政办字〔2021〕36号）",
])
def test_every_way_of_writing_a_doc_number_has_one_canonical_form(written):
    assert normalize_doc_number(written) == "聊政办字〔2021〕36号"
    assert canonical_doc_number(written) == "聊政办字〔2021〕36号"


def test_decrees_and_numbers_that_are_not_a_doc_number():
    assert normalize_doc_number("聊城市人民政府令 第 ４２ 号") == "聊城市人民政府令第42号"
    assert normalize_doc_number("国务院令第541号") is None
    assert canonical_doc_number("国务院令 第541号") == "国务院令第541号"  # kept, as names are matched


@pytest.mark.parametrize("text, spans", [
    ("我们村十几户一块告政府，要赔一千多万", [(10, 20), (10_000_000, 20_000_000)]),
    ("二十来户", [(18, 22)]), ("要赔1200万", [(12_000_000, 12_000_000)]), ("赔上千万", [(10_000_000, 100_000_000)]),
    ("一把手一块去", []),  # single numerals in words are not figures
    ("地拿到手一年多了", [(1, 2)]), ("2022年赔了1000万", [(10_000_000, 10_000_000)]),  # a span; a year is none
])
def test_an_askers_figures_are_the_spans_they_stand_for(text, spans):
    assert [(round(low), round(high)) for low, high in askers_figures(text)] == spans


@pytest.mark.parametrize("sentence, share", [
    ("（一）超过10人的集团诉讼行政案件，且涉案案赔偿金额超过1000万元的；", 1.0),
    ("发生行政案件10件以上的行政机关，主要负责人至少出庭应诉2次", 0.5),  # 一千多万 is above 10件 but not of its order
    ("全年主要负责人出庭应诉率不低于20%。", 0.0),  # a share is not a count
    ("（四）涉及重大公共利益的；", 0.0),
])
def test_the_share_of_an_askers_figures_within_a_texts_bounds(sentence, share):
    assert share_within_bounds(askers_figures("十几户一块告政府，要赔一千多万"), sentence) == share
    # 上千万 is past 1000万 as 一千多万 is
    assert share_within_bounds(askers_figures("十几户一起告政府，要赔上千万"), "（一）超过10人的集团诉讼行政案件，且涉案案赔偿金额超过1000万元的；") == 1.0
    # 满一年 is reached by 一年多
    assert share_within_bounds(askers_figures("拿到手一年多了没动工"), "动工开发日期满一年未动工开发的") == 1.0
