"""Numbers in addresses checked against what the database can hold, before any query runs.

Ids are ``Integer`` columns: 32-bit on PostgreSQL (SQLite's 64-bit range is wider), so an id
past 2^31 - 1 names nothing (404), and any other integer query value past it is refused (422),
in one sentence, instead of overflowing in the driver.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from fastapi import Request

from ..errors import N_, InvalidInput, NotFound

MAX_ID = 2**31 - 1


def _is_int(field: Any) -> bool:
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and int in typing.get_args(annotation)


def _out_of_range(raw: object) -> bool:
    try:
        return abs(int(str(raw))) > MAX_ID
    except ValueError:
        return False  # not a number at all: the route's own validation says so


async def bounded_numbers(request: Request) -> None:
    """An app-wide dependency: every integer path or query parameter of the matched route.
    Async, though it waits for nothing: a plain function would cost every request a trip
    through the thread pool."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    for field in dependant.path_params:
        raw = request.path_params.get(field.name)
        if raw is not None and _is_int(field) and _out_of_range(raw):
            raise NotFound(N_("There is nothing numbered {id}."), id=str(raw)[:40])
    for field in dependant.query_params:
        raw = request.query_params.get(field.alias)
        if raw is not None and _is_int(field) and _out_of_range(raw):
            raise InvalidInput(
                N_("{field} is out of range: at most {limit}."), field=field.alias, limit=MAX_ID
            )
