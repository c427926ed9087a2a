"""The account hub: one seller account on one page — what needs attention, its open cases,
its metrics, penalties, notices and video verifications."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reinstate.errors import NotFound
from reinstate.today.hub import AccountHub, account_hub
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_today import _busy_day


def test_it_shows_an_account_on_one_page(
    wb: Workbench, world: World, tmp_path: Path, as_persona: object
) -> None:
    made = _busy_day(wb, world, tmp_path)
    owner = world.actor(wb, "owner")
    hub = account_hub(wb, owner, world.account_a, "en")
    assert hub.status == "action_needed"  # the appeal is due within a day
    assert [c.id for c in hub.open_cases] == [made["soon"], made["hidden"]]
    assert {i.account_id for i in hub.attention} == {world.account_a}
    busy = account_hub(wb, owner, world.account_a2, "en")
    assert [v.id for v in busy.verifications] == [made["video"]]
    assert {m.status for m in busy.metrics} & {"at_risk", "breach"}
    assert busy.metrics_as_of is not None
    user = as_persona("owner")  # type: ignore[operator]
    page = user.client.get(f"/accounts/{world.account_a2}").text
    for anchor in (
        "open-cases",
        "metrics-summary",
        "verifications-summary",
        "notices",
        "penalties",
    ):
        assert f'id="{anchor}"' in page, anchor
    assert f'href="/cases/{made["later"]}"' in page
    assert f'href="/verifications/{made["video"]}"' in page
    assert "Order defect rate" in page


def test_it_gives_a_client_the_hub_of_their_own_account_only(
    wb: Workbench, world: World, tmp_path: Path, client: TestClient
) -> None:
    made = _busy_day(wb, world, tmp_path)
    client_actor = world.actor(wb, "client")
    hub = account_hub(wb, client_actor, world.account_a, "en")
    assert [c.id for c in hub.open_cases] == [made["soon"]]  # the hidden case is not theirs
    with pytest.raises(NotFound):
        account_hub(wb, client_actor, world.account_a2, "en")
    answer = client.get(f"/api/v1/accounts/{world.account_a}/hub", headers=bearer(world, "client"))
    assert answer.status_code == 200
    assert [c.id for c in AccountHub.model_validate(answer.json()).open_cases] == [made["soon"]]
    refused = client.get(
        f"/api/v1/accounts/{world.account_a2}/hub", headers=bearer(world, "client")
    )
    assert refused.status_code == 404
