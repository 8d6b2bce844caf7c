"""The provisions an answer may cite, numbered: those each ask's finding cites, in ask order, then (for a chat
model, which reads them all) the best other hits, as many as fit the token budget."""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Chunk, Document, Hit, Lookup
from .evidence import Finding

CONTEXT_TOKENS = 1800  # provisions handed to an LLM, counted with tiktoken
CONTEXT_PROVISIONS = 4


@dataclass
class ContextItem:
    marker: int
    hit: Hit

    @property
    def chunk(self) -> Chunk:
        return self.hit.chunk

    @property
    def document(self) -> Document:
        return self.hit.document

    @property
    def lookup(self) -> Lookup | None:
        return self.hit.lookup


@dataclass
class AnswerPlan:
    """What a generator answers from: the standalone question, what was found for each of its asks, and the
    numbered provisions."""

    question: str
    findings: list[Finding]
    context: list[ContextItem]

    def items(self, finding: Finding) -> list[ContextItem]:
        """The numbered provisions that answer ``finding``'s ask, best first."""
        by_chunk = {item.chunk.chunk_id: item for item in self.context}
        return [by_chunk[h.chunk.chunk_id] for h in finding.hits if h.chunk.chunk_id in by_chunk]


def build_context(findings: list[Finding], hits: list[Hit], budget: int = CONTEXT_TOKENS,
                  provisions: int = CONTEXT_PROVISIONS) -> list[ContextItem]:
    """Every provision an answered ask cites (always, whatever the budget), then the other ``hits`` (look-ups
    first, then by rank) while there is room for ``provisions`` items within ``budget`` tokens."""
    cited = list({h.chunk.chunk_id: h for f in findings if f.answered for h in f.hits}.values())
    others = [h for h in hits if h.lookup is not None] + [h for h in hits if h.lookup is None]
    items: list[ContextItem] = []
    seen: set[str] = set()
    for hit in cited + others:
        if hit.chunk.chunk_id in seen:
            continue
        cost = hit.chunk.citation_tokens + hit.chunk.token_count  # = tiktoken of citation + text, measured
        if len(items) >= len(cited) and (len(items) >= provisions or (items and cost > budget)):
            break
        budget -= cost
        seen.add(hit.chunk.chunk_id)
        items.append(ContextItem(marker=len(items) + 1, hit=hit))
    return items
