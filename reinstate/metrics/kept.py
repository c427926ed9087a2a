"""Where an organisation's metrics are kept, and what every reader of them checks first.

Files live under ``<data_dir>/metrics/org-<id>/``: the organisation's canonical orders (every
import merged, a re-imported order replacing its earlier row) and their daily history, written
beside the current ones and renamed into place before the import row that names them is
committed. A seller account's orders are those whose ``account_id`` is its seller id (or
``store-<id>`` when it has none).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select

from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..storage.tables import MetricImport, SellerAccount
from ..tenancy import visible
from ..validation import clean_choice
from ..workbench import Workbench
from .definitions import DEFINITIONS, MAX_HISTORY_DAYS

# in an import's report: each account's own day, where it is not the import's
AS_OF_BY_ACCOUNT = "as_of_by_account"
# and the columns the orders of each day's accounts carried (their imports' columns)
COLUMNS_BY_DAY = "columns_by_day"


def metrics_dir(wb: Workbench, org_id: int) -> Path:
    return wb.settings.data_dir / "metrics" / f"org-{org_id}"


def account_key(account: SellerAccount | Row[Any]) -> str:
    """An account's key in the files: its seller id, else ``store-<id>`` (an account or a row
    with ``id`` and ``seller_id``)."""
    return account.seller_id or f"store-{account.id}"


def check_days(days: int) -> None:
    if not 1 <= days <= MAX_HISTORY_DAYS:
        raise InvalidInput(
            N_("Days must be from 1 to {limit}."), field="days", limit=MAX_HISTORY_DAYS
        )


def check_metric(metric: str) -> None:
    clean_choice(metric, "metric", tuple(DEFINITIONS))


def latest_import(wb: Workbench, actor: Actor) -> MetricImport | None:
    with wb.db.reading() as session:
        return session.scalar(
            select(MetricImport)
            .where(visible(actor, MetricImport))
            .order_by(MetricImport.id.desc())
            .limit(1)
        )


def account_as_of(found: MetricImport, key: str) -> date:
    """The day an account's metrics stand on: the last day of the latest import that held its
    orders (an import of another store, or of a marketplace's thousands of sellers, leaves it
    where it was). Imports made before days were kept per account stand on their own day."""
    kept = found.report.get(AS_OF_BY_ACCOUNT) or {}
    day = kept.get(key)
    return date.fromisoformat(day) if isinstance(day, str) else found.as_of


def account_columns(found: MetricImport, key: str) -> list[str]:
    """The columns the orders an account stands on carried (those of the import that brought
    them): a metric whose inputs they lack has no data."""
    by_day = found.report.get(COLUMNS_BY_DAY) or {}
    columns = by_day.get(account_as_of(found, key).isoformat(), found.report.get("columns", []))
    return list(columns)
