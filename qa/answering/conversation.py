"""A follow-up read against the conversation before it.

A follow-up leaves things out ("那竣工呢？", "要是逾期了呢？", "这个期限从什么时候算？"). Its own ask stays what is
searched for; what it leaves out comes from the previous question (its subject, or the word the follow-up
replaces: 开工 -> 竣工), and the documents the previous answer cited are where it is looked for first (when it cites
none, the document the previous question is answered from: ``Resolution.previous``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import DOC_TYPES, Catalog
from ..references import parse_references
from ..text.numerals import cn_to_int
from ..text.patterns import DATE_RE, EVENT_ORDINAL_RE, ISSUED, VALIDITY_RE
from ..text.tokenizer import same_kind
from ..types import Chunk, ProvisionKind

# How a follow-up starts when it leans on what was said before.
_LEANING_RE = re.compile(r"^(?:那么|那要是|那如果|那个|那份|那部|那项|那些|那|要是|如果是|如果|还有|另外|它|这个|这份|这部|这项|这些|这种|这|该|此|上面|上述|刚才|你刚才|"
                         r"前面|同样|其中)")
# 公职律师那个实施办法: a pointer inside a document's short name says which one, not what it is called
_POINTER_INSIDE_RE = re.compile(r"(?<=[\u4e00-\u9fff])[那这]个(?=[\u4e00-\u9fff])")
_TRAILING_RE = re.compile(r"(?:呢|吗|啊|呀)?[？?。！!]*$")
_ASKING_HEAD_RE = re.compile(r"什么|怎么|怎样|如何|哪|谁|多少|几|多久|多长|是否|能否|可否|有没有|是不是|能不能|可不可以|要不要|"
                             r"会不会|需不需要|吗|呢")
_ORDINAL_RE = re.compile(r"第[\d一二三四五六七八九十百零〇两]+([条项款])")
_OWN_ASK_RE = re.compile(rf"又|也|还|是|咋|啥|{_ASKING_HEAD_RE.pattern}")  # where a follow-up's own ask starts
# 这个办法, 该条例, 上述文件: the document the previous answer cited.
_THIS_DOCUMENT_RE = re.compile(r"(?:这个|这份|这部|这项|那个|那份|那部|这|该|此|上述|上面的?|刚才的?|同一个?|同一份)"
                               rf"(?:{'|'.join(DOC_TYPES)}|通知|文件|决定)")
# What is asked of a document as a whole: its validity, its 文号, who issued it and when.
_WHOLE_DOCUMENT_RE = re.compile(rf"{VALIDITY_RE.pattern}|文号|{ISSUED}|制定|哪个部门发|谁发")
# 那市长办公会呢？一般什么时候开？: a new subject, then the question about it.
# 29日, 3月29号: a day a follow-up asks about instead of the previous question's
_DAY_RE = re.compile(r"(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})[日号]")
# 土地供后监管的办法, 碧水保卫战行动计划: a document described by its topic (a follow-up so worded names its own)
_DESCRIBED_DOCUMENT_RE = re.compile(r"[\u4e00-\u9fff]{2,}?(?<![么些])的?(?:办法|条例|细则|方案|计划|规划|意见|决定)")
# 当天还去了哪里？: the day the previous question named; 第二天: the day after it
_SAME_DAY_RE = re.compile(r"当天|当日|那天|那一天|同一天|这一天|这天")
# 那次会上, 这次常务会议: the meeting the previous turn names by its day
_THAT_MEETING_RE = re.compile(r"[那这该]一?次(?P<meeting>(?:市政府)?(?:常务|全体)?会议?)")
# …还研究了什么, 审议了哪些: what a meeting did
_AGENDA_ASKED_RE = re.compile(r"(?:研究|审议|讨论|部署|通过)了?(?:别的|其他|其它|哪些|什么|啥)")
# 它 within a follow-up (at its start it is a leaning word): the rules the previous question named (not 其它)
_IT_RE = re.compile(r"(?<!其)它们?")
_QUOTED_TITLE_RE = re.compile(r"《([^《》]{2,40})》")
# how usually or generally a thing is done, said between a question's subject and its question word
_SUBJECT_ADVERB_RE = re.compile(r"(?:一般|通常|平时|大概|大约|具体|主要)$")
_NAMED_RULES_RE = re.compile(rf"[\u4e00-\u9fff]{{2,30}}?(?:{'|'.join(DOC_TYPES)})")
_SAME_MONTH_RE = re.compile(r"当月|同月|同一个?月|那个月|这个月")
# 两天以后 / 三天前: that many days after or before it
_DAY_SHIFT_RE = re.compile(r"(?P<next>第二天|第二日|次日|隔天|转天)|(?P<previous>前一天|头一天|前一日)|"
                           r"(?P<days>\d{1,2}|[两二三四五六七八九十])天(?:以|之)?(?P<side>[后前])")
_NEW_SUBJECT_RE = re.compile(r"^(?P<subject>[^？?，,。！!]{2,20}?)呢[？?，,]\s*(?P<rest>\S.*)$")
# 那行政执法监督这块，今年有什么新做法？: the follow-up names the part it moves to and asks of it (not 这块地)
_MARKED_SUBJECT_RE = re.compile(r"^(?P<subject>[^？?，,。！!]{2,20}?)(?:这一?块儿?|这方面)(?=呢|[，,要会能该是归有怎都])(?:呢)?[，,]?\s*(?P<rest>[^？?，,。！!\s].*)$")
# A follow-up this short cannot stand alone (逾期呢？); one whose own words weigh this much names its own topic
# (那要是邀请市政府领导来参加活动呢？): it is searched for as it is.
SHORT_FOLLOW_UP = 10
OWN_TOPIC = 6.0


@dataclass(frozen=True)
class Resolution:
    standalone: str  # the follow-up with what it leaves out filled in (the question itself when it stands alone)
    steer: tuple[str, ...] = ()  # keys of the documents the previous answer cited: searched first
    follow_up: bool = False
    previous: str = ""  # the previous question: where it is answered is searched first when its answer cited nothing


def previous_question(history: list[dict]) -> str:
    return next((t.get("content", "") for t in reversed(history) if t.get("role") == "user"), "")


def resolve(question: str, history: list[dict], catalog: Catalog, segment=None,
            topic_weight: Callable[[str], float] | None = None) -> Resolution:
    """``history``: earlier turns ({"role", "content"}, an assistant turn may carry "citations"). ``segment``:
    a word segmenter (jieba ``lcut``) to find the word a follow-up replaces; ``topic_weight``: how much a text
    names a topic of its own (the focus weight of ``qa.answering.evidence``). Without them the follow-up is
    read with the previous question's subject."""
    previous = previous_question(history)
    if not previous:
        return Resolution(question)
    answer = next((t for t in reversed(history) if t.get("role") == "assistant"), None)
    cited = _cited_documents(answer, catalog) if answer else []
    cited += [k for k in parse_references(previous, catalog).doc_keys if k not in cited]
    # 那特许经营管理办法呢？: a document named by any of its names, a reference or not, asks the previous question of it
    another_document = of_another_document(question, previous, catalog)
    if another_document or parse_references(question, catalog).doc_keys:
        return Resolution(another_document or question)
    steer = tuple(cited)
    pointed = _pointing_back(question, previous, answer.get("content", "") if answer else "", cited, catalog)
    if pointed:
        return Resolution(pointed, steer, True)
    if cited and _THIS_DOCUMENT_RE.search(question):  # 这份要点对政府公报有什么要求: its own ask, in that document
        return Resolution(question, steer, True)
    own = own_words(question)
    leaning = (bool(_LEANING_RE.match(question.strip())) or len(question.strip()) <= SHORT_FOLLOW_UP
               or bool(_NEW_SUBJECT_RE.match(own)))  # 开工呢？要挖深基坑的怎么算: X呢 opening a question leans on the last
    if not leaning or not own:  # a question of its own, still looked for first where the last answer was found
        return Resolution(question, steer, False)
    of_event = _of_another_event(own, previous)
    if of_event:
        return Resolution(of_event, steer, True)
    if _DESCRIBED_DOCUMENT_RE.search(own):  # it picks its document itself: the previous one is no guide
        return Resolution(question, (), True)
    post = _BODYS_POST_RE.search(own)
    if post and post[0] not in previous:  # 那国资委副主任这次是怎么调整的？ after …公安局督察长是谁？: its own post
        return Resolution(own, steer, True)
    marked = _MARKED_SUBJECT_RE.match(own)
    if marked:
        return Resolution(f"{marked['subject']}{marked['rest']}", steer, True)
    new_subject = _NEW_SUBJECT_RE.match(own)
    if new_subject:  # the subject the follow-up names takes the place of the previous one
        own = f"{new_subject['subject']}{new_subject['rest']}"
    another = _another_day(previous, own) or _another_person(previous, own, catalog)
    if another:
        return Resolution(another, steer, True)
    if topic_weight is not None and topic_weight(own) >= OWN_TOPIC:
        return Resolution(own if new_subject else question, steer, True)
    modifier = re.fullmatch(r"([\u4e00-\u9fff]{2,6})的", new_subject["subject"]) if new_subject else None
    if modifier and segment:  # 农村的呢？今年要治多少条 after …城市建成区黑臭水体有多少条: 农村 + the thing counted
        return Resolution(f"{modifier[1]}{_head_noun(previous, segment)}{new_subject['rest']}", steer, True)
    if new_subject and segment:  # 那市长办公会呢？一般什么时候开？ after 市政府常务会议多久开一次？
        previous_subject = _subject(previous).strip()
        subject = (_replace_counterpart(previous_subject, new_subject["subject"], segment)
                   or replace_same_kind(previous_subject, new_subject["subject"], segment))
        if subject:
            return Resolution(_joined(subject, new_subject["rest"]), steer, True)
    replaced = ((_replace_counterpart(previous, own, segment) or _replace_named_kind(previous, own, segment))
                if segment else None) or _replace_quoted(previous, own)
    if replaced:
        return Resolution(replaced, steer, True)
    return Resolution(f"{_subject(previous)}{own}", steer, True)


