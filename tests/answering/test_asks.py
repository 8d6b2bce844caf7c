"""A question's asks and the kind of answer each expects, read from its clauses alone."""

from __future__ import annotations

import pytest

from qa.answering.asks import AnswerType, answer_type, asks_of_its_own, read_by_own_words, split_asks


@pytest.mark.parametrize("question, asks", [
    # one ask; the clause before it is context, not an ask
    ("开发商拿了地两年没动工，政府会怎么处理？", [("开发商拿了地两年没动工，政府会怎么处理？", "consequence")]),
    ("什么情况下，可以收回土地使用权？", [("什么情况下，可以收回土地使用权？", "definition")]),
    ("我们村十几户一起告县政府，县长得亲自出庭吗", [("我们村十几户一起告县政府，县长得亲自出庭吗", "permission")]),
    # two asks, each with its own type; a later ask is searched with the first one's subject
    ("申请特许经营需要交什么材料？多久能批下来？",
     [("申请特许经营需要交什么材料", "procedure"), ("多久能批下来", "duration")]),
    ("2022—2026年立法规划中政府规章项目第7项是哪部规章，由哪个部门牵头起草？",
     [("2022—2026年立法规划中政府规章项目第7项是哪部规章", "document"), ("由哪个部门牵头起草", "body")]),
    ("土地闲置多久会被认定为闲置土地？另外，闲置费怎么收？",
     [("土地闲置多久会被认定为闲置土地", "duration"), ("闲置费怎么收", "procedure")]),
    # 啥 asks as 什么 does, without a question mark
    ("网上展厅一年选几家？用的啥技术", [("网上展厅一年选几家", "amount"), ("用的啥技术", "general")]),
    # whether what the clause before asks is made known: one ask, of whether it is (公开医保基金收支)
    ("医保基金一年收了多少、花了多少，咱老百姓能看到不？", [("医保基金一年收了多少、花了多少，咱老百姓能看到不？", "permission")]),
    # with the common slip of 的 for 得 (看的到)
    ("医保基金每年收了多少花了多少，我们老百姓能看的到吗？", [("医保基金每年收了多少花了多少，我们老百姓能看的到吗？", "permission")]),
    # … or what the clause takes up again with 这些 (the figures named are what may be made known)
    ("住院的人均天数、一次花多少钱这些信息会对外公开吗", [("住院的人均天数、一次花多少钱这些信息会对外公开吗", "permission")]),
    ("罚款多少，去哪里能查到？", [("罚款多少", "amount"), ("去哪里能查到", "body")]),  # 哪里: an ask of its own
    # 多大 asks (多大年纪, 多大比例): a clause of its own
    ("王磊今年多大年纪，是哪里人？", [("王磊今年多大年纪", "amount"), ("是哪里人", "general")]),
    # 还有 joins asks, but 还有人 asks whether there is one still
    ("臭水沟治好了以后，还有人管着吗？会不会又臭回去？", [("还有人管着吗", "general"), ("会不会又臭回去", "permission")]),
    ("常务会议多久开一次？还有育苗扶壮计划三年要新培育多少家？",
     [("常务会议多久开一次", "duration"), ("育苗扶壮计划三年要新培育多少家", "amount")]),
])
def test_asks_and_their_types(question, asks):
    assert [(a.text, a.answer_type.value) for a in split_asks(question)] == asks


def test_asks_are_read_with_the_context_and_a_later_one_with_the_first_asks_subject():
    first, second = split_asks("饭店里抽烟的人太多了，市里要搞控烟的法规吗？今年能提交审议不")
    assert first.query == "饭店里抽烟的人太多了，市里要搞控烟的法规吗"
    assert second.query == "饭店里抽烟的人太多了，今年能提交审议不"
    assert second.subject == "市里要搞控烟的法规"
    assert not second.opens_with_its_asking
    later = split_asks("失能老年人照护服务条例由哪个部门牵头起草？是不是2022年内就要提请审议？")[1]
    assert later.opens_with_its_asking and later.subject == "失能老年人照护服务条例由部门牵头起草"
    # opening with the first's question form, a later ask puts its own thing where the first's stood
    later = split_asks("“育苗扶壮”计划三年内要培育多少名数字专员？多少名管理标兵？")[1]
    assert later.subject == "“育苗扶壮”计划三年内要培育"
    later = split_asks("2022年法治政府建设工作计划对党政机关法律顾问提出了什么目标？对行政复议又有什么定位？")[1]
    assert later.subject == "2022年法治政府建设工作计划"  # the 对 that introduced the first's own thing
    later = split_asks("市里针对小微企业出台了什么政策？对个体户呢？")[1]
    assert later.subject == "市里针对小微企业出台了政策"  # 针对 is a word: no 对 opens the first's own thing


