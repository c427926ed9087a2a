"""One check per module, run in this order; each returns the problems it finds."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Context, Document, Problem
from . import (
    active_content,
    corrupt,
    dates,
    edited,
    encrypted,
    extension,
    file_format,
    identity,
    name,
    resolution,
    size,
    text,
)

Check = Callable[[Document, Context], list[Problem]]
CHECKS: tuple[Check, ...] = (
    file_format.check,
    extension.check,
    size.check,
    corrupt.check,
    encrypted.check,
    active_content.check,
    text.check,
    dates.check,
    edited.check,
    resolution.check,
    name.check,
    identity.check,
)
