"""Variants chosen by name (a fusion mode, a baseline): one Enum each, one way to read a user's choice."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from typing import Self  # Python 3.11+; the package supports 3.10


class Choice(enum.Enum):
    @classmethod
    def from_str(cls, value: str | Self) -> Self:
        """The member named ``value`` (any case); the error lists the valid names."""
        if isinstance(value, cls):
            return value
        try:
            return cls(str(value).lower())
        except ValueError:
            raise InputError(f"unknown {cls.__name__.lower()} {value!r}; choose one of "
                             f"{', '.join(m.value for m in cls)}") from None