def test_an_ask_whether_a_thing_is_made_known_is_searched_with_the_documents_word_for_it():
    # 能看到吗 after what is asked about: whether it is 公开 (三、（十）15. 向社会公开医保基金收支), not how it is audited
    (ask,) = split_asks("医保的钱收了多少花了多少，老百姓能查得到吗")
    assert ask.query == "医保的钱收了多少花了多少，老百姓能查得到吗 公开"
    assert split_asks("罚款多少，去哪里能查到？")[1].query == "去哪里能查到"  # its own question word: not this
    # what is made known may be named after the verb (查到收支情况吗); a result seen is not something made known
    (ask,) = split_asks("医保基金的钱花哪去了，老百姓能查到收支情况吗？")
    assert ask.query == "医保基金的钱花哪去了，老百姓能查到收支情况吗？ 公开"
    assert split_asks("治理以后能看到效果吗")[0].query == "治理以后能看到效果吗"
    # saying it already, it is not said twice (twice outweighs the 图书馆 asked about: 五、's 查阅中心)
    (ask,) = split_asks("我想翻翻政府以前公开的文件，去图书馆能查到吗？")
    assert ask.query == "我想翻翻政府以前公开的文件，去图书馆能查到吗？"


def test_a_few_days_is_no_question():
    # 那几天: "those few days", context of the ask after it, not an ask of how many
    assert [a.text for a in split_asks("市长出差不在聊城那几天，市政府谁说了算？")] == ["市长出差不在聊城那几天，市政府谁说了算？"]
    assert len(split_asks("全体会议一年开几次？常务会议呢？")) == 2


def test_a_clause_opening_a_sentence_leads_to_the_ask_after_it():
    first, second = split_asks("收到法院的应诉文书后多少天内要登记？一审判决下来认为要上诉的，几天内提出上诉建议？")
    assert (first.text, second.text) == ("收到法院的应诉文书后多少天内要登记", "一审判决下来认为要上诉的，几天内提出上诉建议")


@pytest.mark.parametrize("question, asks", [
    ("立法规划里，地方性法规项目和政府规章项目各有多少件？", ["地方性法规项目有多少件", "政府规章项目有多少件"]),
    ("《聊城市行政应诉工作管理办法》和《聊城市公职律师参与行政争议化解工作实施办法》分别从哪天起施行？",
     ["《聊城市行政应诉工作管理办法》从哪天起施行", "《聊城市公职律师参与行政争议化解工作实施办法》从哪天起施行"]),
    # the things asked of stand in the clause before 分别; 参与 is not a list's 与
    ("行政应诉工作管理办法和公职律师参与行政争议化解工作实施办法，分别从哪天起施行？",
     ["行政应诉工作管理办法从哪天起施行", "公职律师参与行政争议化解工作实施办法从哪天起施行"]),
    ("特许经营协议、履约监管协议、出让合同，分别由哪个部门签订？",
     ["特许经营协议由哪个部门签订", "履约监管协议由哪个部门签订", "出让合同由哪个部门签订"]),
    # what follows the second thing, past the first one's length, is said of both
    ("城市和县城已经治好的黑臭水体各有几条？", ["城市已经治好的黑臭水体有几条", "县城已经治好的黑臭水体有几条"]),
    # and what comes before the first thing, up to its 的, too
    ("全市已完成整治的城市和县城建成区黑臭水体各有几条？",
     ["全市已完成整治的城市建成区黑臭水体有几条", "全市已完成整治的县城建成区黑臭水体有几条"]),
    ("刘清章和王亚男2022年3月分别被任命为什么职务？", ["刘清章2022年3月被任命为什么职务", "王亚男2022年3月被任命为什么职务"]),
    # words after the comma, before 分别, are said of both
    ("2021年12月14日和12月30日，市政府分别召开的是第几次常务会议？",
     ["2021年12月14日，市政府召开的是第几次常务会议", "12月30日，市政府召开的是第几次常务会议"]),
    ("地方性法规项目和政府规章项目，今年各有多少件？", ["地方性法规项目，今年有多少件", "政府规章项目，今年有多少件"]),
])
def test_one_ask_of_two_things_respectively_is_two_asks(question, asks):
    assert [a.text for a in split_asks(question)] == asks


