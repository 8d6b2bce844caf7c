"""A question's asks: the separate things it wants to know ("申请要交什么材料？多久能批下来？" asks two), each
with the kind of answer it expects (a figure, a duration, a body, a consequence …).

Asks are read from the clause structure alone: a clause with a question word or a question particle asks
something; clauses without one (开发商拿了地两年没动工，…) are context that every ask is read with; a clause
that only frames a condition (什么情况下，…) belongs to the clause after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from ..choices import Choice
from ..text.numerals import askers_figures, cn_to_int
from ..text.patterns import MEANING_ASKED


class AnswerType(Choice):
    """What kind of sentence answers an ask, and what such a sentence contains (``EVIDENCE``)."""

    DOCUMENT = "document"  # which document, its 文号
    PERSON = "person"  # who holds or left a post
    BODY = "body"  # which department, body or unit
    PLACE = "place"  # where an event was held or a visit went
    DATE = "date"  # when
    DURATION = "duration"  # how long, a deadline
    AMOUNT = "amount"  # how much or how many: money, a ratio, a count
    PERMISSION = "permission"  # may / must / is it allowed
    CONSEQUENCE = "consequence"  # what happens, how it is handled, penalties
    PROCEDURE = "procedure"  # how to apply or proceed, what to submit
    DEFINITION = "definition"  # what counts as, in which cases
    GENERAL = "general"  # anything else: what the rule says

    @property
    def needs_figure(self) -> bool:
        """An ask of this type is answered only by a sentence that states the thing asked for: a rule about
        the topic without the amount, the period, the date, the person or the body does not answer it."""
        return self in _STATED


_NUMBER = r"(?:\d+(?:\.\d+)?|[零一二三四五六七八九十两百千万]+)"
# A number that counts or measures: not part of 第十三条, 第121次, 十一届十四次 or a longer number.
_COUNT = r"(?<![第届\d零一二三四五六七八九十两百千万.])(?:\d+(?:\.\d+)?|[零一二三四五六七八九十两百千万]+)"
# (not the 12 or 22 of a date: 2021 年 12 月 22 日)
_SMALL_COUNT = r"(?<![第\d零一二三四五六七八九十两百千万.年月])(?<![年月]\s)(?:\d{1,3}(?!\d)|[一二三四五六七八九十两百]+)"
# kinds of place a question asks which ones of (哪些村, 哪几个县), each with what a place of its kind is named by
# (徒骇河, 三千渠 for 河渠; 闸, not any 口): answered by places of that kind, listed
_PLACE_KINDS = {"乡镇": "乡|镇", "村": "村", "镇": "镇", "县": "县", "河渠": "河|渠", "河道": "河", "河": "河", "渠": "渠",
                "闸口": "闸", "路段": "路", "小区": "小区", "街道": "街道|街"}
_PLACE_KINDS_ASKED_RE = re.compile(rf"(?:哪些|哪几个?)({'|'.join(_PLACE_KINDS)})(?!道|级|城|委|长)")  # not 哪些渠道, 县级
_CLASSIFIERS = ("个|家|项|人|名|支|次|所|条|类|批|期|轮|户|吨|亩|平方米|公里|千米|米|座|处|件|台|辆|套|张|份|篇|本|种|级|位|岁|分|学时|"
                "千克|公斤|克|斤|毫升|升|度|趟")

# 之前是什么职务, 原来在哪个单位: the post a person held before, which only a 免去 record (or 原任) states
# (原来在高新区的职务呢: with where it was held)
_FORMERLY = r"(?:之前|以前|原来|原先|此前)"
PREVIOUS_POST_ASKED = (rf"{_FORMERLY}\S{{0,8}}?(?:什么|哪个|哪)(?:职务|单位|岗位|职位)|"
                       rf"{_FORMERLY}(?:在[^，,。？?的]{{1,8}})?的?(?:职务|岗位|职位)(?=呢|是|[？?。]|$)|"
                       rf"{_FORMERLY}\S{{0,6}}?(?:干什么|做什么|干啥|做啥)")
# 之前兼着这个职的是谁: who held the post before, whom only the post's 免去 record names
_POSTS = ("市长|副市长|秘书长|副秘书长|主任|副主任|局长|副局长|书记|负责人|院长|副院长|组长|副组长|召集人|处长|科长|校长|队长|会长|"
          "主席|副主席|联系人(?!员)|发言人")
# 主任叫啥, 那位叫什么名字: who, as 是谁 asks (not 和解中心叫什么, the name of a thing)
_CALLED_ASKED = rf"(?:{_POSTS}|的人|那位|这位)叫(?:啥|什么)"
FORMER_HOLDER_ASKED = (rf"(?:{_FORMERLY}|前任|原(?![则因本]))[^，,。？?]{{0,8}}?(?:(?:的人|的)?是谁|{_CALLED_ASKED})|"
                       rf"{_FORMERLY}的?那(?:位|个人)")  # 那原来那位呢 after …督察长现在是谁
_PREVIOUS_POST_RE = re.compile(r"免去|原任|原系|不再担任")
# …被免去董事长后改任什么职务: the post after, stated only by an appointment (任命：…), not by the 免去 itself
_NEXT_POST_ASKED = r"(?:后|之后|以后)\S{0,4}?(?:改任|调任|转任|担任|任|去)\S{0,2}?(?:什么|哪个|哪)(?:职务|单位|岗位|职位)"
_NEXT_POST_RE = re.compile(r"任命")
# 专班都有哪些成员单位, 走访了哪些企业: the members of a group by name, which only a list of them answers (a
# sentence naming the group, 组成10个专家服务队, does not)
_MEMBERS_OF = r"(?:都有|都是|走访了?|考察了?|看了)(?:哪些|哪几[家个位])"
_BODIES_ASKED = rf"{_MEMBERS_OF}(?:企业|公司|单位|部门|机构|工厂)|成员单位"
_PEOPLE_ASKED = rf"{_MEMBERS_OF}(?:人|专家|成员|委员|人员|领导)|都有谁|成员(?:名单|都?有谁|都?是谁)"
# 常务会议由哪些人组成: its make-up, which a sentence saying what it 由…组成 states (not one naming who chairs it)
_COMPOSITION_ASKED = r"(?:哪些人|哪些部门|哪些单位|谁)(?:来)?组成|组成(?:人员|部门|单位)(?:有|是)"
_COMPOSITION_RE = re.compile(r"由[^。；;]{2,60}?组成|组成人员|成员(?:包括|为|由)")
# 由谁接任, 谁接替了他: who succeeds, which only a 任命 record of the post says
_SUCCESSION_ASKED = r"由?谁(?:来)?(?:接任|接替|继任|接班)|(?:接任|接替|继任)(?:者|的人)?是谁"
_STANDARD_ASKED = r"(?:什么标准|标准是什么)"
_AGE_ASKED = (r"多大年纪|多大岁数|多大年龄|年龄多大|年龄是多少|多少岁数?|"  # answered in 岁 (几岁 is a unit asked)
              r"(?:年龄|岁数|年纪)[^，,。？?]{0,5}?(?:要求|限制)|有没有(?:年龄|岁数|年纪)")  # 有年龄要求吗: a bound in 岁
_MONEY_WORDS = r"钱|(?<![名份])额|资金|经费|奖励|奖金|奖补|补贴|补助|津贴|补偿|费用|费|价|工资|待遇|报酬|投资|赔偿|罚"
# 有奖金吗, 当监督员有没有报酬: whether money is paid, which only a provision speaking of money answers (a figure
# is not needed: 给予奖励 says yes)
_BENEFIT_WORDS = r"钱|奖励|奖金|奖补|奖|补贴|补助|津贴|报酬|工资|待遇|经费|资金"
# 有没有保底标准: whether a bound is set, which only a figure of that bound answers (最高10万元 is not a floor)
_BOUND_EXISTENCE_ASKED = r"有没有[^，,。？?]{0,4}?(?:保底|下限|上限|起步|起付|封顶)"
_MONEY_EXISTENCE_ASKED = (rf"有没有[^，,。？?]{{0,4}}?(?:{_BENEFIT_WORDS})|有[^，,。？?吗没]{{0,4}}?(?:{_BENEFIT_WORDS})[吗不么没]|"
                          rf"(?:给|发)不(?:给|发)[^，,。？?]{{0,4}}?(?:{_BENEFIT_WORDS})")
# 拿来用要花钱不, 收费吗, 免费吗: whether one pays, answered by a fee or by 免费 (a fee asked: ``_FEE_ASKED_RE``)
_COST_EXISTENCE_ASKED = (r"(?:花|交|掏|付|收|要)(?:钱|费)(?:吗|不|么|没|呢)|(?:花|交|掏|付|收|要)不(?:花|交|掏|付|收|要)(?:钱|费)|"
                         r"要不要(?:花|交|掏|付)?钱|免费的?(?:吗|不|么)|是不是免费")
# 网址是什么, 举报电话是啥: where to reach someone, which only a number or an address to type states
_SITE_ASKED = r"(?:哪个|哪些|什么)(?:网站|网页|公众号|客户端)"  # 在哪个网站上公布: the site, by its name
_ADDRESSES_TYPED = r"网址|网站地址|网页地址|邮箱|电子邮件|电子信箱"
_WEB_ADDRESSES = rf"{_ADDRESSES_TYPED}|{_SITE_ASKED}"
_PHONES = r"电话|手机号"
_CONTACT_ASKED = rf"(?:{_ADDRESSES_TYPED}|{_PHONES})(?:号码)?(?:是|为)?(?:什么|啥|哪个|多少)|{_SITE_ASKED}"
# a yes/no ask of what may, must or is allowed (能不能, 要不要, 必须), or only of what will happen (会不会)
_MAY_OR_MUST_ASKED = (r"能不能|可不可以|可以吗|能吗|行吗|能否|可否|是否|允许|行不行|要不要|需不需要|必须|得不得|"
                      r"有没有权|有权|(?<![要如])是不是|用不用|该不该|可以.{0,12}吗|能.{0,12}吗|需要.{0,12}吗|要.{0,8}吗|"
                      r"得.{0,8}吗|不$")
_WILL_ASKED = r"会不会|会.{0,8}吗"
# Question forms, most specific first: the first type whose form a clause has is its type.
_QUESTION_FORMS: list[tuple[AnswerType, re.Pattern]] = [(t, re.compile(p)) for t, p in (
    (AnswerType.BODY, _BODIES_ASKED),
    (AnswerType.PERSON, f"{_PEOPLE_ASKED}|{_COMPOSITION_ASKED}"),
    (AnswerType.PERSON, PREVIOUS_POST_ASKED),  # …被任命为主任之前是什么职务: a person's record, not a body
    (AnswerType.PERSON, _NEXT_POST_ASKED),
    (AnswerType.PERSON, _SUCCESSION_ASKED),  # 院长由谁接任: a person appointed, not a body (由谁)
    (AnswerType.DOCUMENT, r"什么文件|哪个文件|哪份文件|哪部|哪一部|哪项(?:法规|规章)|文号|几号文|是什么规定"),
    (AnswerType.PLACE, (r"(?:在|到|去)(?:哪里|哪儿|什么地方|哪(?![天年月日号些几一]))[^，,。？?]{0,6}(?:开|召开|举行|举办|调研|检查|视察|考察)|"
                        r"哪个(?:会场|会议室|地点|场馆)|什么地点|地点在哪|在哪个(?:地方|场所)|"
                        r"哪些地方(?:调研|检查|视察|考察)|(?:调研|检查|视察|考察)了?哪些地方|"
                        + _PLACE_KINDS_ASKED_RE.pattern)),
    (AnswerType.BODY, (r"哪个部门|哪些部门|什么部门|哪个单位|哪些单位|什么单位|哪个机关|什么机构|哪个机构|哪家|谁负责|谁来|"
                      r"由谁|谁去|谁管|找谁|向谁|归谁|谁牵头|谁组织|谁组建|谁组的|谁建的|谁办|谁审批|谁批|谁出|谁付|谁承担|牵头(?:单位|部门)|主管部门|"
                      r"(?:哪里|哪儿|什么地方)(?:投诉|举报|办理|申请|反映|咨询|办)|去哪|到哪(?:里|儿|个|家)|在哪(?![些个种天年月日号次]|一[天年月日号次])")),
    (AnswerType.PERSON, (rf"是谁|{_CALLED_ASKED}|哪位|谁(?:被|担任|接任|任|当|兼任|主持|出席|讲话)|(?:任命|担任|接任|免去|免职|任免)了?(?:谁|哪些人|什么人)"
                         r"|(?:主任|局长|市长|院长|书记|校长|负责人)是")),
    (AnswerType.DATE, r"什么时候|什么时间(?![点内段])|何时|哪几天|哪天|哪一天|几号|哪一年|哪年|几月|哪个?月|什么日期|截止|礼拜几|星期几|周几|几点"),
    (AnswerType.DURATION, (r"多久|多长时间|多长|几年|多少年|几个月|多少个月|几天|多少天|几日|多少日|几个?工作日|多少个?工作日|期限|时限|时效|"
                           r"有效期|年限|提前多|多少小时|几个?小时|周期|多少周")),
    (AnswerType.AMOUNT, _CONTACT_ASKED),  # 网址是什么: an address to reach, not what a term means
    (AnswerType.AMOUNT, (rf"多少钱|多少元|多少万|(?:金额|费用|收费|补贴|补助|奖励|奖金|津贴|罚款|标准|比例|目标|数量)(?:是|为|有)?多少|"
                        rf"罚多少|[百千万]分之(?:几|多少)|几成|(?:几|多少)倍|(?:什么|多少|哪个)比例|多少(?:奖励|奖金|奖补|补贴|补助|资金|经费|费用|津贴|罚款)|多少(?:{_CLASSIFIERS})|(?<![十百千万\d哪的])几(?:{_CLASSIFIERS})|哪一?次(?=[^，,。？?]{{0,8}}?会)|"
                        rf"多少(?:钱|资金|经费)|达到多少|{_AGE_ASKED}|多大(?:的)?(?:比例|面积|规模|金额|数额)|(?:比例|面积|规模)(?:有)?多大|"
                        # 工资是什么标准, 闲置费按什么标准收: a sum of money by its standard
                        rf"(?:{_MONEY_WORDS})[^，,。？?]{{0,6}}?{_STANDARD_ASKED}|{_MONEY_EXISTENCE_ASKED}|{_BOUND_EXISTENCE_ASKED}|"
                        rf"{_COST_EXISTENCE_ASKED}")),
    (AnswerType.CONSEQUENCE, (r"怎么处理|如何处理|怎么处置|如何处置|怎样处理|会怎样|会怎么|怎么样处理|后果|处罚|罚款|"
                              r"什么责任|承担.{0,6}责任|追究|会被|怎么罚|受到什么")),
    (AnswerType.PERMISSION, f"{_MAY_OR_MUST_ASKED}|{_WILL_ASKED}"),
    (AnswerType.DEFINITION, (rf"{MEANING_ASKED}|认定为|属于什么|"
                             r"包括哪些|有哪些|哪些情形|哪些情况|什么情况|什么条件|什么样的|(?:干|做)什么的|干什么用")),
    (AnswerType.PROCEDURE, (r"怎么申请|如何申请|怎么办理|如何办理|流程|程序|步骤|手续|什么材料|哪些材料|提交什么|要交什么|"
                            r"怎么报|如何报|怎么操作|怎么做|怎么办|如何开展|怎么开展|如何推进|怎么推进|如何|怎么|怎样")),
    (AnswerType.DEFINITION, r"哪些|哪几"),  # 哪几条河: which ones, not how many
    (AnswerType.AMOUNT, r"多少"),  # 能不能保证每年赚多少: the yes/no ask comes first
)]

# What a sentence that answers each type contains. Types without an entry are matched by their words alone;
# amounts and persons are refined by the ask (``Ask.wants``): 多少名 wants a count of 名, 局长是谁 a 局长.
# (months are counted with 个: 9 月 is September; 18 周岁 is an age, not weeks)
_COUNTED_PERIOD = rf"{_SMALL_COUNT}\s*(?:个\s*月|(?:个)?\s*(?:年|日|天|工作日|小时|周(?!岁)|学时))"
# how long (5个工作日, 立即) and how often (每季度): a span answers 多长时间, a frequency only 多久开一次; 及时 (without
# delay) says no length: 奖金多久能发到手 is not answered by 及时兑现 (measured: 3 not-stated asks refused, nothing lost)
_SPAN = rf"{_COUNTED_PERIOD}|立即|即时|随时|当日|当天|事先|提前|届满|期满"
_PERIOD = rf"{_SPAN}|每(?:周|月|年|季度|半年|天|日)"
# how often: 每周, 每两年, 1次, or a counted length (及时 says how soon, not how often; 第121次 is an ordinal)
_FREQUENCY = (rf"每(?:周|月|年|季度|半年|天|日)|每\s*{_SMALL_COUNT}\s*个?(?:年|月|周|天)|"
              r"(?<![第届\d零一二三四五六七八九十两百千万.])(?:\d{1,2}|[一二三四五六七八九十两]{1,2})\s*次")
_MONEY_FIGURE = rf"{_COUNT}\s*(?:万元|亿元|元|万|亿)|全额"
_MONEY = rf"{_MONEY_FIGURE}|免费|不收取|无偿"  # what a fee is answered with: free is an answer too
_RATIO = rf"{_COUNT}\s*(?:%|％|‰|成|倍)|[百千万]分之"
_NAMED_BODY = r"[\u4e00-\u9fff]{2,20}?(?:公司|集团|厂|局|委员会|委|办公室|办|中心|院|所|学校|银行)"
_MEMBERS_RE = {"bodies": re.compile(rf"{_NAMED_BODY}(?:[、和及]{_NAMED_BODY})+"),
               "people": re.compile(rf"(?:{_POSTS})[\u4e00-\u9fff]{{2,3}}(?:[、，,][^，,。；;]{{0,16}}?(?:{_POSTS})[\u4e00-\u9fff]{{2,3}})+")}
EVIDENCE: dict[AnswerType, re.Pattern] = {t: re.compile(p) for t, p in (
    (AnswerType.DURATION, _PERIOD),
    (AnswerType.DATE, (rf"\d{{4}}\s*年|{_NUMBER}\s*月\s*{_NUMBER}\s*日|{_NUMBER}\s*月|年底|年内|"
                       rf"上半年|下半年|季度|之日起|起施行|{_PERIOD}")),
    (AnswerType.AMOUNT, rf"{_MONEY}|{_RATIO}|{_COUNT}\s*(?:{_CLASSIFIERS})"),
    # a post, a 任免 record, or a roster line: 苏春雷 东阿阿胶股份有限公司, 陈雪媛（高唐县婚姻登记服务中心）
    (AnswerType.PERSON, (rf"(?:{_POSTS})|任命|免去|兼任|担任|(?:^|\s)[\u4e00-\u9fff]{{2,3}}\s+[\u4e00-\u9fff]|"
                         rf"^\s*[\u4e00-\u9fff]\s?[\u4e00-\u9fff]{{1,2}}\s*[（(][^）)]{{2,40}}[）)]")),
    (AnswerType.BODY, (r"[\u4e00-\u9fff]{1,14}?(?:局|委员会|委|办公室|政府|部门|中心|机关|单位|法院|检察院|机构|公司|组织|小组|"
                      r"支队|大队|总队|医院|学院|学校|银行|集团|研究院|研究所|事务所|派出所)")),
    (AnswerType.PLACE, r"在[^，,。；;]{2,15}?(?:举行|召开|举办|开幕|闭幕)|(?:到|赴|在)[^，,。；;]{2,12}?(?:调研|检查|视察|考察)|会场|会议室"),
    # …，原特许经营者优先获得特许经营权 answers whether one has a right as 有权 does
    (AnswerType.PERMISSION, r"应当|可以|不得|禁止|必须|须|允许|不予|准予|有权|享有|优先|不能|严禁"),
    (AnswerType.CONSEQUENCE, (r"责令|处以|罚款|收回|追究|承担|处置|处理|调查|予以|限期|撤销|终止|违约|无偿|没收|通报|约谈|"
                              r"处分|列入|纳入")),
    (AnswerType.PROCEDURE, r"申请|提交|报送|办理|审核|审批|备案|受理|提出|按照|程序|组织|开展|建立|推进"),
    (AnswerType.DEFINITION, r"所称|是指|认定为|属于|包括|情形|下列|应当具备|条件"),
)}
_STATED = frozenset({AnswerType.AMOUNT, AnswerType.DURATION, AnswerType.DATE, AnswerType.PERSON, AnswerType.BODY,
                     AnswerType.PLACE})
_UNIT_ASKED_RE = re.compile(rf"(?:多少|(?<![十百千万\d哪])几)(?:个)?({_CLASSIFIERS})")
# 多少考核分, 几个工作人员: the unit closes the noun asked about
_UNIT_CLOSING_RE = re.compile(rf"(?:多少|(?<![十百千万\d哪])几)(?:个)?[\u4e00-\u9fff]{{1,4}}?({_CLASSIFIERS})(?=[？?，,。！!]|$)")
# 有效期到哪一年 is not answered by the date a document took effect
_VALIDITY_END_ASKED_RE = re.compile(r"有效期|到期|失效")  # not 截止到什么时候: a deadline
# 从什么时候开始施行 is answered by the day it takes effect, not by any date or period (及时 in 第一条)
_TAKES_EFFECT_ASKED_RE = re.compile(r"施行|生效|实行|起效")
_TAKES_EFFECT_RE = re.compile(r"(?:年|月|日)[^。；;]{0,12}(?:起|开始)(?:施行|生效|实行|执行)|之日起(?:施行|生效|实行|执行)")
# Units that count the same things: 多少个事项 is answered by 1000项, 多少人 by 20名; kinds are counted apart
# (几类水 asks a class of water, which 两个国控断面 does not give).
_PEOPLE_UNITS = ("名", "人", "位")
_SAME_UNITS = [("个", "项", "件", "批", "条", "处", "座", "所", "家", "户", "支", "套", "台", "辆"), ("类", "种"),
               _PEOPLE_UNITS, ("学时", "小时")]
_MONEY_ASKED_RE = re.compile(_MONEY_WORDS)
_MONEY_EXISTENCE_RE = re.compile(_MONEY_EXISTENCE_ASKED)
_COST_EXISTENCE_RE = re.compile(_COST_EXISTENCE_ASKED)
_FEE_RE = re.compile(_MONEY)
_MONEY_MENTION_RE = re.compile(rf"{_MONEY_WORDS}|{_MONEY}")
# 要交多少钱 may be answered by 免费; 专项资金总额是多少 only by a sum (免费上门 does not say it)
_FEE_ASKED_RE = re.compile(r"收费|费用|交|缴|掏|付|花")
# 几月份召开 is answered by a month, not by any date or period (及时, 每年)
_MONTH_ASKED_RE = re.compile(r"几月|哪个月|哪月|月份")
# 星期几开 is answered by a day of the week, not by 每周1次
_WEEKDAY_ASKED_RE = re.compile(r"(?:星期|礼拜|周)几")
_WEEKDAY = r"(?:周|星期|礼拜)[一二三四五六日天]"
_WEEKDAY_RE = re.compile(_WEEKDAY)
# 9月哪几天 is answered by days, not by the month alone
_DAY_ASKED_RE = re.compile(r"哪几天|哪天|哪一天|几号|几月几[日号]|哪日")
# 从哪天开始算: 自收到之日起; 每周哪天开: 每周周一; not the 号 of a 文号 (聊办发〔2021〕5号) or an order (令第42号)
_DAY_RE = re.compile(rf"{_NUMBER}\s*日|(?<![〕\])）第\d零一二三四五六七八九十两百千万]){_NUMBER}\s*号|当天|当日|之日|次日|{_WEEKDAY}")
_MONTH_RE = re.compile(rf"{_NUMBER}\s*月|[上下]半年|第?[一二三四1-4]季度|年底|年初|年中|年末")
# 每周一几点开始 is answered by a time of day, not by the day (每周周一召开)
_HOUR_ASKED_RE = re.compile(r"几点|几时(?!候)|什么时间点|哪个时间点")
_HOUR_RE = re.compile(rf"{_NUMBER}\s*(?:点|时(?!间|候|限|效))|\d{{1,2}}\s*[:：]\s*\d{{2}}|上午|下午|早上|晚上|中午|凌晨")
# 最长多少年, 几个工作日内, 至少学多长时间: a count of time, not 届满 or 及时
_COUNTED_PERIOD_ASKED_RE = re.compile(r"(?:多少|(?<![十百千万\d哪])几)个?(?:年|月|天|日|工作日|小时|周|学时)|"
                                      r"(?:至少|最少|最多|最长|最短)[^，,。？?]{0,6}(?:多长|多久)|"
                                      r"(?:提前|事先)(?:多久|多长)")  # how far ahead: 会前5个工作日, not 提前 again
# 每次学多长时间, 一次开多长时间: the length of a sitting, which hours or days give (not 随时召开, nor 会前5个工作日, a
# lead time, nor 每周安排1次, how often; 多久开一次 is that)
_SITTING_ASKED_RE = re.compile(r"(?:每次|每回|一次|一回)[^，,。？?]{0,6}(?:多长|多久)")
_SITTING = rf"{_SMALL_COUNT}\s*(?:个)?\s*(?:小时|分钟|学时|天|日)(?!内)|半天|全天"
# 多久开一次, 隔多长时间: how often, answered by 每周; otherwise 多长时间 wants a span (每季度1次 is not one)
_WHICH_ONES_RE = re.compile(r"哪(?:些|几|([两二三四五六七八九十]))")
# 观摩了哪些项目, 旁听的是哪个案件: named ones of a kind, by the words that name one (XX项目, XX案, XX公司)
_INSTANCES_ASKED_RE = re.compile(r"(?:哪些|哪个|哪几个?|哪一个|哪几家|哪家)(项目|案件|企业|学校|医院)")
_INSTANCE_NAMES = {kind: re.compile(names) for kind, names in (
    ("项目", "项目|工程"), ("案件", "案"), ("企业", "企业|公司|集团|厂"), ("学校", "学校|小学|中学|大学|学院"), ("医院", "医院|卫生院"))}
# 在哪些情况下算不合格, 什么情形属于政府原因: the cases, which a provision listing them (有下列情形之一的) states
_CASES_ASKED_RE = re.compile(r"(?:哪些|哪几种|哪种|什么|啥)(?:情况|情形)")
_FREQUENCY_ASKED_RE = re.compile(r"一次|一回|一趟|每隔|隔多|频次|频率|周期")
# What a date ask wants, by what it asks (first match): the end of validity, the day it takes effect, days, a month.
# 有效期到什么时候 is answered by a term's end (有效期至2027年1月31日, 有效期为5年), not by 在协议有效期内 or another
# period's 期限届满; 到期, 失效 also by 届满
_VALIDITY_STATED_RE = re.compile(r"有效期(?:至|为|到|是)|失效|截止|至\s*\d{4}\s*年")
_VALIDITY_TERM_ASKED_RE = re.compile(r"有效期")
_DEADLINE = rf"{_NUMBER}\s*月\s*(?:底|末|{_NUMBER}\s*日)?\s*(?:前|之前)|年底前|年内"
# 推荐截止日期是哪天, 最晚什么时候交: a deadline, which a day or month followed by 前 or 截止 states, not the date a notice
# was signed
_DEADLINE_ASKED_RE = re.compile(r"截止|截至|最晚|最迟|之前|以前")
_DEADLINE_RE = re.compile(rf"{_DEADLINE}|{_NUMBER}\s*[年月日号]\s*(?:底|末)?\s*(?:以前|之前|为止|截止|前(?![一二两三四五六七八九十几\d]))|(?:截止|截至|最迟|最晚)[^。；;，,]{{0,4}}?{_NUMBER}\s*[年月日号]")
_DATE_WANTS = [(_VALIDITY_END_ASKED_RE, re.compile(r"有效期|届满|失效|截止|至\s*\d{4}\s*年")),
               (_TAKES_EFFECT_ASKED_RE, _TAKES_EFFECT_RE), (_DEADLINE_ASKED_RE, _DEADLINE_RE),
               (_HOUR_ASKED_RE, _HOUR_RE), (_WEEKDAY_ASKED_RE, _WEEKDAY_RE),
               (_DAY_ASKED_RE, _DAY_RE),
               (_MONTH_ASKED_RE, _MONTH_RE)]
_ORDINAL_ASKED_RE = re.compile(rf"第(?:几|多少)(?:个)?({_CLASSIFIERS})")
_TIME_LIMIT_ASKED_RE = re.compile(r"时限|时效")
_PHONE_ASKED_RE = re.compile(rf"{_PHONES}|号码是多少")
_WEB_ASKED_RE = re.compile(_WEB_ADDRESSES)
# an address to type, or the site named (在市政府门户网站公布), not 在网上 or 定期向社会公布
_WEB_RE = re.compile(r"https?://|www\.|[A-Za-z0-9-]+\.(?:gov|com|net|org|cn)\b|[A-Za-z0-9._-]+@[A-Za-z0-9-]+\.|"
                     r"[\u4e00-\u9fff]{2}(?:网站|公众号|客户端)", re.IGNORECASE)
_PHONE_RE = re.compile(r"\d{3,4}\s*-\s*\d{7,8}|(?<!\d)\d{7,8}(?!\d)|(?<!\d)1\d{10}(?!\d)|12345")
# 占GDP的多少, 占比多少: a share, which a ratio states
_RATIO_ASKED_RE = re.compile(r"比例|[百千万]分之|率|几成|倍|比重|占比|占[^，,。？?]{1,12}?(?:多少|多大)")
_RATIO_BASE_ASKED_RE = re.compile(r"(?:按|占)(?!多大|多少|多高|什么|哪个)([\u4e00-\u9fffA-Za-z]{2,10}?)的?(?:[百千万]分之|比例|几成|比重|多少)",
                                  re.IGNORECASE)
# 办公地址在哪里: a street and number, not the body that has an office; 哪家公司: a company, not the department
# in charge of the work
_ADDRESS_ASKED_RE = re.compile(r"地址|门牌|位于哪|坐落在哪|在哪(?:里|儿)?办公")
_ADDRESS_RE = re.compile(r"[\u4e00-\u9fff\d]{2,}(?:路|街|大道|大街)[\d一二三四五六七八九十]*号?|\d+号(?:楼|院)?")
_COMPANY_ASKED_RE = re.compile(r"(?:哪家|哪个|哪些|什么)(?:公司|企业)")
_COMPANY_RE = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:公司|集团)")
# 局长是谁, 谁任主席: the post next to the question word (给市长写信…之后是谁去办 asks no post)
_POST_ASKED_RE = re.compile(rf"({_POSTS})\S{{0,2}}?(?:是谁|是哪位|由谁|叫啥|叫什么)|(?:谁|哪位)(?:是|任|当|担任|接任|兼任)?(?:新)?({_POSTS})")
# 是谁研究报批的, 是谁去办: who did it, a person or a body
_DOER_ASKED_RE = re.compile(r"是谁[\u4e00-\u9fff]")
_ROLE_ASKED_RE = re.compile(r"谁(主持|出席|讲话|参加|带队|陪同|召集)")


def wanted(text: str, answer_type: AnswerType, subject: str = "") -> re.Pattern | None:
    """What a sentence that answers this ask contains: for an amount, the unit asked for (多少名 -> a count of
    名; a reward -> money; a rate -> a ratio); for a person, the post asked about (局长, not 副局长). ``subject``:
    what the question's first ask is about, for a later ask that leaves it out."""
    if answer_type is AnswerType.BODY and re.search(_BODIES_ASKED, text):
        return _MEMBERS_RE["bodies"]
    if answer_type is AnswerType.BODY and _ADDRESS_ASKED_RE.search(text):
        return _ADDRESS_RE
    if answer_type is AnswerType.BODY and _COMPANY_ASKED_RE.search(text):
        return _COMPANY_RE
    if answer_type is AnswerType.PERSON and re.search(_COMPOSITION_ASKED, text):
        return _COMPOSITION_RE
    if answer_type is AnswerType.PERSON and re.search(_PEOPLE_ASKED, text):
        return _MEMBERS_RE["people"]
    if answer_type is AnswerType.AMOUNT and (amount := _amount_wanted(text, subject)):
        return amount
    if answer_type in (AnswerType.DURATION, AnswerType.DATE) and _VALIDITY_TERM_ASKED_RE.search(text):
        return _VALIDITY_STATED_RE  # 有效期是怎样的, 到什么时候: until when it is in force, not any span (及时)
    if answer_type is AnswerType.DURATION and _VALIDITY_END_ASKED_RE.search(text):
        return _DATE_WANTS[0][1]
    if answer_type is AnswerType.DURATION:
        if _SITTING_ASKED_RE.search(text):
            return re.compile(_SITTING)
        if _FREQUENCY_ASKED_RE.search(text):  # 周期 is also a length: 评估周期不得低于二年; 一个月内 is a deadline
            return re.compile(f"{_FREQUENCY}|(?:{_COUNTED_PERIOD})(?!\\s*(?:以内|之内|内))|年度|季度")
        if _TIME_LIMIT_ASKED_RE.search(text):  # 完成时限：2022年6月底前: a limit is also a date to finish by
            return re.compile(f"{_SPAN}|{_DEADLINE}")
        return re.compile(_COUNTED_PERIOD if _COUNTED_PERIOD_ASKED_RE.search(text) else _SPAN)
    if answer_type is AnswerType.DATE:
        date_wanted = next((wants for asked, wants in _DATE_WANTS if asked.search(text)), None)
        if date_wanted is not None:
            return date_wanted
    if answer_type is AnswerType.PLACE and (kind := _PLACE_KINDS_ASKED_RE.search(text)):
        # 分布在哪些村: two or more places of the kind named side by side (徒骇河和位山灌区三千渠), not 农村 in a count
        named = _PLACE_KINDS[kind[1]]
        return re.compile(rf"(?:{named})[、，,和及与][^。；;、，,]{{1,12}}?(?:{named})")
    if answer_type is AnswerType.PERSON and re.search(f"{PREVIOUS_POST_ASKED}|{FORMER_HOLDER_ASKED}", text):
        return _PREVIOUS_POST_RE
    if answer_type is AnswerType.PERSON and re.search(f"{_NEXT_POST_ASKED}|{_SUCCESSION_ASKED}", text):
        return _NEXT_POST_RE
    if answer_type is AnswerType.PERSON and (role := _ROLE_ASKED_RE.search(text)):  # 谁主持的: who presided,
        return re.compile(role[1])  # not who spoke
    if answer_type is AnswerType.PERSON:
        asked = _POST_ASKED_RE.search(text)
        post = asked and (asked[1] or asked[2])
        if post:
            # the post itself: not its deputy (副局长), nor staff named after it (联系人员, 负责人员)
            return re.compile(rf"(?<!副){post}(?!员)" if not post.startswith("副") else rf"{post}(?!员)")
        if _DOER_ASKED_RE.search(text):
            return re.compile(f"{EVIDENCE[AnswerType.PERSON].pattern}|{EVIDENCE[AnswerType.BODY].pattern}")
    if answer_type is AnswerType.BODY and _WHO_ASKED_RE.search(text) and not _KIND_OF_BODY_ASKED_RE.search(text):
        # 他分管的工作谁来管: who, which a post answers as well as a body (由补位的副市长代为处理)
        return re.compile(f"{EVIDENCE[AnswerType.BODY].pattern}|(?:{_POSTS})")
    if answer_type is AnswerType.PERMISSION and not re.search(_MAY_OR_MUST_ASKED, text):
        return None  # 医保局会不会随机检查: whether it is done, which the sentence saying it does, not any 不得
    return EVIDENCE.get(answer_type)


