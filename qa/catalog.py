"""The document catalogue: every document of the index (without its text), the names people use for each, and
the people and dates its records hold. Built once from the documents and chunks when the index is built, stored
with the index (``catalog.json``) and read by look-ups, reference parsing and the scope rules alike."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from .text.normalize import match_form
from .text.numerals import DECREE_RE, DOC_NUMBER_RE, canonical_doc_number
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
NATION = "中华人民共和国"
# A place at the start of a title or an issuer: a province, a city, a county or district (not 城市, 本市).
PLACE_RE = re.compile(r"^(中华人民共和国|[\u4e00-\u9fff]{2,7}?(?:自治区|自治州|省|市|县|区|盟))")
STATE_DECREE_RE = re.compile(r"(?:中华人民共和国)?国务院令第(?P<no>\d{1,4})号")
# Raise when the names derived from titles change: names stored by another version are derived again.
NAMES_VERSION = "4"


class Catalog:
    """The documents a question can name, with every 文号 and title form people use for them, and what their
    records hold: people (任免), dated events (大事记) and the article numbers of each document.

    Documents with the same title are versions of one work (a regulation revised in 2010 and in 2023); a name
    resolves to the work, and the version in force on a date is picked from it."""

    def __init__(self, documents: Iterable[Document], people: dict[str, list[str]] | None = None,
                 event_dates: Iterable[str] = (), article_numbers: dict[str, list[int | None]] | None = None,
                 aliases: dict[str, str] | None = None):
        """``aliases`` (name -> work), when the catalogue was stored with them, are not derived again."""
        self.documents: dict[str, Document] = {d.key: d for d in documents}
        self.people = dict(people or {})  # person -> keys of the documents whose records name them
        self.event_dates = list(dict.fromkeys(event_dates))  # ISO dates of 大事记 entries, in reading order
        self.article_numbers = dict(article_numbers or {})  # doc key -> printed number of each article, in order
        self.owners = {d.key: owners_of(d) for d in self.documents.values()}
        self.years = {d.key: _years_of(d) for d in self.documents.values()}
        works: dict[str, list[Document]] = defaultdict(list)
        for doc in self.documents.values():
            works[work_key(doc.title)].append(doc)
        self.works = {w: [d.key for d in sorted(docs, key=_version_order)] for w, docs in works.items()}
        self.work_of = {key: w for w, keys in self.works.items() for key in keys}
        self._superseded: dict[str, set[str]] = {}

        self.aliases = aliases if aliases is not None else self._names()  # name -> work
        # Names by their first two characters, longest first: a text is scanned once, not once per name.
        self._by_head: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for rank, alias in enumerate(sorted(self.aliases, key=len, reverse=True)):
            self._by_head[alias[:2]].append((rank, alias))

        # Titles by their doc type, with their characters: what an abbreviation of a title is checked against.
        self._titles_by_type: dict[str, list[tuple[str, frozenset[str], str]]] = defaultdict(list)
        for doc in self.documents.values():
            body = re.sub(r"\([^)]*\)$", "", match_form(doc.title))
            doc_type = next((t for t in DOC_TYPES if body.endswith(t)), None)
            if doc_type:
                body = body[:-len(doc_type)]
                self._titles_by_type[doc_type].append((body, frozenset(body), self.work_of[doc.key]))

        numbered: dict[tuple, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for number_key in _number_keys(doc.doc_number):
                numbered[number_key].add(doc.key)
        self.numbers = _unambiguous(numbered)
        self.codes = sorted({k[1] for k in numbered if k[0] == "full"}, key=len, reverse=True)

    def _names(self) -> dict[str, str]:
        """A more specific name wins where two works share one: full titles first (森林防火条例, the State
        Council's, over 洛阳市森林防火条例 without its city), then titles without their owner (增值税暂行条例 over
        a tail of 土地增值税暂行条例), then short names. Within a tier, a shared name names nothing."""
        aliases: dict[str, str] = {}
        tiers: list[dict[str, set[str]]] = [defaultdict(set), defaultdict(set), defaultdict(set)]
        for doc in self.documents.values():
            for tier, names in zip(tiers, _aliases(doc, self.owners[doc.key])):
                for alias in names:
                    tier[alias].add(self.work_of[doc.key])
        for tier in tiers:
            aliases.update({a: w for a, w in _unambiguous(tier).items() if a not in aliases})
        return aliases

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
                "event_dates": self.event_dates, "article_numbers": self.article_numbers,
                "names_version": NAMES_VERSION, "aliases": self.aliases}

    @classmethod
    def from_dict(cls, data: dict) -> Catalog:
        aliases = data.get("aliases") if data.get("names_version") == NAMES_VERSION else None
        return cls([Document.from_dict(d) for d in data["documents"]], data.get("people"),
                   data.get("event_dates", ()), data.get("article_numbers"), aliases)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, key: str) -> Document:
        return self.documents[key]

    def names_in(self, text: str) -> list[tuple[int, str]]:
        """(start, name) of every catalogued name in a normalised text: longer names first, then by position."""
        found = [(rank, start, alias) for start in range(len(text) - 1)
                 for rank, alias in self._by_head.get(text[start:start + 2], ()) if text.startswith(alias, start)]
        return [(start, alias) for _rank, start, alias in sorted(found)]

    def abbreviations_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, work) of each title a normalised text writes abbreviated, as people do: two-character
        words cut to their first character and others left out (医保基金监管若干措施 for 关于推进医疗保障基金监管
        制度体系建设的若干措施). The longest run of characters before a doc type that one work's title
        holds in order, mostly in pieces of two or more; a run that several works' titles hold names nothing."""
        found = []
        for m in _DOC_TYPE_RE.finditer(text):
            titles = self._titles_by_type.get(m.group(), ())
            for start in range(max(0, m.start() - ABBREVIATION_LONGEST), m.start() - ABBREVIATION_SHORTEST + 1):
                body = text[start:m.start()]
                if not _HAN_RE.fullmatch(body) or (start and not starts_a_name(text[start - 1])):
                    continue
                chars = set(body)
                held = {work: cut for title, title_chars, work in titles
                        if chars <= title_chars and len(title) > len(body)
                        and (cut := _abbreviates(body, title)) is not None}
                if held:  # the longest run a title holds; words only left out (no cut) is another text's name
                    if len(held) == 1 and all(held.values()):
                        found.append((start, m.end(), next(iter(held))))
                    break
        return found

    def aliases_of(self, key: str) -> list[str]:
        work = self.work_of[key]
        return sorted((a for a, w in self.aliases.items() if w == work), key=lambda a: (len(a), a))

    # -- versions ------------------------------------------------------------------------------------

    def versions(self, key: str) -> list[str]:
        """Every version of the work ``key`` is a version of, oldest first (just ``[key]`` for most documents)."""
        return self.works[self.work_of[key]]

    def in_force(self, key: str, on: str) -> bool:
        """Whether this version is the one in force on ``on`` (ISO): from its start (effective date, else its
        version date) to the next version's start, and within its own expiry date."""
        doc = self.documents[key]
        versions = self.versions(key)
        start = _start(doc)
        if start and start > on and versions[0] != key:
            return False
        later = versions[versions.index(key) + 1:]
        if later and (_start(self.documents[later[0]]) or "") <= on:
            return False
        return not (doc.expiry_date and doc.expiry_date < on)

    def version_on(self, work: str, on: str) -> str:
        """The version of ``work`` in force on ``on``; the newest when none is (all expired, or not yet)."""
        keys = self.works[work]
        return next((k for k in reversed(keys) if self.in_force(k, on)), keys[-1])

    def superseded(self, on: str) -> set[str]:
        """Versions that a later version of the same work replaced by ``on`` (or not yet in force then)."""
        if on not in self._superseded:
            self._superseded[on] = {k for keys in self.works.values() if len(keys) > 1 for k in keys
                                    if not self.in_force(k, on)}
        return self._superseded[on]

    def titles(self) -> list[str]:
        """Distinct document titles, in catalogue order (for the document filter)."""
        return list(dict.fromkeys(d.title for d in self.documents.values()))

    def doc_types(self) -> list[str]:
        return list(dict.fromkeys(d.doc_type for d in self.documents.values()))

    def with_number(self, doc_number: str) -> list[Document]:
        """The documents of this 文号, however it is written (compared in canonical form)."""
        wanted = canonical_doc_number(doc_number)
        return [d for d in self.documents.values() if d.doc_number and canonical_doc_number(d.doc_number) == wanted]

    def duplicates(self) -> list[list[Document]]:
        """Documents that are one (``identity``) but come from more than one file: each is indexed and cited
        twice, and a question naming their 文号 names none of them."""
        by_identity: dict[tuple, list[Document]] = defaultdict(list)
        for doc in self.documents.values():
            by_identity[identity(doc)].append(doc)
        return [docs for docs in by_identity.values() if len({d.source for d in docs}) > 1]