@pytest.mark.parametrize("ask, kind", [
    ("特许经营期限最长多少年", AnswerType.DURATION), ("多少日内向自然资源部门申报", AnswerType.DURATION),
    ("什么时候开始施行", AnswerType.DATE), ("举报骗保最高奖励多少钱", AnswerType.AMOUNT),
    ("现任审计局局长是谁", AnswerType.PERSON), ("起草牵头部门是谁", AnswerType.BODY),
    ("能不能承诺每年固定赚多少", AnswerType.PERMISSION), ("救援费用是不是得我们自己掏", AnswerType.PERMISSION),
    ("怎么认定闲置土地", AnswerType.DEFINITION), ("怎么申请延期", AnswerType.PROCEDURE),
    ("聊政办字〔2021〕36号是什么文件", AnswerType.DOCUMENT), ("讲了一下数字经济", AnswerType.GENERAL),
    ("被认定为市级专精特新企业，能拿到多少奖励资金", AnswerType.AMOUNT),  # not 认定为: a definition
    ("违约金每天按出让价款的千分之几算", AnswerType.AMOUNT),
    ("抢修供电的那支应急队伍是谁组的", AnswerType.BODY),  # who does it: a body, not a person
    ("骗保查实了咋处理", AnswerType.CONSEQUENCE), ("公职律师是啥", AnswerType.DEFINITION),  # colloquial words
    ("公职律师到底是干啥的", AnswerType.DEFINITION), ("药店骗保查出来了，谁去处理这个药店", AnswerType.BODY),
    # where an event was held is a place; where to complain is a body
    ("文物工作会议是在哪个会场召开的", AnswerType.PLACE), ("骗保去哪里举报", AnswerType.BODY),
    ("会议谁主持的", AnswerType.PERSON), ("市长办公会议一般在哪天召开", AnswerType.DATE),  # a day, not a place
    ("全体会议一般在什么时间开", AnswerType.DATE), ("要在什么时间内办结", AnswerType.GENERAL),  # a time; 时间内 a span
    ("王吾雪原来的职务", AnswerType.PERSON),  # a former post, asked without a question word
    ("停车场管理条例预计在哪一年出台", AnswerType.DATE),  # 在哪一年: a year, not a place or body
    ("是在哪次市政府常务会议上审议通过的", AnswerType.AMOUNT),  # 在哪次会议: which session, as 第几次 asks
    ("找那个部门申请", AnswerType.BODY),  # 那个部门 with no question word: 哪个部门 mistyped
    ("那个部门呢", AnswerType.GENERAL), ("原来干的那家公司还能接着干不", AnswerType.PERMISSION),  # pointers
    # 哪几条河 asks which ones; 开几次 how many
    ("市长巡河去的是哪几条河", AnswerType.DEFINITION), ("全体会议一年开几次", AnswerType.AMOUNT),
    ("王霞在2021年12月的几次任免里分别有什么变动", AnswerType.GENERAL),  # 的几次任免: which ones, no count asked
    ("最早一班几点发车", AnswerType.DATE), ("一天吃几克", AnswerType.AMOUNT), ("气温多少度", AnswerType.AMOUNT),  # measures are amounts too
    # whether money is paid: answered by money spoken of
    ("当监督员有没有报酬", AnswerType.AMOUNT), ("举报了有奖吗", AnswerType.AMOUNT), ("发不发补贴", AnswerType.AMOUNT),
    ("有没有优势", AnswerType.GENERAL),
    ("违约金按每天土地出让价款的多大比例计算", AnswerType.AMOUNT), ("占多大比例", AnswerType.AMOUNT),
    ("举报奖励有没有保底标准", AnswerType.AMOUNT),  # whether a bound is set: a figure of it
    ("核心产业增加值要占GDP的多少", AnswerType.AMOUNT),
    ("数据保险箱要在哪个月底前建成", AnswerType.DATE),  # which month: a date
    # 叫啥 after a post asks who; after a thing, its name
    ("原来那位主任叫啥", AnswerType.PERSON), ("和解中心全称叫什么", AnswerType.GENERAL),
    # the clause that asks gives the type, not a body its statement names; a form running into it still asks
    ("行业主管部门组织专家对特许经营者开展中期评估，评估周期有何要求？", AnswerType.DURATION),
    ("赵迎春被任命为贸促会会长之前，在哪个单位担任什么职务？", AnswerType.PERSON),
    ("报送请示报告在时效上有什么要求", AnswerType.DURATION),  # 时效: how soon, as 时限
    ("土地闲置费按什么比例收", AnswerType.AMOUNT),  # 什么比例: a ratio
    # 算不算数 asks whether an agreement still holds, not what a term means as 算不算闲置 does
    ("以前签的特许经营合同还算不算数", AnswerType.GENERAL), ("这算不算闲置土地", AnswerType.DEFINITION),
    ("具体罚款是骗取金额的几倍", AnswerType.AMOUNT),  # 几倍: a ratio, not what a 罚款 is as a consequence
    # which villages, counties: places of that kind; 哪些渠道 asks channels, not canals
    ("35条农村黑臭水体具体分布在哪些村", AnswerType.PLACE), ("举报的话可以走哪些渠道", AnswerType.DEFINITION),
])
def test_answer_types(ask, kind):
    assert answer_type(ask) is kind


