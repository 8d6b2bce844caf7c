"""The document catalogue: every document of the index (without its text), the names people use for each, and
the people and dates its records hold. Built once from the documents and chunks when the index is built, stored
with the index (``catalog.json``) and read by look-ups, reference parsing and the scope rules alike."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

from .text.normalize import normalize_with_origin
from .text.numerals import DECREE_RE, DOC_NUMBER_RE
from .types import Chunk, Document, ProvisionKind

# The word a regulation or plan title ends with; only such titles get short names.
DOC_TYPES = ("办法", "细则", "规则", "规定", "方案", "计划", "要点", "措施", "意见", "规划", "条例")
# Words before the doc type that qualify a title without naming its subject: short names drop them in any
# combination (应急救援队伍建设管理实施细则 -> 应急救援细则).
GENERIC_WORDS = ("工作", "管理", "暂行", "试行", "实施", "建设", "队伍", "行动", "若干", "三年")
# Words that never name a subject on their own: a short name keeps at least one other word, so 监管办法 or
# 发展规划方案 never become names while 应诉办法 does.
WEAK_WORDS = frozenset({*GENERIC_WORDS, *DOC_TYPES, "发展", "推进", "贯彻", "落实", "制度", "体系", "监管", "服务",
                        "保障"})
# Who may stand before a name and still mean this catalog: 聊城市人民政府工作规则, 市政府工作规则, 本市 ...
OWNER_WORDS = ("人民政府", "政府", "办公室", "本市", "我市", "全市", "市")
YEAR = r"\d{4}(?:—\d{4})?年度?"


class Catalog:
    """The documents a question can name, with every 文号 and title form people use for them, and what their
    records hold: people (任免), dated events (大事记) and the article numbers of each document."""

    def __init__(self, documents: Iterable[Document], people: dict[str, list[str]] | None = None,
                 event_dates: Iterable[str] = (), article_numbers: dict[str, list[int | None]] | None = None):
        self.documents: dict[str, Document] = {d.key: d for d in documents}
        self.people = dict(people or {})  # person -> keys of the documents whose records name them
        self.event_dates = list(dict.fromkeys(event_dates))  # ISO dates of 大事记 entries, in reading order
        self.article_numbers = dict(article_numbers or {})  # doc key -> printed number of each article, in order
        self.city = _city_of(self.documents.values())
        city_names = (self.city, self.city[:-1]) if self.city else ()
        owner_words = "|".join(sorted({*OWNER_WORDS, *city_names}, key=len, reverse=True))
        self.owner_run = re.compile(rf"(?:{YEAR}|{owner_words})*")
        self.trailing_owner_run = re.compile(rf"(?:{YEAR}|{owner_words})*$")
        self.years = {d.key: _years_of(d) for d in self.documents.values()}

        named: dict[str, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for alias in _aliases(doc, self.city):
                named[alias].add(doc.key)
        self.aliases = _unambiguous(named)
        self.longest_first = sorted(self.aliases, key=len, reverse=True)

        numbered: dict[tuple, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for number_key in _number_keys(doc.doc_number):
                numbered[number_key].add(doc.key)
        self.numbers = _unambiguous(numbered)
        self.codes = sorted({k[1] for k in numbered if k[0] == "full"}, key=len, reverse=True)

    @classmethod
    def build(cls, documents: Iterable[Document], chunks: Iterable[Chunk]) -> Catalog:
        people: dict[str, list[str]] = defaultdict(list)
        dates: list[str] = []
        articles: dict[str, list[int | None]] = defaultdict(list)
        for chunk in chunks:
            if chunk.person and chunk.doc_key not in people[chunk.person]:
                people[chunk.person].append(chunk.doc_key)
            if chunk.event_date:
                dates.append(chunk.event_date)
            if chunk.kind == ProvisionKind.ARTICLE and chunk.part_index == 1:
                articles[chunk.doc_key].append(chunk.article_number)
        return cls([d.without_provisions() for d in documents], people, dates, articles)

    def to_dict(self) -> dict:
        return {"documents": [d.to_dict() for d in self.documents.values()], "people": self.people,
                "event_dates": self.event_dates, "article_numbers": self.article_numbers}

    @classmethod
    def from_dict(cls, data: dict) -> Catalog:
        return cls([Document.from_dict(d) for d in data["documents"]], data.get("people"),
                   data.get("event_dates", ()), data.get("article_numbers"))

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, key: str) -> Document:
        return self.documents[key]

    def aliases_of(self, key: str) -> list[str]:
        return sorted((a for a, k in self.aliases.items() if k == key), key=lambda a: (len(a), a))

    def titles(self) -> list[str]:
        """Distinct document titles, in catalogue order (for the document filter)."""
        return list(dict.fromkeys(d.title for d in self.documents.values()))

    def doc_types(self) -> list[str]:
        return list(dict.fromkeys(d.doc_type for d in self.documents.values()))

    def with_number(self, doc_number: str) -> list[Document]:
        return [d for d in self.documents.values() if d.doc_number == doc_number]


# -- names of a document -----------------------------------------------------------------------------


def _aliases(doc: Document, city: str | None) -> set[str]:
    """Full titles, titles without their owner (聊城市, 人民政府, 关于, a leading year) and, for regulations
    and plans, short names: a tail of the subject, any of the generic words before it, the doc type."""
    owner = re.compile(rf"(?:{YEAR}|{re.escape(city) + '|' if city else ''}人民政府|办公室|关于)+")
    names: set[str] = set()
    for title in filter(None, (doc.title, doc.notice_title)):
        full = normalize_with_origin(title)[0]
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
        modifier = re.search(rf"(?:{YEAR}|\([^)]*\)|{'|'.join(GENERIC_WORDS)}|的)$", subject)
        if not modifier or modifier.start() == 0:
            break
        if modifier.group() != "的":  # 建设的若干措施: short names read as well without it
            modifiers.insert(0, modifier.group())
        subject = subject[: modifier.start()]
    barriers = rf"[和及与、]|{YEAR}|\([^)]*\)" + (f"|{city}" if city else "")
    segment = re.split(barriers, subject)[-1]
    # Titles are built from two-character words; splitting from the left keeps 碧水/保卫战 whole.
    words = re.findall(r"..?", segment)
    tails = {subject} | {"".join(words[i:]) for i in range(len(words)) if _topic_words(words[i:]) >= 1}
    year_before = re.search(rf"({YEAR}){re.escape(segment)}$", subject)
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


def _years_of(doc: Document) -> set[str]:
    """Years that may stand before the document's name: those in its title and that of its 文号."""
    years = set(re.findall(YEAR, normalize_with_origin(doc.title)[0]))
    number = DOC_NUMBER_RE.fullmatch(doc.doc_number or "")
    return years | {f"{number['year']}年"} if number else years


def _city_of(documents: Iterable[Document]) -> str | None:
    """The city most titles start with (聊城市): its name before a title means this catalog."""
    starts = Counter(m[1] for d in documents if (m := re.match(r"([\u4e00-\u9fff]{2,3}?市)", d.title)))
    return starts.most_common(1)[0][0] if starts else None



def _unambiguous(candidates: dict) -> dict:
    """Names that belong to exactly one document, mapped to it; shared names name nothing."""
    return {name: next(iter(keys)) for name, keys in candidates.items() if len(keys) == 1}