def _of_another_event(own: str, previous: str) -> str | None:
    """The standalone question of a follow-up naming an event or period of its own (第120次常务会议, 第三届), or None."""
    event = EVENT_ORDINAL_RE.search(own)
    if not event:
        return None
    same_unit = [m for m in EVENT_ORDINAL_RE.finditer(previous) if m[1] == event[1]]
    if not same_unit:  # it names its own event: the previous question's date or meeting is not its subject
        return _with_event_noun(own, event, previous)
    last = same_unit[-1]
    if own == event[0]:  # 那第二届呢？ after 第三届和谐使者评了多少人？: the same question of another 届
        body = _TRAILING_RE.sub("", previous.strip())
        return body[:last.start()] + own + body[last.end():]
    named = _NEW_SUBJECT_RE.match(own)
    if named and named["subject"] == event[0]:  # 那第120次呢？研究了什么？ after 第121次常务会议是哪天开的？: its own
        return _joined(_subject(previous[:last.start()] + event[0] + previous[last.end():]), named["rest"])
    return None


def _with_event_noun(own: str, event: re.Match, previous: str) -> str:
    """第123次是哪天开的？ after …开的是第几次常务会议？: the 123rd 常务会议, the kind of event the previous question named."""
    if re.match(r"[\u4e00-\u9fff]{2}", own[event.end():]) and not re.match(r"是|的|呢|在|开|召开|举行", own[event.end():]):
        return own  # 第123次常务会议: it names the kind itself
    kind = re.search(rf"第(?:几|多少|\d+|[一二三四五六七八九十百]+){event[1]}([\u4e00-\u9fff]{{2,6}}?)(?=[是的吗呢，,？?]|$)", previous)
    return f"{own[:event.end()]}{kind[1]}{own[event.end():]}" if kind else own