@pytest.mark.parametrize("ask, stated, not_stated", [
    # the unit asked for, or one that counts the same things
    ("医保基金社会监督员一共要聘多少名", "聘请20名社会监督员", "第十三条 聘请社会监督员"),
    ("政务服务事项能有多少个", "应用总数量达到1000项", "2022年底前完成"),
    ("黑臭水体治理分几类", "分3类推进整治", "全市35条农村黑臭水体"),  # a kind is not a count of things
    ("2021年一共评了多少个首席技师", "首席技师名单（40人）", "第121次常务会议"),  # 个 counts people too
    # money for a reward, a ratio for a rate; article labels, dates and ordinals are not figures
    ("最高奖励多少钱", "最高奖励10万元", "第十三条 给予奖励"),
    ("纠错率要达到百分之多少", "纠错率达到15%", "第121次常务会议"),
    # the post asked about, not its deputy
    ("审计局局长是谁", "张三为聊城市审计局局长", "王霞为聊城市审计局副局长"),
    ("审计局局长叫啥", "张三为聊城市审计局局长", "王霞为聊城市审计局副局长"),
    # the one before: a removal record
    ("原来那位主任叫什么名字", "免去：邓丽 邓丽的聊城市住房公积金管理中心主任职务", "任命：李沛森 李沛森为…主任"),
    # a period: a count of days or months, or when it must be done
    ("多久内要报告", "于提交答辩材料前3个工作日内报告", "2021 年 12 月 22 日通过"),
    # which places of a kind: two or more of them named side by side, not 农村 in a count
    ("35条农村黑臭水体分布在哪些村", "治理张庄村、李庄村等村的黑臭水体", "全市35条农村黑臭水体治理任务全部完成"),
    ("巡的是哪些河渠", "到徒骇河和位山灌区三千渠开展巡河活动", "带队开展巡河活动"),
    ("改造的是哪些小区", "对阳光小区、东方小区实施改造", "东昌府区、高新区同步推进改造"),  # a 小区, not any 区
    # a compensation's standard is a sum of money, not any count (15个工作日)
    ("救援补偿标准是多少", "补偿标准为每人每天200元", "于救援任务结束后15个工作日内报送总结"),
    # in how many instalments: a count of 期, which 分期 alone does not give
    ("奖补分几期拨付", "奖补分3期拨付", "分期给予最高不超过300万元奖补"),
    # a quota (名额) is a count of people, not a sum of money (额)
    ("遴选公职律师的名额是多少", "每年遴选1至2名公职律师", "择优遴选工作能力突出的公职律师"),
    # a requirement on age is a bound in 岁, not any rule for the members (每年不少于 48 学时)
    ("想报名当救援队员，有年龄要求吗", "年满 18 周岁", "培训每年不少于 48 学时"),
    ("对年龄有什么要求", "年满 18 周岁", "具有大专以上学历"),
    # an age is not a length of time: 18 周岁 counts years of life, not weeks
    ("队员一年得培训多长时间", "培训每年不少于 48 学时", "年满 18 周岁"),
    # a count of time, when the ask counts: not 届满 or 及时
    ("特许经营期限最长能定多少年", "特许经营期限最长不超过30年", "特许经营期限届满后确有必要延长的"),
    # 及时 (without delay) is no length of time
    ("举报奖金多久能发到手", "奖励资金在查实后15个工作日内发放", "查证属实的及时兑现奖励"),
    # the unit that closes the noun asked about
    ("考核时要扣多少考核分", "每次扣减考核分2分", "纳入年度考核，予以通报"),
    # how long a document stays in force is not the day it took effect
    ("这个办法的有效期到哪一年", "有效期至2027年2月28日", "自2022年3月1日起施行"),
    # and the day it takes effect is not any date or period (及时 in the purpose article)
    ("这个办法是从什么时候开始施行的", "本办法自2022年3月1日起施行。", "促进土地及时有效开发利用，制定本办法"),
    ("通知什么时候生效", "本通知自印发之日起施行", "2021 年 12 月 22 日市人民政府第 121 次常务会议审议通过"),
    # a sum of money, when the ask is not about a fee: free is not a sum; a fee may be free
    ("专项资金总额是多少", "市财政每年安排专项资金500万元", "免费上门提供精准服务"),
    ("上门服务要交多少钱", "免费上门提供精准服务", "服务期限为三年"),
    ("保险的保额是多少", "保额不低于50万元", "每年不少于 48 学时"),
    # a month, not any date or period; days, not the month alone
    ("调度会每年几月份召开", "每年 9 月召开", "及时入库管理"),
    ("政府开放月具体是9月哪几天", "9月20日至26日举办", "继续高标准举行 9 月“政府开放月”活动"),
    ("十个工作日是从哪天开始算的", "自收到申报之日起10个工作日内核验", "应当在10个工作日内完成核验"),
    # where to reach someone: a web address or a number, not the platform's or hotline's name
    ("行政应诉管理平台的网址是什么", "网址：http://www.lc.gov.cn", "借助信息化平台加强行政应诉工作"),
    ("举报电话是啥", "举报电话：0635-12345", "畅通举报电话、医保网站等举报渠道"),
    ("名单在哪个网站上公布", "在市政府门户网站公布", "定期向社会公布队伍设立和调整情况"),  # the site, by its name
    # how often: an interval, not a deadline (一个月内) nor any length
    ("多久向法院通报一次", "每季度通报一次", "要在一个月内书面报告情况"),
    # a deadline: a day, month or year with 前 or 截止, not the date a notice was signed
    ("推荐截止日期是哪天", "请于2022年1月10日前报送推荐材料", "2021年12月22日"),
    ("示范市要在哪一年之前建成", "2025年前创建成为全国法治政府建设示范市", "2022年前三季度完成"),
    # the chairman asked about
    ("新当选的工商联主席是谁", "选举张三为市工商联主席", "选举产生新一届执行委员会"),
    # a count, not the ordinal of a name (十一届十四次全体会议)
    ("全体会议一年开几次", "全体会议一般每半年召开1次", "传达省委十一届十四次全体会议精神"),
    ("违约金按千分之几算", "按日加收土地出让价款千分之一的违约金", "违约金按合同约定执行"),
    # how long is a span, not how often; how often is a frequency
    ("会前集体学法每次至少学多长时间", "每次学法不少于2小时", "每季度集中学法不少于1次"),
    ("常务会议多长时间开一次", "原则上一般每周安排1次", "由市长召集和主持"),
    # a bound on how long wants a count of time, not 及时
    ("会前集体学法每次至少学多长时间", "每次学法不少于2小时", "及时研究解决有关重大问题"),
    # a place: where it was held, not that it was held
    ("工商联代表大会在哪开的", "第十一次代表大会在东昌宾馆举行", "全市文物工作会议召开"),
    # a ratio of the sum asked about, not a ratio of another
    ("土地闲置费按土地出让价款的百分之几征收", "按日加收土地出让价款千分之一的违约金", "已投资额占总投资额不足百分之二十五"),
    # a validity asked as a span is answered by until when the text is in force
    ("实施细则的有效期是怎样的", "本细则自2022年5月1日起施行，有效期至2027年4月30日。", "及时通报市应急局"),
    # 截止到什么时候 asks a deadline, not the end of a document's validity
    ("人员设备配置截止到什么时候", "（完成时限：2022年12月底前）", "建立医保基金使用管理自查自纠机制"),
    # who did it may be a body (经市委人才工作领导小组研究并报市政府批准)
    ("和谐使者名单是谁研究报批的", "经市委人才工作领导小组研究并报市政府批准", "现将名单公布如下"),
    # the post next to the question word, not the one in the asker's story (给市长写信)
    ("我给市长写信反映问题，之后是谁去办", "由市政府办公室转交有关部门办理", "现将名单公布如下"),
    # a contact person and a number to call, not 联系人员 or any figure
    ("工作专班的联系人是谁", "联系人：张三", "成员单位指定联系人员"),
    ("联系电话多少", "联系电话：0635-8888888", "每年筛选200家左右企业"),
    # who presided, not who attended
    ("全市文物工作会议谁主持的", "市委常委、常务副市长陈秀兴主持会议", "市委书记孙爱军出席会议并讲话"),
    # a weekday answers which day of the week
    ("市长办公会议一般每周哪天开", "原则上工作日的每周周一召开", "可根据实际需要适时召开"),
    # a 时限 may be a date to finish by; who succeeds is a person appointed
    ("联席会议制度的完成时限是什么", "（完成时限：2022年6月底前）", "统筹协调医保基金监管重大问题"),
    ("院长由谁接任", "任命：张三 张三为聊城市第二人民医院院长", "免去：刘跃森 刘跃森的聊城市第二人民医院院长职务"),
    # a place in an order (第几位, 第几次) is an ordinal, not a count
    ("杜永排在副主任的第几位", "杜永为国资委副主任（列副主任第一位）", "副主任3位"),
    # a sum of money asked by its standard (工资是什么标准, 按什么标准收) wants a sum, not an account of funding
    ("队员的工资是什么标准", "每人每月补助2000元", "满足日常运行、人员开支"),
    ("土地闲置费按什么标准收", "按每亩500元征缴土地闲置费", "依法征缴土地闲置费"),
    ("这个办法是市政府第几次常务会议通过的", "经2021年12月6日市政府第121次常务会议研究同意", "每周安排1次"),
    # a unit named by its own kind (…执法支队), not only 局 or 中心
    ("许海洲被任命到哪个单位", "许海洲为聊城市生态环境保护综合执法支队支队长", "许海洲的职务自然免除"),
    # how often, asked colloquially (开一回): a frequency, not 及时
    ("常务会议多长时间开一回", "原则上一般每周安排1次", "及时报送市政府办公室"),
    # whether money is paid: money spoken of, a sum or not (给予表扬奖励 says yes)
    ("第三届聊城和谐使者有奖金吗", "给予表扬奖励", "现将第三届聊城和谐使者名单（共30名）公布如下"),
    # a ratio of what the ask names (按…土地出让价款的), not of its question word (占多大比例)
    ("出水水质占多大比例", "出水水质达到地表水准IV类标准的比例达到30%", "出水水质达到准IV类标准"),
    # a document's term of validity: its end or length, not the term of an agreement or a concession
    ("特许经营管理办法的有效期到什么时候", "本办法自2022年2月1日起施行，有效期至2027年1月31日。", "在特许经营协议有效期内，协议内容确需变更的"),
    ("特许经营管理办法的有效期到什么时候", "有效期为5年", "特许经营期限届满后确有必要延长的"),
    # a roster line says who: a name and, in brackets, where they work
    ("来自高唐县婚姻登记服务中心的是谁", "陈雪媛（高唐县婚姻登记服务中心）", "高唐县婚姻登记服务中心（陈雪媛）"),
    # a share of what the ask names: a ratio of it, not any figure (首次进入…奖励100万元)
    ("核心产业增加值要占GDP的多少", "核心产业增加值占GDP比重达到10%", "奖励100万元"),
    # the length of each time: a count of time, not when (随时)
    ("会前学法每次学多长时间", "每次学法不少于1小时", "如有需要由市长决定随时召开"),
    # a sitting lasts hours or days: a lead time counted in 工作日 is not its length
    ("会前学法每次要学多长时间", "每次学法不少于2小时", "会议议题一般应于会前5个工作日报送市政府办公室"),
    # 一次…多长时间 is how long one lasts, not how often (多长时间开一次 is that)
    ("常务会议一次一般开多长时间", "会议一般开2小时", "市政府常务会议原则上一般每周安排1次"),
    ("常务会议一般多长时间开一次", "市政府常务会议原则上一般每周安排1次", "如有需要由市长决定随时召开"),
    # how far ahead: a count of time before it, not 提前 said again
    ("议题要提前多久报送市政府办公室", "会议议题一般应于会前5个工作日报送市政府办公室", "应提前向上级机关汇报沟通"),
    # a day of the week, not how often; a month named (9 月) is not a span of months
    ("常务会议一般固定在星期几召开", "原则上工作日的每周周一召开", "原则上一般每周安排1次"),
    ("要在多少个工作日内答复", "在10个工作日内答复", "继续高标准举行 9 月“政府开放月”活动"),
    ("政府开放活动在哪个月", "继续高标准举行 9 月“政府开放月”活动", "提高答复的及时性"),
    # 几点 asks a time of day, not the day (每周周一召开)
    ("市长办公会议每周一几点开始", "会议于上午9时召开", "原则上工作日的每周周一召开"),
    # 按什么比例: a ratio, not the fee named (土地闲置费、违约金等款项未足额缴纳的)
    ("土地闲置费按什么比例收", "按土地出让价款的20%征收", "(二)土地闲置费、违约金等款项未足额缴纳的；"),
    # whether one has a right: a provision conferring it (优先获得) says so, as 有权 does
    ("期满重新选择特许经营者时，原特许经营者是否享有优先权？", "在同等条件下，原特许经营者优先获得特许经营权。",
     "（五）社会关注度高的；"),
    # whether one pays: a fee or 免费 answers it, a rule on money the payer does not pay does not
    ("救援队拿政府的装备来用要花钱不", "调配给专业应急救援队伍免费使用", "落实救援装备、车辆购置税减免政策"),
    # a day: not the 号 of a 文号 (聊办发〔2021〕5号) or an order (政府令第42号)
    ("实施方案是哪天印发的", "2021年12月1日", "关于印发<聊城市数字经济发展规划>的通知》(聊办发〔2021〕5号)要求"),
    ("这个令是哪天公布的", "3月8号公布", "聊城市人民政府令第42号"),
])
def test_what_a_sentence_must_state(ask, stated, not_stated):
    (parsed,) = split_asks(ask)
    assert parsed.wants.search(stated) and not parsed.wants.search(not_stated)


