"""id_number_in_name (warning): a resident ID number written in full in the file's name, which
everyone the file is sent to reads (scans are named 李明_身份证_<number>.jpg)."""

from __future__ import annotations

from ...errors import N_
from ...ids import mask_ids_in_text
from ..document import Context, Document, Problem


def check(doc: Document, ctx: Context) -> list[Problem]:
    if mask_ids_in_text(doc.name, valid_only=True) == doc.name:
        return []
    return [
        Problem(
            "id_number_in_name",
            N_("The file's name carries a resident ID number in full."),
            N_("Rename it without the number: whoever receives the file reads its name."),
            severity="warning",
        )
    ]
