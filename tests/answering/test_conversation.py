"""Follow-ups read against the conversation: what they leave out comes from the previous question, and the
documents the previous answer cited are searched first."""

from __future__ import annotations

import pytest

from qa.answering.conversation import resolve
from qa.answering.evidence import focus_of

SUPERVISION = "liaocheng-gazette-2021-12.md:d01"  # 聊城市国有建设用地供后监管暂行办法
RULE_OF_LAW_PLAN = "liaocheng-gazette-2022-03.txt:d06"  # 聊城市2022年法治政府建设工作计划
CONCESSION = "liaocheng-gazette-2021-12.md:d03"  # 聊城市市政基础设施和公用事业特许经营管理办法


@pytest.fixture(scope="module")
def follow(fake_index):
    tokenizer = fake_index.tokenizer

    def resolved(question, previous, answer="", citations=None):
        history = [{"role": "user", "content": previous},
                   {"role": "assistant", "content": answer, **({"citations": citations} if citations else {})}]
        return resolve(question, history, fake_index.catalog, tokenizer.words,
                       lambda text: focus_of(text, tokenizer).weight)
    return resolved


def test_a_word_the_follow_up_replaces(follow):
    got = follow("那竣工呢？", "国有建设用地开工是怎么认定的？",
                 "根据《聊城市国有建设用地供后监管暂行办法》第十二条，……")
    assert (got.standalone, got.steer, got.follow_up) == ("国有建设用地竣工是怎么认定的", (SUPERVISION,), True)


def test_the_replaced_word_is_the_head_of_its_phrase(follow):
    # 队伍 and 队长 share 队 with 队员; in 队伍的队长 what 队员 stands against is the head, 队长
    got = follow("队员呢？", "专业应急救援队伍的队长要满足什么条件？")
    assert got.standalone == "专业应急救援队伍的队员要满足什么条件"
    # a modified name stands against what its head word does: 普通队员 against 队长, as 队员 does
    modified = follow("那普通队员呢？", "专业应急救援队伍的队长要什么条件？")
    assert modified.standalone == "专业应急救援队伍的普通队员要什么条件"
    # even when a longer word shares a character with the whole name (救援队 of 救援队的队长)
    assert follow("那普通队员呢？", "市级救援队的队长要什么条件？").standalone == "市级救援队的普通队员要什么条件"


def test_another_item_or_article_of_the_same_document(follow):
    item = follow("第22项呢？", "法治政府建设计划第21项对“爱山东”有什么目标？",
                  "根据《聊城市2022年法治政府建设工作计划》第21项，要积极推进……")
    assert item.standalone == "法治政府建设计划第22项呢？" and item.steer == (RULE_OF_LAW_PLAN,)
    article = follow("那第十六条呢？", "闲置土地怎么认定？",
                     citations=[{"doc_title": "聊城市国有建设用地供后监管暂行办法"}])
    assert article.standalone == "《聊城市国有建设用地供后监管暂行办法》第十六条呢？"


def test_a_follow_up_without_a_topic_of_its_own_takes_the_previous_subject(follow):
    got = follow("那要是提前终止呢？", "特许经营期限最长多少年？")
    assert got.standalone == "特许经营期限最长 提前终止"


def test_a_follow_up_with_its_own_topic_is_searched_as_asked(follow):
    question = "那要是邀请市政府领导来参加活动，得提前几天报？"
    got = follow(question, "副市长出差、休假要提前多久请假？", "根据《聊城市人民政府工作规则》第七十六条，……")
    assert got.standalone == question and got.follow_up and got.steer == ("liaocheng-gazette-2022-03.txt:d01",)


def test_a_question_of_its_own_is_looked_for_first_in_what_the_last_answer_cited(follow):
    # 认定以后会对外公开吗？ leans on nothing, but the 认定 is the previous answer's (第十五条's 闲置土地)
    got = follow("认定以后会对外公开吗？", "什么样的地算闲置土地？", "按照《聊城市国有建设用地供后监管暂行办法》第十五条，……")
    assert (got.standalone, got.steer, got.follow_up) == ("认定以后会对外公开吗？", (SUPERVISION,), False)


