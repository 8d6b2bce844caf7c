"""A pinyin keyboard's slips read as the collected words, on the bundled gazettes' vocabulary."""

import pytest

from qa.text.typos import HomophoneCorrector


@pytest.fixture(scope="module")
def typos(fake_index):
    return HomophoneCorrector(fake_index.tokenizer, fake_index.collection.text)


@pytest.mark.parametrize("typed, read, fixes", [
    ("老百姓能去哪投述？", "老百姓能去哪投诉？", [("投述", "投诉")]),
    ("这种特许精营，一家公司最长能干多少年", "这种特许经营，一家公司最长能干多少年", [("精营", "经营")]),
    ("燃汽公司说新用户开户得多交钱", "燃气公司说新用户开户得多交钱", [("燃汽", "燃气")]),
    ("快到合同上写的竣功日期了", "快到合同上写的竣工日期了", [("竣功", "竣工")]),
])
def test_a_slip_of_the_same_sound_is_read_as_the_collected_word(typos, typed, read, fixes):
    assert typos.correct(typed) == (read, fixes)


@pytest.mark.parametrize("text", [
    "违约金每天按出让价款的千分之几算？",  # a question word is never changed (几算 is not 计算)
    "特许经营管理办法从哪天起施行？",  # common words side by side (天起 is not 天气)
    "老百姓能去哪里投诉？", "原来这个中心的主任是谁？被免了吗？",
    "市、县两级工信部门抽调的人员承担什么角色？",  # an abbreviation the dictionary lacks, but no slip
    "省级示范数字经济园区最高300万元的奖补分几期拨付？",  # 补 is of 奖补, a collected word: 补分 is not 部分
])
def test_everyday_words_and_question_words_are_left_as_typed(typos, text):
    assert typos.correct(text) == (text, [])


def test_a_pasted_run_of_rare_characters_is_not_read_for_slips(typos):
    # more rare pairs than a question has slips: no look-ups at all (each would cost milliseconds)
    text = "投述" + "龘靐齉爩鱻麤" * 5
    assert typos.correct(text) == (text, [])


def test_the_retriever_and_the_answer_read_the_slip(fake_retriever, fake_index):
    from qa.stack import assistant_for

    def ranked(query):
        return [h.chunk.chunk_id for h in fake_retriever.retrieve(query, k=5)]

    # as typed, 投 and 述 rank other provisions third (第二十条)
    assert ranked("对特许经营者不满意，能去哪投述？") == ranked("对特许经营者不满意，能去哪投诉？")
    answer = assistant_for(fake_index, fake_retriever).ask("社会公众能去哪投述特许经营者？")
    assert answer.standalone_question == "社会公众能去哪投诉特许经营者？"
    assert "按「投诉」理解了「投述」。" in answer.notes
