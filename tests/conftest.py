"""Shared fixtures: the project's own bundled gazettes, ingested once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAZETTES = ROOT / "data" / "gazettes"
ISSUE_2021 = GAZETTES / "liaocheng-gazette-2021-12.md"
ISSUE_2022 = GAZETTES / "liaocheng-gazette-2022-03.txt"


@pytest.fixture(scope="session")
def corpus():
    from qa import ingest_path

    return ingest_path(GAZETTES)


@pytest.fixture(scope="session")
def docs(corpus):
    """Documents by title."""
    return {d.title: d for d in corpus.documents}
