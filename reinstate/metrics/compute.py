"""Compute and judge the metrics of one canonical order file: the ``metrics compute`` contract
(SPEC §6), and the history the workbench keeps.

Example::

    normalised, rows = compute_source(packs, "olist", Path("data/olist/sample"), date(2018, 6, 30))
    rows[0]  # {"account_id", "metric", "window_days", "numerator", "denominator", "rate",
             #  "target", "status", ...}
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import N_, InvalidInput
from ..policies.loader import Policies
from .arrays import numpy_of
from .chosen import given_to
from .definitions import DEFAULT_TARGETS_PLATFORM, DEFINITIONS, check_day
from .engine import HISTORY_SCHEMA, DuckDB, Engine, history_of, window_values
from .importer import Normalised, nothing_read
from .judge import STATUSES, Target, rate, statuses
from .normalise import normalise
from .profiles import Mapping, Progress, open_source

MISSING_INPUT = N_("The source has none of the columns this metric needs: {columns}.")
NOT_COMPUTABLE = N_("Not computable: the source has no column {columns}, which this metric needs.")


def pack_code(packs: Policies, platform: str | None) -> str:
    """The pack of the platform an order file names, however an export or a person writes it
    ("Shopee", "TikTok Shop", "tiktok-shop"); the default pack's for none it knows.

    >>> pack_code({"shopee": None, "tiktok_shop": None}, " TikTok Shop ")
    'tiktok_shop'
    """
    if platform is not None:
        code = "_".join(platform.casefold().replace("-", " ").split())
        if code in packs:
            return code
    return DEFAULT_TARGETS_PLATFORM


def applies(packs: Policies, platform: str | None, metric: str) -> bool:
    """A platform with a pack is judged on the metrics its pack declares and no other (a Temu
    shop on Temu's, never on Amazon's order defect rate); orders of no known platform on the
    default pack's (Amazon's), never on another platform's (no Shopee non-fulfilment rate)."""
    code = pack_code(packs, platform)
    return code not in packs or metric in packs[code].metrics


def target_for(packs: Policies, platform: str | None, metric: str) -> Target | None:
    """The pack's target for ``metric``: the account's platform's; for orders of no known
    platform, Amazon's (the metrics are Amazon's account health metrics)."""
    code = pack_code(packs, platform)
    if code in packs and metric in packs[code].metrics:
        return Target.of(packs[code].metrics[metric], code)
    return None


def windows(packs: Policies) -> dict[str, tuple[int, ...]]:
    """Every window any pack sets for each metric of SPEC §5."""
    found: dict[str, set[int]] = {code: set() for code in DEFINITIONS}
    for pack in packs.values():
        for code, metric in pack.metrics.items():
            if code in found:
                found[code].update(metric.windows)
    return {code: tuple(sorted(sizes)) for code, sizes in found.items() if sizes}


# not frozen: a frozen dataclass sets each field through object.__setattr__, which doubled the
# time a file of 50,000 sellers (350,000 rows) took to judge
@dataclass(slots=True)
class Judged:
    account_id: str
    platform: str | None
    day: date
    metric: str
    window_days: int
    numerator: int
    denominator: int
    rate: float | None
    target: Target | None
    status: str
    missing: tuple[str, ...] = ()  # the columns it needs, none of which the source has
    absent: tuple[str, ...] = ()  # the columns it needs every one of, which the source lacks
    name: tuple[str, str] | None = None  # the pack's name for it (English, Chinese)

    @property
    def note(self) -> str | None:
        """Why it was not computed, in words (English; :meth:`note_args` to translate)."""
        found = self.note_args()
        return found[0].format(**found[1]) if found else None

    def note_args(self) -> tuple[str, dict[str, str]] | None:
        if self.absent:
            return NOT_COMPUTABLE, {"columns": ", ".join(self.absent)}
        if self.missing:
            return MISSING_INPUT, {"columns": ", ".join(self.missing)}
        return None

    def row(self) -> dict[str, Any]:
        """The SPEC §6 row (and a few more fields)."""
        return {
            "account_id": self.account_id,
            "metric": self.metric,
            "window_days": self.window_days,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "target": self.target.value if self.target else None,
            "status": self.status,
            "as_of": self.day.isoformat(),
            "comparator": self.target.comparator if self.target else None,
            "target_platform": self.target.platform if self.target else None,
            "note": self.note,
            "missing_columns": list(self.absent or self.missing),
            "not_computable": bool(self.absent),
            "name": {"en": self.name[0], "zh": self.name[1]} if self.name else None,
        }


