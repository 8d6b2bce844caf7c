"""The one place that assembles the stages: settings -> embedder -> index -> retriever -> assistant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from embeddings import Embedder, resolve_embedder
from prompts import ANSWER_PROMPT

from .answering.assistant import Assistant
from .answering.generators import GeneratorName
from .answering.llm import openai_chat_model
from .config import DEFAULT_LLM_DEADLINE, Settings
from .index import Index, open_index
from .progress import Progress, no_progress
from .retrieval import BM25Ranker, DenseRanker, Fusion, HybridRetriever
from .text.typos import HomophoneCorrector


def embedder_for(settings: Settings) -> Embedder:
    return resolve_embedder(settings.embedder, st_model=settings.st_model, allow_download=settings.allow_download,
                            source=settings.embedder_source)


def retriever_for(index: Index, embedder: Embedder, fusion: str | Fusion = Fusion.WEIGHTED) -> HybridRetriever:
    """Fails when the index was built by another embedder: its vectors would be compared with foreign ones."""
    reasons = index.manifest.mismatches(embedder.describe(), embedder.dim, index.manifest.chunker_version,
                                        index.manifest.tokenizer)
    if reasons:
        from .errors import IndexMismatchError

        raise IndexMismatchError(f"index and embedder do not match: {'; '.join(reasons)}")
    return HybridRetriever(index.catalog, index.store, BM25Ranker(index.store, index.tokenizer),
                           DenseRanker(index.store, embedder), fusion=fusion,
                           typos=HomophoneCorrector(index.tokenizer, index.collection.text))


def assistant_for(index: Index, retriever: HybridRetriever, chat_model=None,
                  default_generator: str | None = None, llm_deadline: float = DEFAULT_LLM_DEADLINE,
                  answer_prompt: str = ANSWER_PROMPT) -> Assistant:
    return Assistant(retriever, index.collection, chat_model=chat_model, default_generator=default_generator,
                     llm_deadline=llm_deadline, answer_prompt=answer_prompt)


def assistant_over(index: Index, like: Assistant) -> Assistant:
    """The same assistant (embedder, fusion, weights, chat model, default generator) over another index version."""
    retriever = retriever_for(index, like.retriever.embedder, like.retriever.fusion)
    retriever.weights = like.retriever.weights
    chat = like.generator(GeneratorName.LLM) if "llm" in like.generators() else None
    return assistant_for(index, retriever, chat_model=like.rewriter.chat_model,
                         default_generator=like.default_generator.value,
                         llm_deadline=chat.deadline if chat else DEFAULT_LLM_DEADLINE,
                         answer_prompt=chat.prompt_name if chat else ANSWER_PROMPT)


@dataclass
class Stack:
    settings: Settings
    embedder: Embedder
    index: Index
    retriever: HybridRetriever


def open_stack(settings: Settings, rebuild: bool = True, force: bool = False, mode: str = "update",
               progress: Progress = no_progress, on_status: Callable[[str], None] | None = None,
               embedder: Embedder | None = None) -> Stack:
    """``embedder``: an embedder object (Python callers) instead of the one ``settings`` names."""
    say = on_status or (lambda _m: None)
    embedder = embedder or embedder_for(settings)
    note = getattr(embedder, "resolution_note", "")
    say(f"embedder: {embedder.name} (dim {embedder.dim}, max {embedder.max_tokens} tokens)" + (f" — {note}" if note else ""))
    index = open_index(settings.corpus, settings.index_dir, embedder, rebuild=rebuild, force=force, mode=mode,
                       progress=progress, on_status=say, store=settings.store_spec)
    return Stack(settings, embedder, index, retriever_for(index, embedder, settings.fusion))


def build_assistant(corpus: str | Path | None = None, index_dir: str | Path | None = None,
                    embedder: str | None = None, llm=None, on_status: Callable[[str], None] | None = None) -> Assistant:
    """The whole stack with project defaults (``Settings.from_env()``). ``llm``: a LangChain chat model, or None
    to use the OpenAI-compatible endpoint configured in the environment (POLICYQA_LLM_*), or extractive answers
    only when none is configured."""
    settings = Settings.from_env().with_(corpus=corpus, index_dir=index_dir, embedder=embedder,
                                         embedder_source="requested" if embedder else None)
    return stack_assistant(open_stack(settings, on_status=on_status), llm, on_status)


def stack_assistant(stack: Stack, llm=None, on_status: Callable[[str], None] | None = None) -> Assistant:
    """The assistant over an opened stack; ``llm`` (a LangChain chat model) or the endpoint in its settings."""
    if llm is None and stack.settings.llm is not None:
        llm = openai_chat_model(stack.settings.llm)
    if on_status:
        name = f"llm ({getattr(llm, 'model_name', type(llm).__name__)})" if llm is not None else "extractive"
        on_status(f"generator: {name}")
    endpoint = stack.settings.llm
    return assistant_for(stack.index, stack.retriever, chat_model=llm, default_generator=stack.settings.generator,
                         llm_deadline=endpoint.deadline if endpoint else DEFAULT_LLM_DEADLINE,
                         answer_prompt=endpoint.prompt if endpoint else ANSWER_PROMPT)
