"""Demonstration data: a service provider with four members, five stores on five platforms,
a few recorded penalties, two notices (one genuine, one phishing), two open cases and four
months of orders for two stores' metrics.

Run it again and the demo members get fresh passwords (printed once); nothing is duplicated.
"""

from __future__ import annotations

import csv
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from random import Random

from sqlalchemy import select

from .accounts.service import create_account, set_client_access
from .auth.actor import Actor
from .auth.service import create_organisation, create_user, reset_password
from .cases.service import apply_event, open_case
from .ids import cn_id_check_char, uscc_check_char
from .letters.draft import Action
from .letters.service import draft_for_case, save_letter
from .metrics.service import import_orders
from .notices.service import store_notice
from .penalties.ledger import record_penalty
from .provider.service import QuoteOptions, accept_quote
from .storage.tables import Organisation, User
from .workbench import Workbench

DOMAIN = "reinstate-demo.example.com"
ORG_NAME = "Blue Ocean Appeals 蓝海申诉服务"
MEMBERS = (("owner", "owner"), ("agent", "agent"), ("client", "client"), ("viewer", "viewer"))

_USCC = "91440300MA5F8K2Q1"
_CN_ID = "44030519880312431"
PROFILE = {
    "company_name": "深圳市蓝海家居用品有限公司",
    "registered_address": "深圳市南山区粤海街道科技园XX大厦A座501",
    "uscc": _USCC + uscc_check_char(_USCC),
    "legal_representative": "李明",
    "legal_rep_id_number": _CN_ID + cn_id_check_char(_CN_ID),
    "registered_email": "ops@blueocean-home.example.com",
    "phone": "+86 755 8888 0000",
}
ACCOUNTS = (
    {
        "platform": "amazon",
        "marketplace": "US",
        "store_name": "Blue Ocean Home US",
        "seller_id": "A2BLUEOCEAN7Q3",
    },
    {
        "platform": "joom",
        "marketplace": "EU",
        "store_name": "BlueOceanHome",
        "seller_id": "5f1a9c0e2b7d4a0012c3e9f1",
    },
    {
        "platform": "shopee",
        "marketplace": "PH",
        "store_name": "blueocean.ph",
        "seller_id": "781234567",
    },
    {
        "platform": "taobao",
        "marketplace": "CN",
        "store_name": "蓝海家居旗舰店",
        "seller_id": "2208812345678",
    },
    {
        "platform": "tiktok_shop",
        "marketplace": "UK",
        "store_name": "Blue Ocean Living UK",
        "seller_id": "GB7494123456",
    },
)
CLIENT_STORES = ("BlueOceanHome", "blueocean.ph")
# (store, days before today, points, violation, serious, appeal result)
PENALTIES = (
    ("blueocean.ph", 16, 4, "late_shipment", False, "upheld"),
    ("blueocean.ph", 9, 3, "cancellation_rate", False, "pending"),
    ("Blue Ocean Living UK", 40, 4, "late_shipment", False, "not_appealed"),
    ("Blue Ocean Living UK", 12, 8, "counterfeit", False, "pending"),
    ("蓝海家居旗舰店", 5, 12, "fake_transactions", False, "upheld"),
)


@dataclass
class Demo:
    org_id: int
    created: bool
    members: list[dict[str, str]] = field(default_factory=list)


def load_demo(wb: Workbench) -> Demo:
    with wb.db.reading() as session:
        org_id = session.scalar(select(Organisation.id).where(Organisation.name == ORG_NAME))
    if org_id is not None:
        return Demo(org_id, False, _reset_passwords(wb, org_id))
    org = create_organisation(wb, ORG_NAME, "provider")
    actor = Actor.command_line(org.id)
    members = []
    for local, role in MEMBERS:
        password = _password()
        email = f"{local}@{DOMAIN}"
        create_user(wb, actor, email, role, password)
        members.append({"email": email, "role": role, "password": password})
    client = f"client@{DOMAIN}"
    stores = {}
    for values in ACCOUNTS:
        account = create_account(wb, actor, {**values, **PROFILE})
        stores[account.store_name] = account.id
        if account.store_name in CLIENT_STORES:
            set_client_access(wb, actor, account.id, client, allowed=True)
    _demo_notices(wb, actor, stores)
    today = wb.clock.now().date()
    for store, days_ago, points, violation, serious, result in PENALTIES:
        record_penalty(
            wb,
            actor,
            stores[store],
            {
                "received_on": today - timedelta(days=days_ago),
                "points": points,
                "violation": violation,
                "serious": serious,
                "appeal_result": result,
            },
        )
    _demo_metrics(wb, actor, stores)
    return Demo(org.id, True, members)


