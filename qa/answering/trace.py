"""The LangChain runs of one Assistant call, as children of the caller's run (``qa.langchain.PolicyQAChain``):
the retrieval as a retriever run, each checked step (verification) as a chain run; the chat model is handed the
same config, so its run joins them. Without a config (the CLI, the app) nothing is imported or recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..types import Hit

T = TypeVar("T")


class Trace:
    def __init__(self, config: dict[str, Any] | None = None):
        self.config = config  # a LangChain RunnableConfig whose callbacks belong to the caller's run

    def retrieve(self, retriever, query: str, **options: Any) -> list[Hit]:
        """``retriever.retrieve(query, **options)``, recorded as a retriever run whose output is the hits as
        LangChain documents."""
        if self.config is None:
            return retriever.retrieve(query, **options)
        from ..langchain import hit_document

        run = self._manager().on_retriever_start(None, query, name=type(retriever).__name__)
        try:
            hits = retriever.retrieve(query, **options)
        except BaseException as err:
            run.on_retriever_error(err)
            raise
        run.on_retriever_end([hit_document(hit) for hit in hits])
        return hits

    def step(self, name: str, inputs: dict[str, Any], work: Callable[[], T],
             outputs: Callable[[T], dict[str, Any]]) -> T:
        """``work()``, recorded as a chain run called ``name`` with ``inputs`` and ``outputs(result)``."""
        if self.config is None:
            return work()
        run = self._manager().on_chain_start(None, inputs, name=name)
        try:
            result = work()
        except BaseException as err:
            run.on_chain_error(err)
            raise
        run.on_chain_end(outputs(result))
        return result

    def _manager(self):
        from langchain_core.runnables.config import get_callback_manager_for_config

        return get_callback_manager_for_config(self.config)
