"""Logging that never writes a personal identity number or a secret carried in a URL: every
record is cleaned on its way out.

>>> record = logging.LogRecord("x", logging.INFO, "", 0, "id %s", ("11010519491231002X",), None)
>>> MaskIdentityNumbers().filter(record) and record.getMessage()
'id 110***********002X'
>>> redact_url_secrets('"GET /calendar/Zm9vYmFy.ics?token=abc&lang=en HTTP/1.1" 200')
'"GET /calendar/[redacted].ics?token=[redacted]&lang=en HTTP/1.1" 200'
>>> redact_url_secrets('"GET /signup/confirm/Zm9v-YmFy HTTP/1.1" 303')
'"GET /signup/confirm/[redacted] HTTP/1.1" 303'
>>> redact_url_secrets('"POST /intake/aGVsbG8td29ybGQ HTTP/1.1" 303')
'"POST /intake/[redacted] HTTP/1.1" 303'
>>> redact_url_secrets('"POST /api/v1/intake/7/accept HTTP/1.1" 201')
'"POST /api/v1/intake/7/accept HTTP/1.1" 201'
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from typing import Any

from .ids import mask_ids_in_text

# The calendar feed's secret is its path; any of these query parameters is a credential.
_SECRET_PATH = re.compile(r"(/calendar/)[^/?#\s\"]+(\.ics)")
_SECRET_QUERY = re.compile(
    r"([?&](?:token|secret|key|sid|password|access_token|api_key)=)[^&#\s\"]+", re.IGNORECASE
)
# A sign-up link's token is its last path segment.
_SIGNUP_PATH = re.compile(r"(/signup/confirm/)[^/?#\s\"]+")
# So is a private intake link's secret (whoever holds it sends requests to the provider); the
# API's /api/v1/intake/... paths name no secret.
_INTAKE_PATH = re.compile(r"((?<![^\s\"'])/intake/)[^/?#\s\"]+")
REDACTED = "[redacted]"


def redact_url_secrets(text: str) -> str:
    text = _SECRET_PATH.sub(rf"\1{REDACTED}\2", text)
    text = _SIGNUP_PATH.sub(rf"\1{REDACTED}", text)
    text = _INTAKE_PATH.sub(rf"\1{REDACTED}", text)
    return _SECRET_QUERY.sub(rf"\1{REDACTED}", text)


def _rewrite(record: logging.LogRecord, change: Callable[[str], str]) -> None:
    """Clean each argument in place: uvicorn's access formatter unpacks ``args`` itself."""
    if isinstance(record.args, tuple):
        record.args = tuple(change(a) if isinstance(a, str) else a for a in record.args)
    if isinstance(record.msg, str):
        record.msg = change(record.msg)
    message = record.getMessage()
    if change(message) != message:  # a secret inside an argument that is not a string
        record.msg, record.args = change(message), ()


class MaskIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        _rewrite(record, mask_ids_in_text)
        return True


class RedactUrlSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "console_mail", False):  # a letter logged for its reader on purpose
            return True
        _rewrite(record, redact_url_secrets)
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging setup, with the masking filters on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {
        "mask_ids": {"()": MaskIdentityNumbers},
        "redact_secrets": {"()": RedactUrlSecrets},
    }
    for handler in config["handlers"].values():
        handler["filters"] = ["mask_ids", "redact_secrets"]
    config["loggers"]["reinstate"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
