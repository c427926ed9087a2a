"""``reinstate ids check`` and ``reinstate evidence check``: read only, no database.

The evidence commands import the checks, the pack builder and the database when they run, so
that ``ids check`` starts quickly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import N_, Conflict, InvalidInput
from ..i18n import gettext_for, render
from ..ids import check_cn_id, check_uscc, mask_ids_in_text
from .common import (
    JsonFlag,
    cli_gettext,
    cli_ngettext,
    cli_settings,
    emit,
    opened,
    sub_app,
    write_file,
)

if TYPE_CHECKING:  # the checks are imported when a command runs (ids check starts quickly)
    from ..evidence.validate import Context, FileReport

ids_app = sub_app("ids", "Chinese identity numbers.")
evidence_app = sub_app("evidence", "Evidence files: check them before the platform does.")
MAX_FILE_BYTES = 50 * 1024 * 1024


@ids_app.command("check")
def ids_check(kind: str, value: str, as_json: JsonFlag = False) -> None:
    """Check a unified social credit code (uscc) or a resident ID number (cn-id)."""
    checks = {"uscc": check_uscc, "cn-id": check_cn_id}
    if kind not in checks:
        raise InvalidInput(N_("Check “uscc” or “cn-id”, not “{kind}”."), field="kind", kind=kind)
    if not value.strip():
        raise InvalidInput(N_("Give the number to check."), field="value")
    today = datetime.now(UTC).date()  # a birth date after today does not exist either
    result = check_uscc(value) if kind == "uscc" else check_cn_id(value, today=today)
    _ = gettext_for(cli_settings().language)
    reason = _(result.reason) if result.reason else None
    emit(
        as_json,
        {"valid": result.valid, "reason": reason},
        _("valid") if result.valid else _("not valid: {reason}").format(reason=reason),
    )


def shown(path: Path) -> str:
    """The path as printed: a resident ID number in a file's name (李明_身份证_<number>.jpg)
    is masked, as the stored name is."""
    return mask_ids_in_text(str(path), valid_only=True)


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise InvalidInput(N_("{path} is a folder, not a file."), field="file", path=shown(path))
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="file", path=shown(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(
            N_("{path} is larger than {limit} MB."),
            field="file",
            path=shown(path),
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
    return path.read_bytes()


def _checked(path: Path, ctx: Context) -> FileReport:
    """The file's report; one too large to read is reported too large, beside the others."""
    from ..evidence.checks.name import suggested_name
    from ..evidence.checks.size import over_limit
    from ..evidence.validate import FileReport, check_file

    if path.is_file() and (size := path.stat().st_size) > MAX_FILE_BYTES:
        problem = over_limit(size, ctx, MAX_FILE_BYTES / (1024 * 1024))
        return FileReport(str(path), [problem] if problem else [], suggested_name(ctx, str(path)))
    return check_file(str(path), _read(path), ctx)