_WHO_ASKED_RE = re.compile(r"谁")
_KIND_OF_BODY_ASKED_RE = re.compile(r"部门|单位|机关|机构|哪家|公司|组织")


def _amount_wanted(text: str, subject: str) -> re.Pattern | None:
    """The figure an amount asked is answered with: a phone number, a place in an order, an age, a count of the
    unit asked, a ratio, a sum of money; None when the ask names none of them (any figure)."""
    if _MONEY_EXISTENCE_RE.search(text):
        return _MONEY_MENTION_RE  # 有奖金吗: money spoken of, with or without a sum
    if _COST_EXISTENCE_RE.search(text):
        return _FEE_RE  # 上门要收钱吗: a fee, or 免费
    if _WEB_ASKED_RE.search(text):
        return _WEB_RE  # 平台网址是什么: an address to type, not the platform's name
    if _PHONE_ASKED_RE.search(text):
        return _PHONE_RE  # 联系电话多少: a number to call, not any figure
    if place := _ORDINAL_ASKED_RE.search(text):
        return re.compile(rf"第\s*{_NUMBER}\s*(?:个)?\s*(?:{place[1]})")  # 排第几位: 列副主任第一位, not a count
    if re.search(_AGE_ASKED, text):
        return re.compile(rf"{_COUNT}\s*周?岁")
    unit = _UNIT_ASKED_RE.search(text) or _UNIT_CLOSING_RE.search(text)
    if unit:
        units = next((group for group in _SAME_UNITS if unit[1] in group), (unit[1],))
        if unit[1] == "个":  # 多少个首席技师: in everyday speech 个 counts people too (名单（40人）)
            units = (*units, *_PEOPLE_UNITS)
        # 培育一批优质中小企业: 一批 is "some", not a count of them
        return re.compile(rf"(?!一\s*批){_COUNT}\s*(?:个)?\s*(?:{'|'.join(units)})")
    if _RATIO_ASKED_RE.search(text):
        base = _RATIO_BASE_ASKED_RE.search(text)  # 按土地出让价款的百分之几: a ratio of that, not of another sum
        return re.compile(rf"{re.escape(base[1])}[^。；;]{{0,20}}?(?:{_RATIO})" if base else _RATIO)
    asked = text if _MONEY_ASKED_RE.search(text) else subject  # 有奖金吗？每人发多少？: money, per the first ask
    if _MONEY_ASKED_RE.search(asked):
        return _FEE_RE if _FEE_ASKED_RE.search(asked) else re.compile(_MONEY_FIGURE)
    return None


