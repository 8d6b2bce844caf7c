"""Place names a question may mention: those of jieba's dictionary tagged as places that end in 省, 市, 县, 区,
州, 自治区 or 盟 (qa/text/places.txt, written by tools/make_places.py)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    return frozenset(resources.files(__package__).joinpath("places.txt").read_text(encoding="utf-8").split())