@evidence_app.command("check")
def evidence_check(
    files: list[Path],
    platform: Annotated[str, typer.Option(help="Whose rules: joom, amazon, …")],
    store_name: Annotated[str, typer.Option("--store-name", help="For the name pattern.")] = "",
    violation: Annotated[str, typer.Option(help="Violation code, for the name pattern.")] = "",
    material: Annotated[
        str | None, typer.Option(help="Material id, e.g. purchase_invoices.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check files against a platform's file rules (format, size, encryption, names, dates …)."""
    from ..evidence.validate import Context
    from ..policies.loader import PLATFORMS_DIR, load_policies

    settings = cli_settings()
    pack = load_policies(PLATFORMS_DIR, settings.policy_overrides).get_pack(platform)
    if violation:  # named in the file name the platform wants: one a case on it may name
        from ..cases.codes import clean_violations

        violation = clean_violations([violation], pack)[0]
    if material is not None and material not in pack.materials:
        raise InvalidInput(
            N_("{platform} has no material “{material}”: choose one of {choices}."),
            field="material",
            platform=platform,
            material=material,
            choices=", ".join(pack.materials),
        )
    ctx = Context(
        pack,
        datetime.now(UTC).date(),
        store_name,
        violation,
        pack.materials.get(material) if material else None,
    )
    _ = gettext_for(settings.language)
    reports = [_checked(path, ctx) for path in files]
    for report in reports:  # the checks read the real name; what is printed is masked
        report.path = shown(Path(report.path))

    document: dict[str, Any] = {
        "files": [
            {
                "path": r.path,
                "ok": r.ok,
                "suggested_name": r.suggested_name,
                "problems": [
                    {
                        "code": p.code,
                        "severity": p.severity,
                        "detail": render(_, p.message, p.params),
                        "hint": render(_, p.hint, p.params),
                    }
                    for p in r.problems
                ],
            }
            for r in reports
        ]
    }
    lines = []
    for item in document["files"]:
        verdict = _("OK") if item["ok"] else _("FAIL")
        lines.append(f"{verdict:<4} {item['path']}")
        # the check's code stays, as a linter's rule id does: the sentence after it is translated
        lines += [f"     [{p['code']}] {p['detail']} {p['hint']}" for p in item["problems"]]
    emit(as_json, document, "\n".join(lines))
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


@evidence_app.command("add")
def evidence_add(
    case_id: int,
    files: list[Path],
    material: Annotated[
        list[str] | None, typer.Option("--material", help="Checklist item it satisfies; repeat.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add files to a case (checked, kept byte-for-byte) and show the checklist. Every file is
    checked before any is kept: one refused file (named in the message) keeps none."""
    from ..evidence import service
    from ..storage.check import sweep_at_start
    from .cases import case_actor

    contents = {path: _read(path) for path in files}
    with opened() as wb:
        sweep_at_start(wb)
        actor = case_actor(wb, case_id)
        checked: dict[str, tuple[Path, service.Checked]] = {}
        for path, data in contents.items():
            try:
                item = service.checked_document(wb, actor, case_id, path.name, data, material or [])
            except (InvalidInput, Conflict) as exc:  # which file, then why
                raise type(exc)(
                    N_("{path}: {reason}"),
                    field=exc.field,
                    path=shown(path),
                    reason=exc.render(cli_gettext()),
                ) from None
            if (first := checked.setdefault(item.digest, (path, item))[0]) != path:
                raise InvalidInput(
                    N_("{path} is the same file as {other}."),
                    field="file",
                    path=shown(path),
                    other=shown(first),
                )
        added = [service.store_checked(wb, actor, item) for _, item in checked.values()]
        items = service.checklist(wb, actor, case_id)
    document: dict[str, Any] = {
        "case_id": case_id,
        "documents": [
            {
                "id": d.id,
                "file": d.filename,
                "sha256": d.sha256,
                "problems": [p["code"] for p in d.problems],
            }
            for d in added
        ],
        "checklist": [{"material": i.material_id, "status": i.status} for i in items],
    }
    from ..labels import CHECKLIST_STATE_LABELS, EVIDENCE_PROBLEM_LABELS, code_label

    _, language = cli_gettext(), cli_settings().language
    lines = [
        f"{d['id']}: {d['file']} "
        + ("; ".join(_(code_label(p, EVIDENCE_PROBLEM_LABELS)) for p in d["problems"]) or _("ok"))
        for d in document["documents"]
    ]
    lines += [
        f"  {_(code_label(i.status, CHECKLIST_STATE_LABELS))}: {i.material.name.get(language)}"
        for i in items
    ]
    emit(as_json, document, "\n".join(lines))


@evidence_app.command("pack")
def evidence_pack(
    case_id: int,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the pack into.")],
    document: Annotated[
        list[int] | None, typer.Option("--document", help="Document ids in order; repeat.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Build the case's evidence pack: cover, exhibit index, every page stamped."""
    from ..evidence import service
    from ..storage.check import sweep_at_start
    from .cases import case_actor

    if out.exists() and not out.is_dir():  # said before the pack is built, not after
        raise InvalidInput(
            N_("{path} is a file: --out takes a folder."), field="out", path=str(out)
        )
    with opened() as wb:
        sweep_at_start(wb)
        built = service.make_pack(wb, case_actor(wb, case_id), case_id, document)
    written: list[dict[str, Any]] = []
    for part in built.parts:
        path = out / part.name
        write_file(path, part.data)  # an unwritable folder: one sentence
        written.append(
            {"name": part.name, "path": str(path), "pages": part.pages, "size": len(part.data)}
        )
    document_out: dict[str, Any] = {
        "files": written,
        "pages": built.pages,
        "exhibits": [service.exhibit_view(e) for e in built.exhibits],
    }
    _, ngettext = cli_gettext(), cli_ngettext()
    lines = [
        ngettext("{path} ({pages} page)", "{path} ({pages} pages)", f["pages"]).format(
            path=f["path"], pages=f["pages"]
        )
        for f in written
    ]
    lines += [
        "  "
        + _("Exhibit {exhibit}: {file}, pages {first}-{last}").format(
            exhibit=e["exhibit"], file=e["file"], first=e["first_page"], last=e["last_page"]
        )
        for e in document_out["exhibits"]
    ]
    emit(as_json, document_out, "\n".join(lines))