def test_questions_that_stand_alone_are_left_alone(follow):
    named = follow("特许经营管理办法第二十六条讲的什么？", "闲置土地怎么认定？",
                   citations=[{"doc_title": "聊城市国有建设用地供后监管暂行办法"}])
    assert (named.standalone, named.steer, named.follow_up) == ("特许经营管理办法第二十六条讲的什么？", (), False)
    unrelated = follow("特许经营项目由哪个部门负责实施？", "闲置土地怎么认定？")
    assert (unrelated.standalone, unrelated.steer) == ("特许经营项目由哪个部门负责实施？", ())
    assert resolve("那竣工呢？", [], None).standalone == "那竣工呢？"


def test_this_document_is_the_document_the_previous_answer_cited(follow):
    got = follow("该办法什么时候起施行？", "开工延期要怎么申请？",
                 "根据《聊城市国有建设用地供后监管暂行办法》第十二条，……")
    assert (got.standalone, got.steer) == ("《聊城市国有建设用地供后监管暂行办法》什么时候起施行？", (SUPERVISION,))
    # asked within the document, not about it as a whole: a follow-up searched in the cited document first
    within = follow("这个办法里对违约金有什么规定？", "开工延期要怎么申请？",
                    "根据《聊城市国有建设用地供后监管暂行办法》第十二条，……")
    assert "《" not in within.standalone and within.steer == (SUPERVISION,) and within.follow_up
    # its own words stand, not glued to the previous question's (…品牌是 要点对政府公报…)
    points = follow("这份要点对政府公报有什么要求？", "政务公开工作要点里提到的品牌是什么？",
                    "根据《2022年聊城市政务公开工作要点》二、，……")
    assert (points.standalone, points.follow_up) == ("这份要点对政府公报有什么要求？", True)
    # with no document cited before, 这个办法 has nothing to stand for
    assert follow("这个办法什么时候起施行？", "开工延期要怎么申请？").standalone == "开工延期要 办法什么时候起施行"


def test_a_new_subject_then_its_question(follow):
    own_topic = follow("那特许经营者呢？违约了怎么处理？", "供后监管中用地单位违约怎么处理？")
    assert own_topic.standalone == "特许经营者违约了怎么处理"
    weak = follow("那逾期呢？会怎样？", "土地出让金什么时候交？")
    assert weak.standalone == "土地出让金 逾期会怎样"  # too little of its own: the previous subject stays
    # a thing of the kind asked before takes the place of that thing's name (会议 for 会议), the rest kept
    parallel = follow("那市长办公会议呢，一般什么时候开？", "市政府常务会议一般多久开一次？")
    assert parallel.standalone == "市长办公会议一般什么时候开"
    scoped = follow("政府规章项目呢？有几件？", "聊城市人民政府2022—2026年立法规划里有多少件地方性法规项目？")
    assert scoped.standalone == "聊城市人民政府2022—2026年立法规划里有 政府规章项目有几件"  # the plan it is of stays


def test_a_named_thing_like_the_previous_one_takes_its_place(follow):
    """市长办公会 stands against 常务会议 (another meeting, sharing 会): the previous question is asked of it, with
    its own question when it brings one."""
    bare = follow("市长办公会呢？", "市政府常务会议一般多久开一次？")
    assert bare.standalone == "市政府市长办公会一般多久开一次"
    asked = follow("那市长办公会呢？一般什么时候开？", "市政府常务会议多久开一次？")
    assert asked.standalone == "市政府市长办公会一般什么时候开"


