"""The case page's quote form (found by an exploratory tester): an accepted quote cannot be taken
back, yet the form chose "performance metric appeal" for a suspended store, offered kinds the
price list has no fee for on the case's platform, and emptied itself when a quote was refused."""

from __future__ import annotations

import re
from typing import Any

from reinstate.cases import service as cases
from reinstate.workbench import Workbench

from .conftest import World
from .test_quote_shown import _shown


def _accepted(agent: Any, url: str, fields: dict[str, str]) -> Any:
    """The quote of ``fields`` shown, then accepted as shown."""
    shown = agent.post(f"{url}/engagement/quote", fields, page=url)
    assert shown.status_code == 200
    return agent.post(f"{url}/engagement", _shown(shown.text), page=url)


def _kinds(page: str) -> list[str]:
    form = page[page.index('id="accept-quote"') :]
    select = form[form.index('name="kind"') : form.index("</select>")]
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_quote_form_offers_priced_kinds_chooses_none_and_keeps_a_refused_quote(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id  # a Joom store
    agent = as_persona("owner")
    url = f"/cases/{case}"
    page = agent.client.get(url).text
    assert _kinds(page) == ["", "metric", "suspension", "listing"]  # Joom's fees; none chosen
    assert "selected>" not in page[page.index('name="kind"') : page.index("</select>")]
    unchosen = agent.post(f"{url}/engagement/quote", {"rush": "yes"}, page=url)
    assert unchosen.status_code == 422 and "Choose the kind of case." in unchosen.text
    refused = agent.post(
        f"{url}/engagement/quote",
        {"kind": "suspension", "working_days": "0", "rush": "yes", "language_de": "yes"},
        page=url,
    )
    assert refused.status_code == 422
    kept = refused.text
    assert '<option value="suspension" selected>' in kept
    assert re.search(r'name="rush" value="yes"\s+checked', kept)
    assert re.search(r'name="language_de" value="yes"\s+checked', kept)
    assert 'name="working_days" value="0"' in kept
    accepted = _accepted(agent, url, {"kind": "suspension"})
    assert accepted.status_code == 303
    assert "suspended account appeal" in agent.client.get(url).text


def test_the_team_marks_the_deliverables_delivered_on_the_case_page(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    agent, viewer = as_persona("owner"), as_persona("viewer")
    url = f"/cases/{case}"
    assert _accepted(agent, url, {"kind": "suspension"}).status_code == 303
    page = agent.client.get(url).text
    assert f'action="{url}/engagement/delivered"' in page
    assert f'action="{url}/engagement/delivered"' not in viewer.client.get(url).text
    assert viewer.post(f"{url}/engagement/delivered", page=url).status_code == 403
    assert agent.post(f"{url}/engagement/delivered", page=url).status_code == 303
    page = agent.client.get(url).text
    assert "delivered on time" in page and f'action="{url}/engagement/delivered"' not in page
    again = agent.post(f"{url}/engagement/delivered", page=url)
    assert again.status_code == 409 and "already delivered" in again.text


def test_a_number_the_quote_form_cannot_read_is_one_sentence_not_a_crash(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    """A "²" is a digit to str.isdigit but not to int(), nor are 5,000 digits: both are refused
    like any other text, with the page again, instead of a 500."""
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    agent = as_persona("owner")
    url = f"/cases/{case}"
    for field, value in (("metrics", "²"), ("working_days", "٣"), ("metrics", "1" * 5000)):
        for action in ("engagement/quote", "engagement"):
            fields = {"kind": "suspension", field: value, "digest": "x"}
            refused = agent.post(f"{url}/{action}", fields, page=url)
            assert refused.status_code == 422, (field, value, action)
            assert "must be a whole number" in refused.text


def test_the_page_bounds_the_metrics_of_a_quote_as_the_api_does(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    """The API refuses more than 20 metrics; the page's form said max="20" to the browser only,
    so a posted 21 (or 10**20) was priced and accepted into an engagement."""
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    agent = as_persona("owner")
    url = f"/cases/{case}"
    for metrics in ("21", "99999999999999999999"):
        refused = agent.post(
            f"{url}/engagement/quote", {"kind": "metric", "metrics": metrics}, page=url
        )
        assert refused.status_code == 422 and "must be 1 to 20" in refused.text
        assert 'id="quote-shown"' not in refused.text
    assert _accepted(agent, url, {"kind": "metric", "metrics": "20"}).status_code == 303
