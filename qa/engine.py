"""Assembling the retrieval stack once: embedder -> index (loaded, updated or built) -> retriever."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from embeddings import resolve_embedder

from .index import open_index
from .lookup_adapter import StructuredLookup
from .retrieval import Fusion, HybridRetriever


def build_retriever(corpus: str | Path, index_dir: str | Path, embedder: str = "auto", rebuild: bool = True,
                    force: bool = False, fusion: str | Fusion = Fusion.WEIGHTED, progress: bool = False,
                    on_status: Callable[[str], None] | None = None) -> HybridRetriever:
    say = on_status or (lambda _m: None)
    active = resolve_embedder(embedder)
    note = getattr(active, "resolution_note", "")
    say(f"embedder: {active.name} (dim {active.dim}, max {active.max_tokens} tokens)" + (f" — {note}" if note else ""))
    index = open_index(corpus, index_dir, active, rebuild=rebuild, force=force, progress=progress, on_status=say)
    return HybridRetriever(index, active, fusion=fusion, lookup=StructuredLookup(index.chunks))
