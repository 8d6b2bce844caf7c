"""A scripted LangChain chat model: each call streams the next scripted reply in small pieces, ending with the
finish reason a real endpoint sends (or none, or "length"), optionally slowly. It runs through LangChain's own
``BaseChatModel.stream``, so callbacks, configs and response metadata behave as with a real model."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field


@dataclass(frozen=True)
class Reply:
    text: str
    finish_reason: str | None = "stop"  # None: the stream just closes (a cut-off connection)
    seconds_per_piece: float = 0.0  # a slow or stalled endpoint
    piece_chars: int = 5


class ScriptedChatModel(BaseChatModel):
    replies: list[Reply] = Field(default_factory=list)
    prompts: list[list[BaseMessage]] = Field(default_factory=list)  # what each call was given
    stop_waiting: Any = Field(default_factory=threading.Event)  # set to end a slow reply's waits at once

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _next(self, messages: list[BaseMessage]) -> Reply:
        self.prompts.append(list(messages))
        if not self.replies:
            raise AssertionError("the scripted chat model has no reply left for this call")
        reply = self.replies.pop(0)
        return reply if isinstance(reply, Reply) else Reply(reply)

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        reply = self._next(messages)
        for start in range(0, len(reply.text), reply.piece_chars):
            if reply.seconds_per_piece and self.stop_waiting.wait(reply.seconds_per_piece):
                return
            piece = reply.text[start:start + reply.piece_chars]
            if run_manager:
                run_manager.on_llm_new_token(piece)
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        if reply.finish_reason:
            yield ChatGenerationChunk(message=AIMessageChunk(content="", response_metadata={
                "finish_reason": reply.finish_reason}))

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        reply = self._next(messages)
        if reply.seconds_per_piece:
            self.stop_waiting.wait(reply.seconds_per_piece)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(
            content=reply.text, response_metadata={"finish_reason": reply.finish_reason}))])


def scripted(*replies: str | Reply) -> ScriptedChatModel:
    return ScriptedChatModel(replies=[r if isinstance(r, Reply) else Reply(r) for r in replies])
