"""The retrievers a user would build instead of PolicyQA, over the same gazette files, for comparison.

Each reads the raw text of the gazette files (decoded, nothing else: no structure, no cleaning) and
chunks it its own way, with the real libraries:

- ``splitter-faiss``: LangChain ``RecursiveCharacterTextSplitter`` (500 characters, overlap 50) and exact
  FAISS inner-product search over the active embedder's vectors — the LangChain tutorial pipeline.
- ``chatchat-ensemble``: Langchain-Chatchat's defaults — its Chinese recursive splitter (separators
  paragraph, line, 。！？, ；, ，; 750 characters, overlap 150), BM25 over ``jieba.lcut_for_search`` words and
  FAISS, fused as LangChain's ``EnsembleRetriever`` does (weighted reciprocal rank, c = 60, weights 0.5/0.5).
- ``bm25``: the 500/50 chunks and bm25s over ``jieba.lcut_for_search`` words, nothing else.

Their chunks are not provisions, so they are scored with the evidence rule (a passage matches when its
text contains the gold evidence, whitespace and punctuation ignored).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings import Embedder

from ..choices import Choice
from ..index.local import faiss_module
from ..ingest import corpus_files, read_source
from ..lazy import require
from ..retrieval.fusion import reciprocal_rank_fusion
from .metrics import latency_summary, retrieval_metrics
from .questions import MatchRule, Question

SPLITTER_CHUNK_CHARS, SPLITTER_OVERLAP = 500, 50
CHATCHAT_CHUNK_CHARS, CHATCHAT_OVERLAP = 750, 150
# Langchain-Chatchat's ChineseRecursiveTextSplitter: regular expressions, the separator kept at the end.
CHATCHAT_SEPARATORS = ["\n\n", "\n", "。|！|？", r"\.\s|\!\s|\?\s", r"；|;\s", r"，|,\s"]
CHATCHAT_WEIGHTS = (0.5, 0.5)  # BM25, FAISS
ENSEMBLE_RRF_C = 60  # langchain EnsembleRetriever's constant


class Baseline(Choice):
    SPLITTER_FAISS = "splitter-faiss"
    CHATCHAT_ENSEMBLE = "chatchat-ensemble"
    BM25 = "bm25"


DESCRIPTIONS = {
    Baseline.SPLITTER_FAISS: "RecursiveCharacterTextSplitter 500/50 + FAISS (exact) + the active embedder",
    Baseline.CHATCHAT_ENSEMBLE: "Chatchat: Chinese separators 750/150, jieba BM25 + FAISS, RRF weights 0.5/0.5",
    Baseline.BM25: "RecursiveCharacterTextSplitter 500/50 + bm25s over jieba words",
}


@dataclass(frozen=True)
class Passage:
    """A chunk of raw gazette text as a baseline cut it."""

    text: str
    source: str  # file name
    start: int  # character offset in the decoded file


def _jieba():
    jieba = require("jieba", "the BM25 baselines")
    jieba.setLogLevel(60)
    return jieba


def _splitter(chunk_size: int, overlap: int, separators: list[str] | None = None):
    RecursiveCharacterTextSplitter = require(
        "langchain_text_splitters", "the baselines' chunking", "pip install langchain-text-splitters"
    ).RecursiveCharacterTextSplitter
    if separators is None:
        return RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap, add_start_index=True)
    return RecursiveCharacterTextSplitter(separators=separators, is_separator_regex=True, keep_separator="end",
                                          chunk_size=chunk_size, chunk_overlap=overlap, add_start_index=True)


def raw_texts(corpus: str | Path) -> list[tuple[str, str]]:
    """(file name, decoded text) of every gazette file under ``corpus``, as a text loader reads them."""
    files = corpus_files(Path(corpus))
    if not files:
        raise ValueError(f"no gazette files (.md, .txt) in {corpus}; point --corpus at a gazette file or folder")
    return [(file.source, read_source(file.path, name=file.source).text) for file in files]


def split_passages(texts: list[tuple[str, str]], chunk_size: int, overlap: int,
                   separators: list[str] | None = None) -> list[Passage]:
    splitter = _splitter(chunk_size, overlap, separators)
    docs = splitter.create_documents([text for _, text in texts], metadatas=[{"source": name} for name, _ in texts])
    return [Passage(d.page_content, d.metadata["source"], d.metadata["start_index"]) for d in docs]


class _DenseSearch:
    def __init__(self, passages: list[Passage], embedder: Embedder, progress: bool):
        # a sentence-transformers pipeline truncates silently at the model's limit (PolicyQA refuses to)
        fitted = [embedder.fit(p.text, "passage") for p in passages]
        self.truncated = sum(1 for f, p in zip(fitted, passages) if len(f) < len(p.text))
        vectors = embedder.embed_passages(fitted, progress=progress)
        self.index = faiss_module().IndexFlatIP(embedder.dim)
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self.embedder = embedder

    def rows(self, query: str, depth: int) -> list[int]:
        vector = self.embedder.embed_query(query).reshape(1, -1).astype(np.float32)
        _, rows = self.index.search(vector, min(depth, self.index.ntotal))
        return [int(r) for r in rows[0] if r >= 0]


class _KeywordSearch:
    def __init__(self, passages: list[Passage]):
        self.jieba = _jieba()
        self.bm25 = require("bm25s", "the BM25 baselines").BM25()
        self.bm25.index([self._words(p.text) or ["∅"] for p in passages], show_progress=False)

    def _words(self, text: str) -> list[str]:
        return [w for w in self.jieba.lcut_for_search(text) if w.strip()]

    def rows(self, query: str, depth: int) -> list[int]:
        words = [w for w in self._words(query) if w in self.bm25.vocab_dict]
        if not words:
            return []
        scores = np.asarray(self.bm25.get_scores(words))
        order = np.lexsort((np.arange(len(scores)), -scores))[:depth]
        return [int(r) for r in order if scores[r] > 0]


class BaselineRetriever:
    """``retrieve(query, k) -> list[Passage]`` for one baseline; built by ``build_baseline``."""

    def __init__(self, baseline: Baseline, passages: list[Passage], dense: _DenseSearch | None,
                 keyword: _KeywordSearch | None, build_seconds: float):
        self.baseline = baseline
        self.passages = passages
        self.dense = dense
        self.keyword = keyword
        self.build_seconds = build_seconds

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.baseline]

    @property
    def truncated(self) -> int:
        """Passages longer than the embedder reads (cut to its limit for embedding)."""
        return self.dense.truncated if self.dense else 0

    def retrieve(self, query: str, k: int = 10) -> list[Passage]:
        if not isinstance(k, int) or k < 1:
            raise ValueError(f"k={k!r}; it must be a positive integer")
        query = (query or "").strip()
        if not query:
            return []
        if self.dense and self.keyword:
            ranked = ensemble_order([self.keyword.rows(query, k), self.dense.rows(query, k)], CHATCHAT_WEIGHTS)
        elif self.dense:
            ranked = self.dense.rows(query, k)
        else:
            ranked = self.keyword.rows(query, k)
        return [self.passages[r] for r in ranked[:k]]


def ensemble_order(rankings: list[list[int]], weights: tuple[float, ...]) -> list[int]:
    """LangChain EnsembleRetriever: score = sum of weight / (rank + c), first appearance breaks ties."""
    scores = reciprocal_rank_fusion(rankings, weights, ENSEMBLE_RRF_C)
    return sorted(scores, key=lambda row: -scores[row])


def require_baseline(baseline: str | Baseline) -> None:
    """Import what ``baseline`` needs, so a missing package is said before a long run, not after it
    (``MissingDependencyError`` with the pip command)."""
    baseline = Baseline.from_str(baseline)
    _splitter(SPLITTER_CHUNK_CHARS, SPLITTER_OVERLAP)
    if baseline is not Baseline.SPLITTER_FAISS:
        _jieba()
        require("bm25s", "the BM25 baselines")
    if baseline is not Baseline.BM25:
        faiss_module()


def build_baseline(baseline: str | Baseline, corpus: str | Path, embedder: Embedder | None = None,
                   progress: bool = False) -> BaselineRetriever:
    """Chunk and index ``corpus`` the way ``baseline`` does. The dense baselines need ``embedder``."""
    baseline = Baseline.from_str(baseline)
    if embedder is None and baseline is not Baseline.BM25:
        raise ValueError(f"baseline {baseline.value} embeds its chunks: pass the active embedder")
    started = time.perf_counter()
    texts = raw_texts(corpus)
    if baseline is Baseline.CHATCHAT_ENSEMBLE:
        passages = split_passages(texts, CHATCHAT_CHUNK_CHARS, CHATCHAT_OVERLAP, CHATCHAT_SEPARATORS)
    else:
        passages = split_passages(texts, SPLITTER_CHUNK_CHARS, SPLITTER_OVERLAP)
    dense = _DenseSearch(passages, embedder, progress) if baseline is not Baseline.BM25 else None
    keyword = _KeywordSearch(passages) if baseline is not Baseline.SPLITTER_FAISS else None
    return BaselineRetriever(baseline, passages, dense, keyword, time.perf_counter() - started)


COMPARED_METRICS = ("hit@1", "hit@5", "mrr", "ndcg@10")


def baseline_report(questions: list[Question], baseline, ours: dict, k: int = 10,
                    on_question: Callable[[], None] | None = None) -> dict:
    """Run ``baseline`` (``retrieve(query, k)``, ``name``, ``description``, ``passages``) over ``questions``
    and set its numbers beside ours (``ours`` is an ``evaluation_report``). Both sides are scored with the
    evidence rule: a baseline's passages are not provisions. Ratios are ours / theirs."""
    baseline.retrieve(questions[0].question, k=k)  # warm-up, untimed
    ranked, latencies = [], []
    for q in questions:
        started = time.perf_counter()
        ranked.append(baseline.retrieve(q.question, k=k))
        latencies.append((time.perf_counter() - started) * 1000)
        if on_question:
            on_question()
    metrics = retrieval_metrics(questions, ranked, MatchRule.EVIDENCE)
    latency = latency_summary(latencies)
    ours_all = ours["retrieval_evidence_rule"].get("all", {})
    theirs_all = metrics.get("all", {})
    ratios = {m: (round(ours_all[m] / theirs_all[m], 2) if theirs_all.get(m) else None) for m in COMPARED_METRICS
              if m in ours_all}
    ours_p50 = ours["latency_ms"]["retrieval"]["p50"]
    ratios["latency_p50"] = round(ours_p50 / latency["p50"], 2) if latency["p50"] and ours_p50 is not None else None
    return {"description": baseline.description, "passages": len(baseline.passages),
            "truncated_for_embedding": baseline.truncated, "build_seconds": round(baseline.build_seconds, 1),
            "retrieval": metrics, "latency_ms": latency, "ratio_ours_to_theirs": ratios}
