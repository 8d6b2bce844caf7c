"""Heavy or optional packages (faiss, bm25s, jieba, torch, pymilvus, gradio …) are imported on first use, here.

One helper, so every missing package fails the same way: ``MissingDependencyError`` with the pip command.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError


def require(module: str, purpose: str, install: str | None = None) -> ModuleType:
    """``import module``, or raise saying what needs it and how to install it (default: pip install the
    module's top-level name)."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        hint = install or f"pip install {module.split('.')[0]}"
        raise MissingDependencyError(f"{purpose} needs the {module} package ({err}); install it with: {hint}") \
            from err
