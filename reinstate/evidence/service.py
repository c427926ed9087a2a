"""Evidence on a case: add files (checked, kept byte-for-byte), and the materials checklist.

A file is written to the blob store before its row; a duplicate of a file already on the case
is refused; removing a document hides it and keeps its blob.

Example::

    doc = add_document(wb, actor, case_id, "licence.pdf", data, ["business_licence"])
    for item in checklist(wb, actor, case_id): print(item.material_id, item.status)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..cases.listing import get_case
from ..errors import N_, Conflict, InvalidInput, NotFound
from ..events import record, visible_events
from ..notices.service import blobs, safe_filename
from ..policies.schema import Material, Pack
from ..storage.blobs import BlobStore
from ..storage.tables import Case, Document, Event, LetterVersion, Notice, SellerAccount
from ..tenancy import visible
from ..workbench import Workbench
from .checks.name import suggested_name
from .consistency import credit_codes_in
from .document import Document as Examined
from .pack import IMAGE_KINDS, EvidencePack, Exhibit, Source, build_pack
from .validate import Context, check_file

AGE_CODES = frozenset({"expired", "too_old"})


@dataclass
class ChecklistItem:
    material_id: str
    material: Material
    status: str  # missing | provided | invalid | expired
    documents: list[Document] = field(default_factory=list)
    letter_version: int | None = None  # the saved letter version that fulfils it


def required_materials(case: Case, pack: Pack) -> list[str]:
    found = [
        m
        for code in case.violations
        if code in pack.violations
        for m in pack.violations[code].materials
    ]
    return list(dict.fromkeys(found))


def _live(case_id: int) -> Select[Document]:
    return select(Document).where(Document.case_id == case_id, Document.deleted_at.is_(None))


@dataclass
class Checked:
    """A file checked for a case and not yet stored (:func:`checked_document`)."""

    case: Case
    name: str
    examined: Examined
    materials: list[str]
    problems: list[dict[str, Any]]
    digest: str  # SHA-256 of its bytes: a twin on the case, or in the same batch, is refused


def add_document(
    wb: Workbench,
    actor: Actor,
    case_id: int,
    filename: str | None,
    data: bytes,
    materials: list[str],
) -> Document:
    return store_checked(wb, actor, checked_document(wb, actor, case_id, filename, data, materials))


def checked_document(
    wb: Workbench,
    actor: Actor,
    case_id: int,
    filename: str | None,
    data: bytes,
    materials: list[str],
) -> Checked:
    """Everything :func:`add_document` refuses, refused before anything is stored: several
    files can all be checked before any of them is kept."""
    actor.require_contribution()  # a client uploads to its own cases (issue 19)
    limit = wb.settings.max_upload_mb
    if len(data) > limit * 1024 * 1024:
        raise InvalidInput(N_("The file is larger than {limit} MB."), field="file", limit=limit)
    if not data:
        raise InvalidInput(N_("The file is empty."), field="file")
    case = get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(case.platform)
    allowed = required_materials(case, pack)
    unknown = [m for m in materials if m not in allowed]
    if unknown and not allowed:
        raise InvalidInput(
            N_("This case's checklist has no materials: upload the file without choosing one."),
            field="materials",
        )
    if unknown:
        raise InvalidInput(
            N_("“{material}” is not on this case's checklist: choose one of {choices}."),
            field="materials",
            material=unknown[0],
            choices=", ".join(allowed),
        )
    name = safe_filename(filename, "document.pdf")
    with wb.db.reading() as session:
        account = session.get(SellerAccount, case.account_id)
    material = pack.materials[materials[0]] if materials else None
    ctx = Context(
        pack,
        wb.clock.now().date(),
        account.store_name if account else "",
        case.violations[0],
        material,
    )
    report = check_file(name, data, ctx)
    problems = [
        {
            "code": p.code,
            "severity": p.severity,
            "message": p.message,
            "hint": p.hint,
            "params": p.params,
        }
        for p in report.problems
    ]
    examined = Examined(name, data)
    problems += _credit_code_mismatch(examined, account)
    digest = digest_of(data)
    if (twin := _twin(wb, case.id, digest)) is not None:
        raise _already_there(twin)
    return Checked(case, name, examined, materials, problems, digest)


def store_checked(wb: Workbench, actor: Actor, checked: Checked) -> Document:
    """Keep a file :func:`checked_document` accepted: its bytes, then its row."""
    case, name, examined = checked.case, checked.name, checked.examined
    digest = blobs(wb).put(examined.data)  # durable before any row names it; the same bytes once
    try:
        return _store_document(
            wb, actor, case, name, digest, examined, checked.materials, checked.problems
        )
    except IntegrityError:  # a simultaneous upload of the same file was stored first
        if (twin := _twin(wb, case.id, digest)) is None:
            raise
        raise _already_there(twin) from None


def _twin(wb: Workbench, case_id: int, digest: str) -> Document | None:
    """The case's live document of these bytes, if there is one."""
    with wb.db.reading() as session:
        return session.scalar(_live(case_id).where(Document.sha256 == digest))


