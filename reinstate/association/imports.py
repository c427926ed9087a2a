"""Import identifiers from CSV: ``account_id, kind, value, first_seen, last_seen``.

Bad rows are reported as the metrics importer reports them (counts by column and reason, the
first examples with their row numbers) and left out; the good rows are written in one
transaction, so an import is all there or not there. A refused value is never echoed in full:
the example shows only its masked form, or nothing when it could not be read.

Example::

    report = import_identifiers(wb, actor, Path("identifiers.csv"))
    report["rows"], report["added"], report["bad_rows"]
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..events import record
from ..i18n import Gettext, Ngettext
from ..storage.tables import AccountIdentifier, SellerAccount
from ..tenancy import scope
from ..validation import decode_table, whole
from ..workbench import Workbench
from .identifiers import Identifier, identify
from .service import _dates

COLUMNS = ("account_id", "kind", "value", "first_seen", "last_seen")
EXAMPLES = 20
MAX_BYTES = 50 * 1024 * 1024
REASONS = {
    "missing": N_("{column} is empty"),
    "unknown_account": N_("there is no seller account {value}"),
    "not_a_kind": N_("{value} is not a kind of identifier"),
    "invalid": N_("{column} is not valid"),
    "bad_date": N_("{column} is not a YYYY-MM-DD date"),
}


def _column(name: str | None) -> str:
    """``Account_ID``, `` Kind `` or ``first seen`` as the column it names."""
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFKC", name or "").strip().casefold())


def _delimiter(text: str) -> str:
    """The header's separator: a comma, or the semicolon of Excel in a European locale, or the
    tab of a tab-separated export."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count) if "," not in header else ","


_FORMULA = re.compile(r'="(.*)"', re.DOTALL)


def _cell(value: str) -> str:
    """A cell as written: one line, without the marks a spreadsheet export puts on a long number
    so that Excel keeps its digits (="6222021234563021", '6222021234563021)."""
    text = " ".join(value.split())  # a line break typed in a cell (Alt+Enter) is a space
    formula = _FORMULA.fullmatch(text)
    return (formula.group(1) if formula else text.removeprefix("'")).strip()


