"""Today puts what cannot wait first (found by an exploratory tester): a phishing warning, an
overdue appeal or an invalid file sat in a later section, below lines marked "Soon". The page
now opens with every "Act now" line, then each section with what is left; every line is listed
once and each title counts what it lists. The API keeps its sections as they were."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from reinstate.today.service import today
from reinstate.today.views import Today
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_today import _busy_day

LINE = re.compile(
    r'class="today-item severity-(\w+)" data-kind="(\w+)">\s*(?:<span[^>]*>[^<]*</span>)?'
    r'\s*<a href="([^"]+)"'
)
SECTION = re.compile(r'<section class="today" id="today-(\w+)">\s*<h2>.*?<span class="count">(\d+)')


def test_every_act_now_line_comes_before_any_line_that_can_wait(
    wb: Workbench, world: World, tmp_path: Path, as_persona: object, client: TestClient
) -> None:
    made = _busy_day(wb, world, tmp_path)
    model = today(wb, world.actor(wb, "owner"))
    page = as_persona("owner").client.get("/today").text  # type: ignore[attr-defined]
    lines = LINE.findall(page)
    severities = [severity for severity, _, _ in lines]
    urgent = severities.count("high")
    assert urgent >= 3 and severities[:urgent] == ["high"] * urgent
    assert "high" not in severities[urgent:]
    # the phishing warning (a new notice) is above the appeal due in two days (a deadline)
    links = [link for _, _, link in lines]
    assert links[0] == f"/notices/{made['phishing']}"  # the newest danger: the earliest moment
    assert links.index(f"/notices/{made['phishing']}") < links.index(f"/cases/{made['hidden']}")
    sections = SECTION.findall(page)
    assert sections[0] == ("act_now", str(urgent))
    # each line once; the read model's lines are all there
    everything = [i.link for s in model.sections for i in s.items]
    assert sorted(links) == sorted(everything)
    counted = {name: int(n) for name, n in sections}
    for section in model.sections:
        left = [i for i in section.items if i.severity != "high"]
        if section.section != "at_risk" and left:
            assert counted[section.section] == len(left)
    # the section shows all of its lines on its own page, the same as on the whole page
    only = as_persona("owner").client.get("/today?section=act_now").text  # type: ignore[attr-defined]
    assert [s for s, _, _ in LINE.findall(only)] == ["high"] * urgent
    # the API is unchanged: the five sections, each with all of its lines
    api = Today.model_validate(client.get("/api/v1/today", headers=bearer(world, "owner")).json())
    assert [s.section for s in api.sections] == [s.section for s in model.sections]
    assert "act_now" not in {s.section for s in api.sections}


def test_a_day_with_nothing_urgent_has_no_act_now_section(
    wb: Workbench, world: World, as_persona: object
) -> None:
    from datetime import timedelta

    from reinstate.cases.service import open_case

    from .conftest import NOW

    owner = world.actor(wb, "owner")
    open_case(wb, owner, world.account_a2, ["other"], deadline=NOW.date() + timedelta(days=2))
    page = as_persona("owner").client.get("/today").text  # type: ignore[attr-defined]
    assert 'id="today-deadlines"' in page and 'id="today-act_now"' not in page
