"""Whether a provision answers an ask: the ask's focus words, how much of them a provision covers, whether it
states what the ask's type needs, and the verdict per ask."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.answering.asks import read_by_own_words, split_asks
from qa.answering.evidence import (
    ALTERNATIVE_CREDIT,
    EvidenceJudge,
    best_sentences_for,
    contradicts,
    coverage,
    focus_of,
)
from qa.text.thesaurus import bundled_thesaurus
from qa.types import AskStatus, Hit, Lookup, LookupKind


@pytest.fixture(scope="module")
def tokenizer(fake_index):
    return fake_index.tokenizer


@pytest.fixture(scope="module")
def judge(tokenizer):
    return EvidenceJudge(tokenizer)


@pytest.fixture(scope="module")
def hit(fake_index):
    """A Hit on the bundled provision with this citation ending, ranked as given."""
    by_article = {(c.doc_key, c.article): c for c in fake_index.chunks if c.part_index == 1}

    def make(doc_key, article, bm25=1, dense=1, score=1.0):
        chunk = by_article[(doc_key, article)]
        return Hit(chunk, fake_index.catalog[doc_key], score, ranks={"bm25": bm25, "dense": dense})
    return make


SUPERVISION = "liaocheng-gazette-2021-12.md:d01"  # 聊城市国有建设用地供后监管暂行办法
RULES = "liaocheng-gazette-2022-03.txt:d01"  # 聊城市人民政府工作规则
MEDICAL_FUND = "liaocheng-gazette-2021-12.md:d08"  # 医保基金监管 plan: 举报 rewards in 三、（七）11.
RESPONDING = "liaocheng-gazette-2021-12.md:d09"  # 行政应诉 measures: 第三条 所称行政应诉，是指…
PUBLIC_LAWYERS = "liaocheng-gazette-2021-12.md:d10"  # 公职律师 measures: 第二条 所称公职律师，是指…
LEGISLATION = "liaocheng-gazette-2022-03.txt:d04"  # 立法规划: 二、政府规章项目(10件), then its items
PLAN_2026 = "聊城市人民政府2022—2026年立法规划"
RESCUE_TEAMS = "liaocheng-gazette-2022-03.txt:d05"  # 应急救援队伍 rules: 第二条 defines them, 第十七条 the members


def test_focus_drops_the_frame_and_weighs_what_is_specific(tokenizer):
    focus = focus_of("我们企业的地拿到手一年多了一直没动工，这样是不是就算闲置土地了？", tokenizer)
    assert "是不是" not in focus.words and "我们" not in focus.words and "这样" not in focus.words
    weight = dict(zip(focus.words, focus.weights))
    assert weight["闲置"] > weight["土地"] > weight["一直"]
    # the asker in dialect is frame too
    assert focus_of("俺们老百姓能去哪反映？", tokenizer).words == ("反映",)
    # what the asker heard said (听说) is frame; letters and digits are one word (3D, not a D alone)
    assert focus_of("听说能做3D的网上展厅？", tokenizer).words == ("3d", "网上", "展厅")


def test_how_to_go_about_a_thing_keeps_the_thing(tokenizer):
    """怎么办理 is 怎么 and 办理 (a procedure's own verb, as 办 is), not 怎么办 (what to do) and a stray 理."""
    assert focus_of("在聊城怎么办理出国护照", tokenizer).words == ("出国", "护照")
    assert focus_of("土地被收回了怎么办", tokenizer).words == ("土地", "收回")


def test_a_pointer_to_what_the_asker_has_in_mind_is_not_focus(tokenizer):
    """那条 (a demonstrative and a measure word) points at the ditch the asker means; no provision says it."""
    assert focus_of("我们村边那条又黑又臭的沟，到底什么时候能治好？", tokenizer).words == ("村边", "黑", "臭", "沟", "治")
    assert focus_of("这块地会被当成闲置土地吗", tokenizer).words == ("当成", "闲置", "土地")


def test_when_in_the_story_a_thing_happens_is_not_what_it_is_about(tokenizer):
    """后面, 事后: the order of the asker's story, which no provision says."""
    assert focus_of("市长在我写的信上批了字，后面是哪个部门来办？", tokenizer).words == ("市长", "写", "信", "批", "字", "部门")
    assert "事后" not in focus_of("救援队来帮了忙，事后要我们出救援费吗？", tokenizer).words


def test_an_everyday_word_jieba_cuts_is_one_focus_word(tokenizer):
    question = "去大厅办事给了个差评，到底有没有人管？"
    assert "差评" not in focus_of(question, tokenizer).words  # jieba alone: 差, 评
    focus = focus_of(question, tokenizer, bundled_thesaurus())
    assert focus.words == ("大厅", "办事", "差评", "人", "管")
    weight = dict(zip(focus.words, focus.weights))
    assert weight["差评"] > weight["大厅"]
    # the provision that answers holds it: 确保差评件件有整改、有反馈
    assert coverage(focus, "推动政务服务“好差评”工作落地落实，确保差评件件有整改、有反馈") > 0.5


def test_coverage_counts_abbreviations_and_parts(tokenizer):
    assert coverage(focus_of("控烟条例", tokenizer), "聊城市控制吸烟条例") == pytest.approx(1.0, abs=0.45)
    assert coverage(focus_of("控烟条例", tokenizer), "聊城市控制吸烟条例") > coverage(focus_of("控烟条例", tokenizer),
                                                                              "聊城市停车场管理条例")
    assert coverage(focus_of("驾驶证换证体检", tokenizer), "聊城市停车场管理条例") == 0.0


def test_a_word_the_texts_own_words_cut_through_is_not_there(tokenizer):
    # 法定代表人身份证明书 reads 身份 | 证明书: its 身份证 is no identity card
    focus = focus_of("身份证", tokenizer)
    assert coverage(focus, "法定代表人身份证明书") == 0.0
    assert coverage(focus, "凭本人身份证办理") == 1.0
    assert coverage(focus, "身份证明书和身份证复印件") == 1.0  # one occurrence that is the word is enough
    # a compound's tail running on (救援 | 队伍) and the longer name a word shortens (市长 | 办公会议) hold the word
    assert coverage(focus_of("救援队", tokenizer), "市级专业应急救援队伍") == 1.0
    assert coverage(focus_of("市长办公会", tokenizer, bundled_thesaurus()), "市长办公会议每周召开") == 1.0


def test_an_abbreviation_is_covered_by_the_name_it_shortens(tokenizer):
    focus = focus_of("国资委", tokenizer)
    assert coverage(focus, "聊城市人民政府国有资产监督管理委员会副主任") == pytest.approx(0.6)
    assert coverage(focus, "聊城市人民政府工作规则") == 0.0
    # one piece of it in the text (意外) does not make it less covered than its characters in order do
    focus = focus_of("意外险", tokenizer)
    assert focus.words == ("意外险",)
    assert coverage(focus, "购买人身意外伤害保险") == pytest.approx(0.6)
    assert coverage(focus, "发生意外事故") == pytest.approx(0.35)


def test_focus_words_are_dictionary_words_not_guessed_ones(tokenizer):
    focus = focus_of("我把区里一个局告了，开庭那天他们能不能只派个律师来应付？", tokenizer)
    assert "局告" not in focus.words and "只派" not in focus.words  # jieba's guesses from a colloquial run
    weight = dict(zip(focus.words, focus.weights))
    assert weight["开庭"] > weight["律师"] > weight["局"]


def test_an_everyday_word_is_covered_by_its_official_term_for_less(tokenizer):
    text = "行政机关负责人出庭应诉行政诉讼案件"
    assert coverage(focus_of("我想告政府", tokenizer), text) == 0.0
    assert coverage(focus_of("我想告政府", tokenizer, bundled_thesaurus()), text) == pytest.approx(ALTERNATIVE_CREDIT)
    # the word itself still counts in full
    assert coverage(focus_of("闲置土地", tokenizer, bundled_thesaurus()), "闲置土地的认定") == pytest.approx(1.0)


def test_the_best_provision_answers_when_it_is_on_topic(judge, hit):
    (ask,) = split_asks("国有建设用地竣工是怎么认定的？")
    finding = judge.find(ask, [hit(SUPERVISION, "第十二条", 2, 3), hit(SUPERVISION, "第十七条", 1, 1)])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == "第十二条"


def test_nothing_on_topic_is_not_found(judge, hit):
    (ask,) = split_asks("驾驶证快到期了，换证需要体检吗？")
    finding = judge.find(ask, [hit(RULES, "第五十七条", 9, 12)])
    assert finding.status == AskStatus.NOT_FOUND and finding.related[0].chunk.article == "第五十七条"
    # the same provision, first in both rankers: words and meaning agree, so it is on topic
    assert judge.find(ask, [hit(RULES, "第五十七条", 1, 1)]).status == AskStatus.ANSWERED


@pytest.mark.parametrize("question, first, defining", [
    ("公职律师到底是干啥的？", (PUBLIC_LAWYERS, "第十五条"), (PUBLIC_LAWYERS, "第二条")),
    ("办法里说的“应诉”到底指什么？", (RESPONDING, "第十九条"), (RESPONDING, "第三条")),  # the quoted word ends the term
    ("办法里说的「应诉」到底指什么？", (RESPONDING, "第十九条"), (RESPONDING, "第三条")),  # in any quotes
])
def test_what_a_term_means_is_answered_by_its_definition(judge, hit, question, first, defining):
    (ask,) = split_asks(question)
    finding = judge.find(ask, [hit(*first, 1, 6), hit(*defining, 5, 1, score=0.9)])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == defining[1]


@pytest.mark.parametrize("question, article", [
    ("专业应急救援队伍的队员要满足什么条件？", "第十七条"),  # its members' conditions, not what the teams are
    ("市级专业应急救援队伍建设管理实施细则的有效期是什么？", "第三十四条"),  # the term is in the rules' title
])
def test_a_term_named_in_another_ask_does_not_bring_its_definition(judge, hit, question, article):
    """专业应急救援队伍 is defined in 第二条; an ask naming it for something else keeps retrieval's provision."""
    (ask,) = split_asks(question)
    finding = judge.find(ask, [hit(RESCUE_TEAMS, article, 1, 2), hit(RESCUE_TEAMS, "第二条", 2, 1, score=0.9)])
    assert finding.hits[0].chunk.article == article


def test_a_heading_counting_its_items_says_how_many_not_which(judge, hit):
    heading, first = hit(LEGISLATION, f"{PLAN_2026} 二、"), hit(LEGISLATION, f"{PLAN_2026} 二、1.", 2, 2, score=0.9)
    (how_many,) = split_asks("立法规划里政府规章项目有多少件？")
    assert judge.find(how_many, [heading, first]).hits[0].chunk.article == f"{PLAN_2026} 二、"
    (which,) = split_asks("立法规划里的政府规章项目有哪些？")
    assert judge.find(which, [heading, first]).hits[0].chunk.article == f"{PLAN_2026} 二、1."


def test_a_figure_not_stated_is_not_stated(judge, hit):
    (ask,) = split_asks("土地闲置费按土地出让价款的百分之几征收？")
    finding = judge.find(ask, [hit(SUPERVISION, "第十五条")])
    assert finding.status == AskStatus.NOT_STATED and finding.related[0].chunk.article == "第十五条"


def test_a_figure_stated_by_a_later_candidate_answers(judge, hit):
    (ask,) = split_asks("自然资源部门收到申报后多少个工作日内核验？")
    finding = judge.find(ask, [hit(SUPERVISION, "第十八条"), hit(SUPERVISION, "第十七条", 2, 2)])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == "第十七条"


def test_a_deadline_in_an_items_bracketed_note_answers_for_the_item(judge, hit):
    # （牵头单位：…；责任单位：…；完成时限：2022年12月底前） is one sentence, read with the item's text before it
    (ask,) = split_asks("定点医药机构内控管理体系要在什么时候前建起来？")
    finding = judge.find(ask, [hit(MEDICAL_FUND, "二、（三）6.")])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == "二、（三）6."


def test_only_a_named_document_answers_for_it(judge, hit):
    (ask,) = split_asks("供后监管办法规定多少个工作日内核验？")
    finding = judge.find(ask, [hit(RULES, "第五十七条"), hit(SUPERVISION, "第十八条", 2, 2)], named=(SUPERVISION,))
    assert finding.status == AskStatus.NOT_STATED and finding.related[0].chunk.doc_key == SUPERVISION


def test_an_ask_without_a_topic_of_its_own_keeps_an_earlier_asks_provision(judge, hit):
    first, second = split_asks("碰上不可抗力没法按时开工，能不能申请延期？找哪个部门？")
    assert judge.brings_no_topic(second) and not judge.brings_no_topic(first)
    earlier = hit(SUPERVISION, "第十二条", 3, 2)
    finding = judge.find(second, [hit(SUPERVISION, "第十四条"), earlier], preferred={earlier.chunk.chunk_id})
    assert finding.hits[0].chunk.article == "第十二条"


TOP_HUNDRED = "对首次进入全国电子信息百强、软件百强、互联网百强的企业，给予一次性奖补100万元。"
REPORT_REWARD = "对查证属实的举报依照规定给予最高10万元的奖励。"


@pytest.mark.parametrize("question, sentence, contradicted", [
    ("企业首次进入全省电子信息百强，市里给多少奖补？", TOP_HUNDRED, True),  # another level
    ("企业首次进入全国电子信息百强，市里给多少奖补？", TOP_HUNDRED, False),
    ("企业首次进入电子信息百强，市里给多少奖补？", TOP_HUNDRED, False),  # no level asked
    ("举报骗保查实了，最少能拿到多少奖励？", REPORT_REWARD, True),  # the other bound
    ("举报骗保查实了，最多能拿到多少奖励？", REPORT_REWARD, False),
    ("举报骗保有没有保底的奖励金额？", REPORT_REWARD, True),
    # what the money is: a reward, not a compensation
    ("行政应诉工作先进个人表彰有多少奖金？", "超过10人的集团诉讼行政案件，且涉案赔偿金额超过1000万元的", True),
    ("先进个人表彰有多少奖金？", "对先进个人给予奖金5000元", False),
    # what rate: a 败诉率 is not an 应诉率
    ("行政诉讼的败诉率是多少？", "行政机关负责人出庭应诉率100%", True),
    ("行政诉讼的败诉率是多少？", "败诉率超过10%的市直部门要召开案件研讨会", False),
    # sections monitored at the province's level are not the county's water sources
    ("省控断面水质优良比例的目标是百分之多少？", "县级及以上城市集中式饮用水水源地水质优良比例达到100%", True),
    # a total asked, a count per system and year said
    ("全市一共有多少名公职律师？", "行政机关应当每年在本业务系统遴选1至2名工作能力突出的公职律师", True),
    ("医保基金社会监督员一共要聘多少名？", "聘请20名社会监督员", False),
    # the other side of the event: before the meeting is not after it
    ("市政府常务会议的议题要在会后几个工作日内报送？", "会议议题一般应于会前5个工作日报送市政府办公室", True),
    ("市政府常务会议的议题要在会前几个工作日报送？", "会议议题一般应于会前5个工作日报送市政府办公室", False),
    ("贯彻市政府会议的情况要在会前多久报送？", "贯彻市政府会议的情况，一般应于会后1个月内报送", True),
    # the countryside is not a city's built-up area; 聊城市 is a city's name, not its built-up area
    ("2022年城市黑臭水体整治专项行动具体在几月份开展？", "2022年底前，全市35条农村黑臭水体治理", True),
    ("2022年城市黑臭水体整治专项行动具体在几月份开展？", "对城市建成区黑臭水体开展整治专项行动，2022年6月底前完成", False),
    ("聊城市黑臭水体整治具体在几月份开展？", "2022年底前，全市35条农村黑臭水体治理", False),
    # a notice's date under its signature says when it was issued, not when what it names happens next
    ("和谐使者下一届什么时候评？", "2021年12月17日", True),
    ("和谐使者名单是哪天公布的？", "2021年12月17日", False),
])
def test_a_figure_for_another_level_or_bound_does_not_answer(question, sentence, contradicted):
    (ask,) = split_asks(question)
    assert contradicts(ask, sentence) is contradicted


def test_the_least_is_not_stated_by_the_most(judge, hit):
    (least,) = split_asks("举报医保骗保查实了，最少能拿到多少奖励？")
    assert judge.find(least, [hit(MEDICAL_FUND, "三、（七）11.")]).status == AskStatus.NOT_STATED
    (most,) = split_asks("举报医保骗保查实了，最高能拿到多少奖励？")
    assert judge.find(most, [hit(MEDICAL_FUND, "三、（七）11.")]).status == AskStatus.ANSWERED


def test_a_place_says_where_not_what(judge, hit, tokenizer):
    focus = focus_of("东昌府区的学区是怎么划分的？", tokenizer)
    assert focus.words[0] == "东昌府区" and focus.topic().weights[0] == pytest.approx(0.2 * focus.weights[0])
    power_list = "liaocheng-gazette-2021-12.md:d02"  # 调整行政权力事项: items 下放至东昌府区
    (school,) = split_asks("孩子明年上小学，东昌府区的学区是怎么划分的？")
    assert judge.find(school, [hit(power_list, "附件第2项", 5, 1)]).status == AskStatus.NOT_FOUND
    # where to apply: the place is what the answer names
    (where,) = split_asks("在东昌府区建住宅楼要配建防空地下室，这个审批现在去哪办？")
    assert judge.find(where, [hit(power_list, "附件第1项")]).status == AskStatus.ANSWERED



def test_the_words_every_procedure_shares_do_not_put_a_provision_on_topic(tokenizer, hit):
    # 第十二条 asks for 证明材料 with a 延期申请: it holds 材料 and 申请 (报名's official term, as the assistant reads),
    # none of 孩子, 小学, 入学
    judge = EvidenceJudge(tokenizer, thesaurus=bundled_thesaurus())
    (school,) = split_asks("孩子明年上小学，入学报名要准备哪些材料？")
    assert judge.find(school, [hit(SUPERVISION, "第十二条")]).status == AskStatus.NOT_FOUND
    (delay,) = split_asks("因为政府原因要延期开工，得准备哪些材料？")
    assert judge.find(delay, [hit(SUPERVISION, "第十二条")]).status == AskStatus.ANSWERED

CHRONICLE_2021_12 = "liaocheng-gazette-2021-12.md:d14"  # 聊城市人民政府大事记（2021年12月）
APPOINTMENTS_23 = "liaocheng-gazette-2021-12.md:d11"  # 聊政任〔2021〕23号


@pytest.mark.parametrize("question, doc_key, article", [
    ("聊城明天会下雨吗？", CHRONICLE_2021_12, "12月23日"),  # a forecast: not in a day's entry
    ("怎么在网上预约聊城市人民医院的专家号？", APPOINTMENTS_23, "免去：刘跃森"),  # how to proceed: not in a 免去
    ("去市第二人民医院的公交车一天有几趟？", APPOINTMENTS_23, "免去：刘跃森"),  # how many: a record counts nothing
])
def test_a_record_does_not_say_what_may_be_done_or_how(judge, hit, question, doc_key, article):
    (ask,) = split_asks(question)
    assert judge.find(ask, [hit(doc_key, article)]).status == AskStatus.NOT_FOUND


def test_a_record_says_how_a_post_was_dealt_with(judge, hit):
    (ask,) = split_asks("刘跃森的院长职务是怎么处理的？")
    finding = judge.find(ask, [hit(APPOINTMENTS_23, "免去：刘跃森")])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == "免去：刘跃森"


LEGISLATION_PLAN = "liaocheng-gazette-2022-03.txt:d04"  # 立法规划及2022年立法工作计划
CHIEF_TECHNICIANS = "liaocheng-gazette-2021-12.md:d07"  # 2021年度首席技师名单: its 正文 goes on as a roster


@pytest.mark.parametrize("question, answered", [
    ("东阿阿胶一天吃几克？", False), ("东阿阿胶怎么吃效果好？", False),  # the planned 条例 is not yet its rules
    ("东阿阿胶保护的条例是哪个部门在起草？", True), ("市里会出东阿阿胶保护的条例吗？", True),
])
def test_a_planned_texts_title_says_what_is_planned_and_who_drafts_it(judge, hit, question, answered):
    (ask,) = split_asks(question)
    finding = judge.find(ask, [hit(LEGISLATION_PLAN, "聊城市人民政府2022—2026年立法规划 一、8.")])
    assert finding.answered is answered


def test_a_roster_of_names_is_a_record(judge, fake_index):
    roster = next(c for c in fake_index.chunks if c.doc_key == CHIEF_TECHNICIANS and c.part_index == 2)
    assert "东阿阿胶股份有限公司" in roster.text
    (ask,) = split_asks("东阿阿胶怎么吃效果好？")
    found = judge.find(ask, [Hit(roster, fake_index.catalog[CHIEF_TECHNICIANS], 1.0, ranks={"bm25": 1, "dense": 1})])
    assert found.status == AskStatus.NOT_FOUND


@pytest.mark.parametrize("question, status", [
    ("临清市哪里有好吃的烧烤？", AskStatus.NOT_FOUND),
    ("临清市哪家火锅店好吃？", AskStatus.NOT_FOUND),
    ("市长到临清市调研了什么？", AskStatus.ANSWERED),
])
def test_a_place_alone_puts_no_provision_on_topic(judge, fake_index, question, status):
    """The entry of a visit to 临清市, however near the top both rankers put it for the place's name, says nothing
    of what the asker asks about there unless it holds some of the ask's other words."""
    entry = next(c for c in fake_index.chunks if c.article == "3月31日" and "临清市" in c.text)
    (ask,) = split_asks(question)
    found = judge.find(ask, [Hit(entry, fake_index.catalog[entry.doc_key], 1.0, ranks={"bm25": 1, "dense": 1})])
    assert found.status == status


def test_a_chronicle_entry_is_dated_by_its_label(judge, fake_index):
    """12月30日（2） starts with △, not with its day: the day is in its label."""
    entry = next(c for c in fake_index.chunks if c.doc_key == CHRONICLE_2021_12 and c.article == "12月30日（2）")
    assert "30日" not in entry.text
    (ask,) = split_asks("第123次常务会议是哪天开的？")
    found = judge.find(ask, [Hit(entry, fake_index.catalog[CHRONICLE_2021_12], 1.0, ranks={"bm25": 1, "dense": 1})])
    assert found.status == AskStatus.ANSWERED


def test_the_day_rules_take_effect_is_answered_by_their_own_article(judge, hit):
    """The 公布令 and 第二十五条 both say 自2022年3月1日起施行: the rules' own article answers."""
    (ask,) = split_asks("国有建设用地供后监管暂行办法从哪天开始施行？")
    finding = judge.find(ask, [hit(SUPERVISION, "公布令"), hit(SUPERVISION, "第二十五条", 2, 2)])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == "第二十五条"
    # the day the 常务会议 passed them only the 公布令 says: 第二十五条's 2022年3月1日 is another day, of 施行
    (ask,) = split_asks("国有建设用地供后监管暂行办法是哪天经市政府常务会议通过的？")
    finding = judge.find(ask, [hit(SUPERVISION, "公布令"), hit(SUPERVISION, "第二十五条", 2, 2)])
    assert finding.status == AskStatus.ANSWERED and finding.hits[0].chunk.article == "公布令"


def _holding(index, text: str) -> Hit:
    """A Hit on the bundled chunk that holds ``text``."""
    chunk = next(c for c in index.chunks if text in c.text)
    return Hit(chunk, index.catalog[chunk.doc_key], 1.0, ranks={"bm25": 1, "dense": 1})


def test_a_sibling_items_figure_is_another_subjects(judge, fake_index):
    # 第八条's teams: （二）金属冶炼 is built on "骨干企业", named by none; （十四）供水 on 市水务集团, a company
    # but another team's, so the metal-smelting team's company is not stated
    (ask,) = split_asks("市金属冶炼事故专业应急救援队伍依托的是哪家公司？")
    smelting = _holding(fake_index, "（二）市金属冶炼事故专业应急救援队伍")
    water = _holding(fake_index, "(十四) 市供水事故应急处置专业应急救援队伍")
    finding = judge.find(ask, [smelting, water])
    assert finding.status == AskStatus.NOT_STATED and finding.related == [smelting]
    (ask,) = split_asks("市供水事故应急处置专业应急救援队伍依托的是哪家公司？")
    assert judge.find(ask, [water, smelting]).hits[0] is water


def test_whether_money_is_paid_is_answered_by_a_provision_on_the_topic_that_speaks_of_money(judge, fake_index):
    # the 和谐使者 notice pays nothing it says; the rescue teams' 表扬奖励 (第二十条) is about 奖 alone, not the 使者
    (ask,) = split_asks("第三届聊城和谐使者有奖金吗？")
    notice = _holding(fake_index, "现将第三届聊城和谐使者名单")
    rewards = _holding(fake_index, "给予表扬奖励")
    finding = judge.find(ask, [notice, rewards])
    assert finding.status == AskStatus.NOT_STATED and finding.related == [notice]
    # 应急转贷资金 is money, said in a sentence other than the one most about the ask's 银行贷款
    (ask,) = split_asks("厂里资金一时转不开，银行贷款到期了续不上，政府有没有应急的钱可以用？")
    loans = _holding(fake_index, "鼓励各地用好应急转贷资金")
    assert judge.find(ask, [loans]).status == AskStatus.ANSWERED


@pytest.mark.parametrize("question, doc, ranked, answered", [
    # the term of years is in 第七条's last paragraph, retrieval's seventh: a period is set once for the document
    ("自来水、暖气这些交给企业特许经营，合同一签能签多少年？", "liaocheng-gazette-2021-12.md:d03",
     ["第五条", "第十三条", "第二十八条", "第二十六条", "第二十九条", "第八条", "第七条"], "第七条"),
    # of the periods stated, the one stated of the subject: 第七条's 特许经营期限…原则上20年, not 第三十二条's
    # 评估周期…不得低于二年, an article on 特许经营 ranked above it
    ("城市供水交给企业特许经营，一般能经营多少年？", "liaocheng-gazette-2021-12.md:d03",
     ["第十三条", "第三十二条", "第七条"], "第七条"),
    # a count that far down is another thing's: 第四十条's 每年至少组织一次 is of 培训, not of the 案卷评查 asked
    ("行政应诉案卷评查每年要组织几次？", "liaocheng-gazette-2021-12.md:d09",
     ["第四十六条", "第四十三条", "第四十二条", "第四十四条", "第四十五条", "第四十一条", "第四十条"], None),
])
def test_a_period_is_read_down_the_best_provisions_document_and_a_count_is_not(judge, hit, question, doc, ranked,
                                                                               answered):
    (ask,) = split_asks(question)
    finding = judge.find(ask, [hit(doc, article, rank, rank) for rank, article in enumerate(ranked, start=1)])
    assert [h.chunk.article for h in finding.hits] == ([answered] if answered else [])
    assert finding.status == (AskStatus.ANSWERED if answered else AskStatus.NOT_STATED)


def test_the_provision_retrieval_put_first_is_read_for_the_period_when_another_was_taken_over_it(judge, hit):
    # the near tie of the two goes to 第十八条 (土地闲置 among its cases), which states no period; retrieval's first
    # (第十五条's 满一年) is still one of the others read for it
    (ask,) = split_asks("企业拿了地一直不开工，要拖多久才算闲置？")
    finding = judge.find(ask, [hit(SUPERVISION, "第十五条", 2, 1), hit(SUPERVISION, "第十八条", 1, 8)])
    assert finding.status == AskStatus.ANSWERED and [h.chunk.article for h in finding.hits] == ["第十五条"]


def test_words_asking_who_took_over_name_no_topic_of_their_own(judge):
    # 接任的是谁 asks of the post the first ask names: it is searched with that subject, which 接任 does not replace
    _, later = split_asks("谁被免去了市城市水务集团有限公司董事长职务？接任的是谁？")
    assert judge.another_subject(later) == "" and judge.topic_weight(later.text) == 0


def test_a_follow_up_is_answered_by_a_provision_holding_its_own_words(judge, hit):
    # 那管理人员呢？ after …培育多少数字专员？: 二、（二） (数字专员), retrieval's first for the glued rewrite, holds none of
    # the follow-up's own words; 二、（三） (现代管理人员) does
    growth_plan = "liaocheng-gazette-2021-12.md:d05"  # 育苗扶壮 plan: 二、（二） 数字专员, 二、（三） 管理标兵
    (ask,) = read_by_own_words(split_asks("育苗扶壮计划要培育 管理人员"), "管理人员")
    ranked = [hit(growth_plan, "二、（二）", 1, 1, 1.0), hit(growth_plan, "二、（三）", 2, 2, 0.5)]
    assert [h.chunk.article for h in judge.find(ask, ranked).hits] == ["二、（三）"]
    # the previous question's own ask, with no words of its own, keeps retrieval's first
    (ask,) = split_asks("育苗扶壮计划要培育多少数字专员？")
    assert [h.chunk.article for h in judge.find(ask, ranked).hits] == ["二、（二）"]


def test_a_plan_items_note_of_who_leads_it_does_not_say_what_it_is_about(judge, fake_index):
    # 三、7. names 政府开放月 without its month, and 市政府 only in （牵头单位：市政府办公室…）: the 政务公开 要点's
    # 一、, which gives 9 月, is about the same thing though it never says 市政府
    points = _holding(fake_index, "继续高标准举行 9 月“政府开放月”活动")
    hits = [_holding(fake_index, "开展“政府开放月”“居民公开议事日”等活动"), points]
    finding = judge.find(split_asks("听说市政府会对市民开放参观，一般是在几月份？")[0], hits)
    assert (finding.status, finding.hits) == (AskStatus.ANSWERED, [points])


def test_a_near_tie_within_a_few_hundredths_goes_to_the_provision_holding_the_ask(judge, hit):
    # 三、（九）13. holds every word of the ask (查实, 定点医药机构 … 由卫生健康、市场监管部门依法作出处理); 16. is ranked
    # first by a few hundredths and says 移交行政部门处理 of 涉嫌欺诈骗保 in general
    (ask,) = split_asks("医保部门查实骗保的定点医药机构由哪些部门处理？")
    first, second = hit(MEDICAL_FUND, "四、（十一）16.", 2, 1, 1.0), hit(MEDICAL_FUND, "三、（九）13.", 1, 3, 0.93)
    assert judge.find(ask, [first, second]).hits == [second]
    # far behind (0.9 of the first's score) is not a tie
    assert judge.find(ask, [first, replace(second, score=0.9)]).hits == [first]


def test_a_follow_ups_cases_are_of_its_own_words_not_the_question_before(judge, hit):
    # 那哪些情况算是政府原因？ after 因为政府原因没法按时开工，能延期吗: the rewrite glues the previous question (延期, which
    # 第十二条 holds and 第十三条 does not) before the follow-up's own words; the cases of 政府原因 are 第十三条's list
    (ask,) = split_asks("拿了地的企业要是因为政府原因没法按时开工，能延期 哪些情况算是政府原因")
    ask = replace(ask, own="哪些情况算是政府原因")
    hits = [hit(SUPERVISION, "第十二条", 1, 2), hit(SUPERVISION, "第十四条", 2, 3), hit(SUPERVISION, "第十三条", 3, 1)]
    assert [h.chunk.article for h in judge.find(ask, hits).hits] == ["第十三条"]


_SETTLED = {"towns' sewage": "提高城镇污水收集处理能力", "villages' sewage": "强化对农村生活污水治理设施的运行监管",
            "villages' water": "开展农村黑臭水体整治", "towns' water": "巩固城市和县城建成区黑臭水体治理成果"}


@pytest.mark.parametrize("question, ranked, chosen", [
    # the asker's village: the countryside's provision, though retrieval put the towns' sewage works first (and the
    # asker's 设备 is not its 设施: it is near the top of the dense ranking)
    ("村里建的污水处理设备老是停着不用，上面有没有要求？", ["towns' sewage", "villages' sewage"], "villages' sewage"),
    # the asker's town: the built-up areas' black water bodies, not the villages' ranked first
    ("城里那些臭水沟治好了以后，还有人管着吗？", ["villages' water", "towns' water"], "towns' water"),
    # a question naming no settlement keeps retrieval's first
    ("污水处理设施老是停着不用，上面有没有要求？", ["towns' sewage", "villages' sewage"], "towns' sewage"),
])
def test_a_provision_of_the_settlement_asked_is_chosen_over_one_of_another(judge, fake_index, question, ranked,
                                                                            chosen):
    hits = [replace(_holding(fake_index, _SETTLED[name]), ranks={"bm25": 11, "dense": rank})
            for rank, name in enumerate(ranked, start=1)]
    (ask,) = split_asks(question)
    assert _SETTLED[chosen] in judge.find(ask, hits).hits[0].chunk.text


@pytest.mark.parametrize("question, entry, status", [
    ("市政府党组会议开了几天？", "3日，市委副书记、市长、市政府党组书记李长萍主持召开市政府党组会议", AskStatus.NOT_STATED),
    ("全市高质量发展现场观摩会议开了几天？", "为期3天的全市高质量发展现场观摩会议召开", AskStatus.ANSWERED),
])
def test_an_entrys_day_is_a_date_not_a_span(judge, fake_index, question, entry, status):
    # 3日， opens the entry with its day: it says when the meeting was held, not for how long
    (ask,) = split_asks(question)
    assert judge.find(ask, [_holding(fake_index, entry)]).status == status


def test_how_often_is_said_by_a_rule_not_by_an_entry(judge, fake_index):
    # the 3月22日 entry's 常务会议 also held a “每月一题” study; the rules say 每周安排1次
    (ask,) = split_asks("市政府常务会议一般多久召开一次？")
    entry = _holding(fake_index, "开展“每月一题”预付式消费问题研究工作")
    rule = _holding(fake_index, "市政府常务会议原则上一般每周安排1次")
    assert judge.find(ask, [entry, rule]).hits == [rule]


@pytest.mark.parametrize("question, status", [
    ("聊城高铁新区发展服务中心成立多长时间了？", AskStatus.NOT_FOUND),  # no period but the probation's
    ("郭志刚任聊城高铁新区发展服务中心主任的试用期多长？", AskStatus.ANSWERED),
])
def test_an_appointment_states_no_period_but_its_probation(judge, fake_index, question, status):
    (ask,) = split_asks(question)
    record = _holding(fake_index, "聊城高铁新区发展服务中心主任（试用期一年）")
    assert judge.find(ask, [record]).status == status


def test_a_persons_former_post_is_their_removal(judge, fake_index):
    # 王吾雪 was appointed 董事长 and removed from another post in the same notice: 原来的职务 asks the removal
    (ask,) = split_asks("王吾雪原来的职务")
    records = [replace(_holding(fake_index, text), lookup=Lookup(LookupKind.PERSON, "王吾雪"))
               for text in ("王吾雪为聊城市城市水务集团有限公司董事长", "王吾雪的聊城市城市水务集团有限公司总经理职务")]
    finding = judge.find(ask, records)
    assert [h.chunk.action for h in finding.hits] == ["免"]


def test_who_took_the_post_a_person_left_is_answered_by_both_records(judge, fake_index):
    # 卸任 asks the removal, 由谁接任 the appointment to the same post: both records, not the person's own alone
    left = _holding(fake_index, "成伟的聊城市公安局督察长职务")
    took = _holding(fake_index, "李强为聊城市公安局督察长")
    records = [replace(left, lookup=Lookup(LookupKind.PERSON, "成伟")),
               replace(took, lookup=Lookup(LookupKind.POST, took.chunk.posts[0]))]
    (ask,) = split_asks("成伟卸任的督察长由谁接任了？")
    assert [h.chunk.article for h in judge.find(ask, records).hits] == ["免去：成伟", "任命：李强"]


@pytest.mark.parametrize("question, actions", [
    ("聊城市公安局新任的督察长是谁？", ["任"]),  # who is new: the appointment
    ("聊城市公安局督察长换人了吗？", ["任", "免"]),  # whether it changed hands: who took it and who left it
])
def test_who_is_new_in_a_post_is_its_appointment_and_a_change_both_records(judge, fake_index, question, actions):
    took = _holding(fake_index, "李强为聊城市公安局督察长")
    left = _holding(fake_index, "成伟的聊城市公安局督察长职务")
    (ask,) = split_asks(question)
    assert [h.chunk.action for h in judge.find(ask, [took, left]).hits] == actions


def test_a_post_given_to_two_in_one_notice_is_answered_by_both_records(judge, fake_index):
    # two 副局长 of the 审计局 were appointed by the same notice: who was appointed is both of them, not the first
    records = [_holding(fake_index, text) for text in ("王霞为聊城市审计局副局长", "任国旭为聊城市审计局副局长")]
    (ask,) = split_asks("审计局副局长任命的是谁？")
    assert [h.chunk.article for h in judge.find(ask, records).hits] == ["任命：王霞", "任命：任国旭"]
    # the former holder (原督察长) is asked by the removal, not by the appointment
    records = [_holding(fake_index, text) for text in ("李强为聊城市公安局督察长", "成伟的聊城市公安局督察长职务")]
    (ask,) = split_asks("公安局原督察长是谁？")
    assert [h.chunk.article for h in judge.find(ask, records).hits] == ["免去：成伟"]
    # and so is 那原来那位呢 read with the previous question (…督察长现在是谁)
    (ask,) = split_asks("聊城市公安局督察长现在是 原来那位")
    assert [h.chunk.article for h in judge.find(ask, records).hits] == ["免去：成伟"]


@pytest.mark.parametrize("question, day, cited", [
    ("2022年3月15日市里开了什么会？", "3月15日", ["3月15日（1）", "3月15日（2）", "3月15日（3）"]),
    ("2022年3月26日市长去东阿县做什么了？", "3月26日", ["3月26日（1）", "3月26日（2）"]),  # both entries go there
    ("2021年12月14日李长萍主持了哪些党组意识形态会议？", "12月14日", ["12月14日（4）"]),
    ("2021年12月14日的市政府常务会议是第几次？", "12月14日", ["12月14日（2）"]),  # 第120次; (5)'s 会前学法 says none
    ("2022年3月11日的全市总林长会议是谁主持的？", "3月11日", ["3月11日（1）"]),  # not the other 11日 meeting's chair
])
def test_a_day_asked_about_is_answered_by_each_of_its_entries_the_ask_is_about(judge, fake_index, question, day, cited):
    entries = [c for c in fake_index.chunks if c.article.startswith(f"{day}（")]
    iso = ("2022-03-" if day.startswith("3月") else "2021-12-") + f"{int(day[day.index('月') + 1:-1]):02d}"
    hits = [Hit(c, fake_index.catalog[c.doc_key], 1.0, lookup=Lookup(LookupKind.DATE, iso)) for c in entries]
    (ask,) = split_asks(question)
    for first in range(len(hits)):  # whichever entry retrieval put first, the ones asked about are cited
        order = [hits[first]] + hits[:first] + hits[first + 1:]
        assert sorted(h.chunk.article for h in judge.find(ask, order).hits) == cited


@pytest.mark.parametrize("question, part", [
    ("应急救援队伍实施细则第八条中，市通信保障专业应急救援队伍由谁组建？", 3),  # (十二) is in its third part
    ("应急救援队伍实施细则第八条（十四）是哪支队伍？依托谁组建？", 4),
    ("应急救援队伍实施细则第八条讲的是什么？", 1),  # the whole article: its first part
])
def test_an_article_named_is_cited_by_its_part_the_ask_is_about(judge, fake_index, question, part):
    parts = [Hit(c, fake_index.catalog[c.doc_key], 1.0, lookup=Lookup(LookupKind.ARTICLE, "第八条"))
             for c in fake_index.chunks if c.doc_key == RESCUE_TEAMS and c.article == "第八条"]
    assert [h.chunk.part_index for h in parts] == [1, 2, 3, 4]
    ask = split_asks(question)[0]
    assert [h.chunk.part_index for h in judge.find(ask, parts).hits] == [part]


def test_an_article_named_is_cited_by_its_part_stating_the_figure_in_a_sentence_on_the_ask(judge, fake_index):
    # every part of 第四十七条 states a period of a kind (年度 in its tasks, 会前5个工作日); its second part says how
    # often the 常务会议 itself meets (市政府常务会议原则上一般每周安排1次)
    parts = [Hit(c, fake_index.catalog[c.doc_key], 1.0, lookup=Lookup(LookupKind.ARTICLE, "第四十七条"))
             for c in fake_index.chunks if c.doc_key == RULES and c.article == "第四十七条"]
    (ask,) = split_asks("市政府工作规则第四十七条规定常务会议多长时间开一次？")
    assert [h.chunk.part_index for h in judge.find(ask, parts).hits] == [2]


def test_a_day_whose_entries_are_off_the_asks_topic_gives_its_first_entry_only(judge, fake_index):
    # 2022年3月8日 is also the day of a 任免 notice: its three chronicle entries say nothing of 国资委
    day = [Hit(c, fake_index.catalog[c.doc_key], 1.0, lookup=Lookup(LookupKind.DATE, "2022-03-08"))
           for c in fake_index.chunks if c.article.startswith("3月8日（")]
    assert len(day) == 3
    (ask,) = split_asks("2022年3月8日的任免通知里，谁被任命为市国资委副主任？")
    assert judge.find(ask, day).hits == day[:1]


@pytest.mark.parametrize("question, held, status", [
    # which time: 首次进入 is said, 第三次 asked
    ("企业首次进入全国软件百强，市里奖多少钱？", "对首次进入全国电子信息百强", AskStatus.ANSWERED),
    ("企业第三次进入全国软件百强，市里还奖多少钱？", "对首次进入全国电子信息百强", AskStatus.NOT_STATED),
    # the asking clause's level, not the one the asker states before it
    ("省级示范数字经济园区最高奖300万元，那市级示范园区最高奖多少？", "对省级示范数字经济园区", AskStatus.NOT_STATED),
    ("对省级示范数字经济园区最高奖多少？", "对省级示范数字经济园区", AskStatus.ANSWERED),
    # a plan's figures are its aims: what was reached is not stated, and 一批 counts nothing
    ("三年内要新培育多少家市级专精特新中小企业？", "新培育市级专精特新中小企业150家", AskStatus.ANSWERED),
    ("2021年实际新培育了多少家市级专精特新中小企业？", "新培育市级专精特新中小企业150家", AskStatus.NOT_STATED),
    ("要培育多少家优质中小企业？", "（一）培育一批优质中小企业。", AskStatus.ANSWERED),  # by the 150家 after it
    # a rule's bound is what is required, not what was reached
    ("2021年行政机关主要负责人出庭应诉率实际达到了多少？", "全年主要负责人出庭应诉率不低于20%", AskStatus.NOT_STATED),
    ("行政机关主要负责人出庭应诉率要达到多少？", "全年主要负责人出庭应诉率不低于20%", AskStatus.ANSWERED),
    # nor is a threshold a rule sets (败诉率超过10%的…要召开案件研讨会) what was reached
    ("2021年全市行政诉讼案件的败诉率实际是多少？", "败诉率超过10%的市直部门要召开案件研讨会", AskStatus.NOT_STATED),
    ("败诉率超过多少的市直部门要召开案件研讨会？", "败诉率超过10%的市直部门要召开案件研讨会", AskStatus.ANSWERED),
    # an age is said in 岁; a roster of names and units says none
    ("第三届和谐使者和翠丽今年多大年纪？", "和翠丽（莘县残疾人联合会）", AskStatus.NOT_STATED),
])
def test_an_asked_figure_of_another_time_level_or_kind_is_not_stated(judge, fake_index, question, held, status):
    (ask,) = split_asks(question)
    assert judge.find(ask, [_holding(fake_index, held)]).status == status


APPOINTMENTS_2022_9 = "liaocheng-gazette-2022-03.txt:d07"  # 聊政任〔2022〕9号: 任命：杜永 and 免去：么章忠, one post


@pytest.mark.parametrize("question, cited", [
    ("国资委副主任是怎么调整的？", ["免去：么章忠", "任命：杜永"]),  # a post adjusted: who left it and who took it
    ("国资委副主任的任免情况是怎样的？", ["免去：么章忠", "任命：杜永"]),  # its 任免, its 变化: the same
    ("国资委副主任在那次任免里有什么变化？", ["免去：么章忠", "任命：杜永"]),
    ("国资委副主任是谁新上任的？", ["任命：杜永"]),  # one action asked: its record, whichever came first
    ("国资委副主任谁被免了？", ["免去：么章忠"]),
])
def test_the_records_of_a_post_asked_about(judge, hit, question, cited):
    (ask,) = split_asks(question)
    found = judge.find(ask, [hit(APPOINTMENTS_2022_9, "免去：么章忠"), hit(APPOINTMENTS_2022_9, "任命：杜永")])
    assert [h.chunk.article for h in found.hits] == cited


def test_a_heading_counting_another_number_of_items_than_asked_is_not_listed(judge, fake_index):
    # (一)年内提请市人大常委会审议的重点立法项目(5件) is not the list of two asked for: only the best item answers
    five = _holding(fake_index, "(一)年内提请市人大常委会审议的重点立法项目(5件)")
    first, second = (Hit(c, fake_index.catalog[c.doc_key], 1.0, ranks={"bm25": 2, "dense": 2}) for c in fake_index.chunks
                     if c.article in ("聊城市人民政府2022年立法工作计划 一、（一）1.", "聊城市人民政府2022年立法工作计划 一、（一）2."))
    (ask,) = split_asks("年内提请市人大常委会审议的立法项目是哪两件？")
    assert judge.find(ask, [five, second, first]).hits == [second]
    (ask,) = split_asks("年内提请市人大常委会审议的立法项目是哪些？")
    assert judge.find(ask, [five, second, first]).hits == [first, second]


@pytest.mark.parametrize("question, other", [
    ("市政府全体会议由哪些人组成？常务会议又由哪些人组成？", "常务会议"),  # a word of the same kind (会议)
    ("地方性法规项目有几件？政府规章项目又有几件？", "规章项目"),  # a word before one the first ask holds
    ("郭志刚被任命了什么职务？又被免去了什么职务？", ""),  # an action, not a subject
])
def test_the_subject_a_later_ask_names_in_place_of_the_first_asks(judge, question, other):
    assert judge.another_subject(split_asks(question)[1]) == other


def test_a_figure_of_another_document_is_not_the_subjects_when_the_best_holds_its_heaviest_word(tokenizer, fake_index):
    judge = EvidenceJudge(tokenizer, thesaurus=bundled_thesaurus())  # as the assistant reads: 出台 is 施行 too
    # the 立法规划 item names the 停车场 rules and no year; the 特许经营 办法's 施行 date is another text's
    (ask,) = split_asks("聊城市停车场管理条例预计在哪一年正式出台施行？")
    planned = next(Hit(c, fake_index.catalog[c.doc_key], 1.0, ranks={"bm25": 1, "dense": 1}) for c in fake_index.chunks
                   if c.article == "聊城市人民政府2022—2026年立法规划 一、12.")
    takes_effect = _holding(fake_index, "本办法自2022年2月1日起施行")
    finding = judge.find(ask, [planned, takes_effect])
    assert finding.status == AskStatus.NOT_STATED and finding.related == [planned]


@pytest.mark.parametrize("question, status", [
    ("举报欺诈骗保的奖励有没有保底标准？", AskStatus.NOT_STATED),  # 最高10万元 is a cap, not a floor
    ("举报欺诈骗保的奖励有没有上限？", AskStatus.ANSWERED),
])
def test_whether_a_bound_is_set_is_answered_by_a_figure_of_that_bound(judge, fake_index, question, status):
    (ask,) = split_asks(question)
    assert judge.find(ask, [_holding(fake_index, "给予最高10万元的奖励")]).status == status


def test_the_kind_of_figure_asked_is_not_what_the_ask_is_about(judge, tokenizer, fake_index):
    # 频次 and 上限 say what figure is wanted; 每年不超过1次 gives it without either word
    (ask,) = split_asks("各部门召开本系统全市性会议的频次上限是多少？")
    assert not {"频次", "上限"} & set(focus_of(ask.query, tokenizer).words)
    assert judge.find(ask, [_holding(fake_index, "各部门召开本系统全市性会议原则上每年不超过1次")]).status == AskStatus.ANSWERED


def test_the_rankers_agreeing_on_a_procedures_own_words_do_not_make_it_on_topic(judge, tokenizer, fake_index):
    # both rankers put 行政应诉 第十六条 (证据材料) first for 补办身份证's 材料: how to get an ID card is not collected
    evidence = _holding(fake_index, "行政机关对提交的证据材料应当制作证据目录")
    (ask,) = split_asks("在聊城补办身份证需要带哪些材料？")
    assert judge.find(ask, [evidence]).status == AskStatus.NOT_FOUND
    # nor when 材料 is a seventh of what the ask is about (暂住证 weighs the rest)
    (ask,) = split_asks("在聊城办暂住证需要带哪些材料？")
    assert 0.1 < coverage(focus_of(ask.query, tokenizer), evidence.chunk.text) < 0.2
    assert judge.find(ask, [evidence]).status == AskStatus.NOT_FOUND
    # a procedure the provision is about, agreed on, stays answered
    (ask,) = split_asks("行政应诉的证据材料怎么整理？")
    assert judge.find(ask, [evidence]).status == AskStatus.ANSWERED


def test_the_sentence_answering_is_about_the_asking_clause_when_the_provision_is_about_the_story(judge, fake_index):
    # 第三十三条 is on the 供水 company's topic as a whole (特许经营); its sentence 向有关监管部门投诉 names a body and
    # the asking clause's 投诉, though not 供水公司
    complaints = _holding(fake_index, "社会公众有权对特许经营活动进行监督")
    (ask,) = split_asks("对供水公司的服务不满意，可以去哪里投诉？")
    finding = judge.find(ask, [complaints])
    assert finding.status == AskStatus.ANSWERED and finding.hits == [complaints]
    # a clause asking by its question mark alone (那个部门 typed for 哪个部门) is the asking clause as well
    (ask,) = split_asks("燃气公司服务太差劲了，老百姓该找那个部门投诉？")
    assert ask.asking_clause == "老百姓该找那个部门投诉？"
    assert judge.find(ask, [complaints]).status == AskStatus.ANSWERED
    # an asking clause of no words of its own (找哪个部门) still needs the whole ask's words in the sentence
    (ask,) = split_asks("对供水公司的服务不满意，找哪个部门？")
    assert judge.find(ask, [complaints]).status == AskStatus.NOT_STATED


def test_a_figure_of_another_thing_of_the_asked_kind_does_not_answer(judge, fake_index):
    # 第四十八条 says how often the 市长办公会议 meets; that it names the 全体会议 elsewhere does not make its figure
    # the 全体会议's
    plenary = _holding(fake_index, "市政府全体会议由市长、副市长、秘书长")
    mayors_meeting = _holding(fake_index, "市长办公会议由市长、副市长组成")
    (ask,) = split_asks("市政府全体会议多长时间召开一次？")
    finding = judge.find(ask, [plenary, mayors_meeting])
    assert finding.status == AskStatus.NOT_STATED and finding.related == [plenary]
    (ask,) = split_asks("市长办公会议多久开一次？")
    assert judge.find(ask, [mayors_meeting]).status == AskStatus.ANSWERED


def _shown(judge, hit: Hit, question: str) -> list[str]:
    """The two sentences the extractive answer shows of the provision for the question's one ask."""
    (ask,) = split_asks(question)
    return best_sentences_for(ask, hit.chunk.text, 2, judge.find(ask, [hit]).focus)


def test_the_second_sentence_shown_says_what_the_first_did_not(judge, fake_index):
    # the first names the 常务会议 (组成…出席会议); the second is chosen for the ask's words it lacks: 人数
    meeting = _holding(fake_index, "出席人数须超过应到人数的二分之一")
    assert _shown(judge, meeting, "市政府常务会议对出席人数有什么要求？") == [
        ("第四十七条 市政府常务会议由市长、副市长、市政府秘书长组成，由市长召集和主持，市长不能出席会议时，可委托主持工作的"
         "副市长召集并主持。"), "出席人数须超过应到人数的二分之一。"]
    # the rule (主要负责人应当出庭应诉), then the case the story is about (赔偿 … 1000万元), not another case of 出庭
    court = _holding(fake_index, "超过10人的集团诉讼行政案件")
    assert _shown(judge, court, "我们村十几户一起告县政府，要赔偿一千多万，县里一把手得亲自出庭吗") == [
        "第二十二条 属于下列情形之一的，行政机关主要负责人应当出庭应诉：",
        "（一）超过10人的集团诉讼行政案件，且涉案案赔偿金额超过1000万元的；"]


def test_a_follow_ups_sentences_are_chosen_by_its_own_words(judge, fake_index):
    # 那冠县的呢？ after 第三届和谐使者里聊城市心理咨询师协会有几位？, read with the previous question's subject: the
    # roster's line of 冠县 is shown (with the line beside it), not the previous question's unit again
    roster = _holding(fake_index, "苏林青（冠县微风公益志愿者协会）")
    (ask,) = read_by_own_words(split_asks("第三届和谐使者里聊城市心理咨询师协会有 冠县的"), "冠县的")
    shown = best_sentences_for(ask, roster.chunk.text, 2, judge.find(ask, [roster]).focus)
    assert shown == ["陈志震（高唐县社会救助综合服务中心）", "苏林青（冠县微风公益志愿者协会）"]
    # words pointing back (这个) leave the sentences to the whole rewritten ask
    (pointing,) = read_by_own_words(split_asks("第三届和谐使者 这个是根据哪个文件评选的"), "这个是根据哪个文件评选的")
    assert pointing.own == ""


def test_a_thing_asked_as_not_done_is_shown_where_the_provision_says_it_was_not_done(judge, fake_index):
    # 没出庭 is the asker's case: 对…未出庭应诉的案件 answers it, not the rule that they appear
    court = _holding(fake_index, "对行政机关负责人未出庭应诉的案件")
    assert _shown(judge, court, "区里的局长要是没出庭，事后要做什么？") == [
        "司法行政机关加强对负责人出庭应诉工作的指导、监督，确保行政机关负责人出庭应诉率实现100%。",
        "对行政机关负责人未出庭应诉的案件，涉及的相关负责人（含主要负责人）要在一个月内向本级党委和政府主要负责人书面报告情况。"]


@pytest.mark.parametrize("holding, question, shown", [
    # 第十二条 defines 开工 (its clauses by kind of project) and 竣工: 才算开工 is answered by the 开工 clauses
    ("使用桩基的项目，打入所有基础桩", "俺们工地是打桩基的，打到啥程度才算正式开工了？",
     ["本办法所称国有建设用地开工，是指依法取得施工许可证后，需挖深基坑的项目，基坑开挖完毕；", "使用桩基的项目，打入所有基础桩；"]),
    # 违约责任条款应当包括以下内容： holds the first sentence's words and says nothing: the item asked (亩均税收) is shown
    ("未达到亩均税收标准的", "我们企业跟县里签了履约监管协议，结果亩均税收没打标，会有啥后果？",
     ["第二十条 国有建设用地使用权人违反产业项目履约监管协议的，应当按照约定承担违约责任。",
      "(三) 未达到亩均税收标准的，国有建设用地使用权人应当按照约定支付违约金；"]),
    # 十几户 and 一千多万 fall within 超过10人 and 超过1000万元 of item (一), not within (八)'s words
    ("超过10人的集团诉讼行政案件", "我们村十几户一块告政府，要赔一千多万，他们一把手得亲自出庭不",
     ["第二十二条 属于下列情形之一的，行政机关主要负责人应当出庭应诉：", "（一）超过10人的集团诉讼行政案件，且涉案案赔偿金额超过1000万元的；"]),
    # a table row's cell naming the matter asked (人防工程质量监督登记) says only what the ask says: the cell with how
    # it was changed is shown instead
    ("人防工程质量监督登记", "第三批调整行政权力事项中，人防工程质量监督登记是怎么调整的？",
     ["市行政审批局", "直接下放至东昌府区和市属开发区行政审批局(部)"]),
    # a plan item's note of who leads it (牵头单位：市医保局…) names 医保局 and says nothing of how the work is paid
    ("推行按服务绩效付费", "第三方参与医保基金监管，市医保局按什么给钱？",
     ["医保部门负责监督管理纳入医保支付范围的医疗服务行为和医疗费用，依法依规查处医保领域违法违规行为；",
      "完善政府购买服务制度，引入第三方力量参与医保基金监管，推行按服务绩效付费。"]),
    # … which answers who leads it
    ("推行按服务绩效付费", "第三方参与医保基金监管这项工作由哪个单位牵头？",
     ["完善政府购买服务制度，引入第三方力量参与医保基金监管，推行按服务绩效付费。",
      "（牵头单位：市医保局；责任单位：市财政局、市卫生健康委、市市场监管局、聊城银保监分局、市税务局；完成时限：长期坚持）"]),
])
def test_the_sentences_shown_answer_the_case_asked(judge, fake_index, holding, question, shown):
    assert _shown(judge, _holding(fake_index, holding), question) == shown


FRANCHISE = "liaocheng-gazette-2021-12.md:d03"  # 市政基础设施和公用事业特许经营管理办法: 第三十三条 向有关监管部门投诉


def test_after_a_story_a_provision_holding_the_asking_clause_near_the_meanings_top_is_on_topic(judge, hit):
    # the story's words (暖气, 太差, 屋里, 十几度) are in no provision; 能去哪投述 (read 投诉) is all in 第三十三条, which
    # the dense ranker puts first
    (ask,) = split_asks("暖气公司服务太差了，屋里才十几度，老百姓能去哪投诉他们？")
    finding = judge.find(ask, [hit(FRANCHISE, "第三十三条", 8, 1)])
    assert finding.status == AskStatus.ANSWERED and [h.chunk.article for h in finding.hits] == ["第三十三条"]
    # the same provision found by its words alone (dense rank 5) is not taken on the asking clause
    finding = judge.find(ask, [hit(FRANCHISE, "第三十三条", 8, 5)])
    assert finding.status == AskStatus.NOT_FOUND


def test_an_asking_clause_naming_too_little_is_read_with_the_clause_before_it(tokenizer, hit):
    # 能去哪 names too little to be read alone; with 想投诉他们 before it, it is what 第三十三条 says
    judge = EvidenceJudge(tokenizer, thesaurus=bundled_thesaurus())
    (ask,) = split_asks("小区停水三天也不提前说一声，想投诉他们，能去哪？")
    assert ask.asking_clause_with_before == "想投诉他们，能去哪？"
    finding = judge.find(ask, [hit(FRANCHISE, "第三十三条", 8, 1)])
    assert finding.status == AskStatus.ANSWERED and [h.chunk.article for h in finding.hits] == ["第三十三条"]


def test_the_provision_whose_bounds_hold_the_askers_figures_states_their_case(judge, hit):
    # 二十来户 and 一千多万 both within 第二十二条's 超过10人…超过1000万元: that provision, second in retrieval and
    # short of the ask's words, answers; the first (工作规则 第六十六条, 必须…) does not
    (ask,) = split_asks("我们二十来户一块告县里，要赔的钱加起来一千多万，局长必须亲自来吗？")
    finding = judge.find(ask, [hit(RULES, "第六十六条", 1, 30), hit(RESPONDING, "第二十二条", 2, 7)])
    assert finding.status == AskStatus.ANSWERED and [h.chunk.article for h in finding.hits] == ["第二十二条"]
    # one figure is not a case (十几户 alone is within many bounds)
    (ask,) = split_asks("我们十几户一块告县里，局长必须亲自来吗？")
    finding = judge.find(ask, [hit(RULES, "第六十六条", 1, 30), hit(RESPONDING, "第二十二条", 2, 7)])
    assert finding.status == AskStatus.NOT_FOUND and [h.chunk.article for h in finding.related] == ["第六十六条"]


def test_a_figure_clause_goes_on_to_the_figures_of_its_sentence(judge, fake_index):
    # 一般事项应在5个工作日内给予回复；特殊情况在10个工作日内回复。: both halves of the time limit
    replies = _holding(fake_index, "特殊情况在10个工作日内回复")
    shown = _shown(judge, replies, "市政府部门请示的事项，市政府办公室接办后的回复时限如何规定？")
    assert shown[-2:] == ["市政府办公室接办后，一般事项应在5个工作日内给予回复；", "特殊情况在10个工作日内回复。"]


def test_sentences_answering_as_well_as_the_first_are_all_shown(judge, fake_index):
    # two 和谐使者 of the unit asked about: both names, not the first and the notice's preamble
    roster = _holding(fake_index, "王方媛（茌平区敬老院服务中心）")
    assert _shown(judge, roster, "茌平区敬老院服务中心有人评上聊城和谐使者了，是谁？") == [
        "刘晓萌（茌平区敬老院服务中心）", "王方媛（茌平区敬老院服务中心）"]


def test_of_two_sentences_adding_as_much_the_one_next_to_the_chosen_is_shown(tokenizer, fake_index):
    # every team's line says 由…组建: the one under the team's own heading, not the team's before it
    teams = _holding(fake_index, "(十二) 市通信保障专业应急救援队伍")
    first, second = _shown(EvidenceJudge(tokenizer, thesaurus=bundled_thesaurus()), teams, "市通信保障专业应急救援队伍由哪些单位组建？")
    assert first == "(十二) 市通信保障专业应急救援队伍。"
    assert second.startswith("由中国移动聊城分公司、中国联通聊城分公司、中国电信聊城分公司分别组建")


def test_the_cases_asked_are_listed_of_what_the_ask_names(judge, hit):
    # 第十八条 lists when a check fails: the cases asked of a failed check; 第十三条 lists the 政府原因 cases, not what
    # the 诚信档案 of 第二十一条 records
    (ask,) = split_asks("检查核验在哪些情况下算不合格？")
    finding = judge.find(ask, [hit(SUPERVISION, "第十九条"), hit(SUPERVISION, "第十八条", 2, 2)])
    assert [h.chunk.article for h in finding.hits] == ["第十八条"]
    (ask,) = split_asks("用地诚信档案会记录哪些情况？")
    finding = judge.find(ask, [hit(SUPERVISION, "第二十一条"), hit(SUPERVISION, "第十三条", 2, 2)])
    assert [h.chunk.article for h in finding.hits] == ["第二十一条"]


def test_the_cases_asked_are_shown_whole(judge, hit):
    # 第十三条 lists six 政府原因 cases under its opening: the answer shows them all, not two sentences of them
    shown = _shown(judge, hit(SUPERVISION, "第十三条"), "哪些情形属于因政府原因造成开工或者竣工延迟？")
    assert len(shown) == 7 and shown[0].endswith("有下列情形之一的，属于因政府原因造成开工或者竣工延迟：")
    assert shown[-1] == "(六)政府、政府有关部门的其他行为导致开工或者竣工延迟的。"


def test_a_near_tie_goes_to_the_provision_saying_what_is_asked(judge, hit):
    # 剪个彩能请得来吗: 第五十九条 (公文签发) scored first, 第八十八条 (…不参加…剪彩…) nearly as high: the one holding
    # the question's words answers; further behind, retrieval's order stands
    (ask,) = split_asks("我们新店开业，想请个副市长来剪彩，能请得来吗？")
    signing, ribbon = hit(RULES, "第五十九条", 2, 1, score=1.0), hit(RULES, "第八十八条", 1, 2, score=0.96)
    assert [h.chunk.article for h in judge.find(ask, [signing, ribbon]).hits] == ["第八十八条"]
    behind = replace(ribbon, score=0.9)
    assert [h.chunk.article for h in judge.find(ask, [signing, behind]).hits] == ["第五十九条"]


def test_how_to_sign_up_is_answered_only_by_a_provision_saying_how_people_are_taken_on(judge, hit):
    # 14. says the 社会监督员 system exists, not how one becomes one; 第十条 says how 公职律师 are chosen (遴选)
    (monitor,) = split_asks("医保基金社会监督员怎么报名？")
    finding = judge.find(monitor, [hit(MEDICAL_FUND, "三、（十）14.")])
    assert finding.status == AskStatus.NOT_STATED and finding.related[0].chunk.article == "三、（十）14."
    (mediator,) = split_asks("公职律师怎么报名当和解调解员？")
    assert judge.find(mediator, [hit(PUBLIC_LAWYERS, "第十条")]).status == AskStatus.ANSWERED


def test_who_is_answered_by_a_post_as_well_as_a_body(judge, hit):
    # 谁来管 asks who: 第八条's 由补位的副市长代为处理 says it; 哪个部门 asks a body, which 第八条 does not name
    (who,) = split_asks("副市长因公外出或者休假，他分管的工作谁来管？")
    assert [h.chunk.article for h in judge.find(who, [hit(RULES, "第八条")]).hits] == ["第八条"]
    (department,) = split_asks("副市长因公外出或者休假，他分管的工作由哪个部门来管？")
    assert who.wants.search("由补位的副市长代为处理有关工作") and not department.wants.search("由补位的副市长代为处理有关工作")


def test_a_figure_of_another_thing_in_the_provision_does_not_state_the_ones_asked(judge, hit):
    # 第二十三条 states figures for several things (负责人出庭应诉率100%, 超过20件, 败诉率超过10% as a trigger); the
    # sentence naming 败诉率 gives no rate of last year's cases, and 100% is another thing's
    (rate,) = split_asks("去年全市行政应诉案件的败诉率是多少？")
    finding = judge.find(rate, [hit(RESPONDING, "第二十三条")])
    assert finding.status == AskStatus.NOT_STATED and finding.related[0].chunk.article == "第二十三条"
    # asked of what the provision states a figure for, in the sentence naming it, it answers
    (cases,) = split_asks("涉企行政案件超过多少件的市直部门要召开案件研讨会？")
    assert judge.find(cases, [hit(RESPONDING, "第二十三条")]).status == AskStatus.ANSWERED
