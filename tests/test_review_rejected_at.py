"""The failure review tells when the platform rejected the appeal: the moment the agent gave
for the rejection (recorded a day later, say), not the moment it was typed in; the window
counted from the rejection runs from that moment too."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from reinstate.cases.service import apply_event, open_case
from reinstate.clock import FrozenClock
from reinstate.provider.review import review_content, review_pdf
from reinstate.workbench import Workbench

from .conftest import World


def test_the_review_says_when_the_platform_rejected_not_when_it_was_recorded(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    clock.set(datetime(2026, 11, 21, 8, 0, tzinfo=UTC))  # the agent records them days later
    submitted = datetime(2026, 11, 19, 1, 30, tzinfo=UTC)
    rejected = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    apply_event(wb, owner, case, "submitted", at=submitted)
    apply_event(wb, owner, case, "rejected", at=rejected, note="Brand authorisation expired")
    content = review_content(wb, owner, case)
    assert content.rejected_at == rejected
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(review_pdf(content))).pages)
    assert "Attempt 1 was rejected on 2026-11-20 09:15 UTC." in text
    assert "2026-11-21 08:00" not in text  # the moment it was recorded
