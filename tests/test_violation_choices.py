"""Violation choices follow the account's platform (issue 16): a Shopee case cannot name
Amazon's buyer-account link; the form, the API and the CLI offer each platform's own, named."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases import service
from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.workbench import Workbench

from .conftest import World, bearer


def test_another_platforms_code_is_refused_with_a_sentence(wb: Workbench, world: World) -> None:
    outsider = world.actor(wb, "outsider")  # owner of organisation B and its Shopee shop
    with pytest.raises(InvalidInput) as refused:
        service.open_case(wb, outsider, world.account_b, ["buyer_account_association"])
    message = refused.value.message.format(**refused.value.params)
    assert message.startswith("Shopee does not name the violation “buyer_account_association”")
    assert "late_shipment" in message and "other" in message
    assert service.list_cases(wb, outsider) == []
    # its own codes, and the catch-all, are accepted
    case = service.open_case(wb, outsider, world.account_b, ["late_shipment", "other"])
    assert case.violations == ["late_shipment", "other"]
    with pytest.raises(InvalidInput, match="does not name"):
        service.open_case(wb, world.actor(wb, "owner"), world.account_a2, ["listing_policy"])


def test_the_api_refuses_it_422(client: TestClient, world: World) -> None:
    body = {"account_id": world.account_a2, "violations": ["listing_policy"]}
    refused = client.post("/api/v1/cases", json=body, headers=bearer(world, "owner"))
    assert refused.status_code == 422
    assert "Amazon does not name the violation" in refused.json()["error"]["message"]
    rules = client.get("/api/v1/platforms/amazon", headers=bearer(world, "owner")).json()
    named = {v["code"]: v["name"]["en"] for v in rules["violations"]}
    assert named["buyer_account_association"] == "Linked to a violating buyer account"


def test_the_cli_lists_and_refuses(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["case", "violations", "--account", str(world.account_b), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {"code": "late_shipment", "name": "Late shipment / non-fulfilment"}
    assert rows[-1] == {"code": "other", "name": "Other"}
    assert "buyer_account_association" not in [r["code"] for r in rows]
    opened = [
        "case", "open", "--account", str(world.account_b), "--platform", "shopee",
        "--violation", "buyer_account_association",
    ]  # fmt: skip
    assert main(opened) == 1
    error = capsys.readouterr().err
    assert "Shopee does not name the violation “buyer_account_association”" in error
    assert "Traceback" not in error


@pytest.mark.parametrize(
    ("language", "own", "foreign"),
    [
        ("en", "Linked to a violating buyer account", "Counterfeit goods"),
        ("zh-CN", "关联违规买家账号", "假货"),
    ],
)
def test_the_form_offers_the_accounts_platform_with_names(
    as_persona: Any, world: World, language: str, own: str, foreign: str
) -> None:
    agent = as_persona("teammate")
    agent.client.headers["Accept-Language"] = language
    page = agent.client.get(f"/cases/new?account={world.account_a2}")
    assert page.status_code == 200 and own in page.text and foreign not in page.text
    both = agent.client.get("/cases/new").text  # no account chosen: each platform's own group
    assert own in both and foreign in both
    refused = agent.post(
        "/cases/new",
        {"account_id": str(world.account_a2), "violations": "listing_policy"},
        page="/cases/new",
    )
    assert refused.status_code == 422 and "listing_policy" in refused.text
