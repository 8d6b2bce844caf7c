"""A question's (or an article's) explicit references: which catalogued document it names, which 第X条, which
item. Pure string work over the catalogue's names.

A document is named by its 文号 (聊政办字〔2021〕36号, 聊城市人民政府令第42号, 36号文) or by its title, full or
short (《特许经营管理办法》, 工作规则, 应急救援细则). The retriever puts a referenced article first, so a wrong
match costs more than a missed one: whenever a name could belong to a text outside the catalog
(国务院工作规则, 《行政诉讼法》第九十六条) nothing is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .catalog import DOC_TYPES, OWNER_WORDS, YEAR, Catalog, short_place, starts_a_name
from .text.normalize import normalize_with_origin
from .text.numerals import CLOSE_BRACKETS, OPEN_BRACKETS, cn_to_int, int_to_cn
from .text.patterns import DATE_RE

# How a name of a text outside the catalog ends: an article number right after one is that text's article.
FOREIGN_ENDINGS = (*DOC_TYPES, "法", "准则", "章程", "决定", "通知", "》")

_NUM = r"(?:\d{1,3}|[零〇一二两三四五六七八九十百]{1,7})"
_ARTICLE_RE = re.compile(rf"第{_NUM}(?:条?(?:至|到|—|、|,|和|及|与)第?{_NUM})*条")
_ARTICLE_PART_RE = re.compile(rf"({_NUM})|(至|到|—)")
# 三、（一）2., 三、（一）第2项, 六、14: an item of a plan's section, by its number or as the section's 第N项
_SECTION_ITEM = r"第?(\d{1,2}(?!\d)|(?<=第)[一二三四五六七八九十]{1,3}(?=项))项?"
_SECTION_RE = re.compile(
    rf"(?<![一二三四五六七八九十])([一二三四五六七八九十]{{1,3}})、(?:\(([一二三四五六七八九十]{{1,3}})\)(?:{_SECTION_ITEM})?|{_SECTION_ITEM})"
)
_PART_RE = re.compile(rf"第({_NUM})部分(?:第?\(?({_NUM})\)?项)?")
_ITEM_RE = re.compile(rf"第\(?({_NUM})\)?项")
_SELF_RE = re.compile(rf"本(?:实施)?(?:{'|'.join(DOC_TYPES)})")
_BRACKET_TITLE_RE = re.compile(r"《([^《》]{1,80})》")
_FULL_NUMBER_RE = re.compile(rf"([\u4e00-\u9fff]*){OPEN_BRACKETS}(\d{{4}}){CLOSE_BRACKETS}(\d{{1,4}})号(?:文件?)?")
_DECREE_QUERY_RE = re.compile(rf"(?:人民)?政府令第?({_NUM})号|第?({_NUM})号令|国务院令第?({_NUM})号")
_YEAR_AT_END_RE = re.compile(rf"{YEAR}$")
_DATED_RE = re.compile(rf"({YEAR})的$")
_EDITION_RE = re.compile(r"\(?(\d{4}年)(?:版本?|修订|修正)?\)?")
_SHORT_NUMBER_RE = re.compile(r"(?:(\d{4})年)?(\d{1,4})号文件?")
# What is left of a question that only asks for a document: 聊政办发[2022]1号是什么文件, 工作规则的全文.
_FILLER_RE = re.compile(r"请问|请|帮我|给我|我想|我要|查询|查找|查看|看看|看一下|找一下|一下|印发|下发|是什么文件|哪个文件|"
                        r"哪份文件|是个?什么(?:文件|计划|方案|办法|规定|通知|规则|细则|措施|要点)?|全文|原文|文件|主要内容|内容|"
                        r"讲了?什么|说了?什么|规定了?什么|(?:是|主要)?(?:关于|讲|涉及|有关)(?=什么|哪|啥)|"  # 是关于什么的
                        r"有哪些|哪些|什么|查|看|找|是|的|吗|呢|啊|了|[^\w]")  # 印发了哪些文件: what it issues

@dataclass(frozen=True)
class QueryRefs:
    doc_keys: tuple[str, ...] = ()
    article_numbers: tuple[int, ...] = ()
    item_label: str | None = None  # 三、（一） / 三、 / （二）, printed as the provision labels are
    item_bracketed: bool = False  # written 第（十二）项: a label printed （十二）, not the 12th item (12.)
    doc_number_only: bool = False  # the question asks for the document itself: 聊政办发[2022]1号是什么文件
    spans: tuple[str, ...] = ()  # the question's words that were understood, in order
    people: tuple[str, ...] = ()  # people of the catalogue's 任免 records named, in order of appearance
    event_dates: tuple[str, ...] = ()  # ISO dates of 大事记 entries named (2022年3月8日, or 3月8日 in any year)


@dataclass(frozen=True)
class _Mention:
    """A named text in a normalised string: a catalog document, 本办法 (own) or a text outside the catalog."""

    start: int
    end: int
    kind: str  # "doc", "own" or "foreign"
    doc_key: str | None = None


class _Finder:
    """Finds the names of catalogued documents (and of texts outside it) in a normalised text. A name of a work
    with several versions is the version in force on ``as_of``, or the one a year before the name picks."""

    def __init__(self, catalog: Catalog, as_of: str):
        self.catalog = catalog
        self.as_of = as_of

    def mentions(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        numbers = self.catalog.numbers
        for m in _FULL_NUMBER_RE.finditer(text):
            found.append(self._full_number(text, m))
        for m in _DECREE_QUERY_RE.finditer(text):
            if _free(found, m.start(), m.end()):
                kind = "state_decree" if m[3] else "decree"
                found.append(self._numbered(text, m, numbers.get((kind, cn_to_int(m[1] or m[2] or m[3])))))
        for m in _SHORT_NUMBER_RE.finditer(text):
            key = numbers.get(("year", int(m[1]), int(m[2])) if m[1] else ("short", int(m[2])))
            if _free(found, m.start(), m.end()):
                found.append(self._numbered(text, m, key))
        names = self.catalog.names_in(text)
        quoting = [(start, start + len(alias)) for start, alias in names if "《" in alias]
        for m in _BRACKET_TITLE_RE.finditer(text):
            # 《防洪法》 inside 河南省实施《防洪法》办法 is part of that title, not a text of its own
            inside_title = any(start <= m.start() and m.end() <= end for start, end in quoting)
            if _free(found, m.start(), m.end()) and not inside_title:
                key = self._bracketed(m[1])
                found.append(_Mention(m.start(), m.end(), "doc" if key else "foreign", key))
        for m in _SELF_RE.finditer(text):
            if _free(found, m.start(), m.end()):
                found.append(_Mention(m.start(), m.end(), "own"))
        for start, alias in names:
            end = start + len(alias)
            if not _free(found, start, end) or text.startswith((*DOC_TYPES, "实施"), end):
                continue
            work = self.catalog.aliases[alias]
            edition = _EDITION_RE.match(text, end)  # 专利法实施细则（2010年版）: a year after the name picks a version
            named = self._named(text, start, self.catalog.works[work], edition[1] if edition else "")
            if named is not None:
                start, end = named[0], edition.end() if edition else end
                if text[start - 1:start] == "《" and text.startswith("》", end):  # 《…实施《…》办法》 as a whole
                    start, end = start - 1, end + 1
                found.append(_Mention(start, end, "doc", named[1]))
        if not any(m.kind == "doc" for m in found):  # 医保基金监管若干措施: a title shortened as people do
            for start, end, work in self.catalog.abbreviations_in(text):
                named = self._named(text, start, self.catalog.works[work]) if _free(found, start, end) else None
                if named is not None:
                    found.append(_Mention(named[0], end, "doc", named[1]))
        return sorted(found, key=lambda m: m.start)

    def _full_number(self, text: str, m: re.Match) -> _Mention:
        """聊政办字〔2021〕36号: ours when the code is; 〔2021〕36号 alone when only one document has it."""
        code, year, number = m[1], int(m[2]), int(m[3])
        for known in self.catalog.codes:
            if code.endswith(known):
                key = self.catalog.numbers.get(("full", known, year, number))
                return _Mention(m.end(1) - len(known), m.end(), "doc" if key else "foreign", key)
        key = self.catalog.numbers.get(("year", year, number))
        named = self._named(text, m.end(1), [key]) if key else None
        if named is not None:
            return _Mention(named[0], m.end(), "doc", key)
        return _Mention(m.start(), m.end(), "foreign")

    def _numbered(self, text: str, m: re.Match, key: str | None) -> _Mention:
        """A decree or 36号文: ours when its number is unique here and no other issuer stands before it."""
        named = self._named(text, m.start(), [key]) if key else None
        if named is not None:
            return _Mention(named[0], m.end(), "doc", key)
        return _Mention(m.start(), m.end(), "foreign")

    def _bracketed(self, inner: str) -> str | None:
        """《特许经营管理办法》 or 《聊城市特许经营办法》: an owner prefix, then exactly one of the names."""
        for start in range(len(inner)):
            work = self.catalog.aliases.get(inner[start:])
            if work is None:
                continue
            keys = self.catalog.works[work]
            if self._owner_start(inner, start, keys) == 0:
                return self._version(keys, inner[:start])
        return None

    def _named(self, text: str, start: int, keys: list[str], edition: str = "") -> tuple[int, str] | None:
        """Where a name found at ``start`` really starts, owner included (聊城市, 市政府, 三门峡, 2022年), and the
        document it names; None when it is the end of a longer, unknown name (国务院工作规则, 青岛市森林防火条例).
        ``edition``: a year written after the name."""
        owner_start = self._owner_start(text, start, keys)
        if not _is_boundary(text[:owner_start]):
            return None
        key = self._version(keys, text[owner_start:start] + edition)
        return (owner_start, key) if key is not None else None

    def _owner_start(self, text: str, start: int, keys: list[str]) -> int:
        """How far back from ``start`` the words that may stand before these documents' names reach: years, the
        generic owners (人民政府, 本市 …) and the documents' own places, full or short (河南省, 三门峡)."""
        words = sorted({*OWNER_WORDS, *(w for k in keys for o in self.catalog.owners[k] for w in (o, short_place(o)))},
                       key=len, reverse=True)
        pos = start
        while pos > 0:
            if (dated := _DATED_RE.search(text, 0, pos)) is not None:  # 2010年的专利法实施细则, 2020年的政府工作规则
                pos = dated.start(1) + len(dated[1])
            year = _YEAR_AT_END_RE.search(text, 0, pos)
            word = year.group() if year else next((w for w in words if text.startswith(w, pos - len(w))), None)
            if not word:
                break
            pos -= len(word)
        return pos

    def _version(self, keys: list[str], prefix: str) -> str | None:
        """The version named: the one the prefix's years fit (2010年专利法实施细则), else the one in force."""
        years = re.findall(YEAR, prefix)
        fitting = [k for k in keys if all(y in self.catalog.years[k] for y in years)]
        if not fitting:
            return None
        if years:  # 2014年的…条例: the version of 2014 rather than the 2024 revision of the text first made in 2014
            made_then = [k for k in fitting if f"{(self.catalog[k].version or '')[:4]}年" in years]
            return (made_then or fitting)[-1]
        if len(fitting) == 1:
            return fitting[0]
        return self.catalog.version_on(self.catalog.work_of[fitting[0]], self.as_of)


