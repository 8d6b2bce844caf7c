"""Work spread over the machine's cores: ingestion and tokenisation are pure Python, so a large corpus gets one
forked worker process per core (a fork inherits what the parent loaded, such as jieba's dictionary)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: Callable | None = None  # the function the workers run, inherited through the fork, never pickled


def workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, 8)


def parallel_map(function: Callable[[T], R], items: Sequence[T], min_items: int,
                 on_done: Callable[[int], None] = lambda done: None) -> list[R]:
    """``[function(item) for item in items]``, in order; in worker processes when there are at least
    ``min_items`` items, more than one core and a fork (Linux). ``on_done`` hears how many are done so far."""
    processes = workers()
    results: list[R] = []
    if len(items) < min_items or processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            results.append(function(item))
            on_done(len(results))
        return results
    global _TASK
    _TASK = function
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for result in pool.imap(_run, items, chunksize=max(1, min(64, len(items) // (processes * 4)))):
                results.append(result)
                on_done(len(results))
        return results
    finally:
        _TASK = None


def _run(item):
    return _TASK(item)
