"""Filters: which documents a search may return. A contract shared by the stores and the retrievers.

Every filter is document-level (title, 文号, type, issuer, dates); dates are ISO strings (YYYY-MM-DD), checked
strictly when the filter is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .errors import InputError
from .text.numerals import canonical_doc_number
from .text.patterns import ISO_DATE_RE
from .types import Document

FILTER_KEYS = ("doc_titles", "doc_numbers", "doc_types", "issuers", "signed_from", "signed_to", "in_force_on")
DATE_KEYS = ("signed_from", "signed_to", "in_force_on")


@dataclass(frozen=True)
class Filters:
    doc_titles: tuple[str, ...] = ()
    doc_numbers: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    signed_from: str | None = None
    signed_to: str | None = None
    in_force_on: str | None = None  # effective <= date <= expiry (unknown dates count as in force)

    def __post_init__(self):
        from datetime import date

        for name in DATE_KEYS:
            value = getattr(self, name)
            if value is None:
                continue
            try:
                if not isinstance(value, str) or not ISO_DATE_RE.match(value):
                    raise ValueError
                date.fromisoformat(value)
            except ValueError:
                raise InputError(f"{name}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-03-01") \
                    from None
        for f in fields(self):
            if f.name not in DATE_KEYS and not all(isinstance(v, str) for v in getattr(self, f.name)):
                raise InputError(f"{f.name}={getattr(self, f.name)!r}; give a list of strings")
        # 文号 in the form ingestion stores them: 聊政办字[２０２１]３６号 selects 聊政办字〔2021〕36号
        object.__setattr__(self, "doc_numbers", tuple(canonical_doc_number(v) for v in self.doc_numbers))

    @classmethod
    def of(cls, value: Filters | Mapping[str, Any] | None) -> Filters | None:
        """Filters from a Filters, a plain dict (a string or a list of strings for the tuple fields), or None."""
        if value is None or isinstance(value, Filters):
            return value
        if not isinstance(value, Mapping):
            raise InputError(f"filters={value!r}; give a qa.filters.Filters or a dict with keys {', '.join(FILTER_KEYS)}")
        unknown = sorted(set(value) - set(FILTER_KEYS))
        if unknown:
            raise InputError(f"unknown filter {', '.join(map(repr, unknown))}; allowed: {', '.join(FILTER_KEYS)}")
        return cls(**{key: _field_value(key, v) for key, v in value.items()})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FILTER_KEYS)

    def accepts(self, doc: Document) -> bool:
        if self.doc_titles and doc.title not in self.doc_titles:
            return False
        if self.doc_numbers and doc.doc_number not in self.doc_numbers:
            return False
        if self.doc_types and doc.doc_type not in self.doc_types:
            return False
        if self.issuers and doc.issuer not in self.issuers:
            return False
        if self.signed_from and (doc.signed_date or "") < self.signed_from:
            return False
        if self.signed_to and (doc.signed_date or "9999") > self.signed_to:
            return False
        if self.in_force_on:
            if doc.effective_date and doc.effective_date > self.in_force_on:
                return False
            if doc.expiry_date and doc.expiry_date < self.in_force_on:
                return False
        return True


def _field_value(key: str, value: Any) -> Any:
    """A date stays as given (Filters checks it); a title, 文号, type or issuer is one string or a list of them."""
    if key in DATE_KEYS:
        return value
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    raise InputError(f"{key}={value!r}; give a string or a list of strings")
