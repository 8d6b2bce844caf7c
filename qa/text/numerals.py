"""Chinese numerals as printed in gazettes (第十五条, 第一百零二条, （十七）) and 文号 normalisation."""

from __future__ import annotations

import re

from .normalize import fold, match_form

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int | None:
    """'十五' -> 15, '一百零二' -> 102, '15' -> 15; None when it is not a numeral."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def int_to_cn(n: int) -> str:
    """15 -> '十五', 102 -> '一百零二' (the form gazettes print in 第X条)."""
    if n < 0:
        raise ValueError(f"cannot write negative number {n} as a Chinese numeral")
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = digits[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + digits[rest]
        return head + (digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else ""))
    raise ValueError(f"{n} is larger than any article number this parser expects (max 999)")


# The brackets a 文号's year is printed in, look-alikes included (regular expression classes).
OPEN_BRACKETS, CLOSE_BRACKETS = r"[〔\[【(（［〖〘﹝]", r"[〕\]】)）］〗〙﹞]"
# 聊政办发〔2021〕7号 with any bracket style and stray spaces; the issuer code is 1-10 CJK characters.
DOC_NUMBER_RE = re.compile(
    rf"(?P<code>[\u4e00-\u9fff]{{1,10}})\s*{OPEN_BRACKETS}\s*(?P<year>\d{{4}})\s*{CLOSE_BRACKETS}\s*(?P<no>\d{{1,4}})\s*号"
)
DECREE_RE = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{2,20}?人民政府)令\s*第\s*(?P<no>\d{1,4})\s*号")


def normalize_doc_number(text: str) -> str | None:
    """Canonical 文号 found in ``text``, or None: '聊政办发[2021]7号' -> '聊政办发〔2021〕7号'; full-width digits,
    look-alike brackets and zero-width characters meet (聊政办字﹝２０２１﹞３６号 -> 聊政办字〔2021〕36号);
    '聊城市人民政府令 第 42 号' -> '聊城市人民政府令第42号'."""
    text = fold(text)
    m = DECREE_RE.search(text)
    if m:
        return f"{m['issuer']}令第{int(m['no'])}号"
    m = DOC_NUMBER_RE.search(text)
    if m:
        return f"{m['code']}〔{int(m['year'])}〕{int(m['no'])}号"
    return None


def canonical_doc_number(text: str) -> str:
    """How a 文号 is stored and compared, by ingestion, the duplicate check, filters and look-ups alike: the
    canonical form when ``text`` holds one, else the text as names are matched (国务院令第541号 stays so)."""
    matched = match_form(text)
    return normalize_doc_number(matched) or matched
