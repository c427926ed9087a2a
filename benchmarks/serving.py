"""Start ``reinstate serve`` as its own process for a benchmark and wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def started(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """The server process, once ``/api/v1/health`` answers on ``port`` (at most 120 s)."""
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start: " + server.stderr.read().decode()[-2000:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
