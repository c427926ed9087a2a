"""Identity numbers and secrets carried in URLs never reach the logs."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from reinstate.cases.calendar import new_calendar_secret
from reinstate.logs import MaskIdentityNumbers, uvicorn_log_config
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import World


def test_it_masks_identity_numbers_in_log_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("reinstate.test")
    caplog.handler.addFilter(MaskIdentityNumbers())
    with caplog.at_level(logging.INFO):
        logger.info("legal rep %s submitted", "11010519491231002X")
    assert "11010519491231002X" not in caplog.text
    assert "110***********002X" in caplog.text


def test_it_puts_the_mask_on_every_server_log_handler() -> None:
    config = uvicorn_log_config()
    assert config["handlers"]
    assert all(h["filters"] == ["mask_ids", "redact_secrets"] for h in config["handlers"].values())


def test_it_keeps_the_calendar_secret_out_of_the_server_access_log(
    wb: Workbench, world: World, settings: Settings, tmp_path: Path
) -> None:
    user_id = world.actor(wb, "viewer").user_id
    assert user_id is not None
    secret = new_calendar_secret(wb, user_id)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **os.environ,
        "REINSTATE_DATABASE_URL": str(settings.database_url),
        "REINSTATE_DATA_DIR": str(tmp_path / "data"),
    }
    command = [str(Path(sys.executable).with_name("reinstate")), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        statuses = [_get(port, f"/calendar/{secret}.ics"), _get(port, "/signin?token=tok-123")]
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    assert statuses == [200, 200], output
    assert secret not in output and "tok-123" not in output
    assert '"GET /calendar/[redacted].ics HTTP/1.1" 200' in output
    assert '"GET /signin?token=[redacted] HTTP/1.1" 200' in output


def _get(port: int, path: str) -> int:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
                return int(answer.status)
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
