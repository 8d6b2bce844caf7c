"""Chinese numerals as gazettes print them."""

from qa.text.numerals import cn_to_int, int_to_cn


def test_chinese_numerals_round_trip():
    assert [cn_to_int(x) for x in ("十", "十五", "二十一", "一百零二", "89", "八十九")] == [10, 15, 21, 102, 89, 89]
    assert [int_to_cn(n) for n in (10, 15, 21, 102, 110, 89)] == ["十", "十五", "二十一", "一百零二", "一百一十", "八十九"]
