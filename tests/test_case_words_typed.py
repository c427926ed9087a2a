"""A case's violations and events as a member types them: "Counterfeit", "Late Shipment",
"关联账号", "Submitted"; each was refused as not known unless written as its code."""

from __future__ import annotations

import pytest

from reinstate.cases.service import apply_event, open_case
from reinstate.cases.triage import answer_triage
from reinstate.errors import InvalidInput
from reinstate.workbench import Workbench

from .conftest import World


def test_a_case_takes_violations_by_their_names_and_events_in_any_case(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["Counterfeit", "关联账号"])  # Amazon
    assert case.violations == ["counterfeit", "related_accounts"]
    outcome = apply_event(wb, agent, case.id, "Submitted")
    assert outcome.case.state == "submitted"
    with pytest.raises(InvalidInput, match="“Resubmitted” is not known"):
        apply_event(wb, agent, case.id, "Resubmitted")
    with pytest.raises(InvalidInput, match="shoplifting"):
        open_case(wb, agent, world.account_a2, ["shoplifting"])


@pytest.mark.parametrize(("typed", "state"), [("Yes", "yes"), ("是", "yes"), ("否", "no")])
def test_a_triage_answer_is_taken_as_a_seller_types_it(
    wb: Workbench, world: World, typed: str, state: str
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["inaccurate_information"])  # Amazon
    answered = answer_triage(wb, agent, case.id, typed)
    assert answered.triage == {"listings_for_sale": state}
    with pytest.raises(InvalidInput, match="“maybe”"):
        answer_triage(wb, agent, case.id, "maybe")