def parse_references(query: str, catalog: Catalog, as_of: str | None = None) -> QueryRefs:
    """The documents, articles and item a question names. Articles of texts outside the catalog are dropped.
    A work with several versions is named by the version in force on ``as_of`` (ISO; default today) unless the
    question picks one by its year."""
    text, origin = normalize_with_origin(query)
    mentions = _Finder(catalog, as_of or date.today().isoformat()).mentions(text)
    used = [m for m in mentions if m.kind == "doc"]
    spans = [(m.start, m.end) for m in used]
    articles: list[int] = []
    for ref in _ARTICLE_RE.finditer(text):
        if _referent(mentions, text, ref.start()) == "foreign":
            continue
        articles.extend(n for n in _article_numbers(ref.group()) if n not in articles)
        spans.append(ref.span())
    item = _item_label(text)
    if item:
        spans.append(item[1])
    doc_keys = tuple(dict.fromkeys(m.doc_key for m in used))
    return QueryRefs(
        doc_keys=doc_keys,
        article_numbers=tuple(articles),
        item_label=item[0] if item else None,
        item_bracketed=bool(item) and text[item[1][0]:item[1][1]].startswith("第("),
        doc_number_only=bool(doc_keys) and not articles and not item and _only_filler(text, spans),
        spans=tuple(query[origin[s]:origin[e - 1] + 1] for s, e in sorted(spans)),
        people=_people_in(query, catalog),
        event_dates=_event_dates_in(query, catalog),
    )


