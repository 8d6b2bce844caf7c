"""Does a provision answer an ask? The ask's focus words (what it is about, without the question's frame) and
how many of them the provision covers; whether it states what the ask's type needs (a figure, a period, a
body); and the verdict per ask: answered, addressed but not stated, or not found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, pairwise

from ..text.normalize import comparable, normalize_text
from ..text.numerals import share_within_bounds
from ..text.patterns import COUNTED_HEADING_RE, ISSUED
from ..text.places import place_names
from ..text.thesaurus import Thesaurus
from ..text.tokenizer import STOPWORDS, content_bigrams, same_kind
from ..types import AskStatus, Hit, LookupKind, ProvisionKind
from .asks import FORMER_HOLDER_ASKED, PREVIOUS_POST_ASKED, AnswerType, Ask
from .sentences import definition_bonus, not_done_bonus, sentences

# Phrases that frame a question without saying what it is about: question words and particles. General
# Chinese, not words of any one document; removed before the question is cut into words.
_FRAME_RE = re.compile(
    r"多少钱|百分之多少|百分之几|多少|几月几[号日]|几月份|几[月号日天年次个名家项条人位]|哪几[天个项家]|哪一[天年个]|几|"
    r"会不会|要不要|能不能|可不可以|是不是|有没有|需不需要|行不行|算不算|够不够|给不给|"
    r"怎么样|怎么办(?!理)|怎么|怎样|如何|什么样|什么|哪些|哪个|哪里|哪儿|哪|谁|是否|能否|可否|咋办(?!理)|咋|啥|为什么|为何|何时|多久|多长时间|多长|"
    r"吗|呢|吧|啊|呀|嘛|哦")
# Words that are still frame after that: the asker (in dialect too), the government in general, "rule" and
# "policy" themselves.
FRAME_WORDS = frozenset(
    "我 我们 我家 自己 本人 你 你们 咱们 老百姓 群众 市民 个人 大家 人家 别人 俺 俺们 俺家 咱 咱家 "
    "政府 市里 市 本市 聊城 聊城市 当地 这边 那边 现在 目前 今年 去年 明年 最近 一般 通常 平时 具体 主要 到底 究竟 "
    "规定 规定了 政策 文件 相关 有关 方面 情况 问题 事情 事 东西 内容 要求 "
    "需要 可以 应该 应当 能 会 要 得 必须 想 想要 打算 准备 知道 了解 告诉 请问 请 问 一下 说 讲 提 听说 据说 "
    "要是 如果 假如 万一 还有 另外 最后 最终 开始 是从 来 去 出 当 "
    "其中 里面 里 中 上 下 时 时候 以后 之后 之前 的话 "
    "后面 后来 然后 接下来 随后 事后 "
    "了 的 地 着 过 是 有 在 和 与 及 或 也 都 就 还 又 再 才 但 而 并 把 被 让 给 对 为 从 到 向 跟 "
    "一个 一些 一次 多 少 大 小 好 不 没 没有 算 叫 做 搞 弄 办 办理 "
    # the kind of figure asked (频次上限是多少: 每年不超过1次 answers it without either word)
    "频次 频率 次数 上限 下限 比例 期限 时限 年限 金额 数额 数量".split()
)
# 那条, 这块, 那次: a pointer to something the asker has in mind (a demonstrative and a measure word), not its topic
_POINTER_RE = re.compile(r"[这那哪此该某][个条块家位件项次回张片座栋所间只辆棵批类份场笔种些样]")
_MODALS = "能要会可该应得想一"  # 能领, 要罚, 一签: a modal or 一 glued to a verb
_WORD_RE = re.compile(r"[\u4e00-\u9fff]+|[a-z\d]+")  # 3d, 5g, 12345: letters and digits are one word
# Calibrated on eval/questions.jsonl and eval/dev2.jsonl (docs/benchmarks.md, "On topic or not").
ON_TOPIC = 0.25  # weighted coverage of the ask's focus below which no provision is about it
SENTENCE_ON_TOPIC = 0.3  # coverage a figure's sentence (with its document title) needs to count for the ask
FIGURE_ON_TOPIC = 0.3  # coverage a provision other than the best needs for its figure to answer the ask
CASES_SHOWN = 12  # sentences an answer shows of a provision listing the cases asked for (下列情形之一: its items)
FIGURE_SENTENCE_BONUS = 0.4  # what stating the figure asked for adds to a sentence's claim to be shown
AGREEMENT_RANK = 3  # a provision within this rank of both rankers is on topic whatever its words
# … but not for how to do something (补办身份证要带哪些材料) whose words it all but lacks: the rankers agree on the
# procedure's own words (材料, 办理), which every procedure shares (docs/benchmarks.md, "blind13"; 0.1 -> 0.2 refused
# three more unanswerable and lost nothing on fifteen read sets, 0.25 the same)
PROCEDURE_AGREED_FLOOR = 0.2
CANDIDATES = 5  # hits read per ask
NEAR_TIE = 0.92  # a second candidate scored this share of the first is tied with it (0.95 until blind26) …
COVERAGE_LEAD = 0.2  # … and taken when it covers this much more of the ask's focus (measured: docs/benchmarks.md)
# A sentence is about the ask when it covers this share of the asking clause's own words, when they weigh this much
# (去哪投诉: 投诉); measured against 0.5 and 1.0, which answered two more and one unanswerable (docs/benchmarks.md)
ASKING_ON_TOPIC = 0.6
ASKING_OWN_WEIGHT = 1.5
ASKING_FOCI_KEPT = 256  # asking clauses whose focus a judge keeps
OWN_WORDS_WEIGHT = 2.0  # how much more an ask's own words weigh than its context's in choosing its sentences
LISTED_ITEMS = 5  # a list this short is answered item by item when its heading is asked which ones it counts
# A focus word found only as its official term (没动工 as 未动工开发) counts for less than the word itself: the
# everyday word may mean more than the term says. Measured with 0.8: docs/benchmarks.md, "Everyday words".
ALTERNATIVE_CREDIT = 0.8
# A 任免 record or a 大事记 entry says what happened and who holds a post: not how to proceed, what follows, or
# what may or will be done (明天会不会下雨, 怎么预约专家号 are not answered by a day's entry or an appointment).
_RECORDS = frozenset({ProvisionKind.APPOINTMENT, ProvisionKind.EVENT})
_NOT_FROM_RECORDS = frozenset({AnswerType.PROCEDURE, AnswerType.CONSEQUENCE})
# 8. 聊城市东阿阿胶保护与发展条例 (起草牵头部门：市市场监管局): a planned text's title and who drafts it, not its rules
_PLANNED_TITLE_RE = re.compile(r"^[\d.、\s]*[^。；;\n]{4,40}?(?:条例|办法|规定|细则|规则)\s*[(（]起草牵头部门[:：][^)）]*[)）]\s*$")
_TERM_OF_POST_RE = re.compile(r"试用|任期|届")  # how long an appointment lasts: all a 任免 record says of time
_NOT_FROM_TITLES = frozenset({AnswerType.PROCEDURE, AnswerType.CONSEQUENCE, AnswerType.AMOUNT})
# 苏春雷 东阿阿胶股份有限公司 / 葛庆堂 鲁西化工集团…: a roster of names, a record like the others
_ROSTER_LINE_RE = re.compile(r"^[\u4e00-\u9fff]\s?[\u4e00-\u9fff]{1,2}\s+\S")
_ENTRY_DAY_RE = re.compile(r"(?<![\d年月])\d{1,2}日(?=[，,])")  # 8日，in 受…委托，8日，…主持召开
_EVENTS_ASKED_RE = re.compile(r"哪(?:些|几)(?:个|场|次|项)?(?:会议?|活动)")  # which meetings or events of a day
_PAST_RE = re.compile(r"的[？?。！!]?$|了")
_MODAL_RE = re.compile(r"能不能|可不可以|可以|能否|可否|允许|会不会|需不需要|要不要|必须|该不该|用不用|能.{0,12}吗|会.{0,8}吗")
OWN_TOPIC_WEIGHT = 2.0  # below this focus weight an ask of several names no topic of its own
# Whether a provision is on the ask's topic: a place (东昌府区) says where the question is asked, not what about,
# and weighs this share of its specificity (where to apply, 去哪办, the place still counts in full).
PLACE_SHARE = 0.2
# what a provision on topic by its words must cover of the ask's substance: its words beyond its places and the words
# any procedure shares (材料, 报名, 手续)
SUBSTANCE_FLOOR = 0.1
# A word's weight is its specificity above that of everyday words (一直, 听说: ~8-9), capped.
_EVERYDAY, _MAX_WEIGHT, _MIN_WEIGHT = 8.5, 6.0, 0.2
_MOST_PIECES = 4  # jieba cuts an everyday word it does not know into at most this many pieces (拖着不办)


@dataclass(frozen=True)
class Focus:
    words: tuple[str, ...]  # what the ask is about, in order
    weights: tuple[float, ...]
    alternatives: tuple[tuple[str, ...], ...] = ()  # per word, the official terms of its everyday word
    cut: Callable[[str, bool], list[str]] | None = None  # the tokenizer's words(text, new_words): a text's words

    @property
    def weight(self) -> float:
        return sum(self.weights)

    def without(self, said: set[str]) -> Focus:
        """The focus without the words in ``said``, each left word keeping its weight."""
        kept = [i for i, word in enumerate(self.words) if word not in said]
        return Focus(tuple(self.words[i] for i in kept), tuple(self.weights[i] for i in kept),
                     tuple(self.alternatives[i] for i in kept) if self.alternatives else (), self.cut)

    def topic(self) -> Focus:
        """The focus as what the ask is about: its places weigh less."""
        places = place_names()
        return replace(self, weights=tuple(w * PLACE_SHARE if word in places else w
                                           for word, w in zip(self.words, self.weights)))


def focus_of(text: str, tokenizer, thesaurus: Thesaurus | None = None) -> Focus:
    """The ask's words minus its frame, each weighted by how specific it is. ``tokenizer``: the index's
    ChineseTokenizer (jieba with the corpus terms); ``thesaurus``: the official terms a word may be written as."""
    words: list[str] = []
    for run in _WORD_RE.findall(_FRAME_RE.sub(" ", normalize_text(text))):
        # dictionary words only: jieba's guessed words glue a colloquial run together (局告, 只派, 地倒) and
        # would weigh as much as its rarest character; measured in docs/benchmarks.md ("Everyday words")
        cut = tokenizer.words(run, new_words=False) if "\u4e00" <= run[0] <= "\u9fff" else [run]
        for word in (_thesaurus_words(cut, thesaurus) if thesaurus is not None else cut):
            if len(word) == 2 and word[0] in _MODALS and not tokenizer.knows(word):
                word = word[1]  # jieba cut 能领 as one word it does not know: the verb is what it says
            if (word not in FRAME_WORDS and word not in STOPWORDS and not word.isdigit() and word not in words
                    and not _POINTER_RE.fullmatch(word)):
                words.append(word)
    weights = tuple(min(_MAX_WEIGHT, max(_MIN_WEIGHT, tokenizer.specificity(w) - _EVERYDAY)) *
                    (1.0 if len(w) >= 2 else 0.3) for w in words)
    cut = tokenizer.words
    if thesaurus is None:
        return Focus(tuple(words), weights, cut=cut)
    official = thesaurus.alternatives(words, text)
    return Focus(tuple(words), weights, tuple(official[w] or thesaurus.framed(w, FRAME_WORDS) for w in words), cut)


def _thesaurus_words(cut: list[str], thesaurus: Thesaurus) -> list[str]:
    """jieba's pieces with the everyday words the thesaurus knows put back together: 差评 is one word a citizen
    says (and weighs as one), not 差 and 评."""
    words: list[str] = []
    at = 0
    while at < len(cut):
        end = next((end for end in range(min(len(cut), at + _MOST_PIECES), at + 1, -1)
                    if "".join(cut[at:end]) in thesaurus.entries), at + 1)
        words.append("".join(cut[at:end]))
        at = end
    return words


def coverage(focus: Focus, text: str) -> float:
    """Share (weighted by specificity, 0..1) of the focus words a text contains: a word in full, as its official
    term (没动工: 未动工开发), a two-character word as an abbreviation (控烟: 控制吸烟), or a longer word in part
    (by its two-character pieces), so 闲置土地 is partly covered by 土地闲置, or as an abbreviation (国资委)."""
    if not focus.words:
        return 0.0
    text = normalize_text(text)
    found = 0.0
    for word, weight, official in zip(focus.words, focus.weights, focus.alternatives or [()] * len(focus.words)):
        if word in text and len(word) >= 3 and focus.cut is not None and _spliced_everywhere(word, text, focus.cut):
            continue  # 身份证 in 身份证明书 (身份 | 证明书): another word, which only shares its characters
        if word in text:
            found += weight
        elif any(term in text for term in official):
            found += weight * ALTERNATIVE_CREDIT
        elif len(word) == 2 and re.search(f"{re.escape(word[0])}.{{1,3}}{re.escape(word[1])}", text):
            found += weight * 0.6  # 控烟 in 控制吸烟, 医保 in 医疗保障: an abbreviation of the document's words
        elif len(word) >= 3:
            pieces = [word[i:i + 2] for i in range(len(word) - 1)]
            share = sum(p in text for p in pieces) / len(pieces)
            if share < 0.6 / 0.7 and len(word) <= 4 and _abbreviation(word).search(text):
                # 国资委 in 国有资产监督管理委员会, 意外险 in 意外伤害保险: each character opens a word of the name
                share = 0.6 / 0.7
            found += weight * 0.7 * share
    return found / focus.weight


SPLICE_WINDOW = 4  # characters read on each side of a word found, to see how the text's words fall around it
SPLICING_WORD = 3  # characters of the text's word that, running on past a word found, makes it another word


def _spliced_everywhere(word: str, text: str, cut: Callable[[str, bool], list[str]]) -> bool:
    """Whether every occurrence of the word in the text is cut through by the text's own words (身份 | 证明书 holds
    身份证)."""
    at = text.find(word)
    while at >= 0:
        start = max(0, at - SPLICE_WINDOW)
        if not _spliced(word, text[start:at + len(word) + SPLICE_WINDOW], at - start, cut):
            return False
        at = text.find(word, at + 1)
    return True


@lru_cache(maxsize=8192)
def _spliced(word: str, window: str, at: int, cut: Callable[[str, bool], list[str]]) -> bool:
    """A word of the text of SPLICING_WORD characters or more opens at the word's last character (证明书 at 身份证's
    证): not a compound's tail (救援|队伍 holds 救援队) nor the longer name the word shortens (市长|办公会议 holds 市长办公会)."""
    last, start = at + len(word) - 1, 0
    for piece in cut(window, False):
        if start == last:
            return len(piece) >= SPLICING_WORD
        start += len(piece)
    return False


