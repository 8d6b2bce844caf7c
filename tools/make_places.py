"""Write qa/text/places.txt: the place names of jieba's dictionary (tagged ns) that end in 省, 市, 县, 区, 州, 自治区
or 盟 — what the scope rules look for in a question ("济南市…" when only 聊城市's documents are collected); not
各县区, 各省市 (every county of the place asked about, not another place).

Run again after upgrading jieba: `.venv/bin/python tools/make_places.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import jieba

SUFFIX = re.compile(r"(?:省|市|县|区|州|自治区|盟)$")


def main() -> None:
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    names = set()
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, _freq, tag = line.split(" ")
        if tag == "ns" and len(word) >= 2 and SUFFIX.search(word) and not word.startswith("各"):
            names.add(word)
    out = Path(__file__).resolve().parents[1] / "qa" / "text" / "places.txt"
    out.write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} place names -> {out}")


if __name__ == "__main__":
    main()