_CLAUSE_END = "，,。？?！!；;\n "  # what a clause ends with, stripped to read its words
_CLAUSE_RE = re.compile(r"[^，,。？?！!；;\n]+[，,。？?！!；;\n]*")
# the words that make a clause ask (几 after 那, 这, 前, 头, 好 is "a few": 那几天, 好几次)
_ASKING_RE = re.compile(r"吗|呢|么|什么|怎么|怎样|如何|哪(?:些|个|位|里|儿|几)?|谁|多少|(?<![十百千万\d那这前头好])几(?![十百千万])|多久|多长|多大|是否|能否|可否|有没有|(?<![要如])是不是|能不能|可不可以|"
                        r"要不要|会不会|需不需要|行不行|何时|为何|为什么|咋|啥|[不没]$")
# A clause that only frames a condition or a time (什么情况下，… / 逾期的话，…) is read with the clause after it.
_FRAME_RE = re.compile(r"(?:情况下|情形下|条件下|时候|的话|之前|之后|以后|以前|期间)$")
# Words that join asks without asking anything themselves.
# 那, but not the 那 of 那次会议, 那个部门: a pointer, which the ask keeps; 还有, but not 还有人管吗 (is there still one)
_JOINER_RE = re.compile(r"(?:另外|还有(?![人没谁])|以及|并且|而且|同时|此外|再问一下|还想问|顺便问一下|那么|那(?![次个些天位项条份种年月])|和|及|或者)")