@lru_cache(maxsize=4096)
def _abbreviation(word: str) -> re.Pattern:
    """A three- or four-character abbreviation's characters in order, a few characters apart (国资委)."""
    return re.compile(".{0,6}?".join(re.escape(ch) for ch in word))


def states(ask: Ask, text: str) -> bool:
    """Whether a text has what an answer to the ask is made of (the figure asked for, a period, a body …)."""
    return ask.wants is None or bool(ask.wants.search(text))


# A figure depends on the level it is set for (全省百强 is not 全国百强), on the bound it states (the least
# reward is not the most) and on what it pays: a sentence naming only another of these does not answer.
_LEVELS = {level: re.compile(pattern) for level, pattern in (
    ("national", r"国家级|全国|国控"), ("province", r"省级|全省|省控|省定"), ("city", r"市级|全市|市控"),
    ("county", r"县级|区级|全县|全区|县控"))}  # 国控/省控断面: sections monitored at that level
_BOUNDS = {bound: re.compile(pattern) for bound, pattern in (
    ("least", r"最少|最低|至少|不少于|不低于|下限|保底|起步|起付"), ("most", r"最多|最高|至多|不超过|不高于|上限|封顶"))}
# and on where it is: a city's built-up area is not the countryside (城市黑臭水体 asked, 农村黑臭水体…2022年底前 said),
# in the documents' words and the asker's (城里, 村里); a 建制镇 is a town; a city's own name (聊城市) says nothing of it
_SETTLEMENTS = {kind: re.compile(pattern) for kind, pattern in (
    ("urban", r"城市|城镇|城区|县城|建成区|城里|市区|建制镇"), ("rural", r"农村|乡村|乡镇|村庄|村里|村子|村民|乡下"))}


_AGRICULTURE_BODY_RE = re.compile(r"农业农村(?:部|厅|局|委员会|委)")


def _settlements(text: str) -> set[str]:
    """The kinds of settlement a text names (urban, rural); a city's own name (聊城市) names none, nor does a
    department's (市农业农村局)."""
    text = _AGRICULTURE_BODY_RE.sub("", _city_names().sub("", text))
    return {kind for kind, pattern in _SETTLEMENTS.items() if pattern.search(text)}


