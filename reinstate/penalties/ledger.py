"""The penalty ledger of a seller account: record penalties, follow their appeals, and compute
where the account stands today or after a hypothetical penalty ("what if").

Example::

    record_penalty(wb, actor, account_id, {"received_on": "2026-11-02", "points": 4,
                                           "violation": "late_shipment"})
    standing_of(wb, actor, account_id, what_if=Entry(date(2026, 12, 1), 6))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, InvalidInput, NotFound
from ..events import record
from ..policies.schema import TaobaoPenalties
from ..policies.taxonomy import ViolationCode
from ..storage.tables import APPEAL_RESULTS, Organisation, Penalty, SellerAccount
from ..tenancy import visible
from ..timezones import seller_zone
from ..validation import EARLIEST_DAY, clean_choice, clean_date, clean_text
from ..workbench import Workbench
from .calendar import check_day
from .standing import FAKE_TRANSACTIONS, Entry, Standing, fake_transaction_offences, standing
from .taobao import fake_transaction

VIOLATION_CODES: tuple[str, ...] = get_args(ViolationCode)
MAX_POINTS = 100


def seller_today(wb: Workbench, org_id: int) -> date:
    """The seller's calendar day now, in the organisation's zone, else China's: at 04:00 in
    Shenzhen on 19 November a penalty received that morning is not in the future, and a
    quarter's reset due that Monday has happened (UTC still says the 18th until 08:00)."""
    with wb.db.reading() as session:
        org = session.get(Organisation, org_id)
        zone = seller_zone(org.time_zone if org else None)
    return wb.clock.now().astimezone(zone).date()


def _date(value: object, field: str, today: date) -> date:
    day = clean_date(value, field)
    if day > today:
        raise InvalidInput(N_("{field} cannot be in the future."), field=field)
    if day < EARLIEST_DAY:
        raise InvalidInput(
            N_("{day} is before any marketplace gave penalty points: check its year."),
            field=field,
            day=day.isoformat(),
        )
    return day


def _points(value: object) -> int:
    try:
        points = int(str(value))
    except ValueError:
        raise InvalidInput(N_("{field} must be a whole number."), field="points") from None
    if not 0 <= points <= MAX_POINTS:
        raise InvalidInput(
            N_("{field} must be between 0 and {limit}."), field="points", limit=MAX_POINTS
        )
    return points


def clean_penalty(values: Mapping[str, Any], today: date) -> dict[str, Any]:
    known = {"received_on", "violation", "points", "serious", "appeal_result", "note"}
    unknown = sorted(set(values) - known - {"effective_on"})
    if unknown:
        raise InvalidInput(N_("Unknown field: {name}."), field=unknown[0], name=unknown[0])
    received = _date(values.get("received_on", ""), "received_on", today)
    effective = values.get("effective_on") or None
    effective_on = (
        check_day(clean_date(effective, "effective_on"), "effective_on") if effective else None
    )
    if effective_on is not None and effective_on < received:
        raise InvalidInput(
            N_("{field} cannot be before the day the penalty was received."),
            field="effective_on",
        )
    return {
        "received_on": received,
        "effective_on": effective_on,
        "violation": clean_choice(values.get("violation"), "violation", VIOLATION_CODES),
        "points": _points(values.get("points", "")),
        "serious": values.get("serious") in (True, "1", "true", "on"),
        "appeal_result": clean_choice(
            values.get("appeal_result", "not_appealed"), "appeal_result", APPEAL_RESULTS
        ),
        "note": clean_text(values.get("note"), "note", max_length=500),
    }


def _shown(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()}


def record_penalty(
    wb: Workbench, actor: Actor, account_id: int, values: Mapping[str, Any]
) -> Penalty:
    actor.require_change()
    account = get_account(wb, actor, account_id)
    fields = clean_penalty(values, seller_today(wb, account.org_id))
    with wb.db.transaction() as session:
        penalty = Penalty(
            org_id=actor.org_id,
            account_id=account.id,
            platform=account.platform,
            created_at=wb.clock.now(),
            **fields,
        )
        session.add(penalty)
        session.flush()
        record(
            session,
            actor,
            wb.clock,
            "penalty.recorded",
            account_id=account.id,
            subject=account.store_name,
            after=_shown(fields),
        )
        _alert_level(session, wb, actor, account, penalty)
        return penalty


def _alert_level(
    session: Session, wb: Workbench, actor: Actor, account: SellerAccount, penalty: Penalty
) -> None:
    """Alert once when this penalty takes the account to a new level of its platform's system."""
    from ..alerts.detect import level_reached, raise_alert

    rows = list(session.scalars(select(Penalty).where(Penalty.account_id == account.id)))
    entries = {p.id: entry_of(p) for p in rows}
    pack = wb.policies.get_pack(account.platform)
    region = account.marketplace or None
    today = seller_today(wb, account.org_id)
    before = standing(
        pack, [e for i, e in entries.items() if i != penalty.id], as_of=today, region=region
    )
    after = standing(pack, list(entries.values()), as_of=today, region=region)
    if not level_reached(before, after):
        return
    raise_alert(
        session,
        actor,
        wb.clock,
        "alert.penalty_level",
        account_id=account.id,
        subject=account.store_name,
        before={"points": before.points, "level": before.level},
        after={"points": after.points, "level": after.level, "system": after.system},
    )