@dataclass(frozen=True)
class Ask:
    text: str  # the ask as written (its clause, without the joining word)
    answer_type: AnswerType
    wants: re.Pattern | None = None  # what a sentence that answers it contains (``wanted``); None: its words
    context: str = ""  # the question's clauses that ask nothing (开发商拿了地两年没动工，), read with every ask
    subject: str = ""  # of a later ask: what the first ask is about, for an ask that leaves it out
    own: str = ""  # of a follow-up: its own words within its text (那东阿县的呢 of 第三届和谐使者名单里 东阿县的)

    @classmethod
    def of(cls, text: str, context: str = "", subject: str = "") -> Ask:
        kind = answer_type(text)
        return cls(text, kind, wanted(text, kind, subject), context, subject)

    @cached_property
    def figures(self) -> list[tuple[float, float]]:
        """The figures the asker states (十几户, 一千多万), read once: the judge and the sentences shown both weigh them."""
        return askers_figures(self.query)

    @property
    def asks_mention(self) -> bool:
        """The ask is whether something is spoken of at all (有奖金吗, 上门要收钱吗): the provision on its topic answers
        it when it speaks of it anywhere, not only in the sentence most about the ask."""
        return self.wants is _MONEY_MENTION_RE or (self.wants is _FEE_RE and bool(_COST_EXISTENCE_RE.search(self.text)))

    @property
    def asks_which_ones(self) -> int | None:
        """The ask wants the members of a list by name (哪些项目, 是哪两件), not how many there are: how many it
        says there are (2), 0 when it does not say; None when it asks something else."""
        found = _WHICH_ONES_RE.search(self.asking_clause)
        if found is None:
            return None
        return (cn_to_int(found[1].replace("两", "二")) or 0) if found[1] else 0

    @property
    def instance_named(self) -> re.Pattern | None:
        """What names one of the things the ask wants by name (观摩了哪些项目: 项目 or 工程); None when it asks for
        no named ones of a kind."""
        found = _INSTANCES_ASKED_RE.search(self.asking_clause)
        return _INSTANCE_NAMES[found[1]] if found else None

    @property
    def asks_cases(self) -> bool:
        """The ask is in which cases something holds (哪些情况下算不合格): answered by the provision that lists them."""
        return bool(_CASES_ASKED_RE.search(self.text))

    @property
    def asks_how_to_join(self) -> bool:
        """The ask is how one signs up (社会监督员怎么报名, 报名电话是多少): answered only by a provision that says how
        people are taken on (报名, 招募, 遴选, 聘请 …), not by one that says the role exists."""
        return bool(_JOIN_ASKED_RE.search(self.asking_clause))

    @property
    def how_often(self) -> bool:
        """The ask is how often something happens (多久开一次, 频次): a frequency, which a rule states."""
        return (self.answer_type is AnswerType.DURATION and bool(_FREQUENCY_ASKED_RE.search(self.text))
                and not _SITTING_ASKED_RE.search(self.text))

    @property
    def term_asked(self) -> str:
        """The term whose meaning the ask wants (公职律师 of 公职律师是干啥的, 闲置土地 of 什么叫闲置土地); "" when
        it asks something else (队员要满足什么条件, 哪些情形: what a provision lists)."""
        text = self.text.translate(_COLLOQUIAL)
        found = _TERM_AFTER_RE.search(text) or _TERM_BEFORE_RE.search(text)
        return found[1] if found else ""

    @property
    def asking_clause(self) -> str:
        """The clause that asks (省级…最高奖300万，那市级的能奖多少: 那市级的能奖多少); clauses before it say what the
        asker knows."""
        asking = _asking_clauses(self.text)
        return asking[-1][0] if asking else self.text

    @property
    def asking_clause_with_before(self) -> str:
        """The asking clause read with the clause before it (想投诉他们，能去哪儿反映: what 反映 is about); the asking
        clause alone when it opens the text."""
        asking = _asking_clauses(self.text)
        if not asking:
            return self.text
        before = [clause for clause in _CLAUSE_RE.finditer(self.text) if clause.end() <= asking[-1].start()]
        return self.text[before[-1].start() if before else asking[-1].start():asking[-1].end()]

    @property
    def query(self) -> str:
        """What is searched for the ask: its context and its own words, and the documents' word for making a
        thing known when that is what it asks and does not say it (…收了多少、花了多少，老百姓能看到吗: whether it is
        公开; …公开的文件，去图书馆能查到吗 says it already, and saying it twice outweighs what else it names)."""
        asked = f"{self.context}{self.text}"
        return f"{asked} {_MADE_KNOWN}" if _asks_made_known(self.text) and _MADE_KNOWN not in asked else asked

    @property
    def opens_with_its_asking(self) -> bool:
        """The ask opens with its yes/no form, naming nothing before it (是不是2022年内就要提请审议): what it asks
        about is the question's subject, however much its own words weigh."""
        return bool(_ASKING_FIRST_RE.match(self.text))


