"""The penalty simulators at the edges a checker tries: no offending order, the seller's own
calendar day, and the same answer on the command line, the simulator page and the API."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.cli import main
from reinstate.workbench import Workbench

from .conftest import World, bearer

FAKE = "fake_transactions"


def _cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    language: str = "en",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("offence", ["1", "3", "4"])
@pytest.mark.parametrize(
    ("language", "words"), [("en", "give at least 1"), ("zh_CN", "请至少填 1 笔")]
)
def test_a_fake_transaction_without_an_offending_order_is_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    offence: str,
    language: str,
    words: str,
) -> None:
    """Seed 003 penalises offending orders: 0 of them is no offence (the fourth offence said
    48 points for none), while one order is the table's first row."""
    args = ("penalty", "taobao-fake-transaction", "--offence", offence, "--json")
    code, out, err = _cli(capsys, monkeypatch, *args, "--orders", "0", language=language)
    assert code == 1 and out == "" and words in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = _cli(capsys, monkeypatch, *args, "--orders", "1", language=language)
    assert code == 0 and '"points"' in out


def test_a_serious_scheme_needs_no_order_of_the_seller_s_own(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spreading a scheme to evade Taobao's controls is serious without an order of one's own."""
    code, out, err = _cli(
        capsys, monkeypatch, "penalty", "taobao-fake-transaction", "--orders", "0", "--serious"
    )
    assert code == 0, err
    assert "Points: 48" in out and "permanently, 30 days after" in out


def test_the_page_and_the_what_if_refuse_no_offending_order(
    client: TestClient, as_persona: Any, wb: Workbench, world: World
) -> None:
    user = as_persona("viewer")
    page = user.client.get("/simulator?kind=taobao&offence=4&orders=0")
    assert page.status_code == 422 and "give at least 1" in page.text
    owner = world.actor(wb, "owner")
    account = create_account(wb, owner, {"platform": "taobao", "store_name": "荷塘小店"}).id
    asked = client.get(
        f"/api/v1/accounts/{account}/standing?what_if_violation={FAKE}&what_if_orders=0",
        headers=bearer(world, "owner"),
    )
    assert asked.status_code == 422 and "give at least 1" in asked.text
