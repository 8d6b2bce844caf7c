"""Answering: a question (and its conversation) -> analysis -> hits -> scope check -> context -> generated text ->
verified citations -> ``Answer``."""

from .analysis import QueryAnalysis, analyse
from .assistant import Assistant
from .claims import ClaimChecker, Generation
from .context import ContextItem, build_context
from .generators import ChatGenerator, ExtractiveGenerator, GeneratorName
from .scope import ScopeChecker, ScopeVerdict

__all__ = ["Assistant", "ChatGenerator", "ClaimChecker", "ContextItem", "ExtractiveGenerator", "Generation",
           "GeneratorName", "QueryAnalysis", "ScopeChecker", "ScopeVerdict", "analyse", "build_context"]