def test_a_follow_up_marking_the_part_it_moves_to_asks_of_that_part(follow):
    """那X这块，… names X as what the follow-up is about: searched as it is, in the documents cited before."""
    got = follow("那重点工作信息公开这块要围绕哪些工作？", "政务公开工作要点里，“政府开放月”安排在几月？",
                 "要点提出继续高标准举行9月“政府开放月”活动。")
    assert (got.standalone, got.follow_up) == ("重点工作信息公开要围绕哪些工作", True)
    # 这块地 is the land pointed at, not a part named: read with the previous question's subject
    assert follow("那这块地会被收回吗？", "国有建设用地闲置两年会怎么样？").standalone == "国有建设用地闲置两年会 这块地会被收回"


def test_a_modifier_follow_up_asks_of_the_same_thing_so_modified(follow):
    """农村的呢？ after …城市建成区黑臭水体有多少条: 农村 black-odour water bodies, with the follow-up's own question."""
    got = follow("农村的呢？今年要治完多少条？", "碧水保卫战计划里，已完成整治的城市建成区黑臭水体有多少条？")
    assert got.standalone == "农村黑臭水体今年要治完多少条"


def test_a_follow_up_naming_its_own_event_or_period(follow):
    # the previous question's date must not come along: it would look up the events of that day instead
    meeting = follow("那第120次常务会议研究的是什么？", "2021年12月22日市政府开了什么会？",
                     "据《聊城市人民政府大事记（2021年12月）》记载，22日，……主持召开市政府第121次常务会议……")
    assert (meeting.standalone, meeting.follow_up) == ("第120次常务会议研究的是什么", True)
    other_term = follow("那第二届呢？", "第三届聊城和谐使者评了多少人？")
    assert other_term.standalone == "第二届聊城和谐使者评了多少人"
    # another 届 with a question of its own: that question, of the previous question's subject in that 届
    own_ask = follow("那第二届呢？有哪些人？", "第三届聊城和谐使者是哪年评的？")
    assert own_ask.standalone == "第二届聊城和谐使者是 有哪些人"


def test_that_demonstrative_is_not_the_previous_subject(follow):
    # 那个 + a named document: not "那…" glued to the previous question (…研究了 个土地供后监管的办法…)
    question = "那个土地供后监管的办法最后是什么时候开始施行的？"
    got = follow(question, "2021年12月22日市政府常务会议研究了哪些工作？",
                 "据《聊城市人民政府大事记（2021年12月）》记载，……研究……土地供后监管……")
    assert (got.standalone, got.steer, got.follow_up) == (question, (), True)  # not steered to the 大事记


def test_another_day_of_the_same_question(follow):
    got = follow("29日呢？", "3月28日那次市政府常务会议研究了什么？")
    assert (got.standalone, got.follow_up) == ("3月29日那次市政府常务会议研究了什么", True)
    assert follow("那2月8号呢？", "2022年3月8日市政府开了什么会？").standalone == "2022年2月8日市政府开了什么会"
    # another day with its own question; a count of days is not a day
    assert follow("19日呢？谁在聊城分会场参加的？", "2022年3月15日市里开了什么会？").standalone == "2022年3月19日谁在聊城分会场参加的"
    assert follow("那15日内能办完吗？", "2022年3月15日市里开了什么会？").standalone != "2022年3月15日内能办完吗"


def test_the_same_day_is_the_day_the_previous_question_named(follow):
    got = follow("当天还去了哪些地方调研？", "2022年3月26日市长去东阿县干什么了？")
    assert (got.standalone, got.follow_up) == ("2022年3月26日还去了哪些地方调研？", True)


