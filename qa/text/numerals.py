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


# A figure as an asker gives it (十几户, 一千多万, 二十来户, 上千万, 1200万): the span of values it stands for.
_NUMERAL = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
_ASKERS_FIGURE_RE = re.compile(rf"(上)?({_NUMERAL})(多|几|来)?([万亿])?(?:个?(?:年|月|天|日|周|小时))?(多)?")
_MAGNITUDES = {"": 1, "万": 10_000, "亿": 100_000_000}
# A bound a provision sets (超过10人, 1000万元以上, 不足三分之一 is a share, not a bound of a count): its span.
_LOWER_BOUND_RE = re.compile(rf"(超过|多于|高于|大于|不少于|不低于|达到|满)\s*({_NUMERAL})\s*([万亿])?(?![\d%％分倍])")
_LOWER_BOUND_AFTER_RE = re.compile(rf"(?<![\d.第])({_NUMERAL})\s*([万亿])?[^\d，,。；;（(]{{0,4}}?(?:及)?以上")
_UPPER_BOUND_RE = re.compile(rf"(不足|低于|少于|不到|未满|不超过)\s*({_NUMERAL})\s*([万亿])?(?![\d%％分倍])")


def _number(numeral: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        return float(numeral)
    return float(value) if (value := cn_to_int(numeral)) is not None else None


def askers_figures(text: str) -> list[tuple[float, float]]:
    """The figures an asker states, as (low, high) spans: 十几 (10, 20), 一千多万 (1e7, 2e7), 上千万 (1e7, 1e8), 二十来
    (18, 22), 一年多 (1, 2); a figure said exactly (1200万, 三十) its own value. Single small numerals (一把手, 一块)
    are words, not figures."""
    spans = []
    for found in _ASKERS_FIGURE_RE.finditer(text):
        at_least, numeral, rough, magnitude, after = found.groups()
        value = _number(numeral)
        if value is None or not (at_least or rough or after or magnitude or numeral.isdigit() or len(numeral) > 1):
            continue
        if len(numeral) == 4 and numeral.isdigit() and "年" in found[0]:  # 2022年 is a year, not a count
            continue
        scale = _MAGNITUDES[magnitude or ""]
        last = numeral[-1]
        step = {"十": 10, "百": 100, "千": 1000}.get(last) or (10 ** (len(numeral) - 1) if numeral.isdigit() else 1)
        if rough == "来":
            spans.append((value * 0.9 * scale, value * 1.1 * scale))
        elif at_least:  # 上千万: past the numeral (超过1000万元 holds it), below ten times it
            spans.append((value * scale + 1e-9, value * 10 * scale))
        elif rough or after:  # 十几, 一千多万: above the numeral, below its next step
            spans.append((value * scale + 1e-9, (value + step) * scale))
        else:
            spans.append((value * scale, value * scale))
    return spans


def bounds_set(text: str) -> list[tuple[float, float]]:
    """The bounds a text sets on a count, sum or span, as (low, high) spans: 超过10人 (10, inf), 1000万元以上
    (1e7, inf), 满一年 [1, inf), 不足5人 (-inf, 5); shares and percentages are not counts (不低于20%)."""
    spans = []
    for word, numeral, magnitude in _LOWER_BOUND_RE.findall(text):
        if (value := _number(numeral)) is not None:
            strict = word in ("超过", "多于", "高于", "大于")
            spans.append((value * _MAGNITUDES[magnitude] + (1e-9 if strict else 0), float("inf")))
    for numeral, magnitude in _LOWER_BOUND_AFTER_RE.findall(text):
        if (value := _number(numeral)) is not None:
            spans.append((value * _MAGNITUDES[magnitude], float("inf")))
    for _, numeral, magnitude in _UPPER_BOUND_RE.findall(text):
        if (value := _number(numeral)) is not None:
            spans.append((float("-inf"), value * _MAGNITUDES[magnitude]))
    return spans


def share_within_bounds(figures: list[tuple[float, float]], text: str) -> float:
    """The share of the asker's figures that fall within a bound the text sets (十几户, 一千多万 against 超过10人的
    …，且…超过1000万元的: 1.0): how far the case the text states is the asker's."""
    bounds = bounds_set(text)
    if not figures or not bounds:
        return 0.0
    held = sum(any(_within(figure, bound) for bound in bounds) for figure in figures)
    return held / len(figures)


def _within(figure: tuple[float, float], bound: tuple[float, float]) -> bool:
    """The figure lies within the bound and is of its order (一千多万 is above 10件以上 but says nothing of it)."""
    (low, high), (bound_low, bound_high) = figure, bound
    if bound_high == float("inf"):
        return bound_low <= low < max(bound_low, 1) * 10
    return bound_high / 10 < high <= bound_high


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
