"""Metric pages: the organisation's accounts by risk with the import form, and each account's
cards, 90-day charts (drawn in the browser from the JSON in the page) and breakdowns."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...accounts.service import account_names
from ...auth.actor import Actor
from ...errors import N_, InvalidInput, ReinstateError
from ...metrics import service, unlinked
from ...metrics.columns import columns, template_csv
from ...metrics.compute import applies
from ...metrics.definitions import DEFINITIONS
from ...metrics.profiles import read_mapping
from ...metrics.service import BREAKDOWNS
from ...metrics.spapi import account_status_label, amazon_words, policy_label, read_report
from ...validation import clean_choice, clean_date, whole
from ...workbench import Workbench
from ..context import gettext, page_actor, render_error, verified_form, verified_formdata, workbench
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)
# olist, a folder of the public dataset's CSV files, is imported from the command line
WEB_PROFILES = ("canonical", "amazon-all-orders", "mapping", "sp-api")
# .gz: a CSV file compressed (orders.csv.gz), read as it is unpacked
SUFFIXES = {".csv", ".tsv", ".txt", ".parquet", ".json", ".gz"}
# Amazon's report document as downloaded when its compressionAlgorithm is GZIP
REPORT_SUFFIXES = {".json", ".gz", ".txt"}
MAPPING_LIMIT_MB = 1


async def stored_upload(
    wb: Workbench,
    upload: Any,
    limit_mb: int,
    *,
    field: str = "file",
    mapping: bool = False,
    report: bool = False,
) -> Path:
    """The uploaded file (an order file or report, or a ``mapping`` file) copied, within the
    size limit, to a private file under the data folder (its name is ours, never the
    uploader's); the caller removes it."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        if mapping:
            raise InvalidInput(N_("Choose the mapping file (.toml) of this export."), field=field)
        raise InvalidInput(N_("Choose a file to upload."), field=field)
    suffix = Path(upload.filename).suffix.lower()
    if mapping and suffix != ".toml":
        raise InvalidInput(N_("Upload the mapping as a .toml file."), field=field)
    if report and suffix not in REPORT_SUFFIXES:
        raise InvalidInput(N_("Upload the report as a .json or .json.gz file."), field=field)
    if not mapping and not report and suffix not in SUFFIXES:
        raise InvalidInput(
            N_("Upload a .csv (or .csv.gz), .tsv, .txt, .parquet or .json file."), field=field
        )
    folder = wb.settings.data_dir / "metrics" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    limit = limit_mb * 1024 * 1024
    size = 0
    try:
        with target.open("wb") as handle:
            while chunk := await upload.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise InvalidInput(
                        N_("{path} is larger than {limit} MB."),
                        field=field,
                        path=upload.filename,
                        limit=limit_mb,
                    )
                handle.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


async def import_upload(request: Request, form: Any, actor: Actor) -> dict[str, Any]:
    """Import the form's file as its profile; returns what the import read."""
    wb = workbench(request)
    profile = clean_choice(form.get("profile"), "profile", WEB_PROFILES)
    account_text = str(form.get("account") or "").strip()
    account = whole(account_text)
    as_of_text = str(form.get("as_of") or "").strip()
    as_of = clean_date(as_of_text, "as_of") if as_of_text else None
    actor.require_change()
    if profile == "sp-api" and account is None:
        raise InvalidInput(N_("Choose the Amazon account the report belongs to."), field="account")
    mapping = None
    if profile == "mapping":  # read before the export is stored: a bad one stops here
        upload = form.get("mapping")
        mapping_path = await stored_upload(
            wb, upload, MAPPING_LIMIT_MB, field="mapping", mapping=True
        )
        try:
            mapping = read_mapping(mapping_path, getattr(upload, "filename", None))
        finally:
            mapping_path.unlink(missing_ok=True)
    path = await stored_upload(
        wb, form.get("file"), wb.settings.max_import_mb, report=profile == "sp-api"
    )
    try:
        return _import_stored(wb, actor, form, path, profile, account, as_of, mapping)
    except ReinstateError as exc:
        raise _as_uploaded(exc, path, getattr(form.get("file"), "filename", None)) from None
    finally:
        path.unlink(missing_ok=True)


def _as_uploaded(exc: ReinstateError, path: Path, filename: str | None) -> ReinstateError:
    """The error naming the file as it was uploaded, once: never the private copy's name (nor
    its folder, which a reader's own message may quote)."""
    name = filename or "—"
    for key, value in exc.params.items():
        if isinstance(value, str) and (str(path) in value or path.name in value):
            shown = name if key == "path" else "…"
            exc.params[key] = value.replace(str(path), shown).replace(path.name, shown)
    exc.args = (exc.message.format(**{"field": exc.field, **exc.params}),)
    return exc


def _import_stored(
    wb: Workbench,
    actor: Actor,
    form: Any,
    path: Path,
    profile: str,
    account: int | None,
    as_of: date | None,
    mapping: Any,
) -> dict[str, Any]:
    if profile == "sp-api" and account is not None:
        report = read_report(path)
        marketplace = str(form.get("marketplace") or "").strip()[:40] or None
        return service.import_health_report(
            wb, actor, account, report, day=as_of, marketplace=marketplace
        )
    row, normalised = service.import_orders(
        wb,
        actor,
        profile=profile,
        path=path,
        filename=getattr(form.get("file"), "filename", None),
        account_id=account,
        mapping=mapping,
        timezone=str(form.get("timezone") or "").strip() or None,
        as_of=as_of,
        limit=wb.settings.max_import_mb * 1024 * 1024,  # a .csv.gz file's CSV, unpacked
    )
    return {"import_id": row.id, "as_of": row.as_of.isoformat(), **normalised.report()}


def _overview_page(request: Request, status: int = 200, error: str | None = None) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    shown = service.overview(wb, actor)  # once: the list of seller ids without a store reads it
    context = {
        "overview": shown,
        "last": service.latest_import(wb, actor),
        "accounts": account_names(wb, actor),
        "profiles": WEB_PROFILES,
        "columns": columns(),
        "unlinked": unlinked.unlinked(wb, actor, shown) if actor.can_change else [],
        "actor": actor,
        "error": error,
    }
    return render(request, "metrics.html", context, status=status)


@router.get("/metrics")
def metrics_page(request: Request) -> Response:
    return _overview_page(request)


@router.post("/metrics/unlinked")
async def metrics_unlinked(request: Request) -> Response:
    """A seller id of the files without a store: make a store of it, give it to a store, or
    ignore it (or every one listed)."""
    actor = page_actor(request)
    wb = workbench(request)
    form = await verified_form(request)
    actor.require_change()
    key, action = form.get("key", ""), form.get("action", "")
    try:
        if action == "create":
            store = unlinked.create_from(wb, actor, key, form.get("platform", ""))
            return RedirectResponse(f"/accounts/{store.id}/edit", status_code=303)
        if action == "map":
            account = form.get("account", "")
            chosen = whole(account)
            if chosen is None:
                raise InvalidInput(N_("Choose the seller account."), field="account")
            unlinked.map_to(wb, actor, key, chosen)
        elif action == "ignore_all":
            unlinked.ignore(wb, actor, [u["key"] for u in unlinked.unlinked(wb, actor)])
        else:
            unlinked.ignore(wb, actor, [unlinked.known(wb, actor, key)])
    except ReinstateError as exc:
        if exc.status not in (404, 409, 422):
            raise
        return _overview_page(request, exc.status, render_error(request, exc))
    return RedirectResponse("/metrics#unlinked", status_code=303)


@router.get("/metrics/template.csv")
def metrics_template(request: Request) -> Response:
    """A canonical order file to start from: every column and one example order."""
    page_actor(request)
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="reinstate-orders-template.csv"'},
    )


