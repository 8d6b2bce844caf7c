"""Milvus for the tests: Milvus Lite embedded (a file database this process starts) and Milvus Lite as a server
on 127.0.0.1 (a free port), the same core a standalone Milvus runs; started once per session and stopped."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time

import pytest

SERVER_START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Milvus Lite exited with {process.returncode} before listening on {port}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"Milvus Lite did not listen on 127.0.0.1:{port} within {seconds} s")


@pytest.fixture(scope="session")
def milvus_lite_uri(tmp_path_factory) -> str:
    """An embedded Milvus Lite database (pymilvus starts it on first use and stops it at exit)."""
    return f"milvus://{tmp_path_factory.mktemp('milvus-lite') / 'policyqa.db'}"


@pytest.fixture(scope="session")
def milvus_server_uri(tmp_path_factory):
    """Milvus Lite serving gRPC on 127.0.0.1 only, at a free port; stopped when the session ends."""
    from milvus_lite.server import Server

    port = free_port()
    server = Server(str(tmp_path_factory.mktemp("milvus-server") / "server.db"), address=f"127.0.0.1:{port}")
    assert server.init() and server.start(), "Milvus Lite did not start"
    process = server._p  # the server's own process: stopped by its pid, nothing else
    try:
        wait_for_port(port, process, SERVER_START_SECONDS)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):  # one that ignores SIGTERM is killed by stop()
            process.wait(timeout=10)
        server.stop()


@pytest.fixture(params=["local", "milvus-lite", "milvus-server"])
def store_kind(request) -> str:
    return request.param


def store_uri(request, kind: str, collection: str) -> str:
    """The --store value of ``kind`` for one test's own collection."""
    if kind == "local":
        return "local"
    base = request.getfixturevalue("milvus_lite_uri" if kind == "milvus-lite" else "milvus_server_uri")
    return f"{base}?collection={collection}"