def _pointing_back(question: str, previous: str, answer: str, cited: list[str], catalog: Catalog) -> str | None:
    """The standalone question of a follow-up that points at what was said before: the cited document as a whole,
    the same day, the predecessor in a post, another item or article of the same document."""
    this_document = _THIS_DOCUMENT_RE.search(question)
    if this_document and cited and _WHOLE_DOCUMENT_RE.search(question):
        # 这个办法从什么时候施行？ asks about the cited document as a whole, not about the previous topic (这个方案里
        # 对研发有什么鼓励？ asks within it: searched as a follow-up, in the cited documents first)
        return question.replace(this_document[0], f"《{catalog[cited[0]].title}》", 1)
    same_day, date = _SAME_DAY_RE.search(question), DATE_RE.search(previous)
    if same_day and date:
        return f"{question[:same_day.start()]}{date[0]}{question[same_day.end():]}"
    meeting, held = _THAT_MEETING_RE.search(question), date or DATE_RE.search(answer)
    if (meeting and held and _LEANING_RE.fullmatch(question[:meeting.start()] or "那")
            and _AGENDA_ASKED_RE.search(question[meeting.end():])):
        # 那次会上还研究了什么 after …2021年12月22日…常务会议审议通过: what that day's meeting did (not 28号那次常务会,
        # which names its own day, nor 那次会上研究的…办法哪天施行, which asks about a document)
        return f"{question[:meeting.start()]}{held[0]}{meeting['meeting']}{question[meeting.end():]}"
    it = _IT_RE.search(question)
    named = list(_NAMED_RULES_RE.finditer(previous))
    # 那今年对它是提请审议吗？ after …照护服务条例由哪个部门牵头起草？: that 条例; without one, what the previous question
    # asked about when 它 opens the follow-up (那它的会议纪要由谁签发？ after 市长办公会议一般什么时候开？), not a thing the
    # follow-up names before it (要是举报的是一家定点药店，…处理它)
    opening = bool(it) and bool(_LEANING_RE.fullmatch(question[:it.start()]))
    stands_for = re.sub(r'^.*[的里中]', '', named[-1][0]) if named else opening and _subject_phrase(previous)
    if it and it.start() > 0 and stands_for:
        return f"{question[:it.start()]}{stands_for}{question[it.end():]}"
    planned = _planned_rules_named(this_document, previous, answer, catalog)
    if planned:  # 那个条例是哪个部门牵头起草？ after an answer naming 《聊城市停车场管理条例》, a title planned, not collected
        return f"{question[:this_document.start()]}{planned}{question[this_document.end():]}"
    same_month = _SAME_MONTH_RE.search(question)
    if same_month and date:  # 那当月市长去巡林了吗？ after 2022年3月11日…: that month, not that day
        month = f"{date[1]}年{date[2]}月" if date[1] else f"{date[2]}月"
        return f"{question[:same_month.start()]}{month}{question[same_month.end():]}"
    shift = _DAY_SHIFT_RE.search(question)
    if shift and date:  # 第二天她又去了哪些地方？ after 2022年3月25日…去哪儿调研了: 3月26日
        return f"{question[:shift.start()]}{_day_shifted(date, _days(shift))}{question[shift.end():]}"
    predecessor = _predecessor(question, previous, answer, catalog) or _same_person(question, previous, answer,
                                                                                      catalog)
    if predecessor:
        return predecessor
    like_named = _like_named(question, previous)
    if like_named:
        return like_named
    ordinal = _ORDINAL_RE.search(question)
    if ordinal:  # 第22项呢？ after 计划第21项…: the same document's item 22
        same_unit = [m for m in _ORDINAL_RE.finditer(previous) if m[1] == ordinal[1]]
        if same_unit:
            return previous[:same_unit[-1].start()] + question[ordinal.start():]
        if cited:
            return f"《{catalog[cited[0]].title}》{question[ordinal.start():]}"
    return None


