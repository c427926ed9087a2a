"""A resident ID number typed into what the activity log keeps (a comment of the team's or the
client's) is shown masked to the team and the client, in the pages and the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from reinstate.auth.actor import Actor
from reinstate.cases.service import open_case
from reinstate.workbench import Workbench

from .conftest import World, bearer

NUMBER = "44030619881111008X"  # a real one: its birth date exists, its check digit is right
ORDER = "260118123456789012"  # an 18-digit Taobao order number is no ID and stays readable


def test_an_id_number_in_a_comment_or_a_rejection_is_kept_masked(
    wb: Workbench, world: World, client: TestClient, as_persona: Any
) -> None:
    case = open_case(wb, Actor.command_line(world.org_a), world.account_a, ["counterfeit"]).id
    agent = as_persona("teammate")
    agent.post(
        f"/cases/{case}/comment",
        {"comment": f"李明 身份证 {NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]}, order {ORDER}"},
        page=f"/cases/{case}",
    )
    client_user = as_persona("client")
    client_user.post(
        f"/cases/{case}/comment", {"comment": f"法人身份证号：{NUMBER}"}, page=f"/cases/{case}"
    )
    for persona, session in (("teammate", agent.client), ("client", client_user.client)):
        page = session.get(f"/cases/{case}").text
        assert NUMBER not in page and NUMBER[6:14] not in page, persona
        assert page.count("440***********008X") >= 2 and ORDER in page, persona
        activity = client.get("/api/v1/activity", headers=bearer(world, persona)).text
        assert NUMBER not in activity and NUMBER[6:14] not in activity, persona
        assert "440***********008X" in activity, persona
