"""Is a question inside what the collected gazettes can answer? Refuse plainly when it is not.

Each rule names a reason a reader can check: an article beyond the end of a document, a 文号 that was not
collected, another city, a date or period no document covers, a year or 届 other than the one collected, a
regulation the gazettes only mention (e.g. in a legislation plan) without printing it. Similarity scores
cannot tell "answerable in plain words" from "out of scope" reliably (docs/benchmarks.md), so these rules
look at facts instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..catalog import DOC_TYPES, YEAR, Catalog, identity, short_place
from ..index.core import CollectionText
from ..text.instructions import looks_like_instruction
from ..text.normalize import normalize_text
from ..text.numerals import CLOSE_BRACKETS, OPEN_BRACKETS, int_to_cn
from ..text.patterns import DATE_RE, EVENT_ORDINAL_RE, VALIDITY_RE, YEAR_MONTH_RE
from ..text.places import place_names
from ..text.tokenizer import ChineseTokenizer
from ..types import Chunk, ProvisionKind
from .analysis import QueryAnalysis

_DOC_NUMBER_RE = re.compile(rf"[\u4e00-\u9fff]{{2,8}}{OPEN_BRACKETS}\s*\d{{4}}\s*{CLOSE_BRACKETS}\s*\d{{1,4}}\s*号|"
                            r"(?:人民)?政府令\s*第\s*\d{1,4}\s*号")
_PERIOD_RE = re.compile(r"(\d{4}年度?|第(?:\d{1,4}|[一二三四五六七八九十百]{1,4})[届次期批])([\u4e00-\u9fff]{2,12})")
_BRACKETED_TITLE_RE = re.compile(r"《([^》]{2,40})》")
_PERSON_QUESTION_RE = re.compile(r"^([\u4e00-\u9fff]{2,3})(?:被任命|被免去|任什么|的职务|现在任|原来是|调任|接任)")
_TITLE_RE = re.compile(r"([\u4e00-\u9fff]{2,22}?(?:条例|办法|规定|细则|规则))(?=规定|的|里|中|第|对|是|有|怎|要|关于|[，。？?、\s]|$)")
# 闲置土地的处置办法, 有什么处置办法, 有哪些工作规定: plain words around 办法/规定, not a document's title.
# 这个办法, 该规定: the document the conversation is about, not a title
_NOT_A_TITLE_RE = re.compile(r"的|什么|哪些|哪个|怎么|怎样|如何|多少|是否|有没有|有|^(?:这|那|该|本|此|上述|上面|同一)")
# 《开工提醒书》, 《政府工作报告》: a form or report a collected provision names, not a text of rules we lack
_RULES_TITLE_RE = re.compile(rf"(?:{'|'.join(DOC_TYPES)}|法|决定|通知|纲要|制度)$")
_PLAN_RE = re.compile(r"起草|牵头|立法|规划|计划|出台|审议|制定|什么时候出|要出|打算")
_PEOPLE_QUESTION_RE = re.compile(r"谁|任命|免去|职务|主任|局长|任免|调整|接替|名单|人事|变动|换人|上任|卸任|离任|任职")
# 帮我写一份申请书, 替我起草一封投诉信: asking for a text to be written, not for what the documents say; 能不能 asks
# the assistant only when it names it or for whom (你能不能写, 能不能替我写): 能不能写个承诺书代替 asks what the asker may do
_WRITING_REQUEST_RE = re.compile(r"(?:帮我|替我|给我|帮忙|请你?|麻烦你?|你(?:能否|能不能|可以)|(?:能否|能不能|可以)(?=帮|替我|给我))"
                                 r"(?:帮我|替我|给我)?"
                                 r"(?:[把将][^，,。？?]{1,40}?)?"
                                 r"(?:(?:写|起草|草拟|拟写|代写|撰写|编写|润色|修改|改写)成?(?:一下|一?[个份篇封首段副])|"
                                 r"翻译|译成|翻成|总结成|改成|(?:改写|缩写|扩写|改编|整理|写)成(?!了))|"
                                 # 把大事记改写成新闻稿: an order opening with what is to be rewritten
                                 r"^[把将][^，,。？?]{1,40}?(?:改写|缩写|扩写|改编|整理|写|翻译|译|总结|概括)成(?!了)(?![^，,。]*?[吗？?])|"
                                 # 写一首赞美聊城的七言绝句: an order to write, opening the text without 帮我
                                 r"^(?:写|起草|草拟|拟写|撰写|编写|创作|作)(?:一|两|几)?(?:首|篇|份|封|段|副)(?![^，,。]*?[吗？?])|"
                                 # “政务公开”用日语怎么说, 把第一条翻译成英文: a translation, asked without 帮我
                                 r"用(?:英语|英文|日语|日文|韩语|韩文|法语|德语|俄语|外语)(?:怎么说|怎么讲|怎么写|怎么表达)|"
                                 r"(?:翻译|译|翻)成(?:英语|英文|日语|日文|韩语|韩文|法语|法文|德语|德文|俄语|俄文|外语|外文)")
# 你个人觉得…值得来投资吗: asking the assistant's own opinion, which the documents cannot give
# (a bare 你觉得 often opens a question the documents answer: 你觉得我这种情况能申请延期吗)
# — unless it asks for a judgement: 你觉得…合理吗, 你认为…干得怎么样
# — or a recommendation: 推荐一个, 哪个牌子好, 值得买吗 (a 品牌 or a 推荐 of the documents' own is not asked so)
_OPINION_REQUEST_RE = re.compile(r"你(?:个人|自己)(?:觉得|认为|看来|看)|你(?:怎么看|的看法|的个人意见)|"
                                 r"你(?:觉得|认为)[^？?]{0,30}?(?:合理|公平|好不好|干得|漏洞|值不值|对不对|评价)|"
                                 r"推荐(?:一下|一个|一家|几个|几家|个|些)[^，,。？?吗]{0,8}?(?:吧|呗|呢|啊)?(?=[？?。！!，,]|$)|"
                                 r"有(?:什么|哪些|啥)[^，,。？?]{0,6}推荐|哪(?:个|家|款|种)(?:牌子|品牌|店)?的?(?:最好|比较好|好)"
                                 r"(?=[？?。！!，,吗呢]|$)|值不值得买|值得买|值得入手")
# 明天会下雨吗, 这两天路况怎么样: conditions on a day relative to today are reported live, not in dated documents
# (a plan for 今年 is in them; 明天去办…要带什么 asks a procedure, not a forecast)
_NEAR_DAY = r"今天|今日|明天|明日|后天|今晚|明早|明晚|这两天|这几天|近几天|这周|本周|下周|周末"
_LIVE_CONDITION = r"天气|下雨|下雪|降雨|降雪|气温|温度|刮风|大风|雾霾|空气质量|路况|堵车|股价|油价|金价"
_FORECAST_RE = re.compile(rf"(?:{_NEAR_DAY})[^。；;！!？?]*?(?:{_LIVE_CONDITION})|"
                          rf"(?:{_LIVE_CONDITION})[^。；;！!？?]*?(?:{_NEAR_DAY})")
_YEARS_AT_END_RE = re.compile(rf"(?:{YEAR}的?)+$")
# 2020年的聊城市政府工作规则: how far after a year a document's name may start (its owner between)
OWNER_GAP = 5
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD_RE = re.compile(r"[a-z][a-z0-9]+")
NOT_CHINESE_REASON = ("没有看懂这个问题：已收录的是中文的政府文件，请用中文描述想了解的规定，例如“土地闲置多久会被认定为"
                      "闲置土地？”。(Please ask in Chinese: the collected documents are Chinese government gazettes.)")


@dataclass
class ScopeVerdict:
    refused: bool
    kind: str | None = None  # not_a_policy_question, writing_request, opinion_request, not_chinese,
    #                          live_information, missing_article, unknown_doc_number,
    #                          shared_doc_number, other_place, date_not_covered, other_period, document_not_collected, ...
    reason: str | None = None  # shown to the user, in Chinese


IN_SCOPE = ScopeVerdict(False)


def _period_of(text: str) -> str:
    """The year or 第N届 a period names, without spaces, 度 or a place after it: 2022 年聊城市 -> 2022年."""
    m = re.search(r"\d{4}\s*年|第\s*\S{1,6}?\s*[届次期批]", text)
    return re.sub(r"\s", "", m.group(0)) if m else text


class ScopeChecker:
    def __init__(self, catalog: Catalog, corpus: CollectionText, tokenizer: ChineseTokenizer):
        self.catalog = catalog
        self.tokenizer = tokenizer  # its jieba (with the corpus's terms) cuts questions into words
        self.corpus = corpus.text
        self.appointments = corpus.appointments
        self.event_dates = set(catalog.event_dates)
        self.years = sorted({d[:4] for d in self.event_dates} | set(re.findall(r"(20\d\d)年", self.corpus)))
        self.latin_words = set(_LATIN_WORD_RE.findall(self.corpus))  # GPS, APP, DVR: the few the gazettes use
        # The places the collection belongs to (聊城市; 中华人民共和国, 河南省 and its cities), most documents first.
        owners = Counter(o for places in catalog.owners.values() for o in places)
        self.places = [o for o, _ in owners.most_common()]
        self._place_names = "|".join(re.escape(n) for n in sorted({n for p in self.places for n in (p, short_place(p))},
                                                                  key=len, reverse=True)) or "(?!)"

    def check(self, analysis: QueryAnalysis) -> ScopeVerdict:
        """Rules on the question alone (before anything is retrieved for it)."""
        for rule in (self._instruction_not_question, self._asks_for_something_else, self._no_chinese_words, self._missing_article,
                     self._unknown_doc_number, self._other_place, self._other_owner, self._uncollected_document,
                     self._other_period,
                     self._date_not_covered, self._unknown_person):
            verdict = rule(analysis)
            if verdict.refused:
                return verdict
        return IN_SCOPE

    def check_hits(self, analysis: QueryAnalysis, hits: list[Chunk]) -> ScopeVerdict:
        """Rules on what retrieval found for the question (``hits``, best first)."""
        return self._topic_only_named_in_appointments(analysis.text, hits)

    def _topic_only_named_in_appointments(self, text: str, hits: list[Chunk]) -> ScopeVerdict:
        """住房公积金 appears only in a post's name (住房公积金管理中心主任): no rule about it was collected."""
        if not hits or _PEOPLE_QUESTION_RE.search(text) or hits[0].kind != ProvisionKind.APPOINTMENT:
            return IN_SCOPE
        post = normalize_text(hits[0].post or "")
        topics = [w for w in self.tokenizer.segmenter().lcut(text) if len(w) >= 2 and w in post
                  and self.corpus.count(w) == self._appointment_mentions(w)]
        if topics:
            return ScopeVerdict(True, "topic_only_in_appointments",
                                f"已收录的文件中“{topics[0]}”只出现在人事任免的职务名称里，没有相关规定。")
        return IN_SCOPE

    def warm_up(self) -> None:
        """jieba's dictionary loads in ~1 s: pay it at start-up, not on the first question."""
        self.tokenizer.segmenter()
        place_names()

    def _collection(self) -> str:
        """The places the collected documents belong to, as a reply names them: 聊城市, 中华人民共和国和河南省…"""
        shown = self.places[:3]
        return "、".join(shown) + ("等地" if len(self.places) > 3 else "") if shown else "已收录地区"

    def _without_place(self, title: str) -> str:
        """A title named with one of the collection's places (聊城市…办法, 聊城…办法) is looked up without it."""
        for place in self.places:
            for name in (place, short_place(place)):
                if title.startswith(name) and len(title) > len(name) + 2:
                    return title[len(name):]
        return title

    def _appointment_mentions(self, word: str) -> int:
        return self.appointments.count(word)

    def _instruction_not_question(self, q: QueryAnalysis) -> ScopeVerdict:
        if looks_like_instruction(q.text):
            return ScopeVerdict(True, "not_a_policy_question",
                                "这是给助手的指令，不是关于政府文件的问题；本助手只依据已收录的文件回答，"
                                "请直接问想了解的规定，例如“闲置土地怎么认定？”。")
        return IN_SCOPE

    def _asks_for_something_else(self, q: QueryAnalysis) -> ScopeVerdict:
        """Asking for something other than what the documents say: a text written, an opinion, a forecast."""
        if _WRITING_REQUEST_RE.search(q.text):
            return ScopeVerdict(True, "writing_request",
                                "本助手只回答已收录的政府文件规定了什么，不代写文书；可以问文件对此有什么要求，例如"
                                "“申请政府信息公开要提交哪些材料？”。")
        if _FORECAST_RE.search(q.text):
            return ScopeVerdict(True, "live_information",
                                "已收录的是已发布的政府文件和大事记，不提供天气、路况、股价等实时信息；请查看气象、交通等部门"
                                "的实时发布。可以问文件对此有什么规定，例如“灾害性天气预警由哪个部门负责？”。")
        if _OPINION_REQUEST_RE.search(q.text):
            return ScopeVerdict(True, "opinion_request",
                                "本助手不发表个人看法，只回答已收录的政府文件规定了什么；可以问文件对此有什么规定，例如"
                                "“对新引进的企业有哪些扶持政策？”。")
        return IN_SCOPE

    def _no_chinese_words(self, q: QueryAnalysis) -> ScopeVerdict:
        """English, SQL, shell, numbers alone: retrieval would still rank some provision first, and citing it
        would be a wrong citation. A Latin word the gazettes use (GPS) is a question they can answer."""
        if _CJK_RE.search(q.text) or any(w in self.latin_words for w in _LATIN_WORD_RE.findall(q.text)):
            return IN_SCOPE
        return ScopeVerdict(True, "not_chinese", NOT_CHINESE_REASON)

    def _missing_article(self, q: QueryAnalysis) -> ScopeVerdict:
        for key in q.refs.doc_keys:
            articles = self.catalog.article_numbers.get(key, [])
            for number in q.refs.article_numbers:
                if articles and number > len(articles) and number not in articles:
                    title = self.catalog[key].title
                    return ScopeVerdict(True, "missing_article",
                                        f"《{title}》共{len(articles)}条，没有第{int_to_cn(number)}条。")
        return IN_SCOPE

    def _unknown_doc_number(self, q: QueryAnalysis) -> ScopeVerdict:
        for m in _DOC_NUMBER_RE.finditer(q.text):  # normalised, as the references were read
            if q.refs.doc_keys:
                break
            number = m.group(0).strip()
            carriers = self.catalog.with_number(number)
            # a copy in another file (not another version): which one is meant is unknown
            if len({d.source for d in carriers}) > len({identity(d) for d in carriers}):
                files = list(dict.fromkeys(d.source for d in carriers))
                return ScopeVerdict(True, "shared_doc_number", f"{number}是{len(files)}个文件（{'、'.join(files)}）中的文件"
                                    "共用的文号，无法确定指哪一份，因此不作引用；请管理员删除重复的副本或更正其文号后重建索引。")
            if not carriers:
                return ScopeVerdict(True, "unknown_doc_number", f"已收录的文件中没有{number}。")
        return IN_SCOPE

    def _other_place(self, q: QueryAnalysis) -> ScopeVerdict:
        places = place_names()
        for word in self.tokenizer.segmenter().lcut(q.question):
            if word in places and normalize_text(word) not in self.corpus:
                return ScopeVerdict(True, "other_place", f"已收录的是{self._collection()}的政府文件，没有关于{word}的规定。")
        return IN_SCOPE

    def _other_owner(self, q: QueryAnalysis) -> ScopeVerdict:
        """山东省2022年立法工作计划 when the 立法工作计划 collected is 聊城市's: a collected name after another place."""
        if q.refs.doc_keys:
            return IN_SCOPE
        text = normalize_text(q.text)
        places = place_names()
        for start, alias in self.catalog.names_in(text):
            before = _YEARS_AT_END_RE.sub("", text[max(0, start - 12):start])
            # the longest place the text before the name ends with (聊城市, not its tail 城市)
            place = next((before[-n:] for n in range(len(before), 1, -1) if before[-n:] in places), None)
            keys = self.catalog.works[self.catalog.aliases[alias]]
            owners = {w for key in keys for o in self.catalog.owners[key] for w in (o, short_place(o))}
            if place and place not in owners:
                return ScopeVerdict(True, "other_place", f"已收录的是{self._collection()}的《{self.catalog[keys[-1]].title}》，"
                                                         f"没有{place}的。")
        return IN_SCOPE

    def _unknown_person(self, q: QueryAnalysis) -> ScopeVerdict:
        m = _PERSON_QUESTION_RE.match(q.question.strip())
        if m and m.group(1) not in self.corpus:
            return ScopeVerdict(True, "unknown_person", f"已收录的任免通知和大事记中没有{m.group(1)}。")
        return IN_SCOPE

    def _uncollected_document(self, q: QueryAnalysis) -> ScopeVerdict:
        if q.refs.doc_keys:
            return IN_SCOPE
        for m in _BRACKETED_TITLE_RE.finditer(q.question):  # 《中华人民共和国审计法》: a text we do not hold
            if m.group(1) in self.corpus and not _RULES_TITLE_RE.search(m.group(1)):
                continue
            return ScopeVerdict(True, "document_not_collected",
                                f"未收录《{m.group(1)}》，无法回答它的具体规定。")
        if _PLAN_RE.search(q.text):
            return IN_SCOPE
        for m in _TITLE_RE.finditer(q.text):
            title = self._without_place(m.group(1))
            if len(title) < 4 or _NOT_A_TITLE_RE.search(re.sub(r"^关于.*的", "", title)):
                continue
            if any(start + len(alias) == len(title) for start, alias in self.catalog.names_in(title)):
                continue  # 听说土地供后监管办法: a collected 供后监管办法, named with words before it
            where = "只在其他文件中提到了它" if title in self.corpus else "没有收录它"
            return ScopeVerdict(True, "document_not_collected",
                                f"已收录的文件中没有《{m.group(1)}》的具体规定（{where}）。")
        return IN_SCOPE

    def _other_period(self, q: QueryAnalysis) -> ScopeVerdict:
        """2023年立法工作计划 when 2022年立法工作计划 was collected; 第二届 / 第122次 / 第5期 when only other
        届, 次 or 期 were. A question naming a collected document is about that document's period."""
        if q.refs.doc_keys:
            return IN_SCOPE
        for m in _PERIOD_RE.finditer(q.text):
            period, rest = m.group(1), m.group(2)
            if rest[0] in "底初前后内以":
                continue
            rest = rest[1:] if rest[0] == "的" and len(rest) > 2 else rest  # 2020年的立法工作计划
            unit = EVENT_ORDINAL_RE.fullmatch(period)
            # 2022 年聊城市政务公开工作要点: the collection's place may stand between the period and the phrase
            any_period = re.compile((rf"第(?:\d{{1,4}}|[一二三四五六七八九十百]{{1,4}}){unit.group(1)}" if unit else
                                     r"\d{4}\s*年度?") + rf"\s*(?:{self._place_names})?\s*$")
            if unit and unit.group(1) == "期" and period not in self.corpus and self._anywhere(any_period):
                return ScopeVerdict(True, "other_period", f"已收录的公报中没有{period}。")
            for size in range(min(8, len(rest)), 1, -1):
                phrase = rest[:size]
                if f"{period}{phrase}" in self.corpus:
                    break
                found = self._preceded(phrase, any_period) if size >= (2 if unit else 3) else []
                if any(_period_of(f) == _period_of(period) for f in found):
                    break  # 2022年政务公开工作要点 is the collected 2022 年聊城市政务公开工作要点
                if found:
                    return ScopeVerdict(True, "other_period", f"已收录的是{found[0]}{phrase}，没有{period}{phrase}。")
            version = self._other_version(period, rest)
            if version.refused:
                return version
        return IN_SCOPE

    def _other_version(self, period: str, rest: str) -> ScopeVerdict:
        """2020年的政府工作规则 when the rules collected are those of 2022: a year before a collected document's name
        that none of its versions has."""
        year = re.fullmatch(r"(\d{4}年)度?", period)
        named = [alias for start, alias in self.catalog.names_in(normalize_text(rest)) if start <= OWNER_GAP]
        if not year or not named:
            return IN_SCOPE
        keys = self.catalog.works[self.catalog.aliases[named[0]]]
        if any(year[1] in self.catalog.years[key] for key in keys):
            return IN_SCOPE
        collected = "、".join(sorted({y for key in keys for y in self.catalog.years[key]}))
        return ScopeVerdict(True, "other_period", f"已收录的《{self.catalog[keys[-1]].title}》是{collected}的，没有{year[1]}的版本。")

    def _preceded(self, phrase: str, before: re.Pattern) -> list[str]:
        """Each ``before`` (a year, a 第N届, with a place after it) that an occurrence of ``phrase`` in the
        collection follows. str.find walks the collection's text at memory speed; a regex over it would not."""
        found: list[str] = []
        start = self.corpus.find(phrase)
        while start >= 0:
            m = before.search(self.corpus, max(0, start - 16), start)
            if m and m.group(0) not in found:
                found.append(m.group(0))
            start = self.corpus.find(phrase, start + 1)
        return found

    def _anywhere(self, period: re.Pattern) -> bool:
        return re.search(period.pattern.removesuffix("$"), self.corpus) is not None

    def _date_not_covered(self, q: QueryAnalysis) -> ScopeVerdict:
        if VALIDITY_RE.search(q.text):
            return IN_SCOPE  # "还有效吗" questions are answered with the document's dates
        for m in DATE_RE.finditer(q.text):
            year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
            years = [year] if year else self.years
            iso = {f"{y}-{month:02d}-{day:02d}" for y in years}
            if iso & self.event_dates or f"{month}月{day}日" in self.corpus:
                continue
            return ScopeVerdict(True, "date_not_covered", f"已收录的文件和大事记中没有{m.group(0)}的记录。")
        for m in YEAR_MONTH_RE.finditer(q.text):
            year, month = m.group(1), int(m.group(2))
            if any(d.startswith(f"{year}-{month:02d}") for d in self.event_dates) or m.group(0) in self.corpus:
                continue
            return ScopeVerdict(True, "date_not_covered", f"已收录的文件和大事记中没有{m.group(0)}的记录。")
        return IN_SCOPE