@pytest.mark.parametrize("ask, term", [
    ("公职律师到底是干啥的", "公职律师"), ("什么叫闲置土地", "闲置土地"), ("工地上说的“开工”到底咋算", "工地上说的“开工”"),
    ("行政应诉指的是什么", "行政应诉"), ("竣工又是咋认定的", "竣工"),  # 又是 asks, it is not the term's
    # what conditions or cases a provision lists, or what a document's dates are, is not what a term means
    ("队员要满足什么条件", ""), ("哪些情形属于政府原因", ""), ("实施细则的施行日期和有效期是什么", "实施细则的施行日期和有效期"),
])
def test_the_term_whose_meaning_is_asked(ask, term):
    assert split_asks(ask)[0].term_asked == term


def test_whether_one_pays_is_answered_by_a_provision_speaking_of_the_fee_anywhere():
    (ask,) = split_asks("听说有专家团队能到小微企业上门指导，要不要交钱？")
    assert ask.answer_type is AnswerType.AMOUNT and ask.asks_mention
    assert ask.wants.search("免费上门提供精准服务") and ask.wants.search("每次收费200元")
    (ask,) = split_asks("上门指导一次要交多少钱？")  # how much: the sentence must say it
    assert ask.answer_type is AnswerType.AMOUNT and not ask.asks_mention


