"""The letter page (guided form, live preview, versions, downloads) and /api/v1 letters."""

from __future__ import annotations

import io
from typing import Any

import pypdf
from fastapi.testclient import TestClient

from reinstate.letters import service
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_letter_cases import notice_case

ANSWERS = {
    "a0.root_causes": "Two phone-case models came from a wholesaler the brand had not authorised",
    "a0.action0.text": "Removed SKU JOOM-12345 and JOOM-67890 from sale",
    "a0.action0.done_on": "2026-11-18",
    "a0.action0.exhibit": "b",
    "a0.action0.page": "4",
    "a0.measure0.text": "Brand authorisation is checked before any listing goes live",
    "a0.measure0.owner": "purchasing lead",
    "a0.measure0.frequency": "for each new product",
}


def _form(agent: Any, case: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What the page's form posts: its prefilled fields plus the answers typed."""
    page = agent.client.get(f"/cases/{case}/letter").text
    fields = {
        "store_name": "Blue Ocean Home",
        "reference_id": "JM-2026-88120",
        "items": "JOOM-12345\nJOOM-67890",
        "a0.proof0.text": "Remediation letter (stamped)",
        "a0.proof0.exhibit": "A",
        "a0.proof0.page": "2",
        "csrf_token": agent.csrf(f"/cases/{case}/letter"),
    }
    assert 'name="a0.quote"' in page
    return {**fields, **ANSWERS, **(extra or {})}


def test_an_agent_answers_previews_saves_and_downloads(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    case = notice_case(wb, world)
    agent = as_persona("teammate")
    page = agent.client.get(f"/cases/{case}/letter")
    assert page.status_code == 200
    html = page.text
    assert 'value="JM-2026-88120"' in html and "identified as counterfeit goods" in html
    assert "Goods bought from an unverified supplier" in html  # the pack's likely causes
    assert "why it happened (root cause)" in html  # the gaps, before anything is typed
    assert '<script src="/static/letter.js" defer></script>' in html
    live = agent.client.post(f"/cases/{case}/letter/preview", data=_form(agent, case))
    assert live.status_code == 200, live.text
    result = live.json()
    assert (result["score"], result["problems"], result["gaps"]) == (100, [], [])
    assert (
        "- On 2026-11-18: Removed SKU JOOM-12345" in result["text"]
        or "Removed SKU" in result["text"]
    )
    saved = agent.client.post(f"/cases/{case}/letter", data=_form(agent, case, {"action": "save"}))
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    html = agent.client.get(saved.headers["location"]).text
    assert (
        "Saved as version 1." in html
        and 'value="Removed SKU JOOM-12345 and JOOM-67890 from sale"' in html
    )
    text = agent.client.get(f"/cases/{case}/letters/1.txt")
    assert text.headers["content-disposition"].startswith("attachment")
    assert text.content.decode() == service.get_letter(wb, world.actor(wb, "owner"), case, 1).text
    pdf = agent.client.get(f"/cases/{case}/letters/1.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert (
        "Removed SKU JOOM-12345" in pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    )
    assert "Version 1 saved" in agent.client.get(f"/cases/{case}").text
    assert agent.client.get(f"/cases/{case}/letters/1.docx").status_code == 404
    assert agent.client.get(f"/cases/{case}/letters/2.txt").status_code == 404


def test_bad_answers_get_one_sentence_and_nothing_is_saved(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    case = notice_case(wb, world)
    agent = as_persona("teammate")
    bad = _form(agent, case, {"a0.action0.page": "four", "action": "save"})
    refused = agent.client.post(f"/cases/{case}/letter", data=bad)
    assert refused.status_code == 422
    assert "answers.1.actions.1.page must be a whole number." in refused.text
    live = agent.client.post(
        f"/cases/{case}/letter/preview", data=_form(agent, case, {"a0.action0.done_on": "18/11"})
    )
    assert live.status_code == 422
    assert live.json() == {
        "error": "answers.1.actions.1.done_on is not a date: write it as YYYY-MM-DD."
    }
    assert service.letters_of(wb, world.actor(wb, "owner"), case) == []


def test_what_people_type_is_escaped(as_persona: Any, wb: Workbench, world: World) -> None:
    case = notice_case(wb, world)
    agent = as_persona("teammate")
    script = "<script>alert(1)</script>"
    agent.client.post(
        f"/cases/{case}/letter",
        data=_form(agent, case, {"a0.root_causes": script, "action": "save"}),
    )
    html = agent.client.get(f"/cases/{case}/letter").text
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_roles_and_tenancy_on_the_letter_pages(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    case = notice_case(wb, world)
    viewer = as_persona("viewer")
    page = viewer.client.get(f"/cases/{case}/letter").text
    assert "Save as a new version" not in page
    assert (
        viewer.client.post(
            f"/cases/{case}/letter", data=_form(viewer, case, {"action": "save"})
        ).status_code
        == 403
    )
    assert (
        viewer.client.post(f"/cases/{case}/letter/preview", data=_form(viewer, case)).status_code
        == 200
    )
    client = as_persona("client")
    assert client.client.get(f"/cases/{case}/letter").status_code == 200
    outsider = as_persona("outsider")
    assert outsider.client.get(f"/cases/{case}/letter").status_code == 404
    assert outsider.client.get(f"/cases/{case}/letters/1.txt").status_code == 404


def test_the_api_drafts_previews_saves_and_lists(
    client: TestClient, wb: Workbench, world: World
) -> None:
    case = notice_case(wb, world)
    owner = bearer(world, "owner")
    drafted = client.get(f"/api/v1/cases/{case}/letter/draft", headers=owner).json()
    assert drafted["draft"]["reference_id"] == "JM-2026-88120"
    assert drafted["suggestions"]["counterfeit"]["root_causes"]
    draft = drafted["draft"]
    draft["answers"][0].update(
        root_causes=[ANSWERS["a0.root_causes"]],
        actions=[{"text": ANSWERS["a0.action0.text"], "exhibit": "B", "page": 4}],
        prevention=[
            {"text": ANSWERS["a0.measure0.text"], "owner": "purchasing lead", "frequency": "weekly"}
        ],
    )
    preview = client.post(f"/api/v1/cases/{case}/letter/preview", headers=owner, json=draft)
    assert preview.status_code == 200 and preview.json()["score"] == 100
    created = client.post(f"/api/v1/cases/{case}/letters", headers=owner, json=draft)
    assert created.status_code == 201 and created.json()["version"] == 1
    listed = client.get(f"/api/v1/cases/{case}/letters", headers=bearer(world, "viewer")).json()
    assert [v["version"] for v in listed["letters"]] == [1]
    one = client.get(f"/api/v1/cases/{case}/letters/1", headers=owner).json()
    assert one["text"] == created.json()["text"] and one["draft"]["answers"][0]["root_causes"]
    bad = client.post(f"/api/v1/cases/{case}/letters", headers=owner, json={**draft, "answers": []})
    assert bad.status_code == 422
    assert bad.json()["error"] == {
        "code": "invalid_input",
        "message": "answers must not be empty.",
        "field": "answers",
    }
    viewer = client.post(
        f"/api/v1/cases/{case}/letters", headers=bearer(world, "viewer"), json=draft
    )
    assert viewer.status_code == 403
    outsider = client.get(f"/api/v1/cases/{case}/letters", headers=bearer(world, "outsider"))
    assert outsider.status_code == 404
