"""The provisions an answer may cite: the best hits, in rank order, as many as fit the token budget."""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Chunk, Document, Hit, Lookup

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


def build_context(hits: list[Hit], budget: int = CONTEXT_TOKENS, provisions: int = CONTEXT_PROVISIONS
                  ) -> list[ContextItem]:
    """Look-ups first (all of them), then the best ranked, as many as fit (the first always does)."""
    items: list[ContextItem] = []
    exact = [h for h in hits if h.lookup is not None]
    chosen = exact + [h for h in hits if h.lookup is None]
    for hit in chosen[:max(provisions, len(exact))]:
        cost = hit.chunk.citation_tokens + hit.chunk.token_count  # = tiktoken of citation + text, measured
        if items and cost > budget:
            break
        budget -= cost
        items.append(ContextItem(marker=len(items) + 1, hit=hit))
    return items