def identity(doc: Document) -> tuple[str, ...]:
    """What makes two documents one: their 文号 (in canonical form, so that ２０２１ or a zero-width space does not
    make another), else their title (as names are compared); and their version date, since the versions of a
    regulation keep the decree number (国务院令第306号) and title they were first made with."""
    if doc.doc_number:
        return ("文号", canonical_doc_number(doc.doc_number), doc.version or "")
    return ("title", work_key(doc.title), doc.version or doc.signed_date or "")


def named(doc: Document) -> str:
    """How a document is named in a duplicate's message: 聊政办字〔2021〕36号 (《…》), or 《河南省爱国卫生条例》 of
    2020-06-03 for a document without a 文号."""
    if doc.doc_number:
        return f"{doc.doc_number} (《{doc.title}》)"
    date = doc.version or doc.signed_date
    return f"《{doc.title}》" + (f" of {date}" if date else "")


def work_key(title: str) -> str:
    """Titles that name one work: the same words, whatever the brackets, spaces and a leading 中华人民共和国."""
    return match_form(title).removeprefix(NATION)


def owners_of(doc: Document) -> tuple[str, ...]:
    """The places that own a document's name (中华人民共和国, 河南省, 三门峡市, 聊城市): a title may be written with
    or without them, and a name preceded by another place is not this document's."""
    found: list[str] = []
    for text in (doc.title, doc.issuer or "", doc.approver or ""):
        text = match_form(text)
        while (m := PLACE_RE.match(text)) and len(text) - m.end() >= 2:
            found.append(m[1])
            text = text[m.end():]
    if (doc.issuer or "").startswith(("国务院", NATION)):
        found.append(NATION)
    return tuple(dict.fromkeys(found))


