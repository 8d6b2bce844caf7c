"""Where things are, from the environment (every CLI option falls back to these)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "gazettes"


def default_corpus() -> Path:
    return Path(os.environ.get("POLICYQA_CORPUS") or BUNDLED_CORPUS)


def default_index_dir() -> Path:
    return Path(os.environ.get("POLICYQA_INDEX_DIR") or PROJECT_ROOT / "index")


def default_embedder() -> str:
    return os.environ.get("POLICYQA_EMBEDDER") or "auto"