def test_a_later_ask_asks_for_money_when_the_first_ask_is_about_it():
    _, second = split_asks("第三届聊城和谐使者有奖金吗？每人发多少？")
    assert second.text == "每人发多少" and second.answer_type is AnswerType.AMOUNT
    assert second.wants.search("每人奖励2000元") and not second.wants.search("评选出第三届聊城和谐使者10名")


@pytest.mark.parametrize("ask, which_ones", [
    ("年内要完成的政府规章是哪两个", 2), ("年内提请审议的项目有哪些", 0), ("列了哪几件", 0),
    ("地方性法规项目有几件", None), ("哪个部门牵头", None),
])
def test_an_ask_for_which_ones_and_how_many_it_says_there_are(ask, which_ones):
    assert split_asks(ask)[0].asks_which_ones == which_ones


@pytest.mark.parametrize("ask, named, not_named", [
    ("现场观摩都看了哪些项目", "观摩了东阿阿胶项目和鲁西化工项目", "全市高质量发展现场观摩会议召开"),
    ("旁听庭审的是哪个案件", "旁听了一起土地行政处罚案", "集体参加旁听庭审观摩活动"),
    ("市长走访了哪几家企业", "走访了鲁西集团", "到高唐县调研经济运行"),
])
def test_an_ask_for_named_ones_of_a_kind_wants_a_name_of_that_kind(ask, named, not_named):
    wanted = split_asks(ask)[0].instance_named
    assert wanted.search(named) and not wanted.search(not_named)


