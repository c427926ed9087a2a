"""A Joom notice that states no deadline gets the platform's usual window (SPEC: usually 7-14
days, 7 assumed); passing it warns and closes nothing. The case page refused the submission
("the appeal entrance closed") where the command line and the API took it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from reinstate.cases.from_notice import open_from_notice
from reinstate.cases.service import get_case
from reinstate.clock import FrozenClock
from reinstate.notices.service import store_notice
from reinstate.workbench import Workbench

from .conftest import World

# Sent 12 Oct 2026; asks for documents "promptly", naming no day.
NOTICE = b"""From: Joom Merchant Support <merchant-support@joom.com>
To: seller@north-wind.example.com
Subject: Restricted Account: logistics performance
Date: Mon, 12 Oct 2026 02:00:00 +0000
Message-ID: <restrict-5521@joom.com>
Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=joom.com;
 dkim=pass header.d=joom.com; dmarc=pass header.from=joom.com
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0

Dear merchant,

Your store North Wind is restricted: more than 5% of its orders were shipped without
tracking (logistics anomaly). Reference ID: JM-2026-55210.

Please send your remediation plan promptly at https://merchant.joom.com/appeals .

Joom Merchant Team
"""


def test_the_page_takes_a_submission_after_an_assumed_deadline(
    wb: Workbench, world: World, clock: FrozenClock, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE, "joom-restricted.eml")
    assert notice.report["deadline_source"] == "platform_default"
    case = open_from_notice(wb, owner, notice.id)
    assert case.due_at is not None
    clock.set(case.due_at + timedelta(days=1))
    user = as_persona("teammate")
    form = {"event": "submitted", "confirm_missing": "1"}
    answer = user.post(f"/cases/{case.id}/event", form, page=f"/cases/{case.id}")
    assert answer.status_code == 303, answer.text
    stored = get_case(wb, owner, case.id)
    assert (stored.state, stored.attempts_used) == ("submitted", 1)
