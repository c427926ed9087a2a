"""Turn a source into canonical orders: typed, checked row by row, one row per (account, order).

The source streams through in batches (never whole in Python's memory): each batch is typed by
DuckDB, its good rows appended to a staging Parquet file, its bad rows counted by reason with the
first :data:`EXAMPLES` kept (row number, column, value). Rows of the same order are then merged
(:data:`MERGE_SQL`): duplicates of one order count once.

Example::

    result = normalise(open_source("canonical", Path("orders.csv")), Path("orders.parquet"))
    result.orders, result.bad_rows, result.problems[:3]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from ..errors import N_, InvalidInput
from .sources import COLUMN_TYPES, ROW_COLUMNS, Source, literal

EXAMPLES = 20

# A reason a row is refused -> its sentence (translated where shown).
REASONS: dict[str, str] = {
    "missing": N_("{column} is empty."),
    "no_items": N_("The order has no items, so no seller to count it for."),
    "timestamp": N_("{column}: “{value}” is not a date and time."),
    "integer": N_("{column}: “{value}” is not a whole number."),
    "number": N_("{column}: “{value}” is not a number."),
    "boolean": N_("{column}: “{value}” is not yes or no."),
    "rating": N_("{column}: “{value}” is not a rating from 1 to 5."),
    "fulfilment": N_("{column}: “{value}” is not mfn or afn."),
    "cancelled_by": N_("{column}: “{value}” is not seller, buyer, platform or unknown."),
    "negative": N_("{column}: “{value}” is below zero."),
    "zone": N_(
        "{column}: “{value}” names its time zone by an abbreviation that means several zones "
        "(CST is China's UTC+8 and also US Central UTC−6): write the offset, such as +08:00 or "
        "−06:00, or give the file's time zone (--timezone)."
    ),
}
# what spreadsheets write for yes and no, in English and in Chinese (是/否: the words the
# zh-CN message asks for)
TRUE = ("true", "t", "yes", "y", "1", "是")
CHOICES = {
    "fulfilment": ("mfn", "afn"),
    "cancelled_by": ("seller", "buyer", "platform", "unknown"),
}
# the times that are deadlines: one written as a day alone is the end of that day (an order
# shipped on its ship-by day is not late; one delivered on its promised day is on time)
DAY_ENDS = ("ship_by_ts", "promised_delivery_ts")
# strftime codes of a time of day: a timestamp format without any is of days alone
_CLOCK_CODES = ("%H", "%I", "%M", "%T", "%R", "%X", "%c", "%s", "%p")
# other names sellers give a choice: Amazon's own words for its two channels (Fulfilled by
# Amazon, by the merchant; its order reports' fulfillment-channel says Amazon or Merchant, and
# Chinese sellers say 自发货 and 亚马逊配送), and the parties in Chinese, as Chinese exports
# write them
SYNONYMS = {
    "fulfilment": {
        "fba": "afn",
        "fbm": "mfn",
        "amazon": "afn",
        "merchant": "mfn",
        "亚马逊配送": "afn",
        "自发货": "mfn",
    },
    "cancelled_by": {"卖家": "seller", "买家": "buyer", "平台": "platform", "未知": "unknown"},
}
# a numeric offset written after a space at the end of a time, perhaps followed by the zone's
# abbreviation (the offset says the zone)
OFFSET_AFTER_SPACE = r"\s+([+-]\d\d:?\d\d)(\s+[A-Za-z]{2,5})?$"
# zone abbreviations that name several zones (CST: China, US Central, Cuba; IST: India, Israel,
# Ireland; BST: British summer, Bangladesh; AST: Atlantic, Arabia; ...), which DuckDB reads as
# one of them: a time so written is refused, unless the file's time zone uses it (then read in
# that zone), never shifted by hours in silence
AMBIGUOUS_ZONES = ("CST", "CDT", "IST", "BST", "AST", "ADT", "GST", "SST", "ECT")
# a time ending in a numeric offset, perhaps followed by an abbreviation (the offset settles it)
OFFSET_AT_END = r"[+-]\d\d:?\d\d(\s+[A-Za-z]{2,5})?$"


def _abbreviation(names: Collection[str]) -> str:
    return rf"\s+({'|'.join(names)})$"


@cache
def zone_abbreviations(zone: str) -> frozenset[str]:
    """The abbreviations ``zone`` has gone by this century, winter and summer."""
    info = ZoneInfo(zone)
    return frozenset(
        datetime(year, month, 1, tzinfo=info).tzname() or ""
        for year in range(2000, 2040)
        for month in (1, 7)
    )


# a number written with thousands separators, as spreadsheets show them ("1,440"; not "1,5",
# a decimal comma or a typo)
THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
# a status that says the order was cancelled, in English (either spelling) and in Chinese
CANCELLED = ("cancelled", "canceled", "已取消")
FALSE = ("false", "f", "no", "n", "0", "否")
# what a spreadsheet writes for a yes/no or a rating no one knows: read as a blank cell (a
# tracking then judged by its tracking id), not a row refused with its whole order
UNKNOWN = ("unknown", "n/a", "#n/a", "na", "-", "未知", "不明")


@dataclass
class Normalised:
    """What an import read: counts, the reasons rows were refused, and where the orders are."""

    path: Path
    profile: str
    present: frozenset[str]
    rows: int = 0  # rows read from the source
    orders: int = 0  # distinct (account, order) pairs kept
    accounts: int = 0
    bad_rows: int = 0
    merged_rows: int = 0  # rows that repeated an order already read, merged into it
    reasons: Counter[str] = field(default_factory=Counter)  # "column:reason" -> rows
    problems: list[dict[str, Any]] = field(default_factory=list)  # the first EXAMPLES
    # cells of rows kept that were not read (a rating "abc"): read as unknown, the order kept
    unread_cells: int = 0
    cell_reasons: Counter[str] = field(default_factory=Counter)  # "column:reason" -> cells
    cells: list[dict[str, Any]] = field(default_factory=list)  # the first EXAMPLES

    def report(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "rows": self.rows,
            "orders": self.orders,
            "accounts": self.accounts,
            "bad_rows": self.bad_rows,
            "merged_rows": self.merged_rows,
            "reasons": _counted(self.reasons, "rows"),
            "problems": self.problems,
            "unread_cells": self.unread_cells,
            "cell_reasons": _counted(self.cell_reasons, "cells"),
            "cells": self.cells,
            "columns": sorted(self.present),
        }


def _counted(reasons: Counter[str], unit: str) -> list[dict[str, Any]]:
    return [
        {"column": key.split(":")[0], "reason": key.split(":")[1], unit: count}
        for key, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _text(
    column: str, present: frozenset[str], values: dict[str, dict[str, str]], as_text: str = ""
) -> str:
    if column not in present:
        return "CAST(NULL AS VARCHAR)"
    value = as_text or column
    # trim() copies every string; most have no space to trim, and a LIKE only looks at their
    # ends: the same value (trim removes spaces only), at a fraction of the cost on long
    # columns of distinct values such as order ids
    ends = f"{value} LIKE ' %' OR {value} LIKE '% '"
    trimmed = f"CASE WHEN {ends} THEN trim({value}) ELSE {value} END"
    expression = f"NULLIF({trimmed}, '')"
    translations = values.get(column)
    if translations:
        cases = " ".join(
            f"WHEN {literal(k.strip())} THEN {literal(v)}" for k, v in sorted(translations.items())
        )
        expression = f"(CASE {expression} {cases} ELSE {expression} END)"
    return expression


INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")
NUMBERS = (*INTEGERS, "UBIGINT", "HUGEINT", "FLOAT", "DOUBLE")
NARROW_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT")
TIMESTAMPS = (
    "TIMESTAMP",
    "TIMESTAMP_S",
    "TIMESTAMP_MS",
    "TIMESTAMP_NS",
    "TIMESTAMP WITH TIME ZONE",
)


def native(column: str, kind: str, type_: str, zone: str = "UTC") -> str | None:
    """The typed value of a column the file already types as ``kind`` needs (a timestamp
    without a zone being in ``zone``, the source's, as the text path reads one), else None:
    typed columns stay typed, never turned into text and parsed back."""
    if kind == "timestamp" and type_ == "TIMESTAMP WITH TIME ZONE":
        return f"timezone('UTC', {column})"
    if kind == "timestamp" and type_ in TIMESTAMPS and zone != "UTC":
        return f"timezone('UTC', timezone({literal(zone)}, CAST({column} AS TIMESTAMP)))"
    if kind == "timestamp" and type_ in TIMESTAMPS:
        return f"CAST({column} AS TIMESTAMP)"
    if kind in ("integer", "rating") and type_ in NARROW_INTEGERS:
        return f"CAST({column} AS INTEGER)"  # always fits
    if kind in ("integer", "rating") and type_ in INTEGERS:
        return f"TRY_CAST({column} AS INTEGER)"
    if kind == "number" and type_ in NUMBERS:
        return f"CAST({column} AS DOUBLE)"
    if kind == "boolean" and type_ == "BOOLEAN":
        return column
    return None


Check = tuple[str, str, str]  # (condition on one column of ``raw``, the column, the reason)


# the checks whose holding leaves the typed value NULL already (a cell that does not parse):
# the others (a rating of 7, -3 items, 2.5 items, a zone abbreviation) are set to NULL
PARSED = ("timestamp", "number", "boolean", "fulfilment", "cancelled_by")
# the columns given a value where their own cell is blank (tracking, by its tracking id): a cell
# not read is unknown, not given that value
FILLED = ("tracking_valid",)


def row_checks(checks: list[Check]) -> list[Check]:
    """The checks of the columns a row cannot do without (:data:`.sources.ROW_COLUMNS`): one
    that holds refuses the row."""
    return [check for check in checks if check[1] in ROW_COLUMNS]


def cell_checks(checks: list[Check], certain: Collection[str] = ()) -> list[Check]:
    """The checks of the other columns (but ``certain`` ones): one that holds leaves that cell
    unknown (NULL), its order kept."""
    return [check for check in checks if check[1] not in ROW_COLUMNS and check[1] not in certain]


def typing_sql(
    source: Source, types: dict[str, str] | None = None, certain: Collection[str] = ()
) -> str:
    """The query typing a raw batch (``raw``): canonical columns, ``__problem``, ``__value`` and
    ``__good`` (``__problem IS NULL``), and ``__clean`` (no cell was left unread).

    A row failing a check of a required column (an order id, the seller, the purchase time) or
    of an event's time is refused (``__problem``); a cell of another column that fails its
    check is read as NULL and the row kept (:mod:`.cells` says which). ``types`` gives the type
    (DuckDB's name) of ``raw``'s columns that are not text; ``certain`` names columns no row can
    fail a check on (as the file shows, or as a first pass found), neither checked nor nulled."""
    typed, raw, checks = _typing(source, types or {})
    rows, cells = row_checks(checks), cell_checks(checks, certain)
    problem = " ".join(f"WHEN {c} THEN {literal(f'{col}:{r}')}" for c, col, r in rows)
    # whether no check holds (``__problem IS NULL``): one boolean expression, cheaper for a
    # filter than the CASE that names the problem
    failing = [f"({c})" for c, column, _ in rows if column not in certain]
    good = f"NOT COALESCE({' OR '.join(failing)}, false)" if failing else "true"
    value = " ".join(f"WHEN {c} THEN CAST({raw[col]} AS VARCHAR)" for c, col, _ in rows)
    clean = (
        f"NOT COALESCE({' OR '.join(f'({c})' for c, _, _ in cells)}, false)" if cells else "true"
    )
    unread: dict[str, list[str]] = {}
    for condition, column, reason in cells:
        if reason not in PARSED or column in FILLED:
            unread.setdefault(column, []).append(f"({condition})")
    for column, conditions in unread.items():
        typed[column] = f"(CASE WHEN {' OR '.join(conditions)} THEN NULL ELSE {typed[column]} END)"
    status = typed["status"]
    cancelled = (
        f"(lower(COALESCE({status}, '')) IN ({', '.join(map(literal, CANCELLED))}) "
        f"OR {typed['cancelled_ts']} IS NOT NULL)"
    )
    select = ",\n  ".join(f"{typed[c]} AS {c}" for c in COLUMN_TYPES)
    return (
        f"SELECT\n  {select},\n  {cancelled} AS cancelled,\n  __row,\n"
        f"  CASE {problem} END AS __problem,\n  CASE {value} END AS __value,\n"
        f"  {good} AS __good,\n  {clean} AS __clean\nFROM raw"
    )


def cells_sql(source: Source, types: dict[str, str], certain: Collection[str] = ()) -> str:
    """One row per cell of a good row (over ``raw``) that was not read: the row (``__row``),
    ``__problem`` (``column:reason``), ``__value`` as written, and ``__place`` (the column's
    place, to list a row's cells in the file's order)."""
    _, raw, checks = _typing(source, types)
    by_column: dict[str, list[Check]] = {}
    for check in cell_checks(checks, certain):
        by_column.setdefault(check[1], []).append(check)
    cells = ", ".join(
        f"{{'place': {place}, 'problem': CASE "
        + " ".join(f"WHEN {c} THEN {literal(f'{col}:{r}')}" for c, col, r in found)
        + f" END, 'value': CAST({raw[column]} AS VARCHAR)}}"
        for place, (column, found) in enumerate(by_column.items())
    )
    failing = [f"({c})" for c, column, _ in row_checks(checks) if column not in certain]
    good = f"NOT COALESCE({' OR '.join(failing)}, false)" if failing else "true"
    return (
        "SELECT __row, __cell.place AS __place, __cell.problem AS __problem, "
        f"__cell.value AS __value FROM (SELECT __row, unnest([{cells}]) AS __cell "
        f"FROM raw WHERE {good}) AS cells WHERE __cell.problem IS NOT NULL"
    )


def checks_of(source: Source, types: dict[str, str]) -> list[Check]:
    """The checks :func:`typing_sql` makes of each row, in order: the first that holds is the
    row's problem."""
    return _typing(source, types)[2]


def account_typing(source: Source, types: dict[str, str]) -> tuple[str, str | None]:
    """How ``raw``'s account and platform are typed (SQL of its columns ``account_id`` and
    ``platform``; None: the file has no platform), for :func:`.engine.listed_accounts` of a
    file whose every row is good."""
    typed = _typing(source, types)[0]
    return typed["account_id"], typed["platform"] if "platform" in source.present else None


def _typing(
    source: Source, types: dict[str, str]
) -> tuple[dict[str, str], dict[str, str], list[Check]]:
    """Each canonical column typed and as text (SQL over ``raw``), and the checks."""
    present = source.present
    typed: dict[str, str] = {}
    raw: dict[str, str] = {}
    infallible: set[str] = set()
    natively: set[str] = set()  # typed by the file, not read from text
    zone_checks: list[Check] = []
    digits: dict[str, str] = {}  # a number's text without its thousands separators
    settled = sorted(set(AMBIGUOUS_ZONES) & zone_abbreviations(source.timezone))
    unsettled = [name for name in AMBIGUOUS_ZONES if name not in settled]
    for column, kind in COLUMN_TYPES.items():
        text = _text(column, present, source.values)
        raw[column] = text
        if column in types:
            direct = native(column, kind, types[column], source.timezone)
            if direct is not None:
                raw[column], typed[column] = column, direct
                natively.add(column)
                if not direct.startswith("TRY_CAST"):  # a typed value is always readable
                    infallible.add(column)
                continue
            text = _text(column, present, source.values, f"CAST({column} AS VARCHAR)")
            raw[column] = text
        if kind == "text":
            typed[column] = text
        elif kind == "timestamp":
            if source.timestamp_format:
                fmt = literal(source.timestamp_format)
                parsed = f"CAST(TRY_STRPTIME({text}, {fmt}) AS TIMESTAMPTZ)"
                clock = any(code in source.timestamp_format for code in _CLOCK_CODES)
                day_only = "false" if clock else "true"
            else:
                written = text
                if settled:  # the file's own zone's abbreviation: read in that zone
                    text = f"regexp_replace({text}, {literal(_abbreviation(settled))}, '', 'i')"
                zone_checks.append(
                    (
                        f"{written} IS NOT NULL AND regexp_matches({written}, "
                        f"{literal(_abbreviation(unsettled))}, 'i') AND NOT "
                        f"regexp_matches({written}, {literal(OFFSET_AT_END)})",
                        column,
                        "zone",
                    )
                )
                # an offset after a space ("2026-11-18 08:00:00 -0500", as Shopify's and Ruby's
                # exports write it, "+0800 CST" as Go's), which DuckDB's cast does not take, is
                # tried without the space only where the cast failed: COALESCE runs it on those
                # rows alone
                spaced = f"regexp_replace({text}, {literal(OFFSET_AFTER_SPACE)}, '\\1')"
                # and a Unix time, as the platforms' APIs give it (Shopee's create_time): ten
                # digits of seconds, or thirteen of milliseconds
                whole = f"TRY_CAST({text} AS BIGINT)"
                epoch = (
                    f"(CASE WHEN length({text}) = 10 THEN to_timestamp({whole}) "
                    f"WHEN length({text}) = 13 THEN to_timestamp({whole} / 1000.0) END)"
                )
                parsed = (
                    f"COALESCE(TRY_CAST({text} AS TIMESTAMPTZ), "
                    f"TRY_CAST({spaced} AS TIMESTAMPTZ), {epoch})"
                )
                # no hour and minute: a day (but not a Unix time, which has none either)
                day_only = (
                    f"(NOT contains({text}, ':') "
                    f"AND NOT (length({text}) IN (10, 13) AND {whole} IS NOT NULL))"
                )
            if column in DAY_ENDS:  # "ship by 2026-11-12" allows the whole of that day
                parsed = (
                    f"(CASE WHEN {day_only} THEN {parsed} + INTERVAL 1 DAY - INTERVAL 1 "
                    f"MICROSECOND ELSE {parsed} END)"
                )
            typed[column] = f"timezone('UTC', {parsed})"
        elif kind == "rating":
            typed[column] = f"TRY_CAST({text} AS INTEGER)"
        elif kind in ("integer", "number"):
            grouped = f"regexp_matches({text}, {literal(THOUSANDS)})"
            digits[column] = f"(CASE WHEN {grouped} THEN replace({text}, ',', '') ELSE {text} END)"
            type_ = "INTEGER" if kind == "integer" else "DOUBLE"
            typed[column] = f"TRY_CAST({digits[column]} AS {type_})"
        elif kind == "boolean":
            lowered = f"lower({text})"
            typed[column] = (
                f"(CASE WHEN {lowered} IN ({', '.join(map(literal, TRUE))}) THEN true "
                f"WHEN {lowered} IN ({', '.join(map(literal, FALSE))}) THEN false END)"
            )
        elif kind in CHOICES:
            allowed = ", ".join(map(literal, CHOICES[kind]))
            named = "".join(
                f"WHEN lower({text}) = {literal(word)} THEN {literal(choice)} "
                for word, choice in SYNONYMS.get(kind, {}).items()
            )
            typed[column] = (
                f"(CASE {named}WHEN lower({text}) IN ({allowed}) THEN lower({text}) END)"
            )
    # the first that holds is the row's problem
    checks: list[Check] = [
        (f"{raw[column]} IS NULL", column, source.missing.get(column, "missing"))
        for column in ("order_id", "account_id", "purchase_ts")
    ]
    checks += zone_checks
    for column, kind in COLUMN_TYPES.items():
        if kind == "text" or column not in present:
            continue
        unreadable = f"{typed[column]} IS NULL"
        # a count or a time taken is never below zero (-30 minutes is no answer in time)
        negative = (f"{typed[column]} < 0", column, "negative")
        if column in infallible:
            if kind == "rating":  # a whole number, but maybe not from 1 to 5
                checks.append((f"{typed[column]} NOT BETWEEN 1 AND 5", column, kind))
            if kind in ("integer", "number"):
                checks.append(negative)
            continue
        if kind == "rating":  # a whole number ("4.0" is; "2.4", which a cast rounds to 2, is not)
            unreadable = (
                f"({typed[column]} IS NULL OR {typed[column]} NOT BETWEEN 1 AND 5 "
                f"OR TRY_CAST({raw[column]} AS DOUBLE) IS DISTINCT FROM {typed[column]})"
            )
        # "2.5" items, which a cast rounds to 3, are not a count
        if column in digits and kind == "integer":
            unreadable = (
                f"({typed[column]} IS NULL "
                f"OR TRY_CAST({digits[column]} AS DOUBLE) IS DISTINCT FROM {typed[column]})"
            )
        if kind in ("boolean", "rating") and column not in natively:  # "N/A": as a blank
            unreadable += f" AND lower({raw[column]}) NOT IN ({', '.join(map(literal, UNKNOWN))})"
        checks.append((f"{raw[column]} IS NOT NULL AND {unreadable}", column, kind))
        if kind in ("integer", "number"):
            checks.append(negative)
    # tracking: where a row does not say whether it is valid (no such column, or its cell left
    # blank, as a seller filling in the template does), its tracking id says: valid with one,
    # not valid for an order shipped without one; a source without tracking leaves it unknown
    # (NULL), and so does a row of an order not yet shipped and without a tracking id (an
    # export's row before the shipment, which a later row of the same order adds: the merge's
    # bool_and skips it)
    from_id = (
        f"CASE WHEN {raw['tracking_id']} IS NOT NULL THEN true "
        f"WHEN {raw['shipped_ts']} IS NULL THEN NULL ELSE false END"
    )
    if "tracking_valid" in present:
        typed["tracking_valid"] = f"COALESCE({typed['tracking_valid']}, {from_id})"
    elif "tracking_id" in present:
        typed["tracking_valid"] = from_id
    return typed, raw, checks


def nothing_read(result: Normalised) -> InvalidInput:
    return InvalidInput(
        N_("No row of the file could be read: {reason}"),
        field="source",
        reason=result.problems[0]["message"] if result.problems else "",
    )


def count_bad(
    result: Normalised, bad: pa.Table, *, counted: bool = False, cells: bool = False
) -> None:
    """Count ``bad`` rows (unless ``counted`` already) and keep the first as examples; or,
    with ``cells``, the cells not read (``bad``: one row per cell)."""
    reasons = bad.column("__problem").to_pylist()
    if not counted:
        if cells:
            result.unread_cells += bad.num_rows
        else:
            result.bad_rows += bad.num_rows
        (result.cell_reasons if cells else result.reasons).update(reasons)
    examples = result.cells if cells else result.problems
    room = EXAMPLES - len(examples)
    if room <= 0:
        return
    rows = bad.column("__row").to_pylist()[:room]
    values = bad.column("__value").to_pylist()[:room]
    for row, key, value in zip(rows, reasons[:room], values, strict=False):
        column, reason = key.split(":")
        shown = (value or "")[:80]
        examples.append(
            {
                "row": row,
                "column": column,
                "reason": reason,
                "value": shown,
                "message": REASONS[reason].format(column=column, value=shown),
            }
        )