def set_appeal_result(
    wb: Workbench, actor: Actor, account_id: int, penalty_id: int, result: str
) -> Penalty:
    actor.require_change()
    result = clean_choice(result, "appeal_result", APPEAL_RESULTS)
    account = get_account(wb, actor, account_id)
    with wb.db.transaction() as session:
        penalty = session.scalar(
            select(Penalty).where(visible(actor, Penalty), Penalty.id == penalty_id)
        )
        if penalty is None or penalty.account_id != account.id:
            raise NotFound(N_("There is no such penalty on this seller account."))
        if penalty.appeal_result != result:
            before = penalty.appeal_result
            penalty.appeal_result = result
            record(
                session,
                actor,
                wb.clock,
                "penalty.appeal_result",
                account_id=account.id,
                subject=account.store_name,
                before={"appeal_result": before},
                after={"appeal_result": result},
            )
        return penalty


def penalties_of(wb: Workbench, actor: Actor, account_id: int) -> list[Penalty]:
    account = get_account(wb, actor, account_id)
    with wb.db.reading() as session:
        query = select(Penalty).where(visible(actor, Penalty), Penalty.account_id == account.id)
        return list(session.scalars(query.order_by(Penalty.received_on.desc(), Penalty.id.desc())))


def standing_of(
    wb: Workbench, actor: Actor, account_id: int, *, what_if: Entry | None = None
) -> Standing:
    """Today's standing, or the standing on ``what_if``'s day had that penalty been received."""
    account = get_account(wb, actor, account_id)
    ledger = ledger_of(wb, actor, account_id)
    as_of = seller_today(wb, account.org_id)
    if what_if is not None:
        ledger.append(what_if)
        as_of = max(as_of, what_if.received_on)
    pack = wb.policies.get_pack(account.platform)
    return standing(pack, ledger, as_of=as_of, region=account.marketplace or None)


def entry_of(p: Penalty) -> Entry:
    """A recorded penalty as the standing counts it: its violation too (a serious Taobao fake
    transaction counts though its appeal is pending, and freezes the account)."""
    return Entry(p.received_on, p.points, p.serious, p.appeal_result, p.violation, p.effective_on)


def ledger_of(wb: Workbench, actor: Actor, account_id: int) -> list[Entry]:
    return [entry_of(p) for p in penalties_of(wb, actor, account_id)]


def what_if_entry(points: object, day: object, today: date) -> Entry:
    """A hypothetical penalty: ``points`` on ``day`` (today or later)."""
    amount = _points(points)
    when = clean_date(day, "received_on") if day else today
    return Entry(check_day(max(when, today), "received_on"), amount)


def _orders(value: object) -> int:
    try:
        orders = int(str(value))
    except ValueError:
        raise InvalidInput(N_("{field} must be a whole number."), field="orders") from None
    if orders < 0:
        raise InvalidInput(N_("The number of orders cannot be negative."), field="orders")
    return orders


def _given(value: object) -> str:
    """A form's or a query's value as typed: "" when left out (0 is a value)."""
    return "" if value is None else str(value).strip()


def what_if_penalty(
    wb: Workbench, actor: Actor, account_id: int, values: Mapping[str, Any]
) -> Entry:
    """A hypothetical penalty from what the platform decides it by. On Taobao: which violation
    and whether it is serious; a fake transaction's points come from the table, for the n-th
    offence of the year counted from the ledger and the number of offending orders. Elsewhere
    (and for Taobao's other violations): the points."""
    account = get_account(wb, actor, account_id)
    today = seller_today(wb, account.org_id)
    day = values.get("date") or None
    when = check_day(max(clean_date(day, "received_on") if day else today, today), "received_on")
    violation = clean_choice(values.get("violation") or "other", "violation", VIOLATION_CODES)
    serious = values.get("serious") in (True, "1", "true", "on")
    rules = wb.policies.get_pack(account.platform).penalties
    if isinstance(rules, TaobaoPenalties) and violation == FAKE_TRANSACTIONS:
        offences = fake_transaction_offences(
            ledger_of(wb, actor, account_id), when, rules.fake_transactions.appeal_first
        )
        penalty = fake_transaction(
            rules.fake_transactions,
            offence=offences + 1,
            # a serious case costs the same whatever its orders, and may have none of its own
            orders=_orders(_given(values.get("orders")) or ("0" if serious else "")),
            serious=serious,
        )
        return Entry(when, penalty.points, serious, violation=violation, effective_on=when)
    points = _points(values.get("points", ""))
    return Entry(when, points, serious, violation=violation, effective_on=when)
