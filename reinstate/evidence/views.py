"""Read models of a case's evidence: its documents with their problems, and the checklist of
the materials the platform asks for.

Example::

    listed = case_checklist(wb, actor, case_id)  # listed.items[0].material, .status
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..auth.actor import Actor
from ..policies.schema import Text
from ..storage.tables import Document
from ..views import Moment, View
from ..workbench import Workbench
from . import service


class ProblemView(View):
    code: str
    severity: str
    message: str = ""  # an i18n message id, formatted with ``params``
    hint: str = ""
    params: dict[str, Any] = {}


class DocumentView(View):
    id: int
    case_id: int
    filename: str
    size: int
    sha256: str
    kind: str
    materials: list[str]
    problems: list[ProblemView]
    valid_until: date | None = None
    issued_on: date | None = None
    created_at: Moment

    packable: bool = True  # put in the evidence pack unless left out (see service.packable)

    @classmethod
    def of(cls, document: Document) -> DocumentView:
        shown = cls.model_validate(document)
        return shown.model_copy(update={"packable": service.packable(document)})


class ChecklistItemView(View):
    material: str
    mandatory: bool
    status: str  # missing | provided | invalid | expired
    name: Text
    valid_when: Text
    documents: list[DocumentView]
    letter_version: int | None = None  # the saved letter version that provides it

    @classmethod
    def of(cls, item: service.ChecklistItem) -> ChecklistItemView:
        return cls(
            material=item.material_id,
            mandatory=item.material.mandatory,
            status=item.status,
            name=item.material.name,
            valid_when=item.material.valid_when,
            documents=[DocumentView.of(d) for d in item.documents],
            letter_version=item.letter_version,
        )


class Checklist(View):
    items: list[ChecklistItemView]


def case_checklist(wb: Workbench, actor: Actor, case_id: int) -> Checklist:
    return Checklist(items=[ChecklistItemView.of(i) for i in service.checklist(wb, actor, case_id)])