def _of_the_settlement_asked(ask: Ask, best: Hit, covered: float, topic: Focus, hits: list[Hit], on_topic
                             ) -> tuple[Hit, float]:
    """When the best provision names only another kind of settlement than the ask's (村里建的污水处理设备 asked,
    城镇污水收集处理 first), the first provision that names only the ask's (农村生活污水治理), however far down
    retrieval put it, on topic by its words or near the top of either ranker (the asker's words are not the
    provision's: 设备 for 设施); else the best."""
    asked = _settlements(ask.asking_clause) or _settlements(ask.query)
    said = _settlements(best.chunk.text)
    if not asked or not said or asked & said:
        return best, covered

    def near_top(hit: Hit) -> bool:
        return min(hit.ranks.values(), default=AGREEMENT_RANK + 1) <= AGREEMENT_RANK

    return next(((h, c) for h, c in ((h, coverage(topic, topic_text(h))) for h in hits)
                 if asked >= _settlements(h.chunk.text) > set() and (on_topic(h, c) or near_top(h))
                 and not _cannot_answer(ask, h)),
                (best, covered))


@lru_cache(maxsize=1)
def _city_names() -> re.Pattern:
    """The names of cities that end in 城市 (聊城市, 盐城市): a place, not a city's built-up area."""
    names = sorted((n for n in place_names() if n.endswith("城市") and len(n) > 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


# and on what the money is: a reward is not a compensation (奖金 asked, 赔偿金额超过1000万元 said)
_MONEY_KINDS = {kind: re.compile(pattern) for kind, pattern in (
    ("reward", r"奖励|奖金|奖补|奖"), ("subsidy", r"补贴|补助|奖补|扶持资金"), ("penalty", r"罚款|罚金|违约金|罚"),
    ("compensation", r"赔偿|补偿"), ("fee", r"收费|费用|服务费|缴费|交费"))}


# and on which time it is: 第二次进入百强 asked, 对首次进入…的 said
_OCCURRENCES = {kind: re.compile(pattern) for kind, pattern in (
    ("first", r"首次|第一次|初次|头一回|头一次"), ("again", r"再次|第[二三四五六七八九十]次|又一次|二次"))}
# and on what rate it is: 败诉率 asked, 出庭应诉率不低于20% said
_RATE_RE = re.compile(r"[\u4e00-\u9fff]{2}率")


_DATE_LINE_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")  # a line that is only a date: 2021年12月17日
# asking when a text was issued (哪天印发的, 什么时候公布的, 是哪天发的): what the date under its signature says
_ISSUE_ASKED_RE = re.compile(rf"{ISSUED}|签发|下发|发的|发出|成文|落款")


def contradicts(ask: Ask, text: str, planned: bool = False) -> bool:
    """The sentence is about another level, bound, kind of money, occurrence, settlement or rate than the one the
    ask names, a count per unit for a total, a target for what is reached (``planned``: any figure of a plan is
    one, unless it says what is there already), or the other side of the event (会前 for 会后)."""
    for kinds in (_LEVELS, _BOUNDS, _MONEY_KINDS, _OCCURRENCES, _SETTLEMENTS):
        # the asking clause's own (…300万，那市级的能奖多少 asks of 市级, not of the 省级 said before it)
        asked = _kinds_named(kinds, ask.asking_clause) or _kinds_named(kinds, ask.text)
        said = _kinds_named(kinds, text)
        if asked and said and not asked & said:
            return True
    asked_rates, said_rates = set(_RATE_RE.findall(ask.text)), set(_RATE_RE.findall(text))
    if asked_rates and said_rates and not asked_rates & said_rates:
        return True
    if _TOTAL_ASKED_RE.search(ask.text) and _PER_UNIT_RE.search(text):
        return True
    side = _SIDE_ASKED_RE.search(ask.text)
    if side and f"{side[1]}{_OTHER_SIDE[side[2]]}" in text and f"{side[1]}{side[2]}" not in text:
        return True
    if ask.answer_type is AnswerType.DATE and _DATE_LINE_RE.fullmatch(text.strip()) and not _ISSUE_ASKED_RE.search(
            ask.text):
        return True  # a notice's date under its signature says when it was issued, not when what it names happens
    return bool(_ACHIEVED_ASKED_RE.search(ask.text) and (planned or _TARGET_RE.search(text))
                and not _ACHIEVED_RE.search(text))


def _kinds_named(kinds: dict[str, re.Pattern], text: str) -> set[str]:
    """The kinds of one family (levels, bounds, settlements …) a text names."""
    return _settlements(text) if kinds is _SETTLEMENTS else {k for k, pattern in kinds.items() if pattern.search(text)}


# 全市一共有多少名公职律师 asks a total; 每年在本业务系统遴选1至2名 counts per system and year, not all of them
_TOTAL_ASKED_RE = re.compile(r"一共|总共|总计|合计|总数|加起来")
_PER_UNIT_RE = re.compile(r"每(?:年|月|季度|周|天|人|个|家|次|届|批|户|村|县|区)|本(?:业务)?系统|各(?:县|区|单位|部门|系统)")


# 会后几个工作日内印发 asks a period after the meeting; 会前5个工作日报送 is one before it
_SIDE_ASKED_RE = re.compile(r"([\u4e00-\u9fff])([前后])[^，,。？?]{0,4}?(?:几|多少|多久|多长)")
_OTHER_SIDE = {"前": "后", "后": "前"}


# 已经上线了多少项 asks what has been reached; 2022年底…达到1000项 is a target, not a count of what is there
_ACHIEVED_ASKED_RE = re.compile(r"已经|截至目前|截止目前|到目前|至今|累计|实际")
# (a rule's bound is required, not reached: 全年主要负责人出庭应诉率不低于20%; nor is a threshold a rule sets:
# 败诉率超过10%的市直部门要召开案件研讨会)
_TARGET_RE = re.compile(r"达到|力争|争取|确保|目标|底前|年底|不低于|不少于|不超过|至少|应当|超过|高于|低于")
_ACHIEVED_RE = re.compile(r"已经|已有|已达|已完成|已建成|已实现|累计|现有|截至")
_PLAN_TITLE_RE = re.compile(r"计划|方案|规划|要点|措施")  # a plan's figures are what it aims at (筛选1000家左右)


def topic_text(hit: Hit) -> str:
    """What a provision is about: its document's titles and 文号, its chapter, its label and its text."""
    doc, chunk = hit.document, hit.chunk
    return " ".join([doc.title, doc.notice_title or "", doc.doc_number or "", chunk.part or "", *chunk.chapter_path,
                     chunk.article, chunk.text])


@dataclass
class Finding:
    """What retrieval found for one ask: the provisions that answer it (best first), or the closest ones."""

    ask: Ask
    status: str  # an AskStatus value
    hits: list[Hit] = field(default_factory=list)  # what the answer to this ask cites
    related: list[Hit] = field(default_factory=list)  # about the ask, but not stating what it asks for
    on_topic: float = 0.0  # the signal the verdict was read from (coverage of the ask's focus)
    focus: Focus | None = None  # the ask's words, weighted: what the answer's sentences are chosen for

    @property
    def answered(self) -> bool:
        return self.status == AskStatus.ANSWERED


class EvidenceJudge:
    """Reads retrieval's hits for one ask: which provision answers it, and whether any does.

    A provision is on topic when it covers enough of the ask's focus words, weighted by how specific each
    word is (``on_topic``, measured on the evaluation sets: docs/benchmarks.md). An ask that needs a figure
    (an amount, a period, a date, a person, a body) is answered only by a sentence that states one and is
    about the ask (``sentence_on_topic``); a provision on the topic without it makes the ask not stated."""

    def __init__(self, tokenizer, on_topic: float = ON_TOPIC, sentence_on_topic: float = SENTENCE_ON_TOPIC,
                 candidates: int = CANDIDATES, thesaurus: Thesaurus | None = None):
        if not 0 <= on_topic <= 1 or not 0 <= sentence_on_topic <= 1 or candidates < 1:
            raise ValueError(f"on_topic={on_topic} and sentence_on_topic={sentence_on_topic} must be within 0..1 "
                             f"and candidates={candidates} at least 1")
        self.tokenizer = tokenizer
        self.on_topic = on_topic
        self.sentence_on_topic = sentence_on_topic
        self.candidates = candidates
        self.thesaurus = thesaurus
        # an ask's asking clause is read once, not at each provision judged against it
        self._clause_focus = lru_cache(maxsize=ASKING_FOCI_KEPT)(self._focus_of_clause)

    def find(self, ask: Ask, hits: list[Hit], named: tuple[str, ...] = (), preferred: set[str] = frozenset()
             ) -> Finding:
        """``named``: keys of the documents the question names (only they may answer it, when they hold the
        hits); ``preferred``: chunk ids an earlier ask of the question cites, chosen again when on topic, so
        one provision answers the asks it answers (申请延期…找哪个部门)."""
        named_hits = [h for h in hits if h.chunk.doc_key in named]
        hits = named_hits or hits
        if not hits:
            return Finding(ask, AskStatus.NOT_FOUND)
        focus = focus_of(ask.query, self.tokenizer, self.thesaurus)
        return replace(self._judge(ask, focus, hits, named, preferred), focus=focus)

    def _judge(self, ask: Ask, focus: Focus, hits: list[Hit], named: tuple[str, ...], preferred: set[str]
               ) -> Finding:
        if hits[0].lookup is not None:  # named by the question: 第十五条, a 文号, a person, a date
            return self._judge_named(ask, focus, hits)

        topic = focus.topic()
        listed = _items_listed(ask, hits)
        if listed and (coverage(topic, topic_text(hits[0])) >= self.on_topic or _agreed(hits[0])):
            return Finding(ask, AskStatus.ANSWERED, listed, on_topic=1.0)
        omitted = next((h for h in hits[:self.candidates] if _asks_into_omitted(ask, h.chunk.text)), None)
        if omitted is not None:
            return Finding(ask, AskStatus.NOT_STATED, related=[omitted], on_topic=1.0)

        asking, substance = self._asking_focus(ask), _substance(topic)

        def on_topic(hit: Hit, covered: float, needed: float = self.on_topic) -> bool:
            agreed = _agreed(hit) and not (ask.answer_type is AnswerType.PROCEDURE and covered < PROCEDURE_AGREED_FLOOR)
            # after a story (暖气公司服务太差了，屋里才十几度，…), a provision the meaning ranks near the top holding all
            # of the asking clause's words (能去哪投诉: 向有关监管部门投诉)
            told = (asking is not None and hit.ranks.get("dense", AGREEMENT_RANK + 1) <= AGREEMENT_RANK
                    and coverage(asking, topic_text(hit)) >= 1.0)
            of_substance = substance is None or coverage(substance, topic_text(hit)) >= SUBSTANCE_FLOOR
            return (covered >= needed or agreed) and of_substance or told or hit.chunk.doc_key in named

        candidates = [(hit, coverage(topic, topic_text(hit))) for hit in hits[:self.candidates]
                      if not _cannot_answer(ask, hit)]
        if not candidates:
            return Finding(ask, AskStatus.NOT_FOUND, related=hits[:1])
        again = next(((h, c) for h, c in candidates if h.chunk.chunk_id in preferred and on_topic(h, c)
                      and (not ask.answer_type.needs_figure or self._states(ask, focus, h))), None)
        # the asker's own figures (二十来户…一千多万) all within one sentence's bounds (超过10人…超过1000万元): that
        # provision states the asker's case, whatever its words
        case = None if again else _stating_the_case(ask, candidates)
        # retrieval's order is the better judge of which provision answers (measured: docs/benchmarks.md) …
        best, covered = again or case or candidates[0]
        if not (case or on_topic(best, covered)):
            return Finding(ask, AskStatus.NOT_FOUND, related=[best], on_topic=covered)
        # … but in a near tie between answers the question's words say more than the fused scores do
        best, covered = (best, covered) if again or case else _near_tie_broken(candidates)
        if not (again or case):
            best, covered = _of_the_settlement_asked(ask, best, covered, topic, hits, on_topic)
            best, covered = self._holding_own_words(ask, best, covered, candidates, on_topic)
        if ask.asks_how_to_join and not _TAKING_ON_RE.search(best.chunk.text):
            return Finding(ask, AskStatus.NOT_STATED, related=[best], on_topic=covered)
        best, covered = self._of_the_form_asked(ask, best, covered, candidates, on_topic, chosen_again=again is not None)
        if ask.answer_type.needs_figure and not self._states_of_subject(ask, focus, best, strict=not ask.asks_mention):
            stating = self._stating_the_figure(ask, focus, topic, best, candidates, hits, on_topic)
            if stating is None:
                return Finding(ask, AskStatus.NOT_STATED, related=[best], on_topic=covered)
            best, covered = stating
        if best.chunk.kind == ProvisionKind.NOTICE and ask.answer_type.needs_figure:
            best, covered = self._own_provision_of_notice(ask, focus, best, covered, candidates)
        if _names_none_asked(ask, [best]):
            return Finding(ask, AskStatus.NOT_STATED, related=[best], on_topic=covered)
        return Finding(ask, AskStatus.ANSWERED, _with_heading(ask, best, hits) or _with_records(ask, best, hits),
                       on_topic=covered)

    def _stating_the_figure(self, ask: Ask, focus: Focus, topic: Focus, best: Hit, candidates: list[tuple[Hit, float]],
                            hits: list[Hit], on_topic) -> tuple[Hit, float] | None:
        """An amount, a period, a body … the best provision does not state: the first other provision on the topic
        that states it, on the topic by more than the thing asked for (奖金 alone does not make a provision about
        和谐使者); None when none does."""
        beyond = _beyond_wanted(topic, ask)
        # a period is set once for what a document governs: read down all of retrieval's hits of the best's document
        # for it (the term of years in 第七条's last paragraph ranks the article below others on the topic that state
        # none); a count or an amount further down is another thing's (每年至少组织一次 of 培训)
        further = ((h, coverage(topic, topic_text(h))) for h in hits[self.candidates:]
                   if ask.answer_type is AnswerType.DURATION and h.chunk.doc_key == best.chunk.doc_key
                   and not _cannot_answer(ask, h))
        # (of a later ask searched with the first ask's subject, its own words when they name a topic: 重大行政决策的
        # 集体讨论率 after …旁听庭审, not 最长能签多久)
        subject = ("" if self.brings_no_topic(ask) else _heaviest_held(self._own_focus(ask), best)) or \
            _heaviest_held(focus, best)
        others = [(h, c) for h, c in candidates if h is not best]  # (the best may be another than retrieval's first)
        eligible = [(h, c) for h, c in chain(others, further)
                    if on_topic(h, coverage(beyond, topic_text(h)), max(self.on_topic, FIGURE_ON_TOPIC))
                    and _about_subject(subject, h)]
        # the first stating it in a sentence that names the subject (特许经营期限…原则上20年, not the 评估周期…二年 of
        # an article on 特许经营 above it), else the first stating it
        return next((pair for pair in eligible if self._states(ask, focus, pair[0], holding=subject, naming=True)),
                    None) or next((pair for pair in eligible if self._states(ask, focus, pair[0], holding=subject)),
                                  None)

    def _judge_named(self, ask: Ask, focus: Focus, hits: list[Hit]) -> Finding:
        """What the question names answers it, unless it does not state the figure or the named ones asked."""
        chosen = _records_asked(ask, hits) if _is_record(hits[0]) else self._entries_asked(ask, focus, hits)
        if (ask.answer_type.needs_figure and not any(self._states(ask, focus, h, strict=False) for h in chosen)
                or _names_none_asked(ask, chosen)):
            return Finding(ask, AskStatus.NOT_STATED, related=chosen[:1], on_topic=1.0)
        return Finding(ask, AskStatus.ANSWERED, chosen, on_topic=1.0)

    def _own_provision_of_notice(self, ask: Ask, focus: Focus, best: Hit, covered: float,
                                 candidates: list[tuple[Hit, float]]) -> tuple[Hit, float]:
        """自2022年3月1日起施行 in the 公布令 and in 第二十五条: the rules' own provision is the one to cite, when it
        says what the notice says of what the ask names (施行, not the 常务会议 that passed them)."""
        said = _figures(ask, best.chunk.text)
        title = normalize_text(best.document.title)
        own = self._own_focus(ask)
        subject = _heaviest_held(own.without({word for word in own.words if word in title}), best)
        return next(((h, c) for h, c in candidates if h.chunk.doc_key == best.chunk.doc_key
                     and h.chunk.kind != ProvisionKind.NOTICE and self._states(ask, focus, h)
                     and said & _figures(ask, h.chunk.text) and _about_subject(subject, h)),
                    (best, covered))

    def _of_the_form_asked(self, ask: Ask, best: Hit, covered: float, candidates: list[tuple[Hit, float]],
                           on_topic, chosen_again: bool) -> tuple[Hit, float]:
        """Of the provisions on topic, the one of the form the ask wants (unless an earlier ask's is chosen again):
        of the part of a document it names; listing the cases it asks for; defining the term it asks about."""
        fitting = [(h, c) for h, c in candidates if on_topic(h, c)]
        if not chosen_again and best.chunk.part:
            best, covered = self._of_the_part_named(ask, best, covered, fitting)
        if not chosen_again and ask.asks_cases and not _LISTS_CASES_RE.search(best.chunk.text):
            # 在哪些情况下算不合格: the provision listing the cases (有下列情形之一的), not the one saying what follows;
            # listing them of what the ask itself names (诚信档案会记录哪些情况: not 第十三条's 政府原因 cases)
            subject = _heaviest_held(self._own_focus(ask), best)
            best, covered = next(((h, c) for h, c in candidates[:AGREEMENT_RANK] if on_topic(h, c)
                                  and _LISTS_CASES_RE.search(h.chunk.text) and _about_subject(subject, h)),
                                 (best, covered))
        if ask.term_asked and not _defines_asked(ask, best.chunk.text):
            # 公职律师是干什么的: the provision saying what the term means (所称公职律师，是指…), when one is on topic
            best, covered = next(((h, c) for h, c in fitting if _defines_asked(ask, h.chunk.text)), (best, covered))
        return best, covered

    def _of_the_part_named(self, ask: Ask, best: Hit, covered: float, candidates: list[tuple[Hit, float]]
                           ) -> tuple[Hit, float]:
        """Of a document in parts (a 2022—2026年立法规划 and a 2022年立法工作计划 printed as one), the provision of the
        part the ask names by a word only its title has (五年立法规划…多少件地方性法规: the 规划's heading, not the
        计划's of the same words), when it is as much about the ask."""
        asked = normalize_text(ask.query)

        def named(part: str, other: str) -> bool:
            if _THIS_YEAR_RE.search(asked) and _ONE_YEAR_RE.search(part) and not _ONE_YEAR_RE.search(other):
                return True  # 今年能提交审议吗: the year's plan (2022年立法工作计划), not the five years' (2022—2026年)
            others = set(self.tokenizer.words(normalize_text(other)))
            return any(w in asked for w in self.tokenizer.words(normalize_text(part)) if len(w) >= 2 and w not in others)

        return next(((h, c) for h, c in candidates if h.chunk.doc_key == best.chunk.doc_key and c >= covered
                     and h.chunk.part and h.chunk.part != best.chunk.part and named(h.chunk.part, best.chunk.part)
                     and not named(best.chunk.part, h.chunk.part)), (best, covered))

    def _entries_asked(self, ask: Ask, focus: Focus, hits: list[Hit]) -> list[Hit]:
        """A day asked about (那11日呢, 3月26日市长去东阿县做什么了): each entry of that day the ask is about as
        much as the best covered one, not retrieval's first alone (as much: the ask's weak words, 会议 or the 总 and
        林 of 总林长, still tell one meeting from another); of a figure asked (谁主持, 第几次), the entries stating
        one. When no entry is on the ask's topic, retrieval's first, as for any look-up; an article named, each
        provision printed with its label in that document."""
        first = hits[0]
        if first.lookup.kind is LookupKind.ARTICLE:  # the 供后监管办法 prints 第十二条 twice: both are that article
            named = [h for h in hits if h.lookup == first.lookup and h.chunk.doc_key == first.chunk.doc_key]
            parts = [h for h in named if h.chunk.article_ordinal == first.chunk.article_ordinal]
            return [self._part_asked(ask, focus, parts)] + [
                h for h in named if h.chunk.article_ordinal != first.chunk.article_ordinal]
        day = [h for h in hits if h.lookup == first.lookup]
        if first.lookup.kind is not LookupKind.DATE or len(day) == 1:
            return [first]
        if ask.answer_type.needs_figure:
            day = [h for h in day if self._states(ask, focus, h, strict=False)] or [first]
        topic = focus.topic()
        covered = [coverage(topic, topic_text(h)) for h in day]
        if max(covered) < self.on_topic:  # the day's entries are not what the ask is about (谁被任命 on that day)
            return day[:1]
        # which events asked (主持了哪些会议和学习活动): each entry on the topic, not only the one most about it (not
        # 研究了哪些事: the items of one meeting)
        needed = self.on_topic if _EVENTS_ASKED_RE.search(ask.text) else max(covered)
        return [h for h, c in zip(day, covered) if round(c, 3) >= round(needed, 3)]

    def _part_asked(self, ask: Ask, focus: Focus, parts: list[Hit]) -> Hit:
        """Of a long article's parts (第八条's fourteen teams, indexed in four), the one most about the ask (市通信保障
        …由谁组建: the part listing that team), stating what it wants when one does, in the sentence sharing most with
        the ask (常务会议…每周安排1次, not the 年度 of its list of tasks); its first part on a tie."""
        topic = focus.topic()

        named = parts[0]  # the words naming the article (聊城市人民政府工作规则第四十七条) say nothing of what is asked
        asked = content_bigrams(ask.text) - content_bigrams(f"{named.document.title}{named.chunk.article}规定")

        def about(hit: Hit) -> tuple[bool, int, float]:
            stated = ask.answer_type.needs_figure and self._states(ask, focus, hit, strict=False)
            shared = max((len(asked & content_bigrams(s)) for s in sentences(hit.chunk.text) if states(ask, s)),
                         default=0) if stated else 0
            return stated, shared, round(coverage(topic, topic_text(hit)), 6)
        return max(parts, key=about)

    def _holding_own_words(self, ask: Ask, best: Hit, covered: float, candidates: list[tuple[Hit, float]],
                           on_topic) -> tuple[Hit, float]:
        """A follow-up moving to a neighbouring subject (管理人才呢 after …培育多少数字专员): a provision holding none
        of its own words answers the previous question; the first on topic that holds any answers it."""
        own = self._own_focus(ask) if ask.own else None
        if own is None or not own.words or coverage(own, topic_text(best)) > 0:
            return best, covered
        return next(((h, c) for h, c in candidates if on_topic(h, c) and coverage(own, topic_text(h)) > 0),
                    (best, covered))

    def _own_focus(self, ask: Ask) -> Focus:
        """The focus of the ask's own words, without the context and subject it is searched with (a follow-up's own
        words, not the previous question its rewrite glues before them)."""
        return focus_of(ask.own or ask.text, self.tokenizer, self.thesaurus)

    def topic_weight(self, text: str) -> float:
        """How much a text names a topic of its own: the weight of its focus words (接任的是谁: none)."""
        return focus_of(_naming_topics(text), self.tokenizer).weight

    def another_subject(self, ask: Ask) -> str:
        """What a later ask names in place of the first ask's subject (市政府全体会议由哪些人组成？常务会议又由哪些人组成？:
        常务会议): a word of weight the first ask's subject does not hold, of the same kind as one it does (会议), or
        with the word after it that the subject holds (地方性法规项目有多少件？政府规章项目呢: 规章项目); "" when it names
        none. 郭志刚被任命了什么职务？又被免去了什么职务？ and 接任的是谁 name an action, not another subject."""
        focus = focus_of(_naming_topics(ask.text), self.tokenizer)
        subject = normalize_text(ask.subject)
        held = self.tokenizer.words(subject)
        heavy = [word for word, weight in zip(focus.words, focus.weights)
                 if weight >= OWN_TOPIC_WEIGHT and word not in subject]
        of_a_kind = next((word for word in heavy if any(same_kind(word, w) for w in held)), "")
        words = self.tokenizer.words(normalize_text(ask.text))
        before_held = next((word + head for word, head in pairwise(words)
                            if word in heavy and len(head) >= 2 and head in held), "")
        return of_a_kind or before_held

    def brings_no_topic(self, ask: Ask) -> bool:
        """An ask whose own words name nothing specific (找哪个部门, 要多久): it asks about its question's topic."""
        return self.topic_weight(ask.text) < OWN_TOPIC_WEIGHT

    def _states(self, ask: Ask, focus: Focus, hit: Hit, strict: bool = True, holding: str = "",
                naming: bool = False) -> bool:
        """A sentence of the provision has what the ask's type is answered with (a figure for an amount, a
        consequence for "what happens") and (``strict``) is about the ask; (``holding``) not about another thing
        of that word's kind instead (市长办公会议一般每月召开1次 in an article naming the 全体会议 does not say how
        often the 全体会议 meets), and (``naming``) naming that word."""
        if ask.wants is None:
            return False
        doc, chunk = hit.document, hit.chunk
        title = " ".join([doc.title, doc.doc_number or "", *chunk.chapter_path, chunk.article])
        found = sentences(hit.chunk.text)
        if chunk.kind == ProvisionKind.EVENT:  # 2日，… in an entry is its day: a date, not a span of 2 days
            found = [_ENTRY_DAY_RE.sub("", s) for s in found]
        # a record's label says its action (免去：成伟), and an entry's its day (12月30日) when a day is asked
        if chunk.kind == ProvisionKind.APPOINTMENT or (chunk.kind == ProvisionKind.EVENT
                                                       and ask.answer_type is AnswerType.DATE):
            found = [f"{chunk.article} {s}" for s in found]
        planned = bool(_PLAN_TITLE_RE.search(doc.title))
        # …停水也不通知，我想投诉他们，去哪投诉？: the story is what the provision is about; the sentence answering is
        # about the asking clause's own words (向有关监管部门投诉)
        asking = self._asking_focus(ask)

        def about(text: str) -> bool:
            return coverage(focus, text) >= self.sentence_on_topic or (
                asking is not None and coverage(asking, text) >= ASKING_ON_TOPIC)

        # a sentence is read with the one before it: 4. 聊城市控制吸烟条例 / (起草牵头部门: 市卫生健康委)
        read = [f"{found[i - 1] if i else ''} {s}" for i, s in enumerate(found)]
        return any(states(ask, s) and not contradicts(ask, s, planned)
                   and (not strict or about(f"{title} {with_before}"))
                   and not (holding and self._of_a_sibling(holding, with_before))
                   and not (naming and holding not in normalize_text(with_before))
                   for s, with_before in zip(found, read))

    def _states_of_subject(self, ask: Ask, focus: Focus, hit: Hit, strict: bool) -> bool:
        """``_states``; of a provision stating figures of the asked kind for several things (the 方案's 四、: 100万元
        for 百强 entrants, 30万元 for an exhibition …), in a sentence naming the ask's heaviest word it holds: a
        figure stated of another thing in it does not answer what 小升规 earns."""
        subject = _heaviest_held(self._own_focus(ask), hit) if ask.answer_type is AnswerType.AMOUNT else ""
        stating = sum(states(ask, s) for s in sentences(hit.chunk.text)) if subject else 0
        return self._states(ask, focus, hit, strict, holding=subject if stating >= 2 else "",
                            naming=stating >= 2)

    def _asking_focus(self, ask: Ask) -> Focus | None:
        """The asking clause's own focus after a story, when it names enough to be read alone, or else with the
        clause before it (想投诉他们，能去哪儿反映: 反映 alone names too little); None otherwise."""
        if ask.asking_clause == ask.query:
            return None
        with_before = ask.asking_clause_with_before
        return self._clause_focus(ask.asking_clause) or (
            None if with_before == ask.query else self._clause_focus(with_before))

    def _focus_of_clause(self, clause: str) -> Focus | None:
        asking = focus_of(clause, self.tokenizer, self.thesaurus)
        return asking if asking.weight >= ASKING_OWN_WEIGHT else None

    def _of_a_sibling(self, word: str, text: str) -> bool:
        """The text names another thing of the word's kind and not the word (市长办公会议, not 全体会议)."""
        text = normalize_text(text)
        return word not in text and any(same_kind(word, w, head=2) for w in self.tokenizer.words(text))


# what asks how to apply or sign up for anything: every procedure's provision holds them, whatever it is about
_PROCEDURE_WORDS = frozenset("材料 资料 手续 申请 报名 提交 准备 流程 步骤 表格 证件 证明".split())


def _substance(focus: Focus) -> Focus | None:
    """The focus without its places and its procedure words, when it has them and more (东昌府区哪家医院看牙比较好:
    医院, 看牙; 孩子上小学报名要准备哪些材料: 孩子, 小学); a provision holding those and none of the rest is not about
    the ask, however near the top both rankers put it for them. None when the focus has none of them or nothing
    else."""
    places = place_names()
    substance = focus.without({word for word in focus.words if word in places or word in _PROCEDURE_WORDS})
    return substance if substance.words and len(substance.words) < len(focus.words) else None


def _beyond_wanted(focus: Focus, ask: Ask) -> Focus:
    """The focus without the words that are the thing the ask wants (有奖金吗: 奖金), which any provision stating
    such a thing holds."""
    if ask.wants is None:
        return focus
    return focus.without({word for word in focus.words if ask.wants.search(word)})


def _about_subject(subject: str, other: Hit) -> bool:
    """Whether another provision is about what the best one is: it holds ``subject``, the ask's heaviest word that
    the best holds (``_heaviest_held``, read once per ask, not per provision). Sibling items of a list
    (（一）市危险化学品…队伍, （十四）市供水…队伍) share the rest of their words; the figure of a sibling is another
    subject's (依托市水务集团 is not the chemicals team's).
    So is another document's, when it lacks that word (the 停车场管理条例 of the 立法规划 takes effect on no date of
    the 特许经营 办法); measured: 4 unanswerable asks refused and a citation precision gain for two answers lost
    (docs/benchmarks.md, "blind12")."""
    return not subject or subject in normalize_text(topic_text(other))


# a plan item's note of who leads it and by when: it says who does the item, not what the item is about
_ASSIGNMENT_NOTE_RE = re.compile(r"[（(](?:牵头单位|责任单位|完成时限)(?:[^（）()]|[（(][^（）()]*[）)])*[）)]")


def _only_assigns(ask: Ask, sentence: str) -> bool:
    """The sentence is a plan item's note of who leads it and by when, and the ask wants neither."""
    return (ask.answer_type not in (AnswerType.BODY, AnswerType.DURATION, AnswerType.DATE)
            and not _ASSIGNMENT_NOTE_RE.sub("", sentence).strip("。；; "))


def _heaviest_held(focus: Focus, best: Hit) -> str:
    """The ask's heaviest focus word that the best provision holds, not in its note of who leads it (市政府 of
    牵头单位：市政府办公室 says nothing of the 政府开放月 the item is about); "" when it holds none."""
    text = normalize_text(_ASSIGNMENT_NOTE_RE.sub("", best.chunk.text))
    held = [(weight, word) for word, weight in zip(focus.words, focus.weights) if word in text]
    return max(held, key=lambda pair: pair[0])[1] if held else ""


_THIS_YEAR_RE = re.compile(r"今年|年内|本年|当年|这一年")
_ONE_YEAR_RE = re.compile(r"(?<![\d—–-])\d{4}\s*年(?!\s*[—–-])")  # 2022年, not 2022—2026年
ECHO_PENALTY = -1.0  # below any sentence's worth: shown only when nothing else is left
_LISTS_CASES_RE = re.compile(r"(?:下列|以下)(?:情形|情况)|(?:情形|情况)之一")
# 本办法所称闲置土地，是指…: the term a provision defines
_DEFINED_TERM_RE = re.compile(r"所称的?([^，,。；;：:\s]{2,20}?)[，,]?\s*(?:是指|指)")


_QUOTES = "“”\"'‘’「」"
_LAST_QUOTED_RE = re.compile(r"[“‘「\"']([^“”‘’「」\"']+)[”’」\"']$")  # the quoted word an ask ends with, in any quotes


def _defines_asked(ask: Ask, text: str) -> bool:
    """The provision defines the term whose meaning the ask wants, or one its last quoted word ends
    (工地上说的“开工”咋算: 国有建设用地开工)."""
    asked = ask.term_asked
    if not asked:
        return False
    bare = asked.strip(_QUOTES)
    last = _LAST_QUOTED_RE.search(asked)
    quoted = last[1] if last else ""
    return any(bare.endswith(term) or term.endswith(bare) or (len(quoted) >= 2 and term.endswith(quoted))
               for term in _DEFINED_TERM_RE.findall(text))


def _defines_another(asked: str, sentence: str) -> bool:
    """The sentence defines terms none of whose heads (their last two characters: 开工 of 国有建设用地开工) is
    asked about."""
    terms = _DEFINED_TERM_RE.findall(sentence)
    return bool(terms) and not any(term[-2:] in asked for term in terms)


def _cannot_answer(ask: Ask, hit: Hit) -> bool:
    """A record answers what was done (…怎么处理的？), not a rule or a forecast (…怎么处理？, 会不会…), and a 任免
    record no period but its post's probation (高铁新区…中心主任（试用期一年） says nothing of a train), and an entry
    one time something happened, not how often it is held (每周安排1次 is a rule's); a planned
    text's title answers what is planned and who drafts it, not how much, how to, or what follows; a heading
    counting its items answers how many."""
    if _PLANNED_TITLE_RE.match(hit.chunk.text.strip()):  # 今年能交审议吗？ is answered by the plan
        return ask.answer_type in _NOT_FROM_TITLES
    if _is_counted_heading(hit.chunk):  # 政府规章项目(4件) says how many, not which ones
        return ask.answer_type is not AnswerType.AMOUNT
    if hit.chunk.kind == ProvisionKind.APPOINTMENT and ask.answer_type is AnswerType.DURATION:
        return not _TERM_OF_POST_RE.search(ask.text)  # （试用期一年）: a 任免 record's one period
    if hit.chunk.kind == ProvisionKind.APPOINTMENT and ask.answer_type is AnswerType.AMOUNT:
        return True  # a record counts nothing (高铁一天有几趟 is not answered by 聊城高铁新区…主任)
    if not (hit.chunk.kind in _RECORDS or _is_roster(hit.chunk.text)) or _PAST_RE.search(ask.text):
        return False
    return ask.answer_type in _NOT_FROM_RECORDS or (
        ask.answer_type is AnswerType.PERMISSION and bool(_MODAL_RE.search(ask.text))) or ask.how_often


def _items_listed(ask: Ask, hits: list[Hit]) -> list[Hit]:
    """Of an ask for which ones (年内要完成的政府规章是哪两件) whose first hit is a heading counting a short list
    ((一)年内完成的重点立法项目(2件)): the items under it that retrieval found, in their printed order."""
    first = hits[0]
    if ask.asks_which_ones is None or not _is_counted_heading(first.chunk):
        return []
    counted = int(re.search(r"\d+", COUNTED_HEADING_RE.search(first.chunk.text.strip())[0])[0])
    if counted > LISTED_ITEMS or ask.asks_which_ones not in (0, counted):  # 是哪两件 is not a list of 5
        return []
    items = [h for h in hits if _listed_under(h.chunk, first.chunk)]
    return sorted(items, key=lambda h: h.chunk.chunk_id)


def _listed_under(item, heading) -> bool:
    """The item is printed under the heading (一、（一）2. under 一、（一）) in the same document."""
    return (item.doc_key == heading.doc_key and item.article != heading.article
            and item.article.startswith(heading.article))


def _is_counted_heading(chunk) -> bool:
    text = chunk.text.strip()
    return chunk.kind == ProvisionKind.SECTION and "\n" not in text and bool(COUNTED_HEADING_RE.search(text))


# 附件：1. 聊城市数字经济工作专班成员名单（略）: the gazette prints the attachment's title, not the attachment
_OMITTED_RE = re.compile(r"(?:附件[:：]\s*)?(?:\d+[.．、]\s*)?([^（(\n：:]{4,60}?)\s*[（(]略[）)]")
_MEMBERS_ASKED_RE = re.compile(r"哪些|哪几|谁|组成")
_LIST_WORD_RE = re.compile(r"(?:名单|清单|一览表|目录)$")
OMITTED_TITLE_SHARE = 0.8  # of an omitted text's title's bigrams, the share an ask names when it asks into it


def _asks_into_omitted(ask: Ask, text: str) -> bool:
    """The ask is about what an omitted text holds (分解表里第一项任务是什么, 成员名单里有哪些人): the documents do
    not state it. An ask about the attachments themselves (附件是什么) is answered by their titles."""
    if "附件" in ask.text or "略" not in text:  # most provisions omit nothing: not worth cutting the ask
        return False
    asked = content_bigrams(ask.text)
    members = bool(_MEMBERS_ASKED_RE.search(ask.text))
    for title in _OMITTED_RE.findall(text):
        # 专班由哪些成员单位组成 asks into 专班成员名单 without saying 名单: which ones is what a list holds
        wanted = content_bigrams(_without_owner(_LIST_WORD_RE.sub("", title)) if members else title)
        if wanted and len(wanted & asked) >= OMITTED_TITLE_SHARE * len(wanted):
            return True
    return False


def _without_owner(title: str) -> str:
    """聊城市数字经济工作专班成员 -> 数字经济工作专班成员: the place a title opens with is not what it is about."""
    return next((title[len(place):] for place in (title[:n] for n in (4, 3, 2)) if place in place_names()), title)


def _is_roster(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 3 and sum(bool(_ROSTER_LINE_RE.match(line)) for line in lines) >= 0.7 * len(lines)


# How a provision says people are taken on: what answers how one signs up (社会监督员怎么报名)
# (申请 is not one: 依申请公开 is how documents are asked for)
_TAKING_ON_RE = re.compile(r"报名|招募|招聘|选聘|聘请|聘任|遴选|选拔|推荐|自愿")


def _near_tie_broken(candidates: list[tuple[Hit, float]]) -> tuple[Hit, float]:
    """The first candidate, or the second when retrieval scores them alike and the second covers clearly more of
    the ask's focus (剪个彩能请得来吗: 第八十八条's 剪彩 under 第五十九条, fused 0.95 of it)."""
    first = candidates[0]
    if len(candidates) > 1:
        (hit, covered), second = first, candidates[1]
        if second[0].score >= NEAR_TIE * hit.score and second[1] >= covered + COVERAGE_LEAD:
            return second
    return first


CASE_FIGURES = 2  # an asker's figures that, all within one sentence's bounds, make its provision the asker's case


def _stating_the_case(ask: Ask, candidates: list[tuple[Hit, float]]) -> tuple[Hit, float] | None:
    """The first candidate with a sentence whose bounds hold every figure of the asker's (at least two)."""
    figures = ask.figures
    if len(figures) < CASE_FIGURES:
        return None
    return next(((h, c) for h, c in candidates
                 if any(share_within_bounds(figures, sentence) == 1.0 for sentence in sentences(h.chunk.text))), None)


def _names_none_asked(ask: Ask, chosen: list[Hit]) -> bool:
    """The ask wants named ones of a kind (观摩了哪些项目) and the chosen entries of the chronicle, which name what
    they name, name none of that kind (全市高质量发展现场观摩会议召开 names no 项目)."""
    if not chosen or any(h.chunk.kind != ProvisionKind.EVENT for h in chosen):
        return False  # read on every answered ask: the ask's clause only when the chronicle answers it
    names = ask.instance_named
    return names is not None and not any(names.search(h.chunk.text) for h in chosen)


def _agreed(hit: Hit) -> bool:
    """Both rankers put the provision near the top: the words and the meaning agree, even where the question's
    words are not the document's (控烟 for 控制吸烟, 臭水沟 for 黑臭水体)."""
    return max(hit.ranks.get("bm25", AGREEMENT_RANK + 1), hit.ranks.get("dense", AGREEMENT_RANK + 1)) <= AGREEMENT_RANK


# What a planned text's heading says of its items (年内提请市人大常委会审议, 调研起草): whether and when it is
# planned for (今年会提请审议吗); not what its items are (分别是什么, 有家庭教育的吗), measured: docs/benchmarks.md
_FROM_HEADINGS = frozenset({AnswerType.PERMISSION, AnswerType.DATE})
# 今年有没有打算出台, 今年能弄完不: asked whether it is done this year, whatever the form of the asking (年内 is the
# headings' own word: 年内提请审议的立法项目是哪两件 names the list, it does not ask about it)
_THIS_YEAR_ASKED_RE = re.compile(r"今年")


def _asks_when_planned(ask: Ask, item) -> bool:
    """The item is a planned text's title and the ask is whether (能不能, 会不会) or when it is done, or, in an ask of
    no other kind, whether this year (not 年内提请审议的…由哪个部门起草, a body asked of the year's texts)."""
    asked = ask.answer_type in _FROM_HEADINGS or (ask.answer_type is AnswerType.GENERAL
                                                  and bool(_THIS_YEAR_ASKED_RE.search(ask.text)))
    return asked and bool(_PLANNED_TITLE_RE.match(item.text.strip()))


def _with_heading(ask: Ask, best: Hit, hits: list[Hit]) -> list[Hit]:
    """A planned text's title (2. 聊城市失能老年人照护服务条例 (起草牵头部门：市民政局)) says what is planned and who
    drafts it; when it is planned for (今年会提请审议吗, 属于哪一类项目) is the heading it is listed under
    ((一)年内提请市人大常委会审议的重点立法项目(5件)): both, when retrieval found the heading."""
    if not _asks_when_planned(ask, best.chunk):
        return []
    heading = next((h for h in hits if _is_counted_heading(h.chunk) and _listed_under(best.chunk, h.chunk)), None)
    return [heading, best] if heading else []


def heading_unfound(ask: Ask, finding: Finding) -> str:
    """The heading a planned text the finding cites alone is listed under ((一)年内提请市人大常委会审议的重点立法项目
    (5件)), when it answers the ask (今年能报人大审议吗, as ``_with_heading`` reads it) and retrieval did not bring it:
    the words to look it up by; "" otherwise."""
    if not finding.answered or len(finding.hits) != 1:
        return ""
    item = finding.hits[0].chunk
    # the heading saying when is a list's own, under the part's (一、地方性法规项目(11件) / (一)年内提请…(5件)); a
    # part's heading alone (一、地方性法规项目（18 件）) says what kind of text, not when
    if len(item.chapter_path) < 2 or not _asks_when_planned(ask, item):
        return ""
    heading = item.chapter_path[-1]
    return heading if COUNTED_HEADING_RE.search(heading) else ""


def _naming_topics(text: str) -> str:
    """The text without its words asking who took over, which name the post asked about before, not one of their
    own (接任的是谁)."""
    return _TAKING_OVER_ASKED_RE.sub("", text)


def _with_records(ask: Ask, best: Hit, hits: list[Hit]) -> list[Hit]:
    """Of a change of post asked (…主任换人了吗, 谁接替了成伟), the records of that post: who took it, who left it;
    of one action asked (谁新上任的, 谁被免了), that action's records of the post."""
    if best.chunk.kind != ProvisionKind.APPOINTMENT:
        return [best]
    same_post = [h for h in hits if h is not best and h.chunk.kind == ProvisionKind.APPOINTMENT
                 and h.chunk.doc_key == best.chunk.doc_key and set(best.chunk.posts) & set(h.chunk.posts)]
    if _FORMER_HOLDER_ASKED_RE.search(ask.text):  # 之前兼着这个职的是谁: who left it, not who took it
        return [h for h in [best] + same_post if h.chunk.action == "免"] or [best] + same_post
    if _HOLDERS_ASKED_RE.search(ask.text):
        return [best] + same_post
    # a post given to two at once (两名副局长 appointed in one notice): each record of that action
    asked = _of_asked_action(ask, [best] + same_post)
    return [h for h in asked if h.chunk.action == asked[0].chunk.action]


# Who held a post before or after, asked of a named person (谁接替谭相彦, 原来担任这个职务的人是谁), not the person's
# own earlier post (陶新镇之前是什么职务 asks his own 免去 record).
_SUCCESSION_RE = (r"接替|接任|继任|顶替|前任|谁上谁下|谁换谁|"
                  r"(?:这个|那个|该)(?:位置|职务|岗位|职位)|(?:原来|原先|之前|以前)[^，,。？?]{0,8}(?:的人|是谁|谁)")
_SUCCESSION_ASKED_RE = re.compile(_SUCCESSION_RE)
# and of a named post, whether and how its holder changed (董事长的人选有什么变动); of a person, 变动 is their own
_FORMER_HOLDER_ASKED_RE = re.compile(FORMER_HOLDER_ASKED)
_HOLDERS_ASKED_RE = re.compile(rf"{_SUCCESSION_RE}|换人|换了|换成|变动|变化|调整|人选|任免|更替")


def _records_asked(ask: Ask, hits: list[Hit]) -> list[Hit]:
    """A person's records of the action asked; with a change of their post asked, its other records too."""
    records = [h for h in hits if h.lookup == hits[0].lookup]
    if _SUCCESSION_ASKED_RE.search(ask.text):
        posts = {post for h in records for post in h.chunk.posts}
        records += [h for h in hits if h.lookup is not None and h.lookup.kind is LookupKind.POST
                    and h.lookup.value in posts]
    return _of_asked_action(ask, records)


# 被任命为什么 asks the appointment, 免了没 the removal: of a person's records, those of the action asked about; who
# took over (杨达卸任的…由谁接任, 由谁接替了成伟) asks both, whatever else it says
_TAKING_OVER_ASKED_RE = re.compile(r"接替|接任|继任")
_ACTIONS_ASKED = (("任", re.compile(r"任命|被任|出任|新任|上任|担任什么|任什么")),
                  ("免", re.compile(rf"免去|被免|免了|免职|不再担任|卸任|{PREVIOUS_POST_ASKED}|{FORMER_HOLDER_ASKED}")))


def _of_asked_action(ask: Ask, records: list[Hit]) -> list[Hit]:
    asked = [action for action, pattern in _ACTIONS_ASKED if pattern.search(ask.text)]
    if len(asked) != 1 or _TAKING_OVER_ASKED_RE.search(ask.text):
        return records
    return [h for h in records if h.chunk.action == asked[0]] or records


def _figures(ask: Ask, text: str) -> set[str]:
    """What of the kind the ask wants a text states (2022年3月1日 for a date), its spacing aside."""
    return {re.sub(r"\s+", "", found[0]) for found in ask.wants.finditer(text)} if ask.wants is not None else set()


def _is_record(hit: Hit) -> bool:
    """A person's look-up names every 任免 record of them (任命 and 免去 alike)."""
    return hit.lookup is not None and hit.lookup.kind is LookupKind.PERSON


def _own_words_of(ask: Ask, focus: Focus) -> Focus:
    """A follow-up's focus within its own words (那东阿县的呢: 东阿县), when they hold any of it; else the whole."""
    if ask.own and any(word in ask.own for word in focus.words):
        return focus.without({word for word in focus.words if word not in ask.own})
    return focus


def _context_weighing_less(ask: Ask, focus: Focus) -> Focus:
    """An ask read with a context (在医保基金监管的部门协同执法中，医保部门负责监管什么): the words it asks with weigh
    more than its context's in choosing the sentences shown; the context says which provision, the ask which of its
    sentences."""
    if not ask.context.strip() or not focus.words:
        return focus
    own = normalize_text(ask.text)
    return replace(focus, weights=tuple(w * OWN_WORDS_WEIGHT if word in own else w
                                        for word, w in zip(focus.words, focus.weights)))


def best_sentences_for(ask: Ask, text: str, limit: int = 2, focus: Focus | None = None) -> list[str]:
    """The sentences that answer the ask best, in their order. The first is the one most about the ask: the
    characters it shares with the ask, the weighted share of the ask's ``focus`` words it holds, and, when the ask
    wants a figure (an amount, a consequence, a procedure), whether it states one. Each next one is chosen for what
    it adds: the ask's characters and words the sentences already chosen do not hold (对出席人数有什么要求: the
    sentence on the 常务会议, then 出席人数须超过…), unless it answers as well as the first does (two people of the
    unit asked about). Of two that add as much, the one nearer a chosen sentence (a table row's next line), then
    the one more about the whole ask (under the team's heading, its own 由…组建, not the team's before it).
    Measured: docs/benchmarks.md ("Sentences of an answer")."""
    found = sentences(text)
    if ask.asks_cases and _LISTS_CASES_RE.search(text):  # 哪些情形: the provision's list of them, whole
        limit = max(limit, min(len(found), CASES_SHOWN))
    if len(found) <= limit:
        return found
    focus = _context_weighing_less(ask, _own_words_of(ask, focus or Focus((), ())))
    asked = content_bigrams(ask.own or ask.query)
    shared_of = [asked & content_bigrams(sentence) for sentence in found]
    # what a sentence is worth whatever was said before it: stating the figure asked, defining the term asked
    # (not another: 本办法所称…竣工，是指… says nothing of what 才算开工 asks)
    stating = [ask.wants is not None and states(ask, sentence) for sentence in found]
    # and setting bounds the asker's own figures (ask.figures) fall within (十几户…一千多万: 超过10人的…超过1000万元的)
    # a sentence that only says what the ask itself says (a table cell naming the matter asked about) answers nothing,
    # nor does a plan item's note of who leads it unless who or by when is asked (measured: docs/benchmarks.md)
    asked_plain = comparable(ask.query)
    fixed = [ECHO_PENALTY if comparable(sentence) in asked_plain or _only_assigns(ask, sentence) else
             0.0 if _defines_another(ask.query, sentence) else
             (FIGURE_SENTENCE_BONUS if figure else 0.0) + definition_bonus(ask.query, sentence)
             + not_done_bonus(ask.own or ask.query, sentence)
             + FIGURE_SENTENCE_BONUS * share_within_bounds(ask.figures, sentence)
             for sentence, figure in zip(found, stating)]
    picked: list[int] = []
    said_words: set[str] = set()
    said_bigrams: set[str] = set()

    def gain(i: int, unsaid: Focus) -> float:
        shared = len(shared_of[i] - said_bigrams) / len(asked) if asked else 0.0
        held = coverage(unsaid, found[i]) * unsaid.weight / focus.weight if unsaid.words else 0.0
        return shared + held + fixed[i]

    first = {i: round(gain(i, focus), 6) for i in range(len(found))}
    while len(picked) < limit:
        left = [i for i in range(len(found)) if i not in picked]
        # (a lead-in to a list, 违约责任条款应当包括以下内容：, answers nothing of its own however alike it is)
        tied = [i for i in left if picked and first[i] >= first[picked[0]] and not found[i].endswith(("：", ":"))]
        unsaid = focus.without(said_words)
        nearest = (lambda i: min(abs(i - j) for j in picked)) if picked else (lambda i: 0)
        best = tied[0] if tied else min(left, key=lambda i: (-round(gain(i, unsaid), 6), nearest(i), -first[i], i))
        picked.append(best)
        said = normalize_text(found[best])
        said_words |= {word for word in focus.words if word in said}
        said_bigrams |= shared_of[best]
    shown = set(picked)
    for start in picked if ask.answer_type.needs_figure else ():
        # a clause stating the figure goes on to the figures of its sentence's next clauses (一般事项应在5个工作日内
        # 给予回复；特殊情况在10个工作日内回复。): one is half the answer
        at = start
        while stating[at] and found[at].endswith("；") and at + 1 < len(found) and stating[at + 1]:
            at += 1
            shown.add(at)
    return [found[i] for i in sorted(shown)]
