"""Read models of a case's evidence: its documents with their problems, the checklist of
the materials the platform asks for, and the evidence packs built from them.

Example::

    listed = case_checklist(wb, actor, case_id)  # listed.items[0].material, .status
    built = case_packs(wb, actor, case_id).items  # newest first; built[0].parts[0].sha256
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..cases.listing import get_case
from ..events import visible_events
from ..i18n import Gettext, render
from ..policies.schema import Text
from ..storage.tables import Document, Event
from ..views import Moment, View
from ..workbench import Workbench
from . import service


class ProblemView(View):
    code: str
    severity: str
    message: str = ""  # an i18n message id, formatted with ``params`` (a sentence: worded)
    hint: str = ""
    params: dict[str, Any] = {}

    def worded(self, gettext: Gettext) -> ProblemView:
        """The problem for a reader (the API): ``message`` and ``hint`` as sentences in the
        reader's language with their values filled in; ``code`` stays the machine's name."""
        return self.model_copy(
            update={
                "message": render(gettext, self.message, self.params) if self.message else "",
                "hint": render(gettext, self.hint, self.params) if self.hint else "",
            }
        )


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

    def worded(self, gettext: Gettext) -> DocumentView:
        """The document with its problems as sentences in the reader's language."""
        return self.model_copy(update={"problems": [p.worded(gettext) for p in self.problems]})


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

    def worded(self, gettext: Gettext) -> ChecklistItemView:
        return self.model_copy(update={"documents": [d.worded(gettext) for d in self.documents]})


class Checklist(View):
    items: list[ChecklistItemView]

    def worded(self, gettext: Gettext) -> Checklist:
        """The checklist with its documents' problems in the reader's language."""
        return self.model_copy(update={"items": [i.worded(gettext) for i in self.items]})


def case_checklist(wb: Workbench, actor: Actor, case_id: int) -> Checklist:
    return Checklist(items=[ChecklistItemView.of(i) for i in service.checklist(wb, actor, case_id)])


class PackPartView(View):
    """One PDF of a built pack (a pack over the platform's size limit is split in parts)."""

    name: str
    sha256: str  # its file in the blob store, and its download link
    pages: int
    size: int


class ExhibitView(View):
    exhibit: str
    document_id: int
    file: str
    first_page: int
    last_page: int
    part: int


class BuiltPackView(View):
    """An evidence pack as its ``evidence.pack_built`` event recorded it: the files are kept in
    the blob store by their digest, so a pack built once is downloaded again, never rebuilt."""

    id: int  # the event's
    built_at: Moment
    built_by: str  # as the actor may see it (a client sees the team by role)
    via: str
    pages: int  # of all its parts
    size: int  # bytes, of all its parts
    parts: list[PackPartView]
    exhibits: list[ExhibitView]

    @classmethod
    def of(cls, event: Event) -> BuiltPackView:
        after = event.after or {}
        parts = [PackPartView.model_validate(p) for p in after.get("parts", [])]
        return cls(
            id=event.id,
            built_at=event.created_at,
            built_by=event.actor,
            via=event.via,
            pages=sum(p.pages for p in parts),
            size=sum(p.size for p in parts),
            parts=parts,
            exhibits=[ExhibitView.model_validate(e) for e in after.get("exhibits", [])],
        )


class PackList(View):
    items: list[BuiltPackView]


def packs_in(session: Session, actor: Actor, case_id: int) -> list[BuiltPackView]:
    """The case's built packs the actor sees, newest first (the case itself is not checked)."""
    built = visible_events(session, actor, case_id=case_id, name="evidence.pack_built", limit=100)
    return [BuiltPackView.of(e) for e in built if e.after]


def case_packs(wb: Workbench, actor: Actor, case_id: int) -> PackList:
    """The packs built on a case the actor sees (NotFound otherwise), newest first."""
    get_case(wb, actor, case_id)
    with wb.db.reading() as session:
        return PackList(items=packs_in(session, actor, case_id))