def _planned_rules_named(pointer: re.Match | None, previous: str, answer: str, catalog: Catalog) -> str | None:
    """The one title of the pointer's kind (那个条例: a 条例) the previous turn names in 《》 and the collection does
    not hold (a text a 立法规划 plans): what the pointer stands for. A collected one is searched as a cited document."""
    if pointer is None:
        return None
    kind = next((t for t in DOC_TYPES if pointer[0].endswith(t)), None)
    collected = {document.title for document in catalog.documents.values()}
    titles = {t for t in _QUOTED_TITLE_RE.findall(f"{previous} {answer}") if kind and t.endswith(kind)}
    return titles.pop() if len(titles) == 1 and not titles & collected else None


def _days(shift: re.Match) -> int:
    if shift["next"]:
        return 1
    if shift["previous"]:
        return -1
    days = cn_to_int(shift["days"])  # 3, 三 and 两 alike
    return days if shift["side"] == "后" else -days


def _day_shifted(date: re.Match, days: int) -> str:
    """The day ``days`` after a DATE_RE match, written as it was (with its year or without: any leap year then)."""
    year, month, day = int(date[1] or 2024), int(date[2]), int(date[3])
    shifted = datetime.date(year, month, day) + datetime.timedelta(days=days)
    return f"{shifted.year}年{shifted.month}月{shifted.day}日" if date[1] else f"{shifted.month}月{shifted.day}日"


