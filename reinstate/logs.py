"""Logging that never writes a personal identity number: every record is masked on its way out.

>>> record = logging.LogRecord("x", logging.INFO, "", 0, "id %s", ("11010519491231002X",), None)
>>> MaskIdentityNumbers().filter(record) and record.getMessage()
'id 110***********002X'
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from .ids import mask_ids_in_text


class MaskIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_ids_in_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging setup, with the masking filter on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"mask_ids": {"()": MaskIdentityNumbers}}
    for handler in config["handlers"].values():
        handler["filters"] = ["mask_ids"]
    config["loggers"]["reinstate"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
