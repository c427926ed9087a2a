"""Identity numbers and secrets carried in URLs never reach the logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reinstate.cases.calendar import new_calendar_secret
from reinstate.logs import MaskIdentityNumbers, uvicorn_log_config
from reinstate.provider.intake_service import new_link
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import World
from .live import serve_command


def test_it_masks_identity_numbers_in_log_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("reinstate.test")
    caplog.handler.addFilter(MaskIdentityNumbers())
    with caplog.at_level(logging.INFO):
        logger.info("legal rep %s submitted", "11010519491231002X")
    assert "11010519491231002X" not in caplog.text
    assert "110***********002X" in caplog.text


def test_it_masks_an_identity_number_typed_in_its_three_parts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    number = "44030619881111008X"  # region, birth date, sequence and check
    logger = logging.getLogger("reinstate.test")
    caplog.handler.addFilter(MaskIdentityNumbers())
    with caplog.at_level(logging.INFO):
        logger.info("uploaded %s", f"李明 {number[:6]} {number[6:14]} {number[14:]}.jpg")
        logger.info("legal rep %s", f"{number[:6]}-{number[6:14]}-{number[14:]}")
    assert number[6:14] not in caplog.text
    assert caplog.text.count("440***********008X") == 2


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
    statuses, output = serve_command(
        str(settings.database_url),
        tmp_path / "data",
        [f"/calendar/{secret}.ics", "/signin?token=tok-123"],
    )
    assert statuses == [200, 200], output
    assert secret not in output and "tok-123" not in output
    assert '"GET /calendar/[redacted].ics HTTP/1.1" 200' in output
    assert '"GET /signin?token=[redacted] HTTP/1.1" 200' in output


def test_it_keeps_a_private_intake_link_out_of_the_server_access_log(
    wb: Workbench, world: World, settings: Settings, tmp_path: Path
) -> None:
    """Whoever holds the link sends requests to the provider without signing in: the access
    log, read by whoever runs the server, must not hand it out."""
    link = new_link(wb, world.actor(wb, "owner"))
    statuses, output = serve_command(
        str(settings.database_url), tmp_path / "data", [f"/intake/{link}"]
    )
    assert statuses == [200], output
    assert link not in output
    assert '"GET /intake/[redacted] HTTP/1.1" 200' in output
