"""Progress of long work (reading files, embedding chunks): how many of how many, how fast, how long to go.

A reporter is a callable ``(stage, done, total)``. On a terminal the CLI draws bars; elsewhere (a log file, the
app's log, CI) ``ProgressLog`` writes a line every few seconds and one when a stage ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

# The stages an index build reports.
READING_FILES = "reading files"
EMBEDDING_CHUNKS = "embedding chunks"


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def no_progress(stage: str, done: int, total: int) -> None:
    """A reporter that reports nothing."""


class ProgressLog:
    """Writes ``embedding: 1,200/44,882 (2.7%), 11.2/s, about 1h05m left`` at most every ``interval`` seconds,
    and always when a stage is done."""

    def __init__(self, write: Callable[[str], None], interval: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.write, self.interval, self.clock = write, interval, clock
        self._started: dict[str, tuple[float, int]] = {}
        self._last = float("-inf")  # the first report is written at once

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        start, first = self._started.setdefault(stage, (now, done))
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        rate = (done - first) / (now - start) if done > first and now > start else None
        self.write(describe(stage, done, total, rate))


def describe(stage: str, done: int, total: int, rate: float | None) -> str:
    """``rate``: items per second so far, None before anything was measured."""
    share = f" ({100 * done / total:.1f}%)" if total else ""
    line = f"{stage}: {done:,}/{total:,}{share}"
    if rate:
        line += f", {rate:.1f}/s"
        if done < total:
            line += f", about {_duration((total - done) / rate)} left"
    return line


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def fan_out(*reporters: Progress) -> Progress:
    """One reporter that tells each of ``reporters`` (a page's bar and the log, say)."""
    def report(stage: str, done: int, total: int) -> None:
        for reporter in reporters:
            reporter(stage, done, total)
    return report


class ProgressBars:
    """tqdm bars, one per stage, for a terminal."""

    def __init__(self, stream=None):
        self.stream = stream
        self._bars: dict = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(total=total, desc=stage, unit="", file=self.stream, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