def test_that_meeting_is_the_meeting_the_previous_turn_names_by_its_day(follow):
    # the day is in the previous answer (…审议通过), not in the question: the 大事记 entry of that day is then looked up
    got = follow("那次会上还研究了别的什么工作？", "供后监管暂行办法是哪次会议通过的？",
                 "2021年12月22日市人民政府第121次常务会议审议通过。")
    assert (got.standalone, got.follow_up) == ("2021年12月22日会上还研究了别的什么工作？", True)
    got = follow("这次常务会议还研究了什么？", "2022年3月22日市政府开了什么会？")
    assert got.standalone == "2022年3月22日常务会议还研究了什么？"
    # a follow-up naming its own day points at that day's meeting, not the previous one's
    assert "22日" not in follow("28号那次常务会又研究了啥？", "2022年3月22日市政府开了什么会？").standalone


def test_it_within_a_follow_up_is_the_rules_the_previous_question_named(follow):
    got = follow("那今年要不要把它提请审议？", "2022年立法工作计划里的聊城市控制吸烟条例由哪个部门起草？")
    assert (got.standalone, got.follow_up) == ("那今年要不要把聊城市控制吸烟条例提请审议？", True)
    assert "其它" in follow("那其它的项目呢？", "2022年立法工作计划里的聊城市控制吸烟条例由哪个部门起草？").standalone


def test_it_within_a_follow_up_without_rules_named_is_the_previous_questions_subject(follow):
    got = follow("那它的会议纪要由谁签发？", "市长办公会议一般什么时候开？")
    assert (got.standalone, got.follow_up) == ("那市长办公会议的会议纪要由谁签发？", True)
    # after a story the previous question's subject is not one phrase: 它 is left to the follow-up's own reading
    assert "它" in follow("那它的会议纪要由谁签发？", "我们厂出了事故，有没有对应的专业应急救援队伍？").standalone


def test_that_rules_text_is_the_one_planned_title_the_answer_named(follow):
    # the 立法规划 plans it; no collected document has its title, so its name is what is searched for
    answer = "有，《聊城市停车场管理条例》列入聊城市人民政府2022—2026年立法规划的地方性法规项目。"
    got = follow("那个条例是哪个部门牵头起草？", "立法规划里有没有管停车场的？", answer)
    assert (got.standalone, got.follow_up) == ("聊城市停车场管理条例是哪个部门牵头起草？", True)
    # two 条例 named: which one is meant is not said, so the pointer stays
    two = "《聊城市停车场管理条例》和《聊城市控制吸烟条例》都列入了立法规划。"
    assert "那个条例" in follow("那个条例是哪个部门牵头起草？", "立法规划里有哪些条例？", two).standalone
    # a collected document's title is not planned: the follow-up is searched in it, as a cited document
    collected = "《聊城市国有建设用地供后监管暂行办法》第十二条规定了延期申请。"
    assert "这个办法" in follow("这个办法由哪个部门负责实施？", "开工能延期吗？", collected).standalone


def test_the_same_month_is_the_month_of_the_day_the_previous_question_named(follow):
    got = follow("同一个月市政府还开过常务会议吗？", "2021年12月26日市工商联开了什么会？")
    assert (got.standalone, got.follow_up) == ("2021年12月市政府还开过常务会议吗？", True)
    assert follow("那个月还有什么会？", "3月8日开了什么会？").standalone == "3月还有什么会？"  # no year written: none added


def test_the_next_day_is_the_day_after_the_one_the_previous_question_named(follow):
    got = follow("第二天她又去了哪些地方？", "2022年3月25日李长萍市长去哪儿调研了？")
    assert (got.standalone, got.follow_up) == ("2022年3月26日她又去了哪些地方？", True)
    assert follow("次日呢？", "12月31日开了什么会？").standalone.startswith("1月1日")  # no year written: none added


@pytest.mark.parametrize("question, shifted", [
    ("三天后又开了什么会？", "2021年12月17日又开了什么会？"),
    ("两天以前呢？", "2021年12月12日呢？"),
    ("前一天呢？", "2021年12月13日呢？"),
])
def test_days_after_or_before_the_day_the_previous_question_named(follow, question, shifted):
    assert follow(question, "2021年12月14日市政府开了什么会？").standalone == shifted


