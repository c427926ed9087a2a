"""The app behind a real uvicorn on 127.0.0.1, for tests where requests must really run side by
side or a real browser must reach it; or ``reinstate serve`` itself, for what its log shows."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yields its base address, stops it afterwards."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


def get(port: int, path: str) -> int:
    """The status of GET ``path`` on 127.0.0.1, retried while the server is still starting."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
                return int(answer.status)
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def serve_command(database_url: str, data_dir: Path, paths: list[str]) -> tuple[list[int], str]:
    """Run the real ``reinstate serve`` on ``database_url``, GET each of ``paths``, stop it, and
    give the statuses with everything it printed (its access log included)."""
    port = _free_port()
    environment = {
        **os.environ,
        "REINSTATE_DATABASE_URL": database_url,
        "REINSTATE_DATA_DIR": str(data_dir),
    }
    command = [str(Path(sys.executable).with_name("reinstate")), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        statuses = [get(port, path) for path in paths]
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    return statuses, output