def _start(doc: Document) -> str | None:
    return doc.effective_date or doc.version or doc.signed_date


def _version_order(doc: Document) -> tuple[str, str]:
    return (doc.version or doc.signed_date or doc.effective_date or "", doc.key)


# -- names of a document -----------------------------------------------------------------------------

_DOC_TYPE_RE = re.compile("|".join(DOC_TYPES))
_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
# Characters a name may start after (请问工作规则 is ours; 国务院工作规则, 行政应诉工作规则 are other texts' names).
CONNECTIVES = frozenset("的问查看找按照据依于在和与及或是说下把对了给我从请")
_WORD_CHAR_RE = re.compile(r"[\u4e00-\u9fff\da-z]")
ABBREVIATION_LONGEST, ABBREVIATION_SHORTEST = 16, 4  # characters before the doc type
ABBREVIATION_JOINED = 0.6  # share of an abbreviation's characters found with a neighbour, as in the title


def starts_a_name(before: str) -> bool:
    """A name may start after this character: not after one of a longer name (山东省…, 2021年…)."""
    return before in CONNECTIVES or not _WORD_CHAR_RE.match(before)


def _abbreviates(short: str, title: str) -> bool | None:
    """Whether ``short`` is ``title`` with words cut to their first character and others left out (医保基金监管 of
    推进医疗保障基金监管制度体系建设的): its characters in the title's order, most of them next to a neighbour as in
    the title. None when the title does not hold them so; False when no word is cut, only left out
    (市政公用事业特许经营管理办法 is another text than 市政基础设施和公用事业…, and a title's own runs are its short
    names already). Pairs are matched first, so 基金 is found whole rather than 基 of one word and 金 of another."""
    pos, joined, i = 0, 0, 0
    while i < len(short):
        pair = title.find(short[i:i + 2], pos) if i + 1 < len(short) else -1
        if pair >= 0:
            pos, joined, i = pair + 2, joined + 2, i + 2
            continue
        single = title.find(short[i], pos)
        if single < 0:
            return None
        pos, i = single + 1, i + 1
    return joined < len(short) if joined >= ABBREVIATION_JOINED * len(short) else None


