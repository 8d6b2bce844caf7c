"""Structured references: which catalogued document a question or an article names, and which 第X条.

A document is named by its 文号 (聊政办字〔2021〕36号, 聊城市人民政府令第42号, 36号文) or by its title, full or
short (《特许经营管理办法》, 工作规则, 应急救援细则). The retriever puts a referenced article first, so a wrong
match costs more than a missed one: whenever a name could belong to a text outside the catalog
(国务院工作规则, 《行政诉讼法》第九十六条) nothing is reported.

Everything here is pure string work; the catalog is built once from the chunks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from qa.ingest.numerals import DECREE_RE, DOC_NUMBER_RE, cn_to_int, int_to_cn

if TYPE_CHECKING:
    from qa.model import Chunk, Document

# The word a regulation or plan title ends with; only such titles get short names.
DOC_TYPES = ("办法", "细则", "规则", "规定", "方案", "计划", "要点", "措施", "意见", "规划", "条例")
# Words before the doc type that qualify a title without naming its subject: short names drop them in any
# combination (应急救援队伍建设管理实施细则 -> 应急救援细则).
GENERIC_WORDS = ("工作", "管理", "暂行", "试行", "实施", "建设", "队伍", "行动", "若干", "三年")
# Words that never name a subject on their own: a short name keeps at least one other word, so 监管办法 or
# 发展规划方案 never become names while 应诉办法 does.
WEAK_WORDS = frozenset({*GENERIC_WORDS, *DOC_TYPES, "发展", "推进", "贯彻", "落实", "制度", "体系", "监管", "服务",
                        "保障"})
# How a name of a text outside the catalog ends: an article number right after one is that text's article.
FOREIGN_ENDINGS = (*DOC_TYPES, "法", "准则", "章程", "决定", "通知", "》")
# A name only starts after one of these, punctuation, a digit or the start of the text: 请问工作规则 is ours,
# 国务院工作规则 and 行政应诉工作规则 are not.
CONNECTIVES = frozenset("的问查看找按照据依于在和与及或是说下把对了给我从请")
# Who may stand before a name and still mean this catalog: 聊城市人民政府工作规则, 市政府工作规则, 本市 ...
OWNER_WORDS = ("人民政府", "政府", "办公室", "本市", "我市", "全市", "市")

_NUM = r"(?:\d{1,3}|[零〇一二两三四五六七八九十百]{1,7})"
_YEAR = r"\d{4}(?:—\d{4})?年度?"
_ARTICLE_RE = re.compile(rf"第{_NUM}(?:条?(?:至|到|—|、|,|和|及|与)第?{_NUM})*条")
_ARTICLE_PART_RE = re.compile(rf"({_NUM})|(至|到|—)")
_SECTION_RE = re.compile(
    r"(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,3})、(?:\(([一二三四五六七八九十]{1,3})\)(?:(\d{1,2})(?!\d))?|(\d{1,2})(?!\d))"
)
_PART_RE = re.compile(rf"第({_NUM})部分(?:第?\(?({_NUM})\)?项)?")
_ITEM_RE = re.compile(rf"第\(?({_NUM})\)?项")
_SELF_RE = re.compile(rf"本(?:实施)?(?:{'|'.join(DOC_TYPES)})")
_BRACKET_TITLE_RE = re.compile(r"《([^》]{1,80})》")
_FULL_NUMBER_RE = re.compile(r"([\u4e00-\u9fff]*)[〔\[【(〖](\d{4})[〕\]】)〗](\d{1,4})号(?:文件?)?")
_DECREE_QUERY_RE = re.compile(rf"(?:人民)?政府令第?({_NUM})号|第?({_NUM})号令")
_SHORT_NUMBER_RE = re.compile(r"(?:(\d{4})年)?(\d{1,4})号文件?")
# What is left of a question that only asks for a document: 聊政办发[2022]1号是什么文件, 工作规则的全文.
_FILLER_RE = re.compile(r"请问|请|帮我|给我|我想|我要|查询|查找|查看|看看|看一下|找一下|一下|印发|下发|是什么文件|哪个文件|"
                        r"哪份文件|是个?什么(?:文件|计划|方案|办法|规定|通知|规则|细则|措施|要点)?|全文|原文|文件|主要内容|内容|"
                        r"讲了?什么|说了?什么|规定了?什么|"
                        r"有哪些|什么|查|看|找|是|的|吗|呢|啊|了|[^\w]")

_DROPPED_CHARS = frozenset(" \t\r\n\u3000“”‘’\"'「」『』")
_DASHES = str.maketrans({"–": "—", "―": "—", "-": "—", "~": "—", "～": "—"})


def document_key(source: str, title: str) -> str:
    """Key of a document in the catalog: its title inside its issue file (two issues may share a title)."""
    return f"{source}#{title}"


def chunk_doc_key(chunk: Chunk) -> str:
    return document_key(chunk.source, chunk.doc_title)


@dataclass(frozen=True)
class CatalogDocument:
    key: str
    title: str
    doc_number: str | None = None
    notice_title: str | None = None
    doc_type: str | None = None


@dataclass(frozen=True)
class QueryRefs:
    doc_keys: tuple[str, ...] = ()
    article_numbers: tuple[int, ...] = ()
    item_label: str | None = None  # 三、（一） / 三、 / （二）, printed as the provision labels are
    doc_number_only: bool = False  # the question asks for the document itself: 聊政办发[2022]1号是什么文件
    spans: tuple[str, ...] = ()  # the question's words that were understood, in order


@dataclass(frozen=True)
class _Mention:
    """A named text in a normalised string: a catalog document, 本办法 (own) or a text outside the catalog."""

    start: int
    end: int
    kind: str  # "doc", "own" or "foreign"
    doc_key: str | None = None


class DocumentCatalog:
    """The documents a question can name, with every 文号 and title form people use for them."""

    def __init__(self, documents: Iterable[CatalogDocument]):
        self.documents = {d.key: d for d in documents}
        self.city = _city_of(self.documents.values())
        city_names = (self.city, self.city[:-1]) if self.city else ()
        owner_words = "|".join(sorted({*OWNER_WORDS, *city_names}, key=len, reverse=True))
        self._owner_run = re.compile(rf"(?:{_YEAR}|{owner_words})*")
        self._trailing_owner_run = re.compile(rf"(?:{_YEAR}|{owner_words})*$")
        self._years = {d.key: _years_of(d) for d in self.documents.values()}

        named: dict[str, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for alias in _aliases(doc, self.city):
                named[alias].add(doc.key)
        self.aliases = _unambiguous(named)
        self._longest_first = sorted(self.aliases, key=len, reverse=True)

        numbered: dict[tuple, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for number_key in _number_keys(doc.doc_number):
                numbered[number_key].add(doc.key)
        self._numbers = _unambiguous(numbered)
        self._codes = sorted({k[1] for k in numbered if k[0] == "full"}, key=len, reverse=True)

    @classmethod
    def from_chunks(cls, chunks: Iterable[Chunk]) -> DocumentCatalog:
        documents: dict[str, CatalogDocument] = {}
        for c in chunks:
            key = chunk_doc_key(c)
            documents.setdefault(key, CatalogDocument(key, c.doc_title, c.doc_number, c.notice_title, c.doc_type))
        return cls(documents.values())

    @classmethod
    def from_documents(cls, documents: Iterable[Document]) -> DocumentCatalog:
        return cls(CatalogDocument(document_key(d.source, d.title), d.title, d.doc_number, d.notice_title,
                                   d.doc_type) for d in documents)

    def aliases_of(self, key: str) -> list[str]:
        return sorted((a for a, k in self.aliases.items() if k == key), key=lambda a: (len(a), a))

    # -- finding names in a normalised text ----------------------------------------------------------

    def _mentions(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        for m in _FULL_NUMBER_RE.finditer(text):
            found.append(self._full_number(text, m))
        for m in _DECREE_QUERY_RE.finditer(text):
            if _free(found, m.start(), m.end()):
                found.append(self._numbered(text, m, self._numbers.get(("decree", cn_to_int(m[1] or m[2])))))
        for m in _SHORT_NUMBER_RE.finditer(text):
            key = self._numbers.get(("year", int(m[1]), int(m[2])) if m[1] else ("short", int(m[2])))
            if _free(found, m.start(), m.end()):
                found.append(self._numbered(text, m, key))
        for m in _BRACKET_TITLE_RE.finditer(text):
            if _free(found, m.start(), m.end()):
                key = self._bracketed(m[1])
                found.append(_Mention(m.start(), m.end(), "doc" if key else "foreign", key))
        for m in _SELF_RE.finditer(text):
            if _free(found, m.start(), m.end()):
                found.append(_Mention(m.start(), m.end(), "own"))
        for alias in self._longest_first:
            start = text.find(alias)
            while start >= 0:
                end = start + len(alias)
                key = self.aliases[alias]
                name_start = self._name_start(text, start, key) if _free(found, start, end) else None
                if name_start is not None and not text.startswith((*DOC_TYPES, "实施"), end):
                    found.append(_Mention(name_start, end, "doc", key))
                start = text.find(alias, end)
        return sorted(found, key=lambda m: m.start)

    def _full_number(self, text: str, m: re.Match) -> _Mention:
        """聊政办字〔2021〕36号: ours when the code is; 〔2021〕36号 alone when only one document has it."""
        code, year, number = m[1], int(m[2]), int(m[3])
        for known in self._codes:
            if code.endswith(known):
                key = self._numbers.get(("full", known, year, number))
                return _Mention(m.end(1) - len(known), m.end(), "doc" if key else "foreign", key)
        key = self._numbers.get(("year", year, number))
        name_start = self._name_start(text, m.end(1), key) if key else None
        if name_start is not None:
            return _Mention(name_start, m.end(), "doc", key)
        return _Mention(m.start(), m.end(), "foreign")

    def _numbered(self, text: str, m: re.Match, key: str | None) -> _Mention:
        """A decree or 36号文: ours when its number is unique here and no other issuer stands before it."""
        name_start = self._name_start(text, m.start(), key) if key else None
        if name_start is not None:
            return _Mention(name_start, m.end(), "doc", key)
        return _Mention(m.start(), m.end(), "foreign")

    def _bracketed(self, inner: str) -> str | None:
        """《特许经营管理办法》 or 《聊城市特许经营办法》: an owner prefix, then exactly one of the names."""
        for start in range(len(inner)):
            key = self.aliases.get(inner[start:])
            if key and self._owner_run.fullmatch(inner[:start]) and self._years_fit(inner[:start], key):
                return key
        return None

    def _name_start(self, text: str, start: int, key: str) -> int | None:
        """Where a name found at ``start`` really starts, owner included (聊城市, 市政府, 2022年), or None when
        it is the end of a longer, unknown name (国务院工作规则)."""
        owner = self._trailing_owner_run.search(text, 0, start)
        if _is_boundary(text[:owner.start()]) and self._years_fit(owner.group(), key):
            return owner.start()
        return None

    def _years_fit(self, prefix: str, key: str) -> bool:
        return all(year in self._years[key] for year in re.findall(_YEAR, prefix))


def parse_references(query: str, catalog: DocumentCatalog) -> QueryRefs:
    """The documents, articles and item a question names. Articles of texts outside the catalog are dropped."""
    text, origin = _normalize(query)
    mentions = catalog._mentions(text)
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
        doc_number_only=bool(doc_keys) and not articles and not item and _only_filler(text, spans),
        spans=tuple(query[origin[s]:origin[e - 1] + 1] for s, e in sorted(spans)),
    )


def cross_references(text: str, own_doc_key: str, catalog: DocumentCatalog) -> list[tuple[str, int]]:
    """(document, article) pairs an article's text refers to: 本办法第十二条 and a bare 第十二条 are its own
    document's; 《…》第二十条 is the named document's when it is catalogued, else skipped; 款 and 项 are not
    articles and are ignored."""
    text = _normalize(text)[0]
    own_label = re.match(rf"第{_NUM}条", text)
    mentions = catalog._mentions(text)
    refs: list[tuple[str, int]] = []
    for ref in _ARTICLE_RE.finditer(text, own_label.end() if own_label else 0):
        referent = _referent(mentions, text, ref.start())
        if referent == "foreign":
            continue
        key = own_doc_key if referent == "own" else referent
        refs.extend((key, n) for n in _article_numbers(ref.group()) if (key, n) not in refs)
    return refs


# -- names of a document -----------------------------------------------------------------------------


def _aliases(doc: CatalogDocument, city: str | None) -> set[str]:
    """Full titles, titles without their owner (聊城市, 人民政府, 关于, a leading year) and, for regulations
    and plans, short names: a tail of the subject, any of the generic words before it, the doc type."""
    owner = re.compile(rf"(?:{_YEAR}|{re.escape(city) + '|' if city else ''}人民政府|办公室|关于)+")
    names: set[str] = set()
    for title in filter(None, (doc.title, doc.notice_title)):
        full = _normalize(title)[0]
        lead = owner.match(full)
        body = full[lead.end():] if lead and lead.end() < len(full) else full
        names |= {full, body}
        if title == doc.title:
            names |= _short_names(body, city) | _quoted_names(title)
    return {n for n in names if len(n) >= 4 and n not in DOC_TYPES}


def _short_names(body: str, city: str | None) -> set[str]:
    body = re.sub(r"\([^)]*\)$", "", body)  # （2021—2023年） after the doc type
    doc_type = next((t for t in DOC_TYPES if body.endswith(t)), None)
    if not doc_type:
        return set()
    subject, modifiers = body[: -len(doc_type)], []
    while True:
        modifier = re.search(rf"(?:{_YEAR}|\([^)]*\)|{'|'.join(GENERIC_WORDS)}|的)$", subject)
        if not modifier or modifier.start() == 0:
            break
        if modifier.group() != "的":  # 建设的若干措施: short names read as well without it
            modifiers.insert(0, modifier.group())
        subject = subject[: modifier.start()]
    barriers = rf"[和及与、]|{_YEAR}|\([^)]*\)" + (f"|{city}" if city else "")
    segment = re.split(barriers, subject)[-1]
    # Titles are built from two-character words; splitting from the left keeps 碧水/保卫战 whole.
    words = re.findall(r"..?", segment)
    tails = {subject} | {"".join(words[i:]) for i in range(len(words)) if _topic_words(words[i:]) >= 1}
    year_before = re.search(rf"({_YEAR}){re.escape(segment)}$", subject)
    if year_before:  # 2022年立法工作计划: a year makes a one-word subject specific
        tails |= {year_before[1] + "".join(words[i:]) for i in range(len(words)) if _topic_words(words[i:]) >= 1}
    return {tail + "".join(kept) + doc_type
            for tail in tails for size in range(len(modifiers) + 1) for kept in combinations(modifiers, size)}


def _quoted_names(title: str) -> set[str]:
    """A term the title quotes is its most distinctive name: “育苗扶壮” -> 育苗扶壮(三年)(行动)方案."""
    body = re.sub(r"[（(][^）)]*[）)]$", "", title)
    doc_type = next((t for t in DOC_TYPES if body.endswith(t)), None)
    if not doc_type:
        return set()
    tail = body[: -len(doc_type)].rsplit("”", 1)[-1]
    modifiers = sorted((w for w in GENERIC_WORDS if w in tail), key=tail.index)
    return {quoted + "".join(kept) + doc_type
            for quoted in re.findall(r"[“\"]([^”\"]{2,12})[”\"]", body)
            for size in range(len(modifiers) + 1) for kept in combinations(modifiers, size)}


def _topic_words(words: list[str]) -> int:
    return sum(len(w) == 2 and w not in WEAK_WORDS for w in words)


def _number_keys(doc_number: str | None) -> list[tuple]:
    """Ways a 文号 can be cited: in full, as 〔2021〕36号, as 36号文; a decree as 政府令第42号 or 42号令."""
    if not doc_number:
        return []
    decree = DECREE_RE.fullmatch(doc_number)
    if decree:
        return [("decree", int(decree["no"]))]
    full = DOC_NUMBER_RE.fullmatch(doc_number)
    if not full:
        return []
    year, number = int(full["year"]), int(full["no"])
    return [("full", full["code"], year, number), ("year", year, number), ("short", number)]


def _years_of(doc: CatalogDocument) -> set[str]:
    """Years that may stand before the document's name: those in its title and that of its 文号."""
    years = set(re.findall(_YEAR, _normalize(doc.title)[0]))
    number = DOC_NUMBER_RE.fullmatch(doc.doc_number or "")
    return years | {f"{number['year']}年"} if number else years


