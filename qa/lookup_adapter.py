"""Structured look-ups for the retriever: a referenced article, a named document, a person in a 任免 record."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from .lookup import DocumentCatalog, chunk_doc_key, cross_references, parse_references
from .model import Chunk, ProvisionKind

DOCUMENT_OPENING_ROWS = 3  # a 文号 alone returns the document: its notice and first provisions
_DATE_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


class StructuredLookup:
    """``lookup(query, mask)`` -> [(row, reason)] to rank first; ``scope(query)`` -> named document keys."""

    def __init__(self, chunks: list[Chunk]):
        self.catalog = DocumentCatalog.from_chunks(chunks)
        self.rows_of_doc: dict[str, list[int]] = defaultdict(list)
        self.person_rows: dict[str, list[int]] = defaultdict(list)
        self.date_rows: dict[str, list[int]] = defaultdict(list)
        self.doc_key_of_row: list[str] = []
        for row, chunk in enumerate(chunks):
            key = chunk_doc_key(chunk)
            self.doc_key_of_row.append(key)
            self.rows_of_doc[key].append(row)
            if chunk.person:
                self.person_rows[chunk.person].append(row)
            if chunk.event_date:
                self.date_rows[chunk.event_date].append(row)
        self.chunks = chunks

    def __call__(self, query: str, mask: np.ndarray | None) -> list[tuple[int, str]]:
        refs = parse_references(query, self.catalog)
        found: list[tuple[int, str]] = []
        for key in refs.doc_keys:
            rows = self.rows_of_doc[key]
            if refs.article_numbers:
                for number in refs.article_numbers:
                    found += self._article(rows, number)
            elif refs.item_label:
                found += [(r, self.chunks[r].article) for r in rows
                          if _bare_label(self.chunks[r]).startswith(refs.item_label)]
            elif "附件" in query:
                found += [(r, "附件") for r in rows if self.chunks[r].kind == ProvisionKind.ATTACHMENTS]
            elif refs.doc_number_only:
                found += [(r, "document") for r in rows[:DOCUMENT_OPENING_ROWS]]
        found += [(r, f"person:{name}") for name in self._people_in(query) for r in self.person_rows[name]]
        found += [(r, f"date:{day}") for day in self._dates_in(query) for r in self.date_rows[day]]
        return [(r, why) for r, why in found if mask is None or mask[r]]

    def _article(self, rows: list[int], number: int) -> list[tuple[int, str]]:
        articles = [r for r in rows if self.chunks[r].kind == ProvisionKind.ARTICLE]
        printed = [(r, self.chunks[r].article) for r in articles if self.chunks[r].article_number == number]
        if printed:
            return printed
        # 第十一条 of a text that prints 第十二条 twice: its 11th article is the first 第十二条
        by_position = [r for r in articles if self.chunks[r].article_ordinal == number]
        return [(r, f"第{number}个条文（印为{self.chunks[r].article}）") for r in by_position]

    def referenced_rows(self, text: str, own_doc_key: str) -> list[int]:
        """Rows of the articles a provision's text refers to (依照本办法第十二条, 《…办法》第二十条)."""
        rows: list[int] = []
        for key, number in cross_references(text, own_doc_key, self.catalog):
            rows += [r for r, _ in self._article(self.rows_of_doc[key], number) if r not in rows]
        return rows

    def scope(self, query: str) -> set[str]:
        """Documents the question names without pointing at a provision (《特许经营管理办法》里…)."""
        return set(parse_references(query, self.catalog).doc_keys)

    def _dates_in(self, query: str) -> list[str]:
        """Event dates the question names (2022年3月8日, or 3月8日 in any collected year)."""
        days = []
        for year, month, day in _DATE_RE.findall(query):
            suffix = f"-{int(month):02d}-{int(day):02d}"
            days += [d for d in self.date_rows if d.endswith(suffix) and (not year or d.startswith(year))]
        return days

    def _people_in(self, query: str) -> list[str]:
        names = {m for m in self.person_rows if m in query}
        return sorted(names, key=query.index)


def _bare_label(chunk: Chunk) -> str:
    return chunk.article[len(chunk.part) + 1:] if chunk.part else chunk.article
