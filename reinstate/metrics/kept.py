"""Where an organisation's metrics are kept, and what every reader of them checks first.

Files live under ``<data_dir>/metrics/org-<id>/``: the organisation's canonical orders (every
import merged, a re-imported order replacing its earlier row) and their daily history, written
beside the current ones and renamed into place before the import row that names them is
committed. A seller account's orders are those whose ``account_id`` is its seller id (or
``store-<id>`` when it has none).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..storage.tables import MetricImport, SellerAccount
from ..tenancy import visible
from ..validation import clean_choice
from ..workbench import Workbench
from .definitions import DEFINITIONS, MAX_HISTORY_DAYS


def metrics_dir(wb: Workbench, org_id: int) -> Path:
    return wb.settings.data_dir / "metrics" / f"org-{org_id}"


def account_key(account: SellerAccount) -> str:
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