def judge(
    packs: Policies, history: pa.Table, present: frozenset[str] | None = None
) -> list[Judged]:
    """Each row of a history table judged against its target; a metric whose inputs the
    source does not carry is ``no_data`` with a note. What depends only on the platform and
    metric (whether it applies, its target, windows, name and missing columns) is worked out
    once per pair, and the rates and statuses of the pair's rows all at once (35,000 rows of a
    file of 5,000 sellers), not row by row."""
    if history.num_rows == 0:
        return []
    platforms, platform_of = _encoded(history.column("platform"))
    metrics, metric_of = _encoded(history.column("metric"))
    sizes = numpy_of(history.column("window_days")).astype(np.int64)
    numerators = numpy_of(history.column("numerator")).astype(np.int64)
    denominators = numpy_of(history.column("denominator")).astype(np.int64)
    pairs = platform_of.astype(np.int64) * len(metrics) + metric_of
    kept = np.zeros(history.num_rows, np.bool_)
    found = np.zeros(history.num_rows, np.int8)
    rules: dict[int, _Rule] = {}
    for pair in np.unique(pairs).tolist():
        rule = _rule(packs, platforms[pair // len(metrics)], metrics[pair % len(metrics)], present)
        if rule is None:
            continue
        rows = pairs == pair
        if rule.sizes is not None:  # only the windows the target's pack sets (another may set more)
            rows &= np.isin(sizes, list(rule.sizes))
        if rule.missing or rule.absent:  # not counted: nothing to judge
            numerators[rows] = denominators[rows] = 0
        counted = denominators[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = np.where(counted != 0, numerators[rows] / counted, np.nan)
        found[rows] = statuses(rates, rule.target)
        kept |= rows
        rules[pair] = rule
    which = np.flatnonzero(kept)
    accounts, account_of = _encoded(history.column("account_id"))
    days, day_of = _encoded(history.column("day"))
    judged: list[Judged] = []
    for account, platform, day, metric, pair, numerator, denominator, size, code in zip(
        account_of[which].tolist(),
        platform_of[which].tolist(),
        day_of[which].tolist(),
        metric_of[which].tolist(),
        pairs[which].tolist(),
        numerators[which].tolist(),
        denominators[which].tolist(),
        sizes[which].tolist(),
        found[which].tolist(),
        strict=True,
    ):
        rule = rules[pair]
        judged.append(  # by position
            Judged(
                accounts[account],
                platforms[platform],
                days[day],
                metrics[metric],
                size,
                numerator,
                denominator,
                rate(numerator, denominator),
                rule.target,
                STATUSES[code],
                rule.missing,
                rule.absent,
                rule.name,
            )
        )
    return judged


def _encoded(column: pa.ChunkedArray) -> tuple[list[Any], np.ndarray]:
    """The distinct values of ``column`` (None for a null) and each row's index among them: a
    column of few values (accounts, platforms, days) read as Python objects once a value."""
    encoded = pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")
    return encoded.dictionary.to_pylist(), numpy_of(encoded.indices)


@dataclass(frozen=True)
class _Rule:
    """How :func:`judge` judges one metric of one platform."""

    target: Target | None
    sizes: frozenset[int] | None  # the windows the target's pack sets (None: any)
    missing: tuple[str, ...]
    absent: tuple[str, ...]
    name: tuple[str, str] | None


def _rule(
    packs: Policies, platform: str | None, metric: str, present: frozenset[str] | None
) -> _Rule | None:
    """How a metric of ``platform`` is judged, or None if it does not apply."""
    if not applies(packs, platform, metric):
        return None
    definition = DEFINITIONS[metric]
    target = target_for(packs, platform, metric)
    sizes = frozenset(packs[target.platform].metrics[metric].windows) if target else None
    missing: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    if present is not None and not set(definition.needs) & present:
        missing = definition.needs
    elif present is not None and not set(definition.needs_all) <= present:
        absent = tuple(c for c in definition.needs_all if c not in present)
    return _Rule(target, sizes, missing, absent, _name(packs, target, metric))


def _name(packs: Policies, target: Target | None, metric: str) -> tuple[str, str] | None:
    """The name the target's pack gives the metric (TikTok Shop's "Late dispatch rate")."""
    if target is None:
        return None
    text = packs[target.platform].metrics[metric].name
    return text.en, text.zh


def planned(
    packs: Policies,
    spans: dict[str, tuple[int, ...]],
    platforms: Sequence[str | None],
    present: frozenset[str] | None,
) -> tuple[dict[str, tuple[int, ...]], tuple[str, ...]]:
    """Of the windows ``spans``, those :func:`judge` keeps for accounts of ``platforms`` (in the
    same order), and the metrics among them whose inputs the source carries: :func:`judge`
    drops every other window and judges a metric without its inputs ``no_data``, so only
    these need counting."""
    kept: dict[str, set[int]] = {}
    counted: set[str] = set()
    for platform in platforms:
        for metric, sizes in spans.items():
            found = _rule(packs, platform, metric, present)
            if found is None:
                continue
            kept.setdefault(metric, set()).update(
                size for size in sizes if found.sizes is None or size in found.sizes
            )
            if not (found.missing or found.absent):
                counted.add(metric)
    windows = {
        metric: tuple(size for size in sizes if size in kept[metric])
        for metric, sizes in spans.items()
        if kept.get(metric)
    }
    return windows, tuple(metric for metric in windows if metric in counted)


def compute_source(
    packs: Policies,
    profile: str,
    source: Path,
    as_of: date,
    *,
    engine: Engine,
    mapping: Mapping | None = None,
    account_id: str | None = None,
    timezone: str | None = None,
    progress: Progress | None = None,
) -> tuple[Normalised, list[Judged]]:
    """Read ``source`` as ``profile`` and judge every metric as of ``as_of``; nothing is kept.

    On DuckDB a Parquet file is read in place (:mod:`.scan`), and a text source (CSV, the
    Olist folder) once its rows are written as they are to a Parquet file (:func:`.scan.staged`);
    on Spark, or a damaged file, the orders are first written as canonical orders."""
    check_day(as_of)
    opened = open_source(profile, source, mapping=mapping, account_id=account_id, timezone=timezone)
    spans = windows(packs)
    with tempfile.TemporaryDirectory(prefix="reinstate-metrics-") as work:
        if isinstance(engine, DuckDB) and spans:
            import duckdb

            from .chosen import chosen_in_place
            from .scan import scan, staged

            if opened.parquet is None:  # text: its rows written as they are, then read so
                opened = staged(opened, Path(work) / "rows.parquet", progress)
            if account_id:  # every order the chosen seller's, whatever id the file wrote
                opened = chosen_in_place(opened, account_id)
            plan = partial(planned, packs, spans, present=opened.present)
            try:
                normalised, counts, kept = scan(opened, engine, as_of, plan)
            except (duckdb.BinderException, duckdb.ParserException, duckdb.CatalogException):
                raise  # the query itself is wrong, not the file: never hidden by the slower route
            except (duckdb.Error, pa.ArrowException, OSError):
                # a damaged file (as DuckDB or its stream says): the batches say where
                if opened.numbered:  # of the rows written here, read: read the source again
                    opened = open_source(
                        profile, source, mapping=mapping, account_id=account_id, timezone=timezone
                    )
            else:
                if progress:
                    progress(opened.total_bytes, opened.total_bytes)
                if normalised.rows == 0:
                    raise InvalidInput(N_("The file holds no orders."), field="source")
                if normalised.orders == 0:
                    raise nothing_read(normalised)
                found = history_of(counts, as_of, 1, kept) if kept else HISTORY_SCHEMA.empty_table()
                return normalised, judge(packs, found, normalised.present)
        orders = Path(work) / "orders.parquet"
        normalised = normalise(opened, orders, progress=progress)
        if account_id:
            given_to(orders, account_id, Path(work) / "given.parquet")
        history = window_values(engine, [orders], as_of, days=1, windows=spans)
    return normalised, judge(packs, history, normalised.present)