@router.post("/metrics/import")
async def metrics_import(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_formdata(request, max_files=2, max_fields=10)
    form_profile = form.get("profile")
    try:
        result = await import_upload(request, form, actor)
    except ReinstateError as exc:
        if exc.status not in (404, 409, 422):
            raise
        return _overview_page(request, exc.status, render_error(request, exc))
    finally:
        await form.close()
    if form_profile == "sp-api":  # a report belongs to one account: show it there
        return RedirectResponse(f"/accounts/{result['account_id']}/metrics", status_code=303)
    return RedirectResponse("/metrics#last-import", status_code=303)


@router.get("/accounts/{account_id}/metrics")
def account_metrics_page(
    request: Request, account_id: int, metric: str = "odr", by: str = "carrier"
) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    view = service.account_metrics(wb, actor, account_id)
    # only the metrics of the account's own platform (a Joom store is never shown Amazon's ODR)
    metrics = [m for m in DEFINITIONS if applies(wb.policies, view["platform"], m)]
    if metric not in metrics:
        metric = metrics[0] if metrics else "odr"
    if by not in BREAKDOWNS or (by == "component" and metric != "odr"):
        by = "carrier"
    breakdown = None
    if view["as_of"]:
        breakdown = service.breakdown(wb, actor, account_id, metric, by)
    charts = [
        {
            "id": f"{c['metric']}-{c['window_days']}",
            "target": c["target"],
            "comparator": c["comparator"],
            "points": c["series"],
        }
        for c in view["cards"]
    ]
    context = {
        "view": view,
        "metric": metric,
        "by": by,
        # by component: the ODR's; by who fulfils: Amazon's stores (FBA against MFN)
        "breakdowns": [
            b
            for b in BREAKDOWNS
            if (b != "component" or metric == "odr")
            and (b != "fulfilment" or view["platform"] == "amazon")
        ],
        "metrics": metrics,
        "breakdown": breakdown,
        "account_status_label": account_status_label,
        "amazon_words": amazon_words,
        "policy_label": policy_label,
        "charts_json": json.dumps(
            {"charts": charts, "labels": _chart_labels(request)}, ensure_ascii=False
        ).replace("<", "\\u003c"),
    }
    return render(request, "account_metrics.html", context)


def _chart_labels(request: Request) -> dict[str, str]:
    _ = gettext(request)
    return {"rate": _("Rate"), "target": _("Target line"), "axis": _("Rate (%)")}


__all__ = ["router", "import_upload", "stored_upload"]
