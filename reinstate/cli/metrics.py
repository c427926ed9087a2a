"""``reinstate metrics``: compute a file's metrics (no database), import order data and
platform reports into an organisation, and read an account's history."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import N_, InvalidInput
from ..i18n import Gettext
from ..metrics.columns import spreadsheet_text
from ..metrics.compute import compute_source
from ..metrics.definitions import (
    BREAKDOWN_VALUE_LABELS,
    DEFAULT_HISTORY_DAYS,
    METRIC_LABELS,
    STATUS_LABELS,
    TREND_LABELS,
)
from ..metrics.importer import REASONS, Normalised
from ..metrics.profiles import Mapping, read_mapping
from ..metrics.profiles import Progress as ProgressCallback
from ..metrics.spark import engine_named
from ..policies.loader import PLATFORMS_DIR, load_policies
from .common import (
    JsonFlag,
    OrgOption,
    cli_gettext,
    cli_ngettext,
    cli_settings,
    emit,
    opened,
    org_actor,
    parse_date,
    sub_app,
)
from .quoting import columns, padded

metrics_app = sub_app("metrics", "Performance metrics: compute, import, history.")

COLUMNS = (
    "account_id",
    "metric",
    "window_days",
    "numerator",
    "denominator",
    "rate",
    "target",
    "status",
)
ProfileOption = Annotated[
    str, typer.Option(help="canonical, amazon-all-orders, olist, mapping or sp-api.")
]
EngineOption = Annotated[str, typer.Option(help="duckdb (default) or spark.")]


@contextmanager
def _progress(show: bool) -> Iterator[ProgressCallback | None]:
    """A progress bar on stderr when it is a terminal."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # a terminal's bar only: not imported for a pipe
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task("reading", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _mapping(mapping: Path | None) -> Mapping | None:
    """The mapping file, read; the mapping profile refuses to open without one."""
    return read_mapping(mapping) if mapping is not None else None


# The summary of rows not read, by column and why, when there are more than the messages shown.
REASON_WORDS: dict[str, str] = {
    "missing": N_("empty"),
    "no_items": N_("no items"),
    "timestamp": N_("not a date and time"),
    "integer": N_("not a whole number"),
    "number": N_("not a number"),
    "boolean": N_("not yes or no"),
    "rating": N_("not a rating from 1 to 5"),
    "fulfilment": N_("not mfn or afn"),
    "cancelled_by": N_("not seller, buyer, platform or unknown"),
    "negative": N_("below zero"),
    "zone": N_("a zone abbreviation of several time zones"),
}


def _report(normalised: Normalised, _: Gettext) -> dict[str, Any]:
    report = normalised.report()
    for problem in (*report["problems"], *report["cells"]):
        problem["message"] = _(REASONS[problem["reason"]]).format(
            column=problem["column"], value=problem["value"]
        )
    return report


def _say_unread(report: dict[str, Any], _: Gettext) -> None:
    """The cells of rows kept that were not read (each read as unknown), as the rows refused."""
    count = report["unread_cells"]
    if not count:
        return
    said = (
        _("One cell was not read; it is left unknown and its order is kept:")
        if count == 1
        else _("{count} cells were not read; each is left unknown and its order is kept:")
    )
    typer.echo(said.format(count=count), err=True)
    for cell in report["cells"]:
        line = _("row {row}: {message}").format(row=cell["row"], message=cell["message"])
        typer.echo(f"  {line}", err=True)
    if count > len(report["cells"]):
        for reason in report["cell_reasons"]:
            why = _(REASON_WORDS.get(reason["reason"], reason["reason"]))
            typer.echo(f"  {reason['column']} ({why}): {reason['cells']}", err=True)


def _say_refused(report: dict[str, Any], _: Gettext) -> None:
    if not report["bad_rows"]:
        return
    count = report["bad_rows"]
    said = _("One row was not read:") if count == 1 else _("{count} rows were not read:")
    typer.echo(said.format(count=count), err=True)
    for problem in report["problems"]:
        line = _("row {row}: {message}").format(row=problem["row"], message=problem["message"])
        typer.echo(f"  {line}", err=True)
    shown = len(report["problems"])
    if report["bad_rows"] > shown:
        for reason in report["reasons"]:
            why = _(REASON_WORDS.get(reason["reason"], reason["reason"]))
            typer.echo(f"  {reason['column']} ({why}): {reason['rows']}", err=True)


@metrics_app.command("compute")
def metrics_compute(
    profile: ProfileOption,
    source: Annotated[Path, typer.Option(help="The file (or, for olist, its folder).")],
    as_of: Annotated[str, typer.Option("--as-of", help="The day D, YYYY-MM-DD (UTC).")],
    engine: EngineOption = "duckdb",
    spark_master: Annotated[
        str | None, typer.Option("--spark-master", help="spark://host:7077; local otherwise.")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    mapping: Annotated[Path | None, typer.Option(help="TOML mapping (profile mapping).")] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account-id",
            help="The seller account id of every row (a file naming several sellers is refused).",
        ),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="Zone of times written without an offset.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """One row per account, metric and window as of a day: numerator, denominator, rate, target
    and status. Reads files only: no database, no sign-in."""
    _ = cli_gettext()
    if output not in ("csv", "json"):
        raise InvalidInput(N_("Choose the format csv or json."), field="format")
    day = parse_date(as_of, "as_of")
    settings = cli_settings()
    packs = load_policies(PLATFORMS_DIR, settings.policy_overrides)
    with _progress(True) as progress:
        normalised, judged = compute_source(
            packs,
            profile,
            source,
            day,
            engine=engine_named(engine, spark_master),
            mapping=_mapping(mapping),
            account_id=account,
            timezone=timezone,
            progress=progress,
        )
    report = _report(normalised, _)
    if as_json or output == "json":
        rows = [j.row() for j in judged]
        for item, row in zip(judged, rows, strict=True):  # why it was not computed, in words
            if (why := item.note_args()) is not None:
                row["note"] = _(why[0]).format(**why[1])
        emit(True, {"as_of": day.isoformat(), "engine": engine, "rows": rows, "import": report}, "")
        return
    _say_refused(report, _)
    _say_unread(report, _)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(  # the COLUMNS of each row, straight from what was judged
        (
            spreadsheet_text(j.account_id),
            j.metric,
            j.window_days,
            j.numerator,
            j.denominator,
            "" if j.rate is None else j.rate,
            "" if j.target is None else j.target.value,
            j.status,
        )
        for j in judged
    )
    typer.echo(buffer.getvalue(), nl=False)


@metrics_app.command("import")
def metrics_import(
    org: OrgOption,
    profile: ProfileOption,
    source: Annotated[Path, typer.Option(help="The file (or, for olist, its folder).")],
    account: Annotated[
        int | None,
        typer.Option(
            "--account", help="Seller account every row belongs to (a file of one seller)."
        ),
    ] = None,
    mapping: Annotated[Path | None, typer.Option(help="TOML mapping (profile mapping).")] = None,
    timezone: Annotated[
        str | None, typer.Option(help="Zone of times written without an offset.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Last day of the history.")] = None,
    days: Annotated[int, typer.Option(help="Days of daily history.")] = DEFAULT_HISTORY_DAYS,
    marketplace: Annotated[
        str | None, typer.Option(help="sp-api: the marketplace (ATVPDKIKX0DER or US).")
    ] = None,
    engine: EngineOption = "duckdb",
    spark_master: Annotated[str | None, typer.Option("--spark-master")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import orders (or, with --profile sp-api, Amazon's account health report) into an
    organisation, and recompute its daily history."""
    from ..metrics import service
    from ..metrics.spapi import account_status_label, policy_label, read_report

    _ = cli_gettext()
    day = parse_date(as_of, "as_of") if as_of else None
    with opened() as wb:
        actor = org_actor(wb, org)
        if profile == "sp-api":
            if account is None:
                raise InvalidInput(
                    N_("Choose the Amazon account the report belongs to."),
                    field="account",
                )
            result = service.import_health_report(
                wb, actor, account, read_report(source), marketplace=marketplace, day=day
            )
            lines = [
                _("Kept the report of {day}: {count} metrics, account status {status}.").format(
                    day=result["day"],
                    count=result["metrics"],
                    status=_(account_status_label(result["account_status"]))
                    if result["account_status"]
                    else "—",
                )
            ]
            if result["warnings"]:
                words = ", ".join(_(policy_label(w)) for w in result["warnings"])
                lines.append(_("Amazon's warnings:") + " " + words)
            if result["policy_defects"]:
                lines.append(_("Policy compliance") + ":")
                lines += [
                    f"  {_(policy_label(key))}: {count}"
                    for key, count in result["policy_defects"].items()
                ]
            lines += [_reported_line(m, _) for m in result["reported"]]
            emit(as_json, result, "\n".join(lines))
            return
        with _progress(not as_json) as progress:
            row, normalised = service.import_orders(
                wb,
                actor,
                profile=profile,
                path=source,
                mapping=_mapping(mapping),
                account_id=account,
                timezone=timezone,
                as_of=day,
                days=days,
                engine=engine_named(engine, spark_master),
                progress=progress,
            )
        report = _report(normalised, _)
        document = {
            "import_id": row.id,
            "as_of": row.as_of.isoformat(),
            "history_days": row.history_days,
            **report,
        }
        if not as_json:
            _say_refused(report, _)
            _say_unread(report, _)
        emit(
            as_json,
            document,
            _(
                "Imported {orders} orders of {accounts} accounts from {rows} rows "
                "({bad} not read, {merged} merged into the same order); history to {day}."
            ).format(
                orders=report["orders"],
                accounts=report["accounts"],
                rows=report["rows"],
                bad=report["bad_rows"],
                merged=report["merged_rows"],
                day=row.as_of.isoformat(),
            ),
        )


def _amazon_said(said: str | None, _: Gettext) -> str:
    """Amazon's own word on a metric (GOOD, BAD, At risk …) in our words; "" for none."""
    from ..metrics.spapi import amazon_status, amazon_words

    ours = amazon_status(said)  # a word we have no status for is said as Amazon wrote it
    shown = _(STATUS_LABELS[ours]) if ours != "no_data" else amazon_words(said)
    return f"Amazon: {shown}" if shown else ""


def _reported_line(metric: dict[str, Any], _: Gettext) -> str:
    """One metric of a health report as kept: its value, counts, window, target and status, and
    Amazon's own word on it."""
    rating = metric["metric"] == "account_health_rating"
    rate, target = metric["rate"], metric["target"]
    shown = "—" if rate is None else (f"{rate:g}" if rating else f"{rate:.2%}")
    if metric["numerator"] is not None and metric["denominator"] is not None:
        shown += f" ({metric['numerator']}/{metric['denominator']})"
    name = _(METRIC_LABELS.get(metric["metric"], metric["metric"]))
    if metric["fulfilment"]:
        name += f" ({metric['fulfilment'].upper()})"
    parts = [f"  {name}: {shown}"]
    if metric["window_days"]:
        parts.append(_("{days} days").format(days=metric["window_days"]))
    if target is not None and not rating:
        signs = {"lt": "< ", "le": "≤ ", "gt": "> ", "ge": "≥ "}
        sign = signs.get(metric.get("comparator") or "", "")
        parts.append(f"{_('target')} {sign}{target:.2%}")
    parts.append(_(STATUS_LABELS[metric["status"]]))
    said = _amazon_said(metric["platform_status"], _)
    if said:
        parts.append(said)
    return ", ".join(parts)


@metrics_app.command("history")
def metrics_history(
    account: Annotated[int, typer.Argument(help="Seller account id.")],
    org: OrgOption,
    metric: Annotated[str, typer.Option(help="odr, late_shipment_rate, …")],
    days: Annotated[int, typer.Option(help="How many days, ending on the last import's day.")] = (
        DEFAULT_HISTORY_DAYS
    ),
    window: Annotated[int | None, typer.Option(help="Only this window (days).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """An account's daily values of one metric, with target, status and trend."""
    from ..metrics import service

    _, ngettext = cli_gettext(), cli_ngettext()
    with opened() as wb:
        actor = org_actor(wb, org)
        found = service.history(wb, actor, account, metric, days=days, window=window)
    lines = []
    for item in found["windows"]:
        trend = item["trend"]
        lines.append(
            f"{_(METRIC_LABELS.get(metric, metric))} "
            f"({_('{days} days').format(days=item['window_days'])}) — "
            f"{_('target')} {item['target']}, "
            f"{_(STATUS_LABELS[item['status']])}, {_(TREND_LABELS[trend['direction']])}"
            + (
                ", "
                + ngettext(
                    "breach in about {days} day",
                    "breach in about {days} days",
                    trend["days_to_breach"],
                ).format(days=trend["days_to_breach"])
                if trend["days_to_breach"]  # 0: already missed, as the status says
                else ""
            )
        )
        for point in item["values"]:
            shown = "—" if point["rate"] is None else f"{point['rate']:.4%}"
            lines.append(f"  {point['day']}  {shown:>9}  {_(STATUS_LABELS[point['status']])}")
    if found["reported"]:
        lines.append(_("As Amazon's account health report gave it:"))
    for point in found["reported"]:
        shown = "—" if point["rate"] is None else f"{point['rate']:.4%}"
        channel = f" {point['fulfilment'].upper()}" if point["fulfilment"] else ""
        span = _("{days} days").format(days=point["window_days"]) if point["window_days"] else ""
        said = _amazon_said(point["platform_status"], _)
        lines.append(f"  {point['day']}  {shown:>9}  {span}{channel}  {said}".rstrip())
    if not found["windows"] and not found["reported"]:
        lines.append(_("No history for this account yet."))
    emit(as_json, found, "\n".join(lines))


@metrics_app.command("breakdown")
def metrics_breakdown(
    account: Annotated[int, typer.Argument(help="Seller account id.")],
    org: OrgOption,
    metric: Annotated[str, typer.Option(help="odr, late_shipment_rate, …")],
    by: Annotated[
        str, typer.Option(help="carrier, sku, destination, week, fulfilment or component.")
    ],
    window: Annotated[int | None, typer.Option(help="Window (days).")] = None,
    engine: EngineOption = "duckdb",
    spark_master: Annotated[str | None, typer.Option("--spark-master")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Which carriers, SKUs, destinations, weeks or fulfilment channels a metric's counted
    orders fall in."""
    from ..metrics import service

    chosen = engine_named(engine, spark_master)
    with opened() as wb:
        actor = org_actor(wb, org)
        found = service.breakdown(wb, actor, account, metric, by, window=window, engine=chosen)
    _ = cli_gettext()
    name = _(METRIC_LABELS.get(metric, metric))
    days = _("{days} days").format(days=found["window_days"])
    lines = [f"{name} ({days}) {found['numerator']}/{found['denominator']}"]
    if found["counted"] == "missed":
        said = _("Each row counts the orders that missed it ({count} in all).")
        lines.append(said.format(count=found["counted_orders"]))
    named = BREAKDOWN_VALUE_LABELS.get(by, {})
    values = [
        _(named[r["value"]]) if r["value"] in named else r["value"] or "—" for r in found["rows"]
    ]
    width = max((30, *(columns(value) for value in values)))  # a Chinese character takes two
    for row, value in zip(found["rows"], values, strict=True):
        share = "" if row["share"] is None else f"{row['share']:.0%}"
        cells = f"{row['numerator']:>7} {row['denominator']:>8} {share:>5}"
        lines.append(f"  {padded(value, width)} {cells}")
    emit(as_json, found, "\n".join(lines))