def _read(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Each row that is not blank, with the line of the file it starts on."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(N_("The file is larger than 50 MB."), field="file")
    text = decode_table(data)
    if not text.strip():
        raise InvalidInput(N_("The file is empty."), field="file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [_column(c) for c in next(reader, [])]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise InvalidInput(
            N_("The file has no {name} column: it needs {columns}."),
            field="file",
            name=missing[0],
            columns=", ".join(COLUMNS),
        )
    rows, start = [], reader.line_num + 1
    for fields in reader:
        # fields beyond the header's are left out; a row of empty cells (Excel's) is blank
        line = {name: _cell(value) for name, value in zip(header, fields, strict=False) if name}
        if any(line.values()):
            rows.append((start, line))
        start = reader.line_num + 1  # a quoted cell may hold a line break: the row's first line
    return rows


class _Report:
    def __init__(self) -> None:
        self.rows = 0
        self.bad_rows = 0
        self.as_written = 0  # phone numbers of no known country, kept as written
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.problems: list[dict[str, Any]] = []

    def refuse(self, row: int, column: str, reason: str, shown: str) -> None:
        self.bad_rows += 1
        self.reasons[(column, reason)] += 1
        if len(self.problems) < EXAMPLES:
            self.problems.append({"row": row, "column": column, "reason": reason, "value": shown})


def _shown(text: str, limit: int) -> str:
    """A refused account id or kind as the report may echo it: not when it could be one of
    the values themselves (a row whose cells slid one column left puts the phone number or
    the address in the kind column)."""
    if len(text) > limit or "@" in text or re.search(r"\d{5}|[^\x00-\x7f]{9}", text):
        return ""
    return text


def _check(
    identify: Callable[[str, str], Identifier],
    line: dict[str, str],
    accounts: dict[int, SellerAccount],
) -> tuple[str, str, str] | tuple[SellerAccount, Identifier, tuple[date | None, date | None]]:
    """The row's account, identifier and dates; or (column, reason, value to show)."""
    for column in COLUMNS[:3]:
        if not line.get(column):
            return column, "missing", ""
    raw = unicodedata.normalize("NFKC", line["account_id"])
    account = accounts.get(whole(raw) or 0)
    if account is None:
        return "account_id", "unknown_account", _shown(raw, 12)
    try:
        found = identify(line["kind"], line["value"])
    except InvalidInput as exc:
        if exc.field == "kind":
            return "kind", "not_a_kind", _shown(line["kind"], 40)
        return "value", "invalid", ""
    try:
        dates = _dates(line.get("first_seen"), line.get("last_seen"))
    except InvalidInput as exc:
        return exc.field or "first_seen", "bad_date", ""
    return account, found, dates


def _widened(held: date | None, new: date | None, pick: Any) -> date | None:
    return pick(held, new) if held and new else held or new


class _Kept:
    """The identifiers of an import, written at its end in batches: a statement per row made
    a file of 100,000 rows take minutes. A row repeated in the file, or imported before,
    widens the dates of the one kept: it is not another identifier."""

    def __init__(self, session: Session, accounts: Iterable[int]) -> None:
        self.session = session
        t = AccountIdentifier
        held = select(t.id, t.account_id, t.kind, t.digest, t.first_seen, t.last_seen).where(
            t.account_id.in_(list(accounts)), t.source == "import"
        )
        # (account, kind, digest) -> [id (None: new), first, last, what to insert, changed]
        self.rows: dict[tuple[int, str, str], list[Any]] = {
            (a, k, d): [i, first, last, None, False]
            for i, a, k, d, first, last in session.execute(held)
        }
        self.added = self.repeated = 0

    def keep(self, account: SellerAccount, found: Identifier, first: Any, last: Any) -> None:
        # one date of a row is a day it was seen: a login log's rows, one sighting each, make
        # the span from the first to the last of them
        first, last = first or last, last or first
        key = (account.id, found.kind, found.digest)
        entry = self.rows.get(key)
        if entry is None:
            self.rows[key] = [None, first, last, (account.org_id, found), True]
            self.added += 1
            return
        self.repeated += 1
        widened = _widened(entry[1], first, min), _widened(entry[2], last, max)
        if widened != (entry[1], entry[2]):
            entry[1:3], entry[4] = widened, True

    def write(self, now: Any, batch: int = 2000) -> None:
        new = (
            {
                "org_id": made[0],
                "account_id": key[0],
                "kind": key[1],
                "digest": key[2],
                "network": made[1].network,
                "masked": made[1].masked,
                "source": "import",
                "first_seen": first,
                "last_seen": last,
                "created_at": now,
            }
            for key, (i, first, last, made, _) in self.rows.items()
            if i is None
        )
        changed = (
            {"id": i, "first_seen": first, "last_seen": last}
            for i, first, last, _, dirty in self.rows.values()
            if i is not None and dirty
        )
        for statement, rows in (
            (insert(AccountIdentifier), new),
            (update(AccountIdentifier), changed),
        ):
            while chunk := list(islice(rows, batch)):
                self.session.execute(statement, chunk)


def import_identifiers(
    wb: Workbench, actor: Actor, path: Path, *, data: bytes | None = None
) -> dict[str, Any]:
    """Read the file and keep its good rows (all in one transaction); the report as a dict."""
    actor.require_change()
    lines = _read(path.read_bytes() if data is None else data)
    secret = wb.settings.resolved_secret_key()
    # a login log names one address on many rows: each spelling is normalised and hashed once
    identified = lru_cache(maxsize=1 << 16)(partial(identify, secret))
    report = _Report()
    with wb.db.transaction() as session:
        query = scope(select(SellerAccount), actor, SellerAccount).where(
            SellerAccount.deleted_at.is_(None)
        )
        accounts = {a.id: a for a in session.scalars(query)}
        kept = _Kept(session, accounts)
        touched: Counter[int] = Counter()
        for number, line in lines:
            report.rows += 1
            checked = _check(identified, line, accounts)
            if isinstance(checked[0], str):
                column, reason, shown = checked
                report.refuse(number, column, reason, shown)
                continue
            account, found, (first, last) = checked
            report.as_written += found.as_written
            kept.keep(account, found, first, last)
            touched[account.id] += 1
        kept.write(wb.clock.now())
        for account_id, count in sorted(touched.items()):
            record(
                session,
                actor,
                wb.clock,
                "identifiers.imported",
                account_id=account_id,
                subject=accounts[account_id].store_name,
                after={"file": path.name, "identifiers": count},
            )
    return {
        "file": path.name,
        "rows": report.rows,
        "added": kept.added,
        "repeated": kept.repeated,
        "accounts": len(touched),
        "bad_rows": report.bad_rows,
        "phones_as_written": report.as_written,
        "reasons": [
            {"column": column, "reason": reason, "rows": count}
            for (column, reason), count in sorted(
                report.reasons.items(), key=lambda kv: (-kv[1], kv[0])
            )
        ],
        "problems": report.problems,
    }


def as_written_message(report: dict[str, Any], ngettext: Ngettext) -> list[str]:
    """What was said of the phone numbers kept as written (none: nothing)."""
    n = report["phones_as_written"]
    if not n:
        return []
    sentence = ngettext(
        "{n} phone number has no country code and is not a Chinese number: it is kept as "
        "written and matches only the same number written the same way; write it with its "
        "country code (such as +44 7700 900123) to compare it with other stores'.",
        "{n} phone numbers have no country code and are not Chinese numbers: they are kept "
        "as written and match only the same number written the same way; write them with "
        "their country code (such as +44 7700 900123) to compare them with other stores'.",
        n,
    )
    return [sentence.format(n=n)]


def problem_messages(report: dict[str, Any], gettext: Gettext) -> list[str]:
    """One sentence per example of a refused row, in the reader's language."""
    return [
        gettext(N_("Row {row}: {reason}.")).format(
            row=p["row"],
            reason=gettext(REASONS[p["reason"]]).format(column=p["column"], value=p["value"]),
        )
        for p in report["problems"]
    ]