def test_whether_a_thing_is_done_wants_its_own_words_not_a_modal():
    # 会不会 asks whether it happens: a sentence with 不得 or 应当 about anything else does not answer it
    (will,) = split_asks("医保局会不会到定点药店检查？")
    assert will.answer_type is AnswerType.PERMISSION and will.wants is None
    (may,) = split_asks("医保局能不能到定点药店检查？")
    assert may.wants.search("不得增加政府购买服务支出")


def test_an_ask_for_no_named_kind_wants_no_name():
    assert split_asks("研究了哪些事项")[0].instance_named is None
    assert split_asks("哪个部门牵头")[0].instance_named is None


def test_a_later_ask_opening_with_that_keeps_its_pointer():
    # 那次会议 points at the meeting the first ask is about; 那 alone joins (那么全体会议呢 -> 全体会议呢)
    question = "《聊城市国有建设用地供后监管暂行办法》是在哪次市政府常务会议上审议通过的？那次会议还研究了哪些工作？"
    assert [a.text for a in split_asks(question)][1] == "那次会议还研究了哪些工作"
    assert [a.text for a in split_asks("常务会议多久开一次？那么全体会议呢？")][1] == "全体会议呢"



@pytest.mark.parametrize("question, joining", [
    ("医保基金社会监督员怎么报名？", True),
    ("9月“政府开放月”活动报名电话是多少？", True),
    ("我想报名参加应急救援队，年龄有要求吗？", False),  # what is asked is the age, not how to sign up
])
def test_how_to_sign_up_is_an_ask_of_its_own_kind(question, joining):
    (ask,) = split_asks(question)
    assert ask.asks_how_to_join is joining


