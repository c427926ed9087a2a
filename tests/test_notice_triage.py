"""The triage question a notice asks (seed 002: are the listings still for sale?) is answered on
the notice page itself, by the team: the answer is recorded on the notice's case (opened from
the notice when it has none) and the page then shows it and what it makes of the case. A viewer
sees the question and the answer recorded, never a form."""

from __future__ import annotations

from typing import Any

import pytest

from reinstate.cases import service
from reinstate.cases.from_notice import answer_for_notice, notice_case, open_from_notice
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput, NotFound, PermissionDenied
from reinstate.notices.service import store_notice
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import World
from .test_notice_words import DEACTIVATION
from .test_races import race

FORM = 'action="/notices/{id}/triage"'
# the notice names the boilerplate violation ("may have provided inaccurate⏎information")
NOTICE = DEACTIVATION
OPEN_CASE = 'action="/notices/{id}/case"'


def _amazon_notice(wb: Workbench, world: World) -> int:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a2, NOTICE.encode(), "deactivated.eml")
    assert notice.report["violations"] == ["inaccurate_information"]
    assert notice.verdict in ("genuine", "unverifiable") and notice.platform == "amazon"
    return notice.id


@pytest.mark.parametrize(
    ("language", "question", "answer", "meaning", "letter"),
    [
        ("en", "Are your listings still for sale", "Yes, still for sale",
         "linked to a buyer account", "Statement (no"),
        ("zh-CN", "你的商品在亚马逊前台是否仍在售", "是，仍在售", "关联了违规的买家账号",
         "情况说明（未违规）"),
    ],
)  # fmt: skip
def test_the_notice_page_asks_records_and_shows_the_answer(
    as_persona: Any,
    wb: Workbench,
    world: World,
    language: str,
    question: str,
    answer: str,
    meaning: str,
    letter: str,
) -> None:
    notice_id = _amazon_notice(wb, world)
    url = f"/notices/{notice_id}"
    user = as_persona("teammate")
    user.client.headers["Accept-Language"] = language
    page = user.client.get(url)
    assert page.status_code == 200 and question in page.text
    assert FORM.format(id=notice_id) in page.text and 'name="answer" value="yes"' in page.text
    assert letter not in page.text  # nothing recorded yet: no letter type shown
    saved = user.post(f"{url}/triage", {"question": "listings_for_sale", "answer": "yes"}, url)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{url}#triage-listings_for_sale"
    # the answer is the case's: opened from the notice, its violations and letter follow it
    case = notice_case(wb, world.actor(wb, "owner"), notice_id)
    assert case is not None and case.triage == {"listings_for_sale": "yes"}
    assert (case.violations, case.letter_type) == (["buyer_account_association"], "statement")
    page = user.client.get(url)
    assert answer in page.text and meaning in page.text and letter in page.text
    assert f'href="/cases/{case.id}#triage"' in page.text
    assert 'value="yes" required checked' in page.text
    # answered again: the same case, not a second one
    again = user.post(f"{url}/triage", {"question": "listings_for_sale", "answer": "no"}, url)
    assert again.status_code == 303
    cases = service.list_cases(wb, world.actor(wb, "owner"))
    assert [c.id for c in cases if c.notice_id == notice_id] == [case.id]
    refreshed = notice_case(wb, world.actor(wb, "owner"), notice_id)
    assert refreshed is not None and refreshed.letter_type == "plan_of_action"
    # a bad answer: one sentence, the page again, nothing changed
    bad = user.post(f"{url}/triage", {"question": "listings_for_sale", "answer": "perhaps"}, url)
    assert bad.status_code == 422 and "perhaps" in bad.text and "Traceback" not in bad.text
    unknown = user.post(f"{url}/triage", {"question": "store_open", "answer": "yes"}, url)
    assert unknown.status_code == 422 and "store_open" in unknown.text


