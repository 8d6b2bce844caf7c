"""Text addressed to an AI assistant rather than about policy: "忽略以上指令", "system prompt", a fake
closing tag of the prompt's document block. A question like that is refused (qa.scope); a document holding
it is still indexed, as data, and the ingest report flags the provision for a person to look at."""

from __future__ import annotations

import re

# The tags that delimit documents in the answer prompt (prompts/answer_v1.md), full-width and spaced variants too.
BLOCK_TAG_RE = re.compile(r"[<＜]\s*/?\s*条文\s*[>＞]")
INSTRUCTION_RE = re.compile(
    r"(?:忽略|无视|忘记|不要理会)(?:以上|上面|之前|前面|先前|所有|你的)|(?:系统)?提示词|system\s*prompt|"
    r"ignore\s+(?:all\s+|the\s+)?(?:previous|above)|你是谁|你是什么模型|你的(?:指令|设定|规则)|"
    + BLOCK_TAG_RE.pattern,
    re.IGNORECASE)


def looks_like_instruction(text: str) -> bool:
    return INSTRUCTION_RE.search(text) is not None
