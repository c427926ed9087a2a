"""What every context's ``views.py`` builds on: a read-model base and how times are written.

A read model is built by its service in one session with one ``now`` and rendered as it is by
the HTML page (attributes), the API (``response_model``) and the CLI's ``--json``
(``model_dump(mode="json")``). Times stay ``datetime`` for templates and are written as ISO
8601 with a UTC offset in JSON, as SPEC §6 fixes them.

Example::

    class CaseSummary(View):
        due_at: Moment | None
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _iso_seconds(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# ``2026-11-18T08:00:00.123456+00:00`` (pydantic's own JSON would write a ``Z``)
Moment = Annotated[datetime, PlainSerializer(_iso, return_type=str, when_used="json")]
# ``2026-11-18T08:00:00+00:00``: deadlines, to the second
Second = Annotated[datetime, PlainSerializer(_iso_seconds, return_type=str, when_used="json")]


class View(BaseModel):
    """A read model: built from rows or values, never changed after it is built."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    def document(self) -> dict[str, Any]:
        """The JSON document the API and ``--json`` print."""
        return self.model_dump(mode="json", by_alias=True)
