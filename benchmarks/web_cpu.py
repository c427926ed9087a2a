"""CPU per page, in process: the ASGI app called directly, with no server and no network client.

Other programs may share the cores, so the time is CPU time of this process (every thread:
the pages run in the app's thread pool, as under ``reinstate serve``), not wall time, and each
page is printed as a ratio against ``/api/v1/health`` measured in the same run. Used by
``benchmarks/web_load.py --cpu`` (which seeds the database); ``--profile PATH`` prints where
one page's time goes (cProfile, CPU time).

At 200 requests/s on two cores, one of them partly taken by the load generator, a page has
about 3 ms of CPU to spend, uvicorn's share included.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import re
import time
from typing import Any
from urllib.parse import urlencode

Headers = list[tuple[bytes, bytes]]


class InProcess:
    """Requests straight into an ASGI app, keeping its cookies like a browser."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.cookies: dict[str, str] = {}

    async def call(self, method: str, target: str, body: bytes = b"", **headers: str) -> Any:
        path, _, query = target.partition("?")
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent: Headers = [(b"host", b"127.0.0.1"), (b"cookie", cookie.encode())]
        sent += [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": sent,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client never goes away mid-answer
            raise AssertionError

        answer: dict[str, Any] = {"status": 0, "body": b""}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"set-cookie":
                        key, _, rest = value.decode("latin-1").partition("=")
                        self.cookies[key] = rest.split(";", 1)[0]
            else:
                answer["body"] += message.get("body", b"")

        await self.app(scope, receive, send)
        return answer

    async def sign_in(self, email: str, password: str) -> None:
        page = await self.call("GET", "/signin")
        found = re.search(rb'name="csrf_token" value="([^"]+)"', page["body"])
        if found is None:
            raise SystemExit("no CSRF token on the sign-in page")
        form = {"csrf_token": found.group(1).decode(), "email": email, "password": password}
        body = urlencode({**form, "next": "/today"}).encode()
        kind = "application/x-www-form-urlencoded"
        answer = await self.call("POST", "/signin", body, content_type=kind)
        if answer["status"] != 303:
            raise SystemExit(f"sign-in answered {answer['status']}")


async def _cpu_ms(client: InProcess, path: str, repeats: int) -> tuple[float, int, int]:
    """CPU ms per request (median of 5 rounds), the status and the size of the answer."""
    answer = await client.call("GET", path, accept_language="en")
    for _ in range(10):  # templates compiled, statements cached, the pool filled
        await client.call("GET", path, accept_language="en")
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(repeats):
            await client.call("GET", path, accept_language="en")
        rounds.append((time.process_time() - started) * 1000 / repeats)
    return sorted(rounds)[2], answer["status"], len(answer["body"])


async def _measure(app: Any, paths: list[str], email: str, password: str, repeats: int) -> None:
    client = InProcess(app)
    await client.sign_in(email, password)
    await client.call("GET", "/cases")  # the session now holds its CSRF token, as a browser's
    print(f"\nCPU per request in process (median of 5 rounds of {repeats}; ms):")
    base = None
    for path in ["/api/v1/health", *paths]:
        ms, status, size = await _cpu_ms(client, path, repeats)
        base = base or ms
        note = "(baseline)" if path == "/api/v1/health" else f"{ms / base:5.2f}× baseline"
        print(f"  {path:<26}{ms:7.2f} ms  {note}  status {status}, {size / 1024:.0f} KB")


async def _profile(app: Any, path: str, email: str, password: str, repeats: int) -> None:
    client = InProcess(app)
    await client.sign_in(email, password)
    for _ in range(10):
        await client.call("GET", path, accept_language="en")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(repeats):
        await client.call("GET", path, accept_language="en")
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def run(app: Any, paths: list[str], email: str, password: str, *, repeats: int = 100) -> None:
    asyncio.run(_measure(app, paths, email, password, repeats))


def profile(app: Any, path: str, email: str, password: str, *, repeats: int = 100) -> None:
    """cProfile sees only the thread it runs in: the page is run on it, not in the pool."""
    import anyio.to_thread

    async def inline(function: Any, *args: Any, **_: Any) -> Any:
        return function(*args)

    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    asyncio.run(_profile(app, path, email, password, repeats))