def _already_there(twin: Document) -> Conflict:
    return Conflict(
        N_("This file is already on the case as {name}."), field="file", name=twin.filename
    )


def _store_document(
    wb: Workbench,
    actor: Actor,
    case: Case,
    name: str,
    digest: str,
    examined: Examined,
    materials: list[str],
    problems: list[dict[str, Any]],
) -> Document:
    """The document's row and its event, refused if the case already shows this file (the
    unique index on the case's shown documents settles two uploads at once)."""
    with wb.db.transaction() as session:
        twin = session.scalar(_live(case.id).where(Document.sha256 == digest))
        if twin is not None:
            raise _already_there(twin)
        document = Document(
            org_id=actor.org_id,
            case_id=case.id,
            sha256=digest,
            filename=name,
            size=len(examined.data),
            kind=examined.kind,
            materials=list(dict.fromkeys(materials)),
            problems=problems,
            created_at=wb.clock.now(),
        )
        session.add(document)
        session.flush()
        record(
            session,
            actor,
            wb.clock,
            "evidence.added",
            account_id=case.account_id,
            case_id=case.id,
            subject=name,
            after={
                "file": name,
                "materials": document.materials,
                "problems": [p["code"] for p in problems],
            },
        )
        return document


def _credit_code_mismatch(
    examined: Examined, account: SellerAccount | None
) -> list[dict[str, Any]]:
    """A document naming a credit code other than the account's is for another company."""
    if account is None or not account.uscc or examined.kind != "pdf":
        return []
    found = credit_codes_in(examined.text)
    if not found or account.uscc in found:
        return []
    return [
        {
            "code": "mismatch",
            "severity": "error",
            "message": N_("The document shows credit code {found}; the account's is {expected}."),
            "hint": N_("Submit the document of the company registered on the platform."),
            "params": {"found": found[0], "expected": account.uscc},
        }
    ]


def documents_of(wb: Workbench, actor: Actor, case_id: int) -> list[Document]:
    case = get_case(wb, actor, case_id)
    with wb.db.reading() as session:
        return list(session.scalars(_live(case.id).order_by(Document.id)))


def get_document(wb: Workbench, actor: Actor, document_id: int) -> Document:
    with wb.db.reading() as session:
        document = session.scalar(
            select(Document).where(visible(actor, Document), Document.id == document_id)
        )
    if document is None or document.deleted_at is not None:
        raise NotFound(N_("There is no document {id}."), id=document_id)
    return document


def remove_document(wb: Workbench, actor: Actor, document_id: int) -> None:
    actor.require_change()
    document = get_document(wb, actor, document_id)
    with wb.db.transaction() as session:
        stored = session.get(Document, document.id)
        assert stored is not None
        stored.deleted_at = wb.clock.now()
        record(
            session,
            actor,
            wb.clock,
            "evidence.removed",
            case_id=stored.case_id,
            subject=stored.filename,
            before={"file": stored.filename},
        )


# The pack renders a photo as PDF pages: for an image, a format the platform refuses is cured;
# and the pack is named anew, so a name that says another type no longer matters; a PDF locked
# only by its owner password goes in unlocked.
_CURED_FOR_IMAGES = frozenset({"not_pdf", "unsupported_format"})
_CURED_IN_PACK = frozenset({"wrong_extension", "locked"})


def packable(document: Document) -> bool:
    """Whether the file goes into the evidence pack unless someone leaves it out: not a file
    with an error (an .exe, an unreadable or out-of-date file), which never counts as
    provided either."""
    errors = {p["code"] for p in document.problems if p["severity"] == "error"} - _CURED_IN_PACK
    if document.kind in IMAGE_KINDS:
        errors -= _CURED_FOR_IMAGES
    return not errors


def _status(documents: list[Document]) -> str:
    if not documents:
        return "missing"
    errors = [
        {p["code"] for p in d.problems if p["severity"] == "error"} - _CURED_IN_PACK
        for d in documents
    ]
    if any(not codes for codes in errors):
        return "provided"
    if all(codes and codes <= AGE_CODES for codes in errors):
        return "expired"
    return "invalid"


def checklist(wb: Workbench, actor: Actor, case_id: int) -> list[ChecklistItem]:
    case = get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(case.platform)
    with wb.db.reading() as session:
        letter = latest_letters(session, [case.id]).get(case.id)
    return build_checklist(case, pack, documents_of(wb, actor, case_id), letter)


def latest_letters(session: Session, case_ids: list[int]) -> dict[int, int]:
    """The latest saved letter version of each case that has one (the cases already checked
    by the caller)."""
    query = (
        select(LetterVersion.case_id, func.max(LetterVersion.version))
        .where(LetterVersion.case_id.in_(case_ids))
        .group_by(LetterVersion.case_id)
    )
    return {int(row[0]): int(row[1]) for row in session.execute(query)}