_JOIN_ASKED_RE = re.compile(r"(?:怎么|怎样|如何|咋|去哪儿?|在哪儿?|哪里|能不能|可以)报名|报名(?:方式|途径|渠道|流程|条件|电话|入口|时间)")
_ASKING_FIRST_RE = re.compile(r"(?:那么?|还|又|也)?(?:是不是|是否|会不会|能不能|要不要|可不可以|需不需要|有没有|能否|可否)")
# Colloquial question words read as their standard forms: 有啥优惠 asks what 有什么优惠 asks.
_COLLOQUIAL = str.maketrans({"啥": "什么", "咋": "怎么"})
# 公职律师到底是干什么的, “开工”怎么算 / 什么叫闲置土地: the term before or after the words asking its meaning
_TERM_BEFORE_RE = re.compile(r"([^，,。？?！!；;\s]{2,30}?)(?:又|也|还)?(?:到底|究竟|具体)?(?:是(?=怎么|如何))?"
                             rf"(?:{MEANING_ASKED}|(?:是)?(?:干|做)什么的|干什么用|是?指的是什么|是指什么)")
_TERM_AFTER_RE = re.compile(r"(?:什么是|什么叫)([^，,。？?！!；;\s]{2,30})")


def answer_type(text: str) -> AnswerType:
    text = text.translate(_COLLOQUIAL)
    if _asks_made_known(text):
        return AnswerType.PERMISSION
    # a form counts where it asks: …开展中期评估，评估周期有何要求 wants a period, not the body its statement names
    # (行业主管部门); a form running into the asking clause asks (…被任命为会长之前，在哪个单位担任什么职务)
    asking = [clause.span() for clause in _asking_clauses(text)] or [(0, len(text))]
    found = next((t for t, form in _QUESTION_FORMS if _asked_in(form, text, asking)), AnswerType.GENERAL)
    if (found is AnswerType.GENERAL and _THAT_FOR_WHICH_RE.search(text) and not _ASKING_RE.search(text)
            and not text.endswith(("不", "没", "否"))):
        # 找那个部门申请？: an ask with no question word but 那个, typed for 哪个 (nà, nǎ): which department
        return answer_type(_THAT_FOR_WHICH_RE.sub("哪", text, count=1))
    return found


