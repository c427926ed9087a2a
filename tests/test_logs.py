"""Identity numbers never reach the logs."""

from __future__ import annotations

import logging

import pytest

from reinstate.logs import MaskIdentityNumbers, uvicorn_log_config


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
    assert all(h["filters"] == ["mask_ids"] for h in config["handlers"].values())
