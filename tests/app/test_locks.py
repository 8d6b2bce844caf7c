"""Answers share the index; an upload swaps it alone."""

from __future__ import annotations

import threading
import time

from policyqa_app.locks import ReadWriteLock


def test_readers_share_and_a_writer_waits_for_them():
    lock = ReadWriteLock()
    events: list[str] = []
    inside = threading.Barrier(2)

    def reader(name):
        with lock.read():
            inside.wait(timeout=5)  # both readers hold the lock at once
            time.sleep(0.05)
            events.append(f"{name} done")

    def writer():
        time.sleep(0.02)
        with lock.write():
            events.append("write")

    threads = [threading.Thread(target=reader, args=(n,)) for n in ("r1", "r2")] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    assert events[-1] == "write" and sorted(events[:2]) == ["r1 done", "r2 done"]


def test_a_waiting_writer_goes_before_new_readers():
    lock = ReadWriteLock()
    order: list[str] = []
    first_reader_in = threading.Event()

    def first_reader():
        with lock.read():
            first_reader_in.set()
            time.sleep(0.1)
        order.append("r1")

    def writer():
        first_reader_in.wait(5)
        with lock.write():
            order.append("w")

    def late_reader():
        first_reader_in.wait(5)
        time.sleep(0.03)  # arrives while the writer waits
        with lock.read():
            order.append("r2")

    threads = [threading.Thread(target=f) for f in (first_reader, writer, late_reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    assert order.index("w") < order.index("r2")
