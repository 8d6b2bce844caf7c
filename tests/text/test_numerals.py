"""Chinese numerals as gazettes print them."""

import pytest

from qa.text.numerals import canonical_doc_number, cn_to_int, int_to_cn, normalize_doc_number


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
