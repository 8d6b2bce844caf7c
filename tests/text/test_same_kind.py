"""Which words name the same kind of thing: a Chinese compound puts its head last."""

import pytest

from qa.text.tokenizer import same_kind


@pytest.mark.parametrize("word, other, head, same", [
    ("常务会议", "市长办公会议", 1, True),  # both 会议: their last character
    ("常务会议", "市长办公会议", 2, True),
    ("全体会议", "全体会议", 2, False),  # the word itself is no other thing of its kind
    ("常务会议", "议", 1, False),  # the head alone names no thing
    ("常务会议", "会议", 2, False),
    ("救援队伍", "应急队", 1, False),  # 伍 and 队 differ
    ("专业队伍", "救援队伍", 2, True),
    ("社会监督员", "联络员", 2, False),  # 员 alike, 督员 and 络员 not
])
def test_another_word_ending_as_a_word_does_names_its_kind(word, other, head, same):
    assert same_kind(word, other, head) is same