def _asking_clauses(text: str) -> list[re.Match]:
    """The clauses of a text that ask something, in order."""
    return [clause for clause in _CLAUSE_RE.finditer(text) if _asks_something(clause[0])]


def _asked_in(form: re.Pattern, text: str, asking: list[tuple[int, int]]) -> bool:
    """The form occurs in the text reaching into one of the ``asking`` clauses (start, end)."""
    return any(found.start() < end and found.end() > start for found in form.finditer(text) for start, end in asking)


# 那个部门 in an ask that has no question word of its own (not even a closing 不 or 没): 哪个部门 mistyped; 那家公司
# …还能接着干不 points at a company
_THAT_FOR_WHICH_RE = re.compile(r"那(?=个(?:部门|单位|机关|机构|窗口|地方))")

# Words pointing at what the previous turn named (它, 这个, 该项, 他). Fewer measure words than a pointer saying
# nothing of a topic (evidence's _POINTER_RE): 管理人才那块呢 names its own part, with 那块 after it.
_POINTS_BACK_RE = re.compile(r"(?<!其)它|[这那该此][个条家位件项次份种些]|(?<!其)[他她](?![们人])")


# 要是…呢, 如果…呢 with no question word of its own: what happens in that case
_WHAT_IF_RE = re.compile(r"(?:要是|如果|假如|万一)[^，,。？?]*呢[？?]?$")


