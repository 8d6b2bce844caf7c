"""Follow-ups made standalone: 那竣工呢？ after a question about 开工; 第十五条 after an answer citing a document."""

from __future__ import annotations

import logging
import re

from prompts import REWRITE_PROMPT, load_prompt

from ..catalog import Catalog
from ..references import parse_references
from ..text.patterns import ARTICLE_MENTION_RE

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
_FOLLOW_UP_RE = re.compile(r"^(那|那么|那要是|还有|它|这|该|此|上面|上述|刚才|你刚才|前面|同样|另外|如果是)")


class Rewriter:
    """Rules by default; the chat model when one is given and asked for (its failure falls back to rules)."""

    def __init__(self, catalog: Catalog, chat_model=None):
        self.catalog = catalog
        self.chat_model = chat_model
        self.template = load_prompt(REWRITE_PROMPT)

    def rewrite(self, question: str, history: list[dict], use_llm: bool = False,
                notes: list[str] | None = None, config: dict | None = None) -> str:
        """``config``: the LangChain RunnableConfig the chat model runs under (the caller's run), if any."""
        if not history:
            return question
        if use_llm and self.chat_model is not None:
            try:
                lines = "\n".join(f"{turn.get('role')}: {turn.get('content', '')[:300]}" for turn in history[-6:])
                reply = self.chat_model.invoke(self.template.format(history=lines, question=question), config=config)
                rewritten = str(reply.content).strip().splitlines()[0] if str(reply.content).strip() else ""
                if rewritten:
                    return rewritten[:MAX_QUESTION_CHARS]
            except Exception as err:  # noqa: BLE001 - any endpoint failure: fall back to rules, say so
                logger.warning("LLM rewrite failed (%s); using the rule-based rewrite", type(err).__name__)
                if notes is not None:
                    notes.append("大模型改写问题失败，已按规则补全上下文。")
        return self.rule_rewrite(question, history)

    def rule_rewrite(self, question: str, history: list[dict]) -> str:
        previous = next((t.get("content", "") for t in reversed(history) if t.get("role") == "user"), "")
        last_cited = next((c for t in reversed(history) if t.get("role") == "assistant"
                           for c in t.get("citations", [])), None)
        refs = parse_references(question, self.catalog)
        article = ARTICLE_MENTION_RE.search(question)
        if article and not refs.doc_keys and last_cited:
            # 你刚才说的那个办法第十五条 -> 《the document last cited》第十五条
            return f"《{last_cited['doc_title']}》{question[article.start():]}"
        follow_up = _FOLLOW_UP_RE.search(question) or len(question) <= 8
        if follow_up and previous and not refs.doc_keys:
            return f"{previous} {question}"
        return question
