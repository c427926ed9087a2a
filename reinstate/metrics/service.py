"""Metrics kept per organisation, for the web and the CLI: imports of order data and platform
reports (:mod:`.imports`), the daily history read as each account's cards, one metric's values
and the organisation's risk list (:mod:`.history`), and the root-cause breakdowns
(:mod:`.breakdowns`), with where the files are kept (:mod:`.kept`). This module names them in
one place; each lives in its own.

Example::

    row, normalised = service.import_orders(wb, actor, profile="canonical", path=path)
    service.breakdown(wb, actor, account_id, "odr", "carrier")["rows"]
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..auth.actor import Actor
from ..storage.tables import MetricImport
from ..workbench import Workbench
from .breakdowns import BREAKDOWN_ROWS, BREAKDOWNS, breakdown, breakdowns, window_of
from .history import _reported, account_metrics, history, overview
from .importer import Normalised
from .imports import import_health_report as _import_health_report
from .imports import import_orders as _import_orders
from .kept import account_key, latest_import, metrics_dir

__all__ = [
    "BREAKDOWNS",
    "BREAKDOWN_ROWS",
    "account_key",
    "account_metrics",
    "breakdown",
    "breakdowns",
    "history",
    "import_health_report",
    "import_orders",
    "latest_import",
    "metrics_dir",
    "overview",
    "window_of",
]


def import_orders(wb: Workbench, actor: Actor, **options: Any) -> tuple[MetricImport, Normalised]:
    """Import order data (:func:`.imports.import_orders`), then alert once for each account
    whose metrics became at risk or missed their target with it."""
    from ..alerts.detect import metrics_imported, statuses

    before = statuses(wb, latest_import(wb, actor))
    row, normalised = _import_orders(wb, actor, **options)
    metrics_imported(wb, actor, before, row)
    return row, normalised


def import_health_report(
    wb: Workbench, actor: Actor, account_id: int, data: bytes, **options: Any
) -> dict[str, Any]:
    """Keep Amazon's account health report (:func:`.imports.import_health_report`), then alert
    once if it puts a metric at risk or past its target, or the rating's band worsens, and once
    if Amazon's account status worsens."""
    from ..accounts.service import get_account
    from ..alerts.reported import report_imported, reported

    store = get_account(wb, actor, account_id)
    before = reported(wb, store)
    result = _import_health_report(wb, actor, account_id, data, **options)
    result["alerts"] = report_imported(wb, actor, store, before)
    kept = _reported(wb, store, date.fromisoformat(result["day"]))
    result["reported"] = kept["metrics"] if kept else []  # each metric kept, judged
    return result
