"""The case page accepts a quote in two steps, as a careful agent expects: the choices first show
the quote priced from the organisation's price list (each line with its amount, and the total),
storing nothing; only "Accept this quote" commits, and only the quote that was shown. A
confirmation whose choices or prices differ from the quote shown is refused in one sentence."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from reinstate.cases.service import open_case
from reinstate.provider import service
from reinstate.storage.tables import Engagement
from reinstate.workbench import Workbench

from .conftest import World

CHOICES = {"kind": "suspension", "rush": "yes", "language_de": "yes", "working_days": "2"}
OPTIONS = service.QuoteOptions(kind="suspension", rush=True, languages=("de",), working_days=2)
HIDDEN = re.compile(r'<input type="hidden" name="(?!csrf_token)([a-z_]+)" value="([^"]*)">')


def _engagements(wb: Workbench, case_id: int) -> int:
    with wb.db.reading() as session:
        query = select(func.count()).select_from(Engagement).where(Engagement.case_id == case_id)
        return int(session.scalar(query) or 0)


def _shown(page: str) -> dict[str, str]:
    """The fields of the form that accepts the quote shown."""
    form = page[page.index('id="quote-shown"') :]
    return dict(HIDDEN.findall(form[: form.index("</form>")]))


@pytest.mark.parametrize(
    ("language", "show", "accept", "total"),
    [("en", "Show the quote", "Accept this quote", "Total"),
     ("zh_CN", "查看报价", "接受此报价", "合计")],
)  # fmt: skip
def test_the_quote_is_shown_before_it_is_accepted(
    as_persona: Any, wb: Workbench, world: World, language: str, show: str, accept: str, total: str
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    user = as_persona("teammate")
    user.post("/language", {"language": language, "next": "/"}, page="/settings")
    url = f"/cases/{case}"
    page = user.client.get(url).text
    assert f'action="{url}/engagement/quote"' in page and show in page
    assert accept not in page  # no quote shown yet, nothing to accept
    # step one: the quote, priced as the engagement will be; nothing stored
    shown = user.post(f"{url}/engagement/quote", CHOICES, page=url)
    assert shown.status_code == 200 and accept in shown.text and total in shown.text
    assert _engagements(wb, case) == 0
    _, _, quote = service.quote_case(wb, agent, case, OPTIONS)
    assert len(quote.lines) >= 3 and quote.total > 0  # base, rush, German
    for line in quote.lines:
        assert f"<td>{line.amount:.2f}</td>" in shown.text
    assert f"<th>{quote.total:.2f}</th>" in shown.text
    fields = _shown(shown.text)
    assert {k: v for k, v in fields.items() if k != "digest"} == CHOICES
    # the choices stay chosen in the form above it
    assert 'name="rush" value="yes" checked' in shown.text
    # step two: accepting exactly what was shown
    accepted = user.post(f"{url}/engagement", fields, page=url)
    assert accepted.status_code == 303, accepted.text
    engagement = service.engagement_of(wb, agent, case)
    assert Decimal(engagement.total) == quote.total and engagement.working_days == 2
    assert [line["amount"] for line in engagement.lines] == [
        f"{line.amount:.2f}" for line in quote.lines
    ]


def test_a_confirmation_unlike_the_quote_shown_is_refused(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    user = as_persona("owner")
    url = f"/cases/{case}"
    fields = _shown(user.post(f"{url}/engagement/quote", CHOICES, page=url).text)
    # another choice than the one shown (rush dropped, a cheaper quote) with the shown digest
    tampered = {k: v for k, v in fields.items() if k != "rush"}
    refused = user.post(f"{url}/engagement", tampered, page=url)
    assert refused.status_code == 409 and "not those of the quote shown" in refused.text
    assert "Traceback" not in refused.text and _engagements(wb, case) == 0
    forged = user.post(f"{url}/engagement", {**fields, "digest": "0" * 64}, page=url)
    assert forged.status_code == 409 and _engagements(wb, case) == 0
    # no quote shown at all: the old one-step form is refused
    blind = user.post(f"{url}/engagement", CHOICES, page=url)
    assert blind.status_code == 422 and "Show the quote first" in blind.text
    assert _engagements(wb, case) == 0
    # the price list changed since the quote was shown: its prices are not those accepted
    stored = service.price_list(wb, owner).text
    dearer = stored.replace('suspension = "2400.00"', 'suspension = "2500.00"')  # Joom's
    assert dearer != stored
    service.save_price_list(wb, owner, dearer)
    moved = user.post(f"{url}/engagement", fields, page=url)
    assert moved.status_code == 409 and _engagements(wb, case) == 0
    # shown again, it is accepted at the new price
    again = _shown(user.post(f"{url}/engagement/quote", CHOICES, page=url).text)
    assert again["digest"] != fields["digest"]
    assert user.post(f"{url}/engagement", again, page=url).status_code == 303
    assert _engagements(wb, case) == 1


def test_a_viewer_is_shown_no_quote(as_persona: Any, wb: Workbench, world: World) -> None:
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    viewer = as_persona("viewer")
    url = f"/cases/{case}"
    assert 'id="accept-quote"' not in viewer.client.get(url).text
    assert viewer.post(f"{url}/engagement/quote", CHOICES, page=url).status_code == 403
