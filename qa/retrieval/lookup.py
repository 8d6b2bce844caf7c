"""Structured look-ups: a referenced article or item, a named document, a person in a 任免 record, a dated
大事记 entry. They are answered exactly and ranked before anything fusion finds."""

from __future__ import annotations

import re

from ..catalog import Catalog
from ..filters import Filters
from ..index.store import Store
from ..references import QueryRefs
from ..text.numerals import cn_to_int
from ..text.tokenizer import content_bigrams
from ..types import Chunk, Lookup, LookupKind, ProvisionKind

_ORDINAL_RE = re.compile(r"（([一二三四五六七八九十百零]+)）")
DOCUMENT_OPENING_CHUNKS = 3  # a 文号 alone returns the document: its notice and first provisions


class StructuredLookup:
    def __init__(self, catalog: Catalog, store: Store):
        self.catalog = catalog
        self.store = store

    def find(self, query: str, refs: QueryRefs, filters: Filters | None) -> list[tuple[int, Chunk, Lookup]]:
        """(ref, chunk, why) of every chunk the question points at, in the order it names them."""
        found: list[tuple[int, Lookup]] = []
        for key in refs.doc_keys:
            rows = self.store.refs_of_document(key)
            if refs.article_numbers:
                for number in refs.article_numbers:
                    found += self._article(rows, number)
            elif refs.item_label:
                items = [(r, c) for r, c in zip(rows, self.store.get(rows)) if _is_item(_bare_label(c), refs.item_label, refs.item_bracketed)]
                found += [(r, Lookup(LookupKind.ITEM, c.article)) for r, c in _in_named_parts(query, items)]
            elif "附件" in query:
                found += [(r, Lookup(LookupKind.ATTACHMENTS, "附件")) for r, c in zip(rows, self.store.get(rows))
                          if c.kind == ProvisionKind.ATTACHMENTS]
            elif refs.doc_number_only:
                found += [(r, Lookup(LookupKind.DOCUMENT, key)) for r in rows[:DOCUMENT_OPENING_CHUNKS]]
        for name in refs.people:
            rows = self.store.refs_of_person(name)
            found += [(r, Lookup(LookupKind.PERSON, name)) for r in rows]
            found += self._same_posts(rows)
        found += [(r, Lookup(LookupKind.DATE, day)) for day in refs.event_dates
                  for r in self.store.refs_of_event_date(day)]
        chunks = self.store.get([r for r, _ in found])
        return [(r, chunk, why) for (r, why), chunk in zip(found, chunks)
                if filters is None or not filters.active or filters.accepts(self.catalog[chunk.doc_key])]

    def _same_posts(self, person_rows: list[int]) -> list[tuple[int, Lookup]]:
        """The other records of the notice naming a post of the person's records (免去 杨达's 主任 beside 任命
        陶新镇 as 主任): who held the post before, who took it. Listed after the person's own records; the
        answer cites them only when a change of the post is asked."""
        records = self.store.get(person_rows)
        found: dict[int, Lookup] = {}
        for doc_key in dict.fromkeys(record.doc_key for record in records):  # each notice read once
            rows = self.store.refs_of_document(doc_key)
            mine = [r for r in records if r.doc_key == doc_key]
            for row, other in zip(rows, self.store.get(rows)):
                if other.kind != ProvisionKind.APPOINTMENT or any(other.person == r.person for r in mine):
                    continue
                for post in (p for r in mine for p in r.posts if p in other.posts):
                    found.setdefault(row, Lookup(LookupKind.POST, post))
        return list(found.items())

    def _article(self, rows: list[int], number: int) -> list[tuple[int, Lookup]]:
        articles = [(r, c) for r, c in zip(rows, self.store.get(rows)) if c.kind == ProvisionKind.ARTICLE]
        printed = [(r, Lookup(LookupKind.ARTICLE, c.article)) for r, c in articles if c.article_number == number]
        if printed:
            return printed
        # 第十一条 of a text that prints 第十二条 twice: its 11th article is the first 第十二条
        return [(r, Lookup(LookupKind.ARTICLE, f"第{number}个条文（印为{c.article}）"))
                for r, c in articles if c.article_ordinal == number]


def _is_item(label: str, asked: str, bracketed: bool = False) -> bool:
    """三、（二） for 三、（二）; for 第22项 (asked as （二十二）), also the item printed 22. under any heading
    (九、22.), as plans number their items straight through, and row 22 of an attachment's table. 第（十二）项,
    written in brackets, is the label printed （十二） under any heading (四、（十二）17.), not the 12th item."""
    if label.startswith(asked):
        return True
    if bracketed:
        return f"、{asked}" in label
    number = _ORDINAL_RE.fullmatch(asked)
    # and 附件第2项, a row of an attachment's table
    return number is not None and label.endswith((f"、{cn_to_int(number[1])}.", f"）{cn_to_int(number[1])}.",
                                                  f"附件第{cn_to_int(number[1])}项"))


def _in_named_parts(query: str, items: list[tuple[int, Chunk]]) -> list[tuple[int, Chunk]]:
    """第7项 printed in several parts or sections (规划 一、7. under 地方性法规, 二、7. under 政府规章): those whose
    part and headings share the most words with the question (…规划中政府规章项目第7项)."""
    if len(items) < 2:
        return items
    asked = content_bigrams(query)
    shared = [len(asked & content_bigrams(" ".join([c.part or "", *c.chapter_path]))) for _, c in items]
    return [item for item, n in zip(items, shared) if n == max(shared)]


def _bare_label(chunk: Chunk) -> str:
    return chunk.article[len(chunk.part) + 1:] if chunk.part else chunk.article

