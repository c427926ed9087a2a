"""Request bodies are bounded while they stream in, before anyone is authenticated."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from fastapi.testclient import TestClient

from reinstate.cases import service
from reinstate.web.limits import DEFAULT_LIMIT
from reinstate.workbench import Workbench

from .conftest import World, bearer

CHUNK = 64 * 1024
# a token the server has never issued: the body is bounded before the token is checked
FORGED = (b"authorization", b"Bearer not-a-token-we-issued")


class Stream:
    """An endless body handed to the app chunk by chunk, counting what the app took."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.handed = 0
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""

    async def receive(self) -> dict[str, Any]:
        size = min(CHUNK, self.total - self.handed)
        self.handed += size
        return {"type": "http.request", "body": b"x" * size, "more_body": self.handed < self.total}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = {k.decode(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")


def _post(app: Any, path: str, stream: Stream, headers: list[tuple[bytes, bytes]]) -> Stream:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, stream.receive, stream.send))
    return stream


def test_it_refuses_a_streamed_json_body_without_reading_it_whole(app: Any) -> None:
    stream = Stream(total=400 * 1024 * 1024)  # 400 MB, no Content-Length, a forged token
    _post(app, "/api/v1/accounts", stream, [(b"content-type", b"application/json"), FORGED])
    assert stream.status == 413
    envelope = json.loads(stream.body)
    assert envelope["ok"] is False and envelope["status"] == 413
    assert envelope["error"]["code"] == "too_large"
    assert "at most 1 MB" in envelope["error"]["message"]
    assert stream.handed <= DEFAULT_LIMIT + CHUNK  # read up to the limit, not the 400 MB


def test_it_refuses_a_declared_length_before_reading_a_byte(app: Any, world: World) -> None:
    stream = Stream(total=400 * 1024 * 1024)
    length = str(stream.total).encode()
    token = f"Bearer {world.tokens['owner']}".encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", length)]
    _post(app, "/api/v1/cases/1/documents", stream, [*headers, (b"authorization", token)])
    assert stream.status == 413
    assert stream.handed == 0


def test_it_checks_the_token_before_reading_a_file_sized_body(app: Any) -> None:
    stream = Stream(total=20 * 1024 * 1024)  # within the upload limit, but the token is forged
    _post(
        app, "/api/v1/cases/1/documents", stream, [(b"content-type", b"application/json"), FORGED]
    )
    assert stream.status == 401
    assert stream.handed == 0
    assert json.loads(stream.body)["error"]["message"] == "This token is not valid."


def test_it_reads_no_byte_of_an_api_body_sent_without_a_token(app: Any) -> None:
    stream = Stream(total=50 * 1024 * 1024)  # an import well within its limit, but anonymous
    boundary = b"multipart/form-data; boundary=x"
    _post(app, "/api/v1/metrics/imports", stream, [(b"content-type", boundary)])
    assert stream.status == 401
    assert stream.handed == 0
    envelope = json.loads(stream.body)
    assert envelope["error"]["code"] == "not_authenticated"
    assert "Authorization: Bearer" in envelope["error"]["message"]


def test_it_shows_the_error_page_for_an_oversized_form(app: Any) -> None:
    stream = Stream(total=5 * 1024 * 1024)
    _post(app, "/signin", stream, [(b"content-type", b"application/x-www-form-urlencoded")])
    assert stream.status == 413
    assert stream.headers["content-type"].startswith("text/html")
    assert "at most 1 MB" in stream.body.decode()
    assert stream.handed <= DEFAULT_LIMIT + CHUNK


def test_it_lets_evidence_files_up_to_the_upload_limit_through(
    client: TestClient, world: World
) -> None:
    wb: Workbench = client.app.state.wb  # type: ignore[attr-defined]
    case = service.open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"])
    content = base64.b64encode(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)).decode()
    response = client.post(
        f"/api/v1/cases/{case.id}/documents",
        json={"filename": "licence.pdf", "content_base64": content, "materials": []},
        headers=bearer(world, "owner"),
    )
    assert response.status_code != 413, response.text