def _people_in(query: str, catalog: Catalog) -> tuple[str, ...]:
    return tuple(sorted((name for name in catalog.people if name in query), key=query.index))


def _event_dates_in(query: str, catalog: Catalog) -> tuple[str, ...]:
    days: list[str] = []
    for year, month, day in DATE_RE.findall(query):
        suffix = f"-{int(month):02d}-{int(day):02d}"
        days += [d for d in catalog.event_dates if d.endswith(suffix) and (not year or d.startswith(year))]
    return tuple(days)


# -- articles and items ------------------------------------------------------------------------------


def _article_numbers(ref: str) -> list[int]:
    """第三条 -> [3]; 第三至五条 -> [3, 4, 5]; 第三条、第五条 -> [3, 5]."""
    numbers: list[int] = []
    in_range = False
    for number, range_word in _ARTICLE_PART_RE.findall(ref):
        if range_word:
            in_range = True
            continue
        n = cn_to_int(number)
        if in_range and numbers and numbers[-1] < n <= numbers[-1] + 50:
            numbers.extend(range(numbers[-1] + 1, n + 1))
        elif n:
            numbers.append(n)
        in_range = False
    return numbers


def _item_label(text: str) -> tuple[str, tuple[int, int]] | None:
    section = _SECTION_RE.search(text)
    if section:
        sub = f"（{section[2]}）" if section[2] else ""
        item = section[3] or section[4]
        return f"{section[1]}、{sub}{f'{cn_to_int(item)}.' if item else ''}", section.span()
    part = _PART_RE.search(text)
    if part:
        sub = f"（{int_to_cn(cn_to_int(part[2]))}）" if part[2] else ""
        return f"{int_to_cn(cn_to_int(part[1]))}、{sub}", part.span()
    item = _ITEM_RE.search(text)
    if item:
        return f"（{int_to_cn(cn_to_int(item[1]))}）", item.span()
    return None


def _referent(mentions: list[_Mention], text: str, start: int) -> str:
    """Whose article starts at ``start``: a document key, "own" (本办法 or nothing named) or "foreign"."""
    for m in mentions:
        if m.end <= start and text[m.end:start] in ("", "的", "中"):
            return m.doc_key if m.kind == "doc" else m.kind
    return "foreign" if text[:start].removesuffix("的").endswith(FOREIGN_ENDINGS) else "own"



def _is_boundary(before: str) -> bool:
    return not before or starts_a_name(before[-1])


def _free(mentions: list[_Mention], start: int, end: int) -> bool:
    return all(end <= m.start or m.end <= start for m in mentions)


def _only_filler(text: str, spans: list[tuple[int, int]]) -> bool:
    rest = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans)).replace("啥", "什么")
    return not _FILLER_RE.sub("", rest)
