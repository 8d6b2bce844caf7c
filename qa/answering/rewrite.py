"""Follow-ups made standalone (``conversation``), by rules or by the chat model, within bounds on what the
conversation may hold. The chat model's rewrite is used only when it keeps what the rules read: the articles
and items the follow-up names, the subject the rules filled in, and is not the previous answer repeated."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from prompts import REWRITE_PROMPT, load_prompt

from ..catalog import Catalog
from ..text.numerals import cn_to_int
from ..text.tokenizer import content_bigrams
from ..text.typos import HomophoneCorrector
from .conversation import Resolution, previous_question, resolve
from .evidence import focus_of
from .generators import within

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
MAX_HISTORY_TURNS = 6
MAX_TURN_CHARS = 2000
REWRITE_DEADLINE = 20.0  # seconds the chat model's rewrite may take; past it the rules' rewrite is used
# A rewrite must hold this share of the rule-based question's bigrams (the subject the rules filled in) …
REWRITE_KEEPS = 0.5
# … and is the previous answer repeated when this share of its bigrams come from that answer alone.
REWRITE_ECHO = 0.5
_ORDINAL_RE = re.compile(r"第([\d一二三四五六七八九十百零〇两]+)([条项款])")


class Rewriter:
    """Rules by default (``conversation.resolve``); the chat model when one is given and asked for (its failure
    falls back to the rules). Either way the documents the previous answer cited steer the search."""

    def __init__(self, catalog: Catalog, chat_model=None, tokenizer=None, typos: HomophoneCorrector | None = None):
        self.catalog = catalog
        self.chat_model = chat_model
        self.tokenizer = tokenizer  # the index's ChineseTokenizer: finds the word a follow-up replaces
        self.typos = typos  # reads a pinyin keyboard's slips as the collected words (投述 as 投诉)
        self.template = load_prompt(REWRITE_PROMPT)

    def resolve(self, question: str, history: list[dict], use_llm: bool = False,
                notes: list[str] | None = None, config: dict | None = None) -> Resolution:
        """``config``: the LangChain RunnableConfig the chat model runs under (the caller's run), if any."""
        if self.tokenizer:  # 剪个彩 is searched as 剪彩
            question = self.tokenizer.rejoined(question)
        if self.typos:
            question, fixes = self.typos.correct(question)
            if fixes and notes is not None:
                notes.append("按" + "、".join(f"「{read}」理解了「{typed}」" for typed, read in fixes) + "。")
        by_rules = resolve(question, history, self.catalog, self.tokenizer.words if self.tokenizer else None,
                           (lambda text: focus_of(text, self.tokenizer).weight) if self.tokenizer else None)
        by_rules = replace(by_rules, previous=previous_question(history) if history else "")
        if not history or not (use_llm and self.chat_model is not None):
            return by_rules
        try:
            lines = "\n".join(f"{turn.get('role')}: {turn.get('content', '')[:300]}" for turn in history[-6:])
            prompt = self.template.format(history=lines, question=question)
            reply = next(within((self.chat_model.invoke(prompt, config=config) for _ in (0,)), REWRITE_DEADLINE))
            rewritten = str(reply.content).strip().splitlines()[0] if str(reply.content).strip() else ""
            previous = next((str(t.get("content", "")) for t in reversed(history) if t.get("role") == "assistant"), "")
            why = rewrite_problem(rewritten[:MAX_QUESTION_CHARS], question, by_rules.standalone, previous)
            if why is None:
                return replace(by_rules, standalone=rewritten[:MAX_QUESTION_CHARS])
            logger.info("LLM rewrite %r rejected: %s", rewritten[:100], why)
            if notes is not None:
                notes.append(f"大模型改写的问题{why}，已按规则补全上下文。")
        except Exception as err:  # noqa: BLE001 - any endpoint failure: fall back to rules, say so
            logger.warning("LLM rewrite failed (%s); using the rule-based rewrite", type(err).__name__)
            if notes is not None:
                notes.append("大模型改写问题失败，已按规则补全上下文。")
        return by_rules


def rewrite_problem(rewritten: str, question: str, by_rules: str, previous_answer: str) -> str | None:
    """Why the chat model's standalone question cannot stand for ``question``, or None: it is empty, drops an
    article or item the follow-up names (那第十六条呢？), repeats the previous answer, or loses the subject the
    rule-based rewrite ``by_rules`` filled in (那竣工呢？ -> 竣工是什么意思)."""
    if not rewritten:
        return "是空的"
    named = {(cn_to_int(n), unit) for n, unit in _ORDINAL_RE.findall(rewritten)}
    for number, unit in _ORDINAL_RE.findall(question):
        if (cn_to_int(number), unit) not in named:
            return f"丢掉了第{number}{unit}"
    own = content_bigrams(rewritten)
    echoed = own & content_bigrams(previous_answer) - content_bigrams(by_rules) - content_bigrams(question)
    if own and len(echoed) >= REWRITE_ECHO * len(own):
        return "重复了上一轮的回答"
    wanted = content_bigrams(by_rules)
    if wanted and len(wanted & own) < REWRITE_KEEPS * len(wanted):
        return "丢掉了问题的对象"
    return None


def bounded_history(history: list[dict] | None, notes: list[str]) -> list[dict]:
    """The turns a follow-up is read against, within bounds: the last ``MAX_HISTORY_TURNS``, each cut to
    ``MAX_TURN_CHARS`` (a 450,000-character turn once made one question take a minute)."""
    if not history:
        return []
    kept = history[-MAX_HISTORY_TURNS:]
    cut = [dict(turn, content=str(turn.get("content", ""))[:MAX_TURN_CHARS]) for turn in kept]
    if len(kept) < len(history) or any(len(str(t.get("content", ""))) > MAX_TURN_CHARS for t in kept):
        notes.append(f"对话历史过长，只参考了最近{len(kept)}轮、每轮前{MAX_TURN_CHARS}字。")
    return cut