def test_a_follow_up_naming_only_another_document_asks_the_previous_question_of_it(follow):
    got = follow("行政应诉工作管理办法呢？", "公职律师参与行政争议化解工作实施办法什么时候施行？")
    assert got.standalone == "行政应诉工作管理办法什么时候施行"
    # by a short name that is no reference of its own (特许经营管理办法), too
    got = follow("那特许经营管理办法呢？", "国有建设用地供后监管暂行办法什么时候开始施行？")
    assert got.standalone == "特许经营管理办法什么时候开始施行"
    # … with a pointer inside its name and what describes it before (同一天印发的…)
    got = follow("同一天印发的特许经营那个管理办法呢？", "国有建设用地供后监管暂行办法什么时候开始施行？")
    assert got.standalone == "特许经营管理办法什么时候开始施行"
    # what it asks of the document after the name is its own ask
    assert follow("特许经营管理办法的监督检查呢？", "国有建设用地供后监管暂行办法什么时候开始施行？").standalone != \
        "特许经营管理办法什么时候开始施行"
    # one that asks its own way keeps it
    assert follow("行政应诉工作管理办法有几条？", "公职律师参与行政争议化解工作实施办法什么时候施行？").standalone == \
        "行政应诉工作管理办法有几条？"


def test_a_short_follow_up_stands_against_the_term_the_previous_question_quoted(follow):
    got = follow("那管理标兵呢？", "“育苗扶壮”方案里培育“千名数字专员”是怎么安排的？")
    assert got.standalone == "“育苗扶壮”方案里培育“管理标兵”是怎么安排的"
    # the quoted name of a document is not what was asked about
    assert "“创新能力提升行动”方案" not in follow("那创新能力提升行动呢？", "“育苗扶壮”方案里融资能力提升行动是哪些单位负责？").standalone
    # a follow-up asking its own way puts its term in place and keeps its own ask
    got = follow("竣工又是咋认定的？", "供后监管办法里说的“开工”怎么算？")
    assert got.standalone == "供后监管办法里说的“竣工”又是咋认定的"


def test_an_event_named_by_its_ordinal_is_of_the_kind_the_previous_question_named(follow):
    got = follow("那第123次是哪天开的，研究了啥？", "2021年12月14日市政府开的是第几次常务会议？")
    assert got.standalone == "第123次常务会议是哪天开的，研究了啥"
    # one that names its kind keeps it
    assert follow("那第三届和谐使者评了多少人？", "2021年12月14日市政府开的是第几次常务会议？").standalone == "第三届和谐使者评了多少人"


def test_another_person_of_the_same_question(follow):
    got = follow("那刘跃森呢？", "聊政任〔2021〕23号里，钟道勇被任命为什么职务？")
    assert (got.standalone, got.follow_up) == ("聊政任〔2021〕23号里，刘跃森被任命为什么职务", True)


def test_who_held_the_post_before_is_asked_of_the_post_the_previous_answer_gave(follow):
    got = follow("那原来这个中心的主任是谁？被免了吗？", "王磊被任命为什么职务？", "王磊被任命为聊城市能源发展服务中心主任（试用期一年）。")
    assert (got.standalone, got.follow_up) == ("免去聊城市能源发展服务中心主任职务的是谁", True)


def test_who_held_a_post_before_whatever_the_post_is_called(follow):
    got = follow("那原来的副所长是谁？", "袁慧被任命为什么职务？", "袁慧被任命为聊城市预防医学研究所副所长。")
    assert got.standalone == "免去聊城市预防医学研究所副所长职务的是谁"


