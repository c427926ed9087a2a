"""The rehearsal compares what the seller would say with the profile "exactly" (seed 004), but a
code is the same code in either letter case (an ID number's check character x, a credit code's
letters, the merchant token), a phone number the same number with or without +86 and hyphens,
and a zero-width space copied along with an answer is no character a reviewer hears. An address
that differs by one letter's case still differs."""

from __future__ import annotations

import html
import re
from typing import Any

from reinstate.accounts.service import update_account
from reinstate.auth.actor import Actor
from reinstate.workbench import Workbench

from .conftest import VALID_ID, VALID_USCC, World


def _results(page: str) -> dict[str, str]:
    found = re.findall(r'<li class="(equal|differs)"><b>([^<]+)</b>', page)
    return {html.unescape(label): verdict for verdict, label in found}


def test_codes_and_phone_numbers_match_in_any_spelling_and_an_address_does_not(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = Actor.command_line(world.org_a)
    update_account(
        wb,
        owner,
        world.account_a,
        {
            "seller_id": "A2EUQ1WTGCTBG2",
            "phone": "13800138000",
            "registered_address": "深圳市南山区XX大厦A座501",
        },
    )
    agent = as_persona("teammate")
    page = f"/accounts/{world.account_a}/rehearse"
    shown = agent.post(
        page,
        {
            "uscc": VALID_USCC.lower(),
            "legal_rep_id_number": VALID_ID.lower(),
            "seller_id": "a2euq1wtgctbg2\u200b",
            "phone": "+86 138-0013-8000",
            "registered_address": "深圳市南山区XX大厦a座501",
        },
        page=page,
    )
    assert shown.status_code == 200
    results = _results(shown.text)
    assert results == {
        "Unified social credit code": "equal",
        "Legal representative's ID number": "equal",
        "Seller ID": "equal",
        "Phone": "equal",
        "Registered address": "differs",
    }, results