def of_another_document(question: str, previous: str, catalog: Catalog) -> str | None:
    """行政应诉工作管理办法呢？ after 公职律师参与行政争议化解工作实施办法什么时候施行？: a follow-up (or a later ask
    of a question) that only names another document asks the previous question of it."""
    own = _POINTER_INSIDE_RE.sub("", own_words(question))
    named, before = catalog.names_in(own), catalog.names_in(previous)
    if not named or not before or _ASKING_HEAD_RE.search(own):
        return None
    # it says no more than the name, but for a few characters or what describes it (同一天印发的公职律师那个实施办法)
    at, found = named[0]
    said = len(own) - len(found) - (at if own[:at].endswith("的") else 0)
    if said > 2:
        return None
    start, name = before[0]
    return f"{previous[:start]}{named[0][1]}{_TRAILING_RE.sub('', previous[start + len(name):].strip())}"


def own_words(question: str) -> str:
    """The follow-up without its leaning start (那, 要是 …) and its trailing particle and mark."""
    return _TRAILING_RE.sub("", _LEANING_RE.sub("", question.strip()))


def _cited_documents(turn: dict, catalog: Catalog) -> list[str]:
    """Documents an assistant turn cited: its citations when it carries them, else the names in its text."""
    by_title = {d.title: d.key for d in catalog.documents.values()}
    keys = [by_title[c["doc_title"]] for c in turn.get("citations") or () if c.get("doc_title") in by_title]
    return list(dict.fromkeys(keys + list(parse_references(turn.get("content", ""), catalog).doc_keys)))


def _subject(previous: str) -> str:
    """The previous question up to its question word: what a follow-up that only names its own ask is about
    (特许经营期限最长多少年？ + 提前终止呢？ -> 特许经营期限最长 提前终止)."""
    body = _TRAILING_RE.sub("", previous.strip())
    m = _ASKING_HEAD_RE.search(body)
    head = body[:m.start()] if m else body
    return f"{head} " if len(head) >= 2 else f"{body} "


def _subject_phrase(previous: str) -> str:
    """The previous question's subject when it is one phrase (市长办公会议 of 市长办公会议一般什么时候开？), without the
    adverb before its question word; empty after a story (城市供水出了事故，有没有…)."""
    subject = _SUBJECT_ADVERB_RE.sub("", _subject(previous).strip())
    return subject if re.fullmatch(r"[\u4e00-\u9fff]{2,12}", subject) else ""


