"""Which carriers, SKUs, destinations and weeks (for the ODR, which components) an account's
counted orders of a metric fall in. The SQL is ``sql/breakdown.sql``, run by the engine seam:
DuckDB by default, or Spark, with the same rows.

Example::

    found = breakdown(wb, actor, account_id, "odr", "carrier", engine=Spark())
    found["rows"][0]  # {"value": "YunExpress", "numerator": 19, "denominator": 120, ...}
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, InvalidInput, NotFound
from ..storage.tables import MetricImport, SellerAccount
from ..workbench import Workbench
from .compute import target_for, windows
from .definitions import DEFINITIONS
from .engine import REFERENCE_OF, DuckDB, Engine, facts_sql, render
from .judge import rate
from .kept import account_as_of, account_key, check_metric, latest_import, metrics_dir

BREAKDOWNS = ("carrier", "sku", "destination", "week", "fulfilment", "component")
BREAKDOWN_ROWS = 20  # values shown per dimension, most counted first
BREAKDOWN_WEEKS = 60  # weeks shown, in order


def breakdown(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    metric: str,
    by: str,
    *,
    window: int | None = None,
    engine: Engine | None = None,
) -> dict[str, Any]:
    """Which carriers, SKUs, destinations, weeks, fulfilment channels (or, for the ODR, which
    components) the metric's counted orders fall in, with counts and shares, over the window
    ending on the last import's day; for a rate whose target is a lower limit, the orders that
    missed it."""
    check_metric(metric)
    if by not in BREAKDOWNS or (by == "component" and metric != "odr"):
        raise InvalidInput(
            N_(
                "A breakdown is by carrier, sku, destination, week or fulfilment "
                "(component: odr only)."
            ),
            field="by",
        )
    store = get_account(wb, actor, account_id)
    found = latest_import(wb, actor)
    if found is None:
        raise NotFound(N_("No orders have been imported yet."))
    size = window_of(wb, store, metric, window)
    # where a rate that should be high (valid tracking, on-time delivery) comes from is where
    # its orders missed: the rows count those, worst first, as the letters' root causes do
    target = target_for(wb.policies, store.platform, metric)
    missed = target is not None and not target.upper
    counted, total_d, tables = breakdowns(
        wb, found, store, metric, size, (by,), missed=missed, engine=engine
    )
    total_n = total_d - counted if missed else counted
    return {
        "account_id": store.id,
        "metric": metric,
        "window_days": size,
        "as_of": account_as_of(found, account_key(store)).isoformat(),
        "by": by,
        "numerator": total_n,
        "denominator": total_d,
        "rate": rate(total_n, total_d),
        # what each row's numerator counts: the metric's numerator, or the orders that missed
        "counted": "missed" if missed else "numerator",
        "counted_orders": counted,
        "rows": tables[by],
    }


def window_of(wb: Workbench, store: SellerAccount, metric: str, window: int | None) -> int:
    """``window``, if the packs compute the metric over it, else the account's pack's first."""
    sizes = windows(wb.policies).get(metric, ())
    target = target_for(wb.policies, store.platform, metric)
    size = window or (
        wb.policies[target.platform].metrics[metric].windows[0] if target else sizes[0]
    )
    if size not in sizes:
        raise InvalidInput(
            N_("{metric} is computed over {windows} days."),
            field="window",
            metric=metric,
            windows=", ".join(map(str, sizes)),
        )
    return size


def breakdowns(
    wb: Workbench,
    found: MetricImport,
    store: SellerAccount,
    metric: str,
    size: int,
    bys: tuple[str, ...],
    *,
    missed: bool = False,
    engine: Engine | None = None,
) -> tuple[int, int, dict[str, list[dict[str, Any]]]]:
    """The metric's numerator and denominator for the account over ``size`` days to the
    account's own day, and its rows by each of ``bys``, in one query of ``engine`` (DuckDB when
    None). ``missed`` counts the orders that missed instead (for a rate that should be high,
    the denominator's orders not in the numerator)."""
    key = account_key(store)
    sql = breakdown_sql(account_as_of(found, key), key, metric, size, bys, missed=missed)
    orders = metrics_dir(wb, found.org_id) / found.orders_file
    found_rows = (engine or DuckDB()).query([orders], sql).to_pylist()
    parts: dict[str, list[tuple[int, str | None, int, int]]] = defaultdict(list)
    for row in found_rows:
        parts[row["breakdown"]].append(
            (row["position"], row["value"], row["numerator"], row["denominator"])
        )
    _, _, total_n, total_d = parts["total"][0]
    tables: dict[str, list[dict[str, Any]]] = {}
    for by in bys:
        tables[by] = [
            {
                "value": value,
                "numerator": n,
                # an ODR component's orders are a share of all the window's orders
                "denominator": total_d if by == "component" else d,
                "rate": rate(n, total_d if by == "component" else d),
                "share": (n / total_n) if total_n else None,
            }
            for _, value, n, d in sorted(parts[by], key=lambda part: part[0])
        ]
    return total_n, total_d, tables


def breakdown_sql(
    as_of: date,
    account: str,
    metric: str,
    size: int,
    bys: tuple[str, ...],
    *,
    missed: bool = False,
) -> str:
    """``sql/breakdown.sql`` for ``account``'s orders in the ``size`` days to ``as_of``: rows of
    ``breakdown``, ``value``, ``numerator``, ``denominator`` and ``position``."""
    definition = DEFINITIONS[metric]
    return render(
        "breakdown.sql",
        facts_query=facts_sql(
            as_of - timedelta(days=size - 1),
            as_of,
            keep=("fulfilment",) if "fulfilment" in bys else (),
        ),
        account=account,
        day=REFERENCE_OF[definition.reference].day,
        numerator=definition.numerator,
        denominator=definition.denominator,
        missed=missed,
        bys=bys,
        rows=BREAKDOWN_ROWS,
        weeks=BREAKDOWN_WEEKS,
    )