def missing_for_submission(items: list[ChecklistItem]) -> list[Material]:
    """The required materials not provided: marking the case submitted asks to confirm."""
    return [i.material for i in items if i.material.mandatory and i.status != "provided"]


def live_documents(case_id: int) -> Select[Document]:
    """The case's documents that have not been removed, oldest first."""
    return _live(case_id).order_by(Document.id)


def build_checklist(
    case: Case, pack: Pack, documents: list[Document], letter_version: int | None = None
) -> list[ChecklistItem]:
    """The materials ``pack`` asks for on ``case``, each with its documents and status; the
    letter item is provided by a saved letter version (``letter_version``) as by a file."""
    items = []
    for material_id in required_materials(case, pack):
        material = pack.materials[material_id]
        linked = [d for d in documents if material_id in d.materials]
        if material.letter and letter_version is not None:
            items.append(ChecklistItem(material_id, material, "provided", linked, letter_version))
            continue
        items.append(ChecklistItem(material_id, material, _status(linked), linked))
    return items


def make_pack(
    wb: Workbench, actor: Actor, case_id: int, document_ids: list[int] | None = None
) -> EvidencePack:
    """Build the case's evidence pack from its documents (all, in order, unless chosen)."""
    actor.require_change()
    case = get_case(wb, actor, case_id)
    pack_rules = wb.policies.get_pack(case.platform)
    available = {d.id: d for d in documents_of(wb, actor, case_id)}
    # unless chosen: the files that passed their checks (an .exe is never packed by default)
    chosen = (
        document_ids
        if document_ids is not None
        else [i for i, d in available.items() if packable(d)]
    )
    missing = [i for i in chosen if i not in available]
    if missing:
        raise NotFound(N_("There is no document {id}."), id=missing[0])
    store = blobs(wb)
    sources = [_source(store, available[i]) for i in chosen]
    with wb.db.reading() as session:
        account = session.get(SellerAccount, case.account_id)
        notice = session.get(Notice, case.notice_id) if case.notice_id else None
    store_name = account.store_name if account else ""
    ctx = Context(pack_rules, wb.clock.now().date(), store_name, case.violations[0])
    name = suggested_name(ctx, "pack.pdf") or f"evidence-case-{case.id}.pdf"
    facts = [
        ("Case", f"#{case.id}"),
        ("Store", store_name),
        ("Platform", pack_rules.names.en),
        ("Seller ID", account.seller_id if account else ""),
        ("Reference", (notice.reference_id if notice else None) or "—"),
        ("Date", wb.clock.now().date().isoformat()),
    ]
    built = build_pack(sources, name=name, facts=facts, max_mb=pack_rules.files.max_mb)
    digests = [store.put(part.data) for part in built.parts]
    with wb.db.transaction() as session:
        record(
            session,
            actor,
            wb.clock,
            "evidence.pack_built",
            account_id=case.account_id,
            case_id=case.id,
            subject=name,
            after={
                "parts": [
                    {"name": p.name, "sha256": d, "pages": p.pages, "size": len(p.data)}
                    for p, d in zip(built.parts, digests, strict=True)
                ],
                "exhibits": [exhibit_view(e) for e in built.exhibits],
            },
        )
    return built


def _source(store: BlobStore, document: Document) -> Source:
    try:
        return Source(document.id, document.filename, store.get(document.sha256), document.kind)
    except NotFound:
        raise InvalidInput(
            N_("{file} is missing from the file store: add it to the case again."),
            field="documents",
            file=document.filename,
        ) from None


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def exhibit_view(exhibit: Exhibit) -> dict[str, Any]:
    return {
        "exhibit": exhibit.letter,
        "document_id": exhibit.document_id,
        "file": exhibit.filename,
        "first_page": exhibit.first_page,
        "last_page": exhibit.last_page,
        "part": exhibit.part,
    }


def latest_pack(wb: Workbench, actor: Actor, case_id: int) -> dict[str, Any] | None:
    """What the case's last built evidence pack recorded (parts and exhibits), if any."""
    get_case(wb, actor, case_id)
    with wb.db.reading() as session:
        event = session.scalar(
            select(Event)
            .where(
                visible(actor, Event),
                Event.case_id == case_id,
                Event.name == "evidence.pack_built",
            )
            .order_by(Event.id.desc())
            .limit(1)
        )
    return dict(event.after) if event is not None and event.after else None


def pack_part(wb: Workbench, actor: Actor, case_id: int, digest: str) -> tuple[str, bytes]:
    """A built pack part, only if this case's activity records it (and the actor sees it)."""
    get_case(wb, actor, case_id)
    with wb.db.reading() as session:
        for event in visible_events(
            session, actor, case_id=case_id, name="evidence.pack_built", limit=1000
        ):
            if event.after:
                for part in event.after["parts"]:
                    if part["sha256"] == digest:
                        return str(part["name"]), blobs(wb).get(digest)
    raise NotFound(N_("There is no such file."))