def _head_noun(previous: str, segment) -> str:
    """What the previous question is about, without its modifiers: the last two words of its subject before the
    question word (已完成整治的城市建成区黑臭水体有 -> 黑臭水体)."""
    words = [w for w in segment(_subject(previous).strip()) if w.strip()]
    while words and len(words[-1]) < 2:  # 有, 是: the verb before the question word
        words.pop()
    return "".join(words[-2:]) if len(words) >= 2 and len(words[-1]) == 2 and len(words[-2]) >= 2 else \
        (words[-1] if words else "")


def _another_day(previous: str, own: str) -> str | None:
    """29日呢？ after 3月28日那次常务会议研究了什么？: the same question of another day (or month and day); 19日呢？谁
    参加的？: its own question of that day."""
    day = _DAY_RE.match(own)
    date = DATE_RE.search(previous)
    if not day or not date:
        return None
    month = day["month"] or date.group(2)
    body = _TRAILING_RE.sub("", previous.strip())
    rest = own[day.end():]
    if re.match(r"之?[内前后]|以[内前后]|起", rest):  # 15日内: a period, not a day
        return None
    if rest:
        return f"{body[:date.start(2)]}{month}月{day['day']}日{rest}"
    return f"{body[:date.start(2)]}{month}月{day['day']}日{body[date.end():]}"


# “千名数字专员”: a term the previous question quotes; “育苗扶壮”方案 names a document, not what was asked about
_QUOTED_TERM_RE = re.compile(r"“([^”]{2,16})”(?!\s*(?:方案|计划|规划|办法|条例|细则|意见|通知|要点))")


# A post by the word it ends with (…长: 局长, 督察长, 董事长), and a person pointed at (这个人)
_POST_HEAD = r"(?:长|主任|书记|主席|经理)"
_THIS_PERSON = r"这个人|这人|此人|该人"
# 国资委副主任, 公安局督察长: a post of a named body (a 副市长 or a team's 队长 is of the body asked about before)
# (国资委原来有哪位副主任被免了: the body, then a few words, then its post)
_BODYS_POST_RE = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:局|委|办|院|中心|集团|公司)(?:[\u4e00-\u9fff]{{0,6}}?(?:哪位|哪个|的))?"
                            rf"副?(?:督察|总|董事)?{_POST_HEAD}")
# 那个原来的主任是谁，免了没？: who held the post before the person the previous question was about
_PREDECESSOR_RE = re.compile(rf"(?:原来|原先|之前|以前|前任|原)(?:的|这个|那个)?[\u4e00-\u9fff]{{0,6}}?(?:{_POST_HEAD}|负责人|领导)"
                             r"(?:是谁|是哪位|呢)|"
                             # 这个位置原来是谁: the post itself pointed at, then who held it before
                             r"(?:这个|那个|该)(?:位置|位子|职位|岗位|职务)(?:原来|原先|之前|以前)(?:的人)?是谁")


def _predecessor(question: str, previous: str, answer: str, catalog: Catalog) -> str | None:
    """The post the previous answer gave its person (王亚男被任命为聊城市互联网信息办公室主任), asked of whoever was
    removed from it."""
    people = parse_references(previous, catalog).people
    asked = _PREDECESSOR_RE.search(question)
    if not asked or len(people) != 1:
        return None
    post = re.search(rf"{re.escape(people[0])}(?:被任命为|任命为|为|担任)([^；;，,。\n（(]+)", answer)
    post = post[1] if post else _post_pointed_at(question[:asked.start()], asked[0], answer)
    return f"免去{post}职务的是谁" if post else None


def _post_pointed_at(pointing: str, asked: str, answer: str) -> str | None:
    """Of the posts a plain-text answer lists (聊城市人民政府副秘书长（…）、聊城高铁新区发展服务中心主任（试用期一年）),
    the one the question points at (那个中心原来的主任: the 中心's 主任): the only one of the asked head and the
    named word."""
    head = re.search(rf"{_POST_HEAD}|负责人|领导", asked)
    named = re.sub(r"^(?:那么|要是|如果)?(?:那个|这个|那|该)?", "", pointing).strip("的 ")
    posts = [p.strip() for p in re.split(r"[、；;，,。\n]", re.sub(r"[（(][^）)]*[）)]", "", answer)) if p.strip()]
    if head is None:  # 这个位置: the post itself, when the answer gives one
        return posts[0] if len(posts) == 1 and re.search(rf"{_POST_HEAD}|负责人", posts[0]) else None
    fitting = [p for p in posts if p.endswith(head[0]) and named in p]
    return fitting[0] if len(fitting) == 1 else None