def test_a_viewer_sees_the_answer_but_no_form(as_persona: Any, wb: Workbench, world: World) -> None:
    notice_id = _amazon_notice(wb, world)
    url = f"/notices/{notice_id}"
    viewer = as_persona("viewer")
    page = viewer.client.get(url)
    assert "Are your listings still for sale" in page.text
    assert FORM.format(id=notice_id) not in page.text
    answer_for_notice(wb, world.actor(wb, "teammate"), notice_id, "yes")
    page = viewer.client.get(url)
    assert "Yes, still for sale" in page.text and "Recorded answer" in page.text
    case = notice_case(wb, world.actor(wb, "viewer"), notice_id)
    assert case is not None and f'<a href="/cases/{case.id}">#{case.id}</a>' in page.text
    assert FORM.format(id=notice_id) not in page.text and 'name="answer"' not in page.text
    refused = viewer.post(f"{url}/triage", {"answer": "no"}, url)
    assert refused.status_code == 403
    case = notice_case(wb, world.actor(wb, "owner"), notice_id)
    assert case is not None and case.triage == {"listings_for_sale": "yes"}


@pytest.mark.parametrize(
    ("persona", "answer", "question", "error"),
    [
        ("teammate", "maybe", None, InvalidInput),
        ("teammate", "yes", "store_open", InvalidInput),
        ("viewer", "yes", None, PermissionDenied),
        ("client", "yes", None, NotFound),  # account A2 was not given to the client
        ("outsider", "yes", None, NotFound),
    ],
)
def test_a_refused_answer_opens_no_case(
    wb: Workbench, world: World, persona: str, answer: str, question: str | None, error: type
) -> None:
    notice_id = _amazon_notice(wb, world)
    with pytest.raises(error):
        answer_for_notice(wb, world.actor(wb, persona), notice_id, answer, question)
    assert notice_case(wb, world.actor(wb, "owner"), notice_id) is None


def test_a_phishing_notice_is_not_answered(wb: Workbench, world: World) -> None:
    from .test_notice_words import FORGED

    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a2, FORGED.encode(), "forged.eml")
    assert notice.verdict == "phishing"
    with pytest.raises(InvalidInput, match="not to be acted on"):
        answer_for_notice(wb, owner, notice.id, "yes")
    assert notice_case(wb, owner, notice.id) is None


def test_a_notice_has_one_open_case_and_its_advice_follows_the_answer(
    as_persona: Any, wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    """The notice page offers to open a case until one is open (then it links it); two clicks,
    or two people at once, open one case; once the question is answered, the advice no longer
    asks for the answer first."""
    notice_id = _amazon_notice(wb, world)
    url = f"/notices/{notice_id}"
    user = as_persona("teammate")
    page = user.client.get(url)
    assert OPEN_CASE.format(id=notice_id) in page.text and "First answer the question" in page.text
    outcomes = race(
        settings,
        clock,
        4,
        lambda bench: open_from_notice(bench, world.actor(bench, "teammate"), notice_id).id,
    )
    assert len(set(outcomes)) == 1 and all(isinstance(o, int) for o in outcomes)
    clicked = user.post(f"{url}/case", {}, url)
    assert clicked.status_code == 303 and clicked.headers["location"] == f"/cases/{outcomes[0]}"
    cases = service.list_cases(wb, world.actor(wb, "owner"))
    assert [c.id for c in cases if c.notice_id == notice_id] == [outcomes[0]]
    page = user.client.get(url)
    assert OPEN_CASE.format(id=notice_id) not in page.text
    assert f'href="/cases/{outcomes[0]}"' in page.text
    user.post(f"{url}/triage", {"question": "listings_for_sale", "answer": "no"}, url)
    page = user.client.get(url)
    assert "First answer the question" not in page.text
    assert "Write the letter the answer below chose" in page.text
    user.client.headers["Accept-Language"] = "zh-CN"
    assert "按下方答案选定的信函类型" in user.client.get(url).text
    # a case that is over: the notice may open a new one
    service.apply_event(wb, world.actor(wb, "owner"), outcomes[0], "withdrawn")
    # answered again: on a new case, the withdrawn one left as it was
    answered = answer_for_notice(wb, world.actor(wb, "teammate"), notice_id, "yes")
    assert answered.id != outcomes[0] and answered.triage == {"listings_for_sale": "yes"}
    withdrawn = service.get_case(wb, world.actor(wb, "owner"), outcomes[0])
    assert withdrawn.triage == {"listings_for_sale": "no"}
    assert open_from_notice(wb, world.actor(wb, "teammate"), notice_id).id == answered.id