def read_by_own_words(asks: list[Ask], own: str, question: str = "") -> list[Ask]:
    """A follow-up's one ask typed by the follow-up's own words when they ask something (要什么条件 of 那队长呢？要什么
    条件) or put a case (``question`` 那要是…呢: what happens then): what the previous question lends its rewritten
    text (…有年龄要求) says what it is about, not what it asks;
    and its sentences shown chosen by those words (那东阿县的呢: the roster's line of 东阿县, not of the previous
    question's unit)."""
    if len(asks) != 1:
        return asks
    ask, kind = asks[0], answer_type(own)
    if kind is AnswerType.GENERAL and _WHAT_IF_RE.search(question):
        kind = AnswerType.CONSEQUENCE  # 那合同期里要是有一方严重违约呢: what happens then
    if kind is not AnswerType.GENERAL and kind is not ask.answer_type:
        ask = Ask(ask.text, kind, wanted(ask.text, kind, ask.subject), ask.context, ask.subject)
    # words pointing back (这个, 它) leave what the follow-up is about to the previous question's words
    # (as asked: own words are read without the pointer they open with, 它是依托哪个单位组建的)
    by_own_words = (own and own in ask.text and own != ask.text
                    and not _POINTS_BACK_RE.search(question) and not _POINTS_BACK_RE.search(own))
    return [replace(ask, own=own) if by_own_words else ask]


def asks_of_its_own(own: str) -> bool:
    """A follow-up's own words ask a question of their own (那案子结了以后，材料怎么处理), not only put another
    subject to the previous one (常务会议呢？)."""
    return bool(_ASKING_RE.search(own.replace("呢", "")))


def split_asks(question: str) -> list[Ask]:
    """The asks of a question, in order; a question with one ask (most) gives one, whose text is the question.
    A clause that asks nothing is context: for the ask it follows within a sentence, or for the asks after it
    when it opens a sentence (…多少天内要登记？一审判决下来认为要上诉的，几天内提出上诉建议？)."""
    clauses = [c.strip() for c in _CLAUSE_RE.findall(question) if c.strip(" ，,。？?！!；;\n")]
    asking: list[str] = []
    context: list[str] = []
    pending = ""  # clauses waiting for the ask they lead to
    sentence_open = False  # the last ask's sentence goes on (it ended with a comma)
    for n, clause in enumerate(clauses, start=1):
        body = clause.rstrip(_CLAUSE_END)
        if _JOINER_RE.fullmatch(body):  # 另外，… joins asks and asks nothing
            continue
        frame = bool(_FRAME_RE.search(body)) and n < len(clauses) and not clause.endswith(("？", "?"))
        if not _asks_something(clause) or frame or (asking and sentence_open and _whether_known(body)):
            if asking and sentence_open and not frame:
                asking[-1] += clause  # …怎么处理，由谁处理 — asks nothing new, belongs to the ask before it
            elif asking:
                pending += clause
            else:
                context.append(clause)
            continue
        if not asking and not pending and context and re.match(_EACH, body):
            body = context.pop().rstrip("，, ") + body  # X、Y，分别要求什么时候完成: what is asked of is before it
        elif not asking and not pending and context and re.match(_BEFORE_EACH, body):
            body = context.pop() + body  # X和Y，市政府分别召开的是第几次…: the comma stays, before the words said of both
        asking.append(pending + body)
        pending = ""
        sentence_open = not clause.endswith(("？", "?", "。", "！", "!", "；", ";"))
    if pending and asking:
        asking[-1] += pending
    asking = [part for text in asking for part in _respectively(text)]
    if len(asking) <= 1:
        return [Ask.of(question.strip())]
    prefix = "".join(context)
    asks = []
    for i, text in enumerate(asking):
        joiner = _JOINER_RE.match(text)
        text = text[joiner.end():] if joiner and joiner.end() < len(text) else text
        asks.append(Ask.of(text, prefix, "" if i == 0 else _subject(asking[0], text).strip()))
    return asks