# 这个人原来的职务呢？: the one person the previous question named, or the one its answer gave (换成谁了？)
_PERSON_POINTER_RE = re.compile(rf"{_THIS_PERSON}|这位|(?<!其)[他她](?![们人])")
_WHO_ASKED_RE = re.compile(r"谁|哪位|什么人")


def _same_person(question: str, previous: str, answer: str, catalog: Catalog) -> str | None:
    people = parse_references(previous, catalog).people
    if not people and _WHO_ASKED_RE.search(previous):  # 局长换成谁了？ 他原来的职务免了吗: the person it was answered with
        people = parse_references(answer, catalog).people[:1]
    pointer = _PERSON_POINTER_RE.search(question)
    if len(people) != 1 or not pointer or parse_references(question, catalog).people:
        return None
    own = re.sub(r"^(?:那么|那|要是|如果)", "", _TRAILING_RE.sub("", question.strip()))
    return own.replace(pointer[0], people[0], 1)


# 电梯安全那个呢？ after 聊城市控制吸烟条例由哪个部门牵头起草？: the same question of the text named by its topic
_LIKE_NAMED_RE = re.compile(r"(?:那|那么)?(?P<topic>[\u4e00-\u9fff]{2,10}?)的?(?:那个|那项|那条|那部|那一个)(?:呢)?[？?]?")
_NAMED_TEXT_RE = re.compile(rf"(?:聊城市)?(?P<topic>[\u4e00-\u9fff]{{2,16}}?)(?P<kind>{'|'.join(DOC_TYPES)})")


def _like_named(question: str, previous: str) -> str | None:
    asked, named = _LIKE_NAMED_RE.fullmatch(question.strip()), _NAMED_TEXT_RE.search(previous)
    if not asked or not named:
        return None
    body = _TRAILING_RE.sub("", previous.strip())
    return f"{body[:named.start('topic')]}{asked['topic']}{body[named.end('topic'):]}"


def _another_person(previous: str, own: str, catalog: Catalog) -> str | None:
    """那刘跃森呢？ after …钟道勇被任命为什么职务？: the same question of another person of the 任免 records."""
    named, before = parse_references(own, catalog).people, parse_references(previous, catalog).people
    if len(named) != 1 or own != named[0] or len(before) != 1:
        return None
    return _TRAILING_RE.sub("", previous.strip()).replace(before[0], named[0])


def _replace_quoted(previous: str, own: str) -> str | None:
    """那管理标兵呢？ after 方案里培育“千名数字专员”是怎么安排的？: the quoted term the previous question asked about
    is what a short follow-up stands against."""
    quoted = list(_QUOTED_TERM_RE.finditer(previous))
    if not quoted or len(own) > 8 or re.search(r"[，,。？?！!、]", own):
        return None
    body = _TRAILING_RE.sub("", previous.strip())
    last = quoted[-1]
    asking = _OWN_ASK_RE.search(own)
    if asking and asking.start() >= 2:  # 竣工又是咋认定的？ after …“开工”怎么算？: its term in place, its own ask after
        return f"{body[:last.start()]}“{own[:asking.start()]}”{own[asking.start():]}"
    return f"{body[:last.start()]}“{own}”{body[last.end():]}"


def _joined(subject: str, rest: str) -> str:
    """The subject and the follow-up's own ask, the words they share said once (市长办公会议一般 + 一般什么时候开)."""
    overlap = next((k for k in range(min(len(subject), len(rest)), 1, -1) if subject.endswith(rest[:k])), 0)
    return subject[:len(subject) - overlap] + rest