def test_a_follow_up_is_typed_by_its_own_words_not_by_what_the_previous_question_lends():
    # 那队长呢？要什么条件 after …队员有年龄要求吗: rewritten 报名当应急救援队长有年龄要求要什么条件, it asks for conditions
    rewritten = split_asks("报名当应急救援队长有年龄要求要什么条件")
    assert rewritten[0].answer_type is AnswerType.AMOUNT
    (own,) = read_by_own_words(rewritten, "队长呢？要什么条件")
    assert own.answer_type is AnswerType.DEFINITION and not own.answer_type.needs_figure
    assert own.wants.search("应当具备下列条件") and not own.wants.search("年满 18 周岁")
    # own words asking nothing (队长呢) leave the rewritten ask's type
    assert read_by_own_words(rewritten, "队长呢") == rewritten
    # …but a case put (要是…呢) asks what happens in it
    (what_if,) = read_by_own_words(split_asks("特许经营期限一般定多少年 要是中途有一方违约"), "要是中途有一方违约",
                                   "那要是中途有一方违约呢？")
    assert what_if.answer_type is AnswerType.CONSEQUENCE


def test_own_words_that_ask_of_their_own():
    assert asks_of_its_own("案子结了以后，材料怎么处理")
    assert not asks_of_its_own("常务会议呢")  # another subject put to the previous question's ask
    assert not asks_of_its_own("城市建成区的")


def test_a_follow_up_pointing_back_has_no_own_words():
    # 它 opens the follow-up and is read off with its leaning start: what it is about is still the previous subject
    (ask,) = read_by_own_words(split_asks("城市供水出了事故， 是依托哪个单位组建的"), "是依托哪个单位组建的",
                               "它是依托哪个单位组建的？")
    assert ask.own == ""
