"""``reinstate verify``: open a video verification, record what happened, show where it stands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

from ..auth.actor import Actor
from ..errors import N_, NotFound
from ..reasons import os_reason
from ..settings import Settings
from ..workbench import Workbench
from .common import JsonFlag, cli_gettext, emit, opened, sub_app, write_file

verify_app = sub_app("verify", "Amazon video verification: invitation, booking, checklist, result.")


def _actor(wb: Workbench, table: str, row_id: int) -> Actor:
    """The command-line operator of the organisation owning the account or verification."""
    from ..storage.tables import SellerAccount, Verification

    with wb.db.reading() as session:
        if table == "account":
            account = session.get(SellerAccount, row_id)
            if account is None or account.deleted_at is not None:
                raise NotFound(N_("There is no seller account {id}."), id=row_id)
            return Actor.command_line(account.org_id)
        found = session.get(Verification, row_id)
    if found is None:
        raise NotFound(N_("There is no verification {id}."), id=row_id)
    return Actor.command_line(found.org_id)


def _text(view: dict[str, object]) -> str:
    from ..labels import VERIFICATION_STATE_LABELS

    _, state = cli_gettext(), str(view["state"])
    return _("Verification {id}: {state}, book {start} to {end}, slot {slot}").format(
        id=view["id"],
        state=_(VERIFICATION_STATE_LABELS.get(state, state)),
        start=view["book_from"] or "-",
        end=view["book_until"] or "-",
        slot=view["slot_at"] or "-",
    )


@verify_app.command("open")
def verify_open(
    account_id: int,
    notice: Annotated[int | None, typer.Option("--notice", help="A stored invitation.")] = None,
    invited_at: Annotated[
        str | None, typer.Option("--invited-at", help="When the invitation came (ISO time).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Open a verification from a stored invitation notice, or by hand from its time."""
    from ..validation import clean_time
    from ..verification import service, views

    with opened() as wb:
        actor = _actor(wb, "account", account_id)
        row = service.open_verification(
            wb,
            actor,
            account_id,
            notice_id=notice,
            invited_at=clean_time(invited_at, "invited_at") if invited_at else None,
        )
        view = views.shown(wb, actor, row, Settings().language).document()
    emit(as_json, view, _text(view))


@verify_app.command("event")
def verify_event(
    verification_id: int,
    event: str,
    slot: Annotated[str | None, typer.Option("--slot", help="The booked slot (ISO time).")] = None,
    at: Annotated[str | None, typer.Option("--at", help="When it happened (ISO time).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record what happened: booked --slot T, completed, passed, failed, no_show or dropped."""
    from ..validation import clean_time
    from ..verification import service, views

    with opened() as wb:
        actor = _actor(wb, "verification", verification_id)
        row = service.apply_event(
            wb,
            actor,
            verification_id,
            event,
            at=clean_time(at, "at") if at else None,
            slot=clean_time(slot, "slot") if slot else None,
        )
        view = views.shown(wb, actor, row, Settings().language).document()
    emit(as_json, view, _text(view))


@verify_app.command("show")
def verify_show(verification_id: int, as_json: JsonFlag = False) -> None:
    """Where a verification stands: state, window, slot in each zone, checklist, result due."""
    from ..verification import views

    with opened() as wb:
        actor = _actor(wb, "verification", verification_id)
        view = views.verification_view(wb, actor, verification_id, Settings().language).document()
    lines = [_text(view)]
    lines += [f"  [{'x' if c['done'] else ' '}] {c['label']}" for c in view["checklist"]]
    emit(as_json, view, "\n".join(lines))


def _zone(name: str | None) -> ZoneInfo:
    """``--tz`` (an IANA name), else Beijing time for a Chinese installation, else UTC."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from ..errors import InvalidInput

    default = "Asia/Shanghai" if Settings().language == "zh_CN" else "UTC"
    try:
        return ZoneInfo(name or default)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            N_("“{zone}” is not a time zone name like Asia/Shanghai."), field="tz", zone=name
        ) from None


@verify_app.command("sheet")
def verify_sheet(
    verification_id: int,
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF.")],
    tz: Annotated[
        str | None, typer.Option("--tz", help="Your time zone (IANA name, e.g. Asia/Shanghai).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write the printable preparation sheet (Chinese and English) as a PDF."""
    from ..verification.sheet import preparation_sheet

    zone = _zone(tz)
    with opened() as wb:
        actor = _actor(wb, "verification", verification_id)
        data = preparation_sheet(wb, actor, verification_id, zone)
    write_file(out, data)
    _ = cli_gettext()
    text = _("Wrote {path} ({bytes} bytes)").format(path=out, bytes=len(data))
    emit(as_json, {"path": str(out), "bytes": len(data)}, text)


@verify_app.command("changes")
def verify_changes(
    account_id: int,
    import_file: Annotated[
        Path | None,
        typer.Option("--import", help="A CSV change log to add: occurred_at,kind,detail."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """An account's change log and the video-verification triggers it sets off."""
    from ..errors import InvalidInput
    from ..validation import decode_table
    from ..verification import monitor, views

    with opened() as wb:
        actor = _actor(wb, "account", account_id)
        if import_file is not None:
            if not import_file.is_file():  # a folder or a mistyped name: not the OS's English
                path = str(import_file)
                raise InvalidInput(N_("There is no file {path}."), field="file", path=path)
            try:
                text = decode_table(import_file.read_bytes())
            except OSError as exc:
                raise InvalidInput(
                    N_("{path} cannot be read: {problem}"),
                    field="file",
                    path=str(import_file),
                    problem=os_reason(exc),
                ) from None
            monitor.import_changes(wb, actor, account_id, text)
        view = views.change_log_view(wb, actor, account_id, Settings().language).document()
    from ..labels import ACCOUNT_CHANGE_LABELS

    _ = cli_gettext()
    lines = [
        f"{c['occurred_at']}  {_(ACCOUNT_CHANGE_LABELS.get(c['kind'], c['kind']))}  {c['detail']}"
        for c in view["items"]
    ]
    lines += [f"! {t['message']}" for t in view["triggers"]]
    emit(as_json, view, "\n".join(lines) or "-")


@verify_app.command("drill")
def verify_drill(
    verification_id: int,
    run: Annotated[
        bool, typer.Option("--run", help="Record a fix-the-profile task for each mismatch.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """The reviewer's questions against the stored licence and ID documents (IDs masked)."""
    from ..verification import practice, views

    with opened() as wb:
        actor = _actor(wb, "verification", verification_id)
        if run:
            practice.run_drill(wb, actor, verification_id)
        view = views.drill_view(wb, actor, verification_id, Settings().language).document()
    lines = [
        f"{'=' if f['equal'] else '≠'} {f['label']} ({f['source']}): {f['found']} / "
        f"{f['profile'] or '-'}"
        for f in view["findings"]
    ]
    _ = cli_gettext()
    lines += [
        _("task: fix {field} by {due}").format(field=t["label"], due=t["due_at"])
        for t in view["tasks"]
        if not t["done_at"]
    ]
    lines.append(_("digits to read aloud: {digits}").format(digits=view["digits"]))
    emit(as_json, view, "\n".join(lines))