def replace_same_kind(previous: str, subject: str, segment, same=same_kind) -> str | None:
    """市政府常务会议一般 with 市长办公会议 in place of the phrase of the same kind (a Chinese compound puts its head
    last: both are 会议), the words before the head that make its name included: 市长办公会议一般. ``same``: when a
    word of ``previous`` is of the subject's kind (by default, it ends as the subject does)."""
    words = segment(previous)
    heads = [j for j, w in enumerate(words) if same(subject, w)]
    if not heads:
        return None
    start = end = heads[-1]
    while start > 0 and len(words[start - 1]) >= 2 and not words[start - 1].isdigit():
        start -= 1
    return "".join(words[:start]) + subject + "".join(words[end + 1:])


def _replace_named_kind(previous: str, own: str, segment) -> str | None:
    """那聊城职业技术学院呢？ after 山东工程技师学院有几位入选…: a name ending in the two characters a name of the
    previous question ends in (学院) takes that name's place; a follow-up asking something (…标准呢, 怎么算) or
    saying more (他之前不就是这个中心的主任吗) is not a name."""
    if not re.fullmatch(r"[^\W\d_他她它这那吗吧的没不未]{4,14}", own) or _ASKING_HEAD_RE.search(own):
        return None
    return replace_same_kind(_TRAILING_RE.sub("", previous.strip()), own, segment,
                             same=lambda name, word: len(word) >= 2 and word != name and word[-2:] == name[-2:])


def _replace_counterpart(previous: str, own: str, segment) -> str | None:
    """开工 in 国有建设用地开工是怎么认定的 when the follow-up is 竣工 (常务会议 when it is 市长办公会; 队长 when it is
    普通队员): a word of the previous question with a character in common with the follow-up's head word and of a
    similar length. The follow-up must be a short name without a question word."""
    if len(own) > 6 or _ASKING_HEAD_RE.search(own):
        return None
    words = segment(previous)
    # a modified name (普通队员) stands against what its last word, a two-character head (队员), does (队长, not the
    # 救援队 of 救援队的队长), and the whole name only when the head matches no word
    last = ([w for w in segment(own) if w.strip()] or [own])[-1]
    for name in dict.fromkeys((last if len(last) == 2 else own, own)):
        candidates = [(n, w) for n, w in enumerate(words) if len(w) >= 2 and w not in (own, name)
                      and abs(len(w) - len(name)) <= 1 and set(w) & set(name)]
        if candidates:
            break
    else:
        return None
    # on a tie the later word: the head of 队伍的队长 is 队长, what 队员呢？ stands against
    _, target = max(candidates, key=lambda c: (len(set(c[1]) & set(name)), -abs(len(c[1]) - len(name)), c[0]))
    return _TRAILING_RE.sub("", previous.strip()).replace(target, own, 1)


# 这个人之前在集团干什么, 新董事长原来担任什么职务: the person an earlier ask's 任免 record appointed; 原主任去了哪:
# the one it removed. A later ask of the same question pointing at them is asked of them by name.
_APPOINTEE_RE = re.compile(rf"{_THIS_PERSON}|新任?的?[\u4e00-\u9fff]{{0,6}}?{_POST_HEAD}")
_REMOVED_RE = re.compile(rf"原(?:来|先)?的?[\u4e00-\u9fff]{{0,6}}?{_POST_HEAD}|前任")


def named_person(ask_text: str, records: list[Chunk]) -> str | None:
    """``ask_text`` with the person it points at (``records``: the 任免 records the question's earlier asks cite)
    written out, or None when it points at no one or at more than one."""
    for pointer, action in ((_APPOINTEE_RE, "任"), (_REMOVED_RE, "免")):
        found = pointer.search(ask_text)
        people = {r.person for r in records if r.kind == ProvisionKind.APPOINTMENT and r.action == action}
        if found and len(people) == 1:
            return f"{ask_text[:found.start()]}{people.pop()}{ask_text[found.end():]}"
    return None