def test_who_held_the_post_a_plain_answer_lists_is_asked_of_the_post_pointed_at(follow):
    # a script's plain answer lists two posts without the name: 那个中心 points at the 中心's 主任
    posts = "聊城市人民政府副秘书长（列杨国强之后）、聊城高铁新区发展服务中心主任（试用期一年）。"
    got = follow("那个中心原来的主任是谁，免了没？", "郭志刚这次被任命为什么职务？", posts)
    assert got.standalone == "免去聊城高铁新区发展服务中心主任职务的是谁"
    # the post itself pointed at (这个位置), when the answer gives one
    got = follow("那这个位置原来是谁？", "陶新镇被任命为什么职务？", "聊城市人民政府侨务工作办公室主任。")
    assert got.standalone == "免去聊城市人民政府侨务工作办公室主任职务的是谁"
    # two posts of the head asked, nothing naming one: no post guessed, read with the previous question as before
    got = follow("原来的主任是谁？", "郭志刚这次被任命为什么职务？", "甲中心主任、乙中心主任。")
    assert got.standalone == "郭志刚这次被任命为 原来的主任是谁"


def test_this_person_is_the_one_the_previous_question_named(follow):
    got = follow("这个人原来的职务呢？", "王吾雪被任命为什么职务？")
    assert (got.standalone, got.follow_up) == ("王吾雪原来的职务", True)
    assert follow("他还兼任什么？", "王吾雪被任命为什么职务？").standalone == "王吾雪还兼任什么"


def test_a_name_ending_as_a_name_of_the_previous_question_takes_its_place(follow):
    got = follow("那聊城职业技术学院呢？", "山东工程技师学院有几位入选2021年度聊城市首席技师？")
    assert (got.standalone, got.follow_up) == ("聊城职业技术学院有几位入选2021年度聊城市首席技师", True)
    # a condition is not a name: it does not stand in for 亩均税收标准
    got = follow("要是没达到约定的投资强度标准呢？", "产业项目达不到亩均税收标准的，履约监管协议怎么处理？")
    assert "亩均" in got.standalone and "投资强度标准" in got.standalone


def test_he_is_the_person_the_previous_answer_gave_when_the_question_asked_who(follow):
    got = follow("他原来的那些职务免了吗？", "聊城市南水北调工程建设管理局局长换成谁了？",
                 "贾相云被任命为聊城市南水北调工程建设管理局局长，同时免去任永胜的该局局长职务。")
    assert (got.standalone, got.follow_up) == ("贾相云原来的那些职务免了", True)
    # a previous question that asked no one: 他 is not read from the answer
    assert "贾相云" not in follow("他原来的那些职务免了吗？", "南水北调工程建设管理局局长这次调整了吗？",
                                 "贾相云被任命为聊城市南水北调工程建设管理局局长。").standalone


def test_a_text_like_the_one_named_before_takes_its_place(follow):
    got = follow("东阿阿胶那个呢？", "聊城市控制吸烟条例由哪个部门牵头起草？")
    assert got.standalone == "聊城市东阿阿胶条例由哪个部门牵头起草"


def test_a_post_of_its_own_body_is_the_follow_ups_subject(follow):
    # the previous question's 公安局督察长 is not what 国资委副主任 is asked about; its notice is still searched first
    got = follow("那国资委副主任这次是怎么调整的？", "2022年3月聊城市公安局督察长是谁？",
                 "根据聊政任〔2022〕9号，任命李强为聊城市公安局督察长，免去成伟的该职务。")
    assert (got.standalone, got.follow_up) == ("国资委副主任这次是怎么调整的", True) and got.steer
    # a few words between the body and its post; the person the previous question named is not glued to it
    apart = follow("那国资委原来有哪位副主任被免了？", "杜永2022年3月被任命为什么职务？",
                   "杜永被任命为聊城市人民政府国有资产监督管理委员会副主任（列副主任第一位）。")
    assert apart.standalone == "国资委原来有哪位副主任被免了"
    # a team's 队长 is of the team asked about before, not a body's post of its own
    team = follow("那队长呢？有学历要求没", "市级专业应急救援队的队员有啥条件？")
    assert team.standalone.startswith("市级专业应急救援队")