# …收了多少、花了多少，老百姓能看到吗: whether what the clause before asks is made known, one ask (公开医保基金收支)
_WHETHER_KNOWN_RE = re.compile(r"[^，,。？?！!；;]{0,10}?(?:能|可以|会)?(?:不能|不会)?(?:对外|向社会|给大家)?"
                               # 看的到: the common slip of 的 for 得
                               r"(?:看到|看[得的]到|看着|查到|查[得的]到|查询|知道|公开|公布|公示)(?:出来|给大家看)?"
                               # 能查到收支情况吗: what is made known named after the verb
                               r"(?:[^，,。？?！!；;]{0,6}?(?:情况|信息|名单|结果|数据|明细|账目|收支))?(?:吗|不|么|没有|没|呢)?")
_OWN_QUESTION_WORD_RE = re.compile(r"哪|谁|什么|啥|多少|几|怎|如何")
# 人均天数、花多少钱这些信息…: the things named before, taken up again as what the rest of the clause is about
_TAKEN_UP_RE = re.compile(r"这些|这类|这种|这样的|之类的?")


_MADE_KNOWN = "公开"  # what the documents call making a thing known to the public (公开医保基金收支)


def _asks_made_known(text: str) -> bool:
    """The ask's last clause asks only whether what the clause before asks is made known (收了多少、花了多少，能看到吗),
    or what it takes up again (一次住院花多少钱这些信息会对外公开吗)."""
    clauses = [c.rstrip(_CLAUSE_END) for c in _CLAUSE_RE.findall(text.translate(_COLLOQUIAL))]
    if len(clauses) > 1 and _whether_known(clauses[-1]):
        return True
    taken_up = list(_TAKEN_UP_RE.finditer(clauses[-1])) if clauses else []
    return bool(taken_up) and taken_up[-1].start() > 0 and _whether_known(clauses[-1][taken_up[-1].end():])


def _whether_known(clause: str) -> bool:
    """The clause asks only whether the thing the clause before it asks about is made known (能看到吗, 会公开吗)."""
    return bool(_WHETHER_KNOWN_RE.fullmatch(clause)) and not _OWN_QUESTION_WORD_RE.search(clause)


def _asks_something(clause: str) -> bool:
    """A clause asks when it has a question word or ends with a question mark (该找那个部门投诉？)."""
    return bool(_ASKING_RE.search(clause.rstrip(_CLAUSE_END))) or clause.rstrip().endswith(("？", "?"))


_EACH = r"(?:各自|分别|各)"
_BEFORE_EACH = rf"[^，,、？?]{{1,8}}?{_EACH}"
SHORT_ITEM = 4  # X of X和Y分别… this short is a name or a word (城市, 刘清章); Y much longer goes on past itself
# X和Y分别…, trying 和 before 以及, 及 and 与 (参与, 给与 hold one)
# X和Y，市政府分别…: a few words after a comma may come between Y and 分别 (said of X and of Y alike)
_RESPECTIVELY_RES = [re.compile(rf"^(?P<head>.*?)(?P<a>《[^》]{{2,60}}》|(?:(?!{sep})[^，,、]){{2,30}}?){sep}"
                                rf"(?P<b>《[^》]{{2,60}}》|(?:(?!{sep})[^，,、]){{2,30}}?)"
                                rf"(?P<between>[，,][^，,、]{{0,8}}?)?(?P<rest>{_EACH}\S+)$")
                     for sep in ("和", "以及", "及", "与")]
# A、B、C分别…: a list of three or more, or of long items, before 分别/各
_LISTED_RESPECTIVELY_RE = re.compile(rf"^(?P<listed>[^，,]+、[^，,]+?)(?P<rest>{_EACH}\S+)$")


def _respectively(ask: str) -> list[str]:
    """X和Y分别（各）… asks it of X and of Y: 地方性法规项目和政府规章项目各有多少件 -> two asks; so does a list
    X、Y、Z分别…."""
    for pattern in _RESPECTIVELY_RES:
        m = pattern.match(ask)
        if m and _ASKING_RE.search(m["rest"]):
            head, a, b = m["head"], m["a"], m["b"]
            lead, _, own = a.rpartition("的")
            if lead and 2 <= len(own) <= SHORT_ITEM:  # 已完成整治的城市和县城建成区…: 已完成整治的 is said of both
                head, a = f"{head}{lead}的", own
            rest = (m["between"] or "") + re.sub(f"^{_EACH}", "", m["rest"])
            if len(a) <= SHORT_ITEM < len(b) - 2 and not b.startswith("《"):  # 城市和县城已治好的黑臭水体各有几条:
                b, rest = b[:len(a)], b[len(a):] + rest  # Y's words past X's length are said of X too
            return [f"{head}{a}{rest}", f"{head}{b}{rest}"]
    m = _LISTED_RESPECTIVELY_RE.match(ask)
    if m and _ASKING_RE.search(m["rest"]):
        items = [item for item in m["listed"].split("、") if len(item) >= 2]
        if len(items) >= 2:
            rest = re.sub(f"^{_EACH}", "", m["rest"])
            return [f"{item}{rest}" for item in items]
    return [ask]


# a later ask opening with the first's question form (…培育多少名数字专员？多少名管理标兵？) or with the 对 that
# introduced the first's own thing (…对法律顾问提出了什么目标？对行政复议又有什么定位？) asks it of its own thing
_OPENING_FORM_RE = re.compile(rf"(?:多少|几)(?:个)?(?:{_CLASSIFIERS})|哪(?:些|个|位|家)|对(?![外于象])")
_NOT_OPENING = "针应相绝核面反"  # 针对, 应对 …: words, not the 对 that introduces what is asked of


def _subject(ask: str, later: str = "") -> str:
    """What the first ask is about, for the asks after it that leave it out: its words without the question
    words (聊城是不是要出停车场管理的法规 -> 聊城要出停车场管理的法规); only those before its question form when the
    later ask opens with that form and names its own thing there (…培育多少名数字专员？多少名管理标兵？)."""
    opening = _OPENING_FORM_RE.match(later)
    at = re.search(rf"(?<![{_NOT_OPENING}]){re.escape(opening[0])}", ask) if opening else None
    if at and at.start() > 0:
        ask = ask[:at.start()]
    return _ASKING_RE.sub("", ask)