# (store, orders a day, carriers, how the last weeks went wrong)
METRIC_STORES = (
    ("Blue Ocean Home US", 24, ("YunExpress", "UPS", "USPS"), "defects"),
    ("blueocean.ph", 12, ("J&T Express", "Ninja Van"), "late"),
)


def _demo_metrics(wb: Workbench, actor: Actor, stores: dict[str, int]) -> None:
    """120 days of orders for two stores, imported as a seller would (a canonical CSV): the US
    store's order defects climb over the last month, mostly on two SKUs sent by one carrier;
    the Philippine store ships late more often lately."""
    random = Random(8)
    now = wb.clock.now()
    rows = []
    for store, per_day, carriers, trouble in METRIC_STORES:
        key = next(a["seller_id"] for a in ACCOUNTS if a["store_name"] == store)
        platform = next(a["platform"] for a in ACCOUNTS if a["store_name"] == store)
        for back in range(120, -1, -1):
            midnight = datetime.combine(now.date() - timedelta(days=back), time(), UTC)
            recent = back < 30
            for n in range(per_day):
                bought = midnight + timedelta(minutes=random.randrange(24 * 60))
                carrier, sku = random.choice(carriers), f"BO-{random.randrange(1, 9):03d}"
                bad = trouble == "defects" and recent and carrier == carriers[0]
                bad = bad and (sku in ("BO-003", "BO-004") or random.random() < 0.05)
                late = trouble == "late" and random.random() < (0.07 if recent else 0.02)
                cancelled = random.random() < 0.01  # out of stock: cancelled, never shipped
                ship_by = bought + timedelta(days=2)
                shipped = ship_by + timedelta(hours=random.randrange(2, 30 if late else 3))
                if not late:
                    shipped = bought + timedelta(hours=random.randrange(4, 40))
                delivered = shipped + timedelta(days=random.randrange(3, 9))
                rows.append(
                    [
                        f"{key}-{midnight:%y%m%d}-{n:03d}",
                        key,
                        platform,
                        bought.isoformat(),
                        ship_by.isoformat(),
                        "cancelled" if cancelled else "shipped" if shipped <= now else "pending",
                        "seller" if cancelled else "",
                        shipped.isoformat() if shipped <= now and not cancelled else "",
                        (bought + timedelta(days=10)).isoformat(),
                        delivered.isoformat() if delivered <= now and not cancelled else "",
                        f"T{random.randrange(10**9)}",
                        "false" if random.random() < 0.02 else "true",
                        carrier,
                        sku,
                        "PH" if platform == "shopee" else random.choice(("US", "US", "CA")),
                        random.choice(("1", "2")) if bad else random.choice(("", "", "4", "5")),
                        "yes" if bad and random.random() < 0.3 else "",
                    ]
                )
    with tempfile.TemporaryDirectory(prefix="reinstate-demo-") as work:
        path = Path(work) / "demo-orders.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(DEMO_ORDER_COLUMNS)
            writer.writerows(rows)
        import_orders(wb, actor, profile="canonical", path=path)


DEMO_ORDER_COLUMNS = (
    "order_id",
    "account_id",
    "platform",
    "purchase_ts",
    "ship_by_ts",
    "status",
    "cancelled_by",
    "shipped_ts",
    "promised_delivery_ts",
    "delivered_ts",
    "tracking_id",
    "tracking_valid",
    "carrier",
    "sku",
    "destination_country",
    "feedback_rating",
    "a_to_z_claim",
)