def _city_of(documents: Iterable[CatalogDocument]) -> str | None:
    """The city most titles start with (聊城市): its name before a title means this catalog."""
    starts = Counter(m[1] for d in documents if (m := re.match(r"([\u4e00-\u9fff]{2,3}?市)", d.title)))
    return starts.most_common(1)[0][0] if starts else None


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
        return f"{section[1]}、{sub}{f'{int(item)}.' if item else ''}", section.span()
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


# -- text helpers ------------------------------------------------------------------------------------


def _normalize(text: str) -> tuple[str, list[int]]:
    """Text as matched (no spaces or quotes, half-width digits and brackets, one dash) and, for every character,
    its position in the original text."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED_CHARS:
            continue
        for out in unicodedata.normalize("NFKC", ch).translate(_DASHES):
            chars.append(out)
            origin.append(i)
    return "".join(chars), origin


def _unambiguous(candidates: dict) -> dict:
    """Names that belong to exactly one document, mapped to it; shared names name nothing."""
    return {name: next(iter(keys)) for name, keys in candidates.items() if len(keys) == 1}


def _is_boundary(before: str) -> bool:
    return not before or not "\u4e00" <= before[-1] <= "\u9fff" or before[-1] in CONNECTIVES


def _free(mentions: list[_Mention], start: int, end: int) -> bool:
    return all(end <= m.start or m.end <= start for m in mentions)


def _only_filler(text: str, spans: list[tuple[int, int]]) -> bool:
    rest = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans))
    return not _FILLER_RE.sub("", rest)
