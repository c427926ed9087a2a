"""Demonstration data: a service provider with four members, five stores on five platforms and
a few recorded penalties.

Run it again and the demo members get fresh passwords (printed once); nothing is duplicated.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from .accounts.service import create_account, set_client_access
from .auth.actor import Actor
from .auth.service import create_organisation, create_user, reset_password
from .ids import cn_id_check_char, uscc_check_char
from .penalties.ledger import record_penalty
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
    return Demo(org.id, True, members)


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