def _email(sender: str, subject: str, body: str, html: str, auth: str, when: datetime) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, PROFILE["registered_email"], subject
    msg["Date"] = format_datetime(when)
    msg["Authentication-Results"] = auth
    msg.set_content(body)
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes(policy=SMTP)


def _demo_notices(wb: Workbench, actor: Actor, stores: dict[str, int]) -> None:
    """A genuine Joom suspension and a phishing 'Amazon' one, made here (no real sample)."""
    when = wb.clock.now() - timedelta(days=2)
    genuine = _email(
        "Joom Merchant Support <merchant-support@joom.com>",
        "Account Suspension: counterfeit goods",
        "Your store BlueOceanHome has been suspended because products JOOM-12345 and "
        "JOOM-67890 were identified as counterfeit goods. Case ID: JM-2026-88120. "
        "Please submit your remediation documents within 7 days.",
        "<p>Your store BlueOceanHome has been suspended because products JOOM-12345 and "
        "JOOM-67890 were identified as counterfeit goods. Case ID: JM-2026-88120.</p><p>Please "
        'submit your remediation documents within 7 days at <a href="https://merchant.joom.com/'
        'appeals">merchant.joom.com</a>.</p>',
        "mx.example.net; spf=pass smtp.mailfrom=joom.com; dkim=pass header.d=joom.com; "
        "dmarc=pass header.from=joom.com",
        when,
    )
    phishing = _email(
        "Am\u200bazon Seller Support <support@amazon-seller-review.example.org>",
        "Your selling account will be permanently closed within 24 hours",
        "Your Amazon seller account is suspended. Confirm your password and bank account "
        "details within 24 hours or your account will be permanently closed.",
        '<p>Your Amazon seller account is suspended.</p><p><a href="https://sellercentral.'
        'amazon.com.account-review.example.org/login">https://sellercentral.amazon.com</a></p>'
        "<p>Pay a $49 fee for expedited review.</p>",
        "mx.example.net; spf=fail smtp.mailfrom=amazon-seller-review.example.org; dmarc=fail",
        when,
    )
    notice = store_notice(wb, actor, stores["BlueOceanHome"], genuine, "joom-suspension.eml")
    store_notice(wb, actor, stores["Blue Ocean Home US"], phishing, "amazon-urgent.eml")
    joom = open_case(
        wb,
        actor,
        stores["BlueOceanHome"],
        notice.report["violations"] or ["other"],
        notice_id=notice.id,
    )
    _demo_letter(wb, actor, joom.id)
    # the provider's side: the Joom case's quote accepted, its deliverables on the SLA clock
    accept_quote(wb, actor, joom.id, QuoteOptions(kind="suspension", languages=("zh",)))
    shopee = open_case(
        wb,
        actor,
        stores["blueocean.ph"],
        ["late_shipment"],
        deadline=wb.clock.now().date() + timedelta(days=1),
    )
    apply_event(wb, actor, shopee.id, "preparing")


def _demo_letter(wb: Workbench, actor: Actor, case_id: int) -> None:
    """A first, unfinished letter: the cause and one action written, prevention still missing,
    so the review panel has something true to say."""
    draft = draft_for_case(wb, actor, case_id)
    first = draft.answers[0].model_copy(
        update={
            "root_causes": [
                "Two phone-case models were bought from a new wholesaler whose authorisation "
                "from the brand we did not check"
            ],
            "actions": [
                Action(
                    text="Removed SKU JOOM-12345 and JOOM-67890 from sale",
                    done_on=wb.clock.now().date() - timedelta(days=1),
                )
            ],
        }
    )
    save_letter(wb, actor, case_id, draft.model_copy(update={"answers": [first]}))


def _password() -> str:
    return secrets.token_urlsafe(12)


def _reset_passwords(wb: Workbench, org_id: int) -> list[dict[str, str]]:
    members = []
    actor = Actor.command_line(org_id)
    with wb.db.transaction() as session:
        users = session.scalars(select(User).where(User.org_id == org_id).order_by(User.id))
        for user in users:
            password = _password()
            reset_password(session, wb, actor, user, password)
            members.append({"email": user.email, "role": user.role, "password": password})
    return members
