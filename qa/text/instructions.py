"""Text addressed to an AI assistant rather than about policy: "忽略以上指令", "system prompt", a fake
closing tag of the prompt's document block. A question like that is refused (qa.scope); a document holding
it is still indexed, as data, and the ingest report flags the provision for a person to look at. In a prompt,
provision text is ``neutralised``: it cannot close a block, forge a provision header or a citation marker."""

from __future__ import annotations

import re

# Characters that render as nothing (a zero-width space inside a tag hides it from a plain match).
INVISIBLE_RE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                          r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_OPEN = "<＜〈〈﹤‹⟨❮❬《«"
_CLOSE = ">＞〉〉﹥›⟩❯❭》»"
_GAP = r"[\s\u3000]*"
# A tag of the prompt's blocks (<条文>, </条文>) and its look-alikes: full-width, CJK and math angle brackets,
# a full-width or fraction slash, spaces inside.
BLOCK_TAG_RE = re.compile(rf"[{_OPEN}]{_GAP}[/／⁄∕\\]?{_GAP}条{_GAP}文{_GAP}[{_CLOSE}]")
INSTRUCTION_RE = re.compile(
    r"(?:忽略|无视|忘记|不要理会)(?:以上|上面|之前|前面|先前|所有|你的)|(?:系统)?提示词|system\s*prompt|"
    r"ignore\s+(?:all\s+|the\s+)?(?:previous|above)|你是谁|你是什么模型|你的(?:指令|设定|规则)|"
    + BLOCK_TAG_RE.pattern,
    re.IGNORECASE)
# [2], ［2］, 【2】: a citation marker, in data a forged one.
_MARKER_LIKE_RE = re.compile(r"[\[［【〔]\s*(\d{1,3})\s*[\]］】〕]")
# A line that opens like a provision header of the prompt: 《…》第十五条： or [2] 《…》.
_HEADER_LIKE_RE = re.compile(r"^[ \t\u3000]*(?=《[^》\n]{1,80}》[^\n]{0,40}第[\d一二三四五六七八九十百零〇两]+条)", re.MULTILINE)


def looks_like_instruction(text: str) -> bool:
    return INSTRUCTION_RE.search(INVISIBLE_RE.sub("", text)) is not None


def neutralise(text: str) -> str:
    """Provision text as it may appear in a prompt: invisible characters dropped, block tags and their
    look-alikes removed, citation markers written （2）, and a line that opens like a provision header quoted
    with 「引文」, so the data cannot pass for the prompt's own structure."""
    text = BLOCK_TAG_RE.sub("", INVISIBLE_RE.sub("", text))
    text = _MARKER_LIKE_RE.sub(r"（\1）", text)
    return _HEADER_LIKE_RE.sub("「引文」", text)