def _aliases(doc: Document, owners: tuple[str, ...]) -> tuple[set[str], set[str], set[str]]:
    """(full titles, titles, short names). Titles: without their owner (中华人民共和国, 聊城市, 人民政府, 关于, a
    leading year) or with the owner's short name (三门峡城市…条例), and a law quoted in the title as people write
    it (河南省实施《防洪法》办法). Short names, for regulations and plans: a tail of the subject, any of the
    generic words before it, the doc type."""
    places = "|".join(re.escape(o) for o in owners)
    owner = re.compile(rf"(?:{YEAR}|{places + '|' if places else ''}人民政府|办公室|关于)+")
    full_titles: set[str] = set()
    titles: set[str] = set()
    short: set[str] = set()
    for title in filter(None, (doc.title, doc.notice_title)):
        exact = match_form(title)
        full_titles.add(exact)
        for full in _spellings(exact):
            titles |= {full, _without(owner, full)}
            place = next((o for o in owners if full.startswith(o)), None)
            if place and place != NATION:
                titles.add(short_place(place) + full[len(place):])
        if title == doc.title and "《" not in exact:  # tails of 实施《…》办法 would cut through the quoted law
            short |= _short_names(_without(owner, exact), owners) | _quoted_names(title)
            for part in _joined_parts(exact):  # 2022—2026年立法规划及2022年立法工作计划: each text by its own name
                titles |= {part, _without(owner, part)}
                short |= _short_names(_without(owner, part), owners)
    keep = lambda found: {n for n in found if len(n) >= 4 and n not in DOC_TYPES}
    return keep(full_titles), keep(titles) - full_titles, keep(short) - full_titles - titles


def _joined_parts(title: str) -> list[str]:
    """A title joining two texts with 及, each ending with its type (…立法规划及…立法工作计划): the first text's
    title (the second's is the title's tail, named already)."""
    head, sep, tail = title.partition("及")
    return [head] if sep and head.endswith(DOC_TYPES) and tail.endswith(DOC_TYPES) else []


def _without(owner: re.Pattern, title: str) -> str:
    lead = owner.match(title)
    return title[lead.end():] if lead and lead.end() < len(title) else title


def _spellings(title: str) -> set[str]:
    """A title and, where it quotes a law, the ways people write that: 河南省实施《中华人民共和国防洪法》办法 is
    also 河南省实施《防洪法》办法 and 河南省实施防洪法办法."""
    if "《" not in title:
        return {title}
    short_law = title.replace("《" + NATION, "《")
    return {title, short_law, *(re.sub("[《》]", "", t) for t in (title, short_law))}


def short_place(place: str) -> str:
    """三门峡市 -> 三门峡, 河南省 -> 河南: how people write a place before a title."""
    return place[:-1] if place.endswith(("市", "省", "县", "区")) and len(place) > 2 else place


def _short_names(body: str, owners: tuple[str, ...]) -> set[str]:
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
    barriers = rf"[和及与、]|{YEAR}|\([^)]*\)" + "".join(f"|{re.escape(o)}" for o in owners)
    segment = re.split(barriers, subject)[-1]
    # Titles are built from two-character words; splitting from the left keeps 碧水/保卫战 whole.
    words = re.findall(r"..?", segment)
    tails = {subject} | {"".join(words[i:]) for i in range(len(words)) if _topic_words(words[i:]) >= 1}
    # and its head of two words or more: 公职律师实施办法 for 公职律师参与行政争议化解工作实施办法
    first = re.findall(r"..?", re.split(barriers, subject)[0])
    tails |= {"".join(first[:i]) for i in range(2, len(first)) if _topic_words(first[:i]) >= 1}
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
    """Ways a 文号 can be cited: in full, as 〔2021〕36号, as 36号文; a decree as 政府令第42号 or 42号令, a State
    Council decree as 国务院令第541号."""
    if not doc_number:
        return []
    decree = DECREE_RE.fullmatch(doc_number)
    if decree:
        return [("decree", int(decree["no"]))]
    state = STATE_DECREE_RE.fullmatch(doc_number)
    if state:
        return [("state_decree", int(state["no"]))]
    full = DOC_NUMBER_RE.fullmatch(doc_number)
    if not full:
        return []
    year, number = int(full["year"]), int(full["no"])
    return [("full", full["code"], year, number), ("year", year, number), ("short", number)]


def _years_of(doc: Document) -> set[str]:
    """Years that may stand before the document's name: those in its title and its 文号, and the years of its
    versions (2010年 for the text revised in 2010)."""
    years = set(re.findall(YEAR, match_form(doc.title)))
    number = DOC_NUMBER_RE.fullmatch(doc.doc_number or "")
    if number:
        years.add(f"{number['year']}年")
    years |= {f"{d[:4]}年" for d in (doc.version, doc.revised_date, doc.signed_date) if d}
    return years



def _unambiguous(candidates: dict) -> dict:
    """Names that belong to exactly one document, mapped to it; shared names name nothing."""
    return {name: next(iter(keys)) for name, keys in candidates.items() if len(keys) == 1}

