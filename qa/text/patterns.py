"""Patterns more than one stage reads: citation markers, dates, validity words, article mentions, a meaning asked."""

from __future__ import annotations

import re

MARKER_RE = re.compile(r"\[(\d{1,3})\]")  # a citation marker in an answer: [1]
ARTICLE_MENTION_RE = re.compile(r"第[\d一二三四五六七八九十百零〇两]+条")
EVENT_ORDINAL_RE = re.compile(r"第[\d一二三四五六七八九十百零〇两]+([次届期批])")  # 第120次, 第三届, 第5期: its unit
DATE_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")  # 2022年3月8日, or 3月8日
YEAR_MONTH_RE = re.compile(r"(\d{4})年(\d{1,2})月(?!\d{1,2}日)")
ASKED_DATE_RE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
# 一、地方性法规项目（18 件）: a heading that says how many items follow
COUNTED_HEADING_RE = re.compile(r"[（(]\s*\d+\s*(?:件|项|个|条|家|类|批)\s*[）)]\s*$")
# Whether a question asks about a document's validity (还有效吗, 什么时候施行)
VALIDITY_RE = re.compile(r"有效|施行|生效|失效|废止|过期|还能用|还适用")
# Words for a text being issued (印发, 公布): asked of a document as a whole, and what the date under its signature says
ISSUED = r"发文|印发|发布|公布|出台"
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Words asking what a term means or what counts as it (什么叫闲置土地, 开工怎么算): read by an ask's type and by the
# choice of a definition sentence (所称…是指) to show
MEANING_ASKED = r"是什么|什么是|什么叫|怎么认定|如何认定|怎么算|怎样算|才算|算不算(?![数话])|指什么"
