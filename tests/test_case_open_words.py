"""Opening a case from a notice stored on another seller account: a member who sees that
notice is told it is another account's (it exists); one who does not is told there is none."""

from __future__ import annotations

import io
import sys

import pytest
from fastapi.testclient import TestClient

from reinstate.cli import main
from reinstate.notices.service import store_notice
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_case_deadline_answered import JOOM_NOTICE


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Notice {n} is of another seller account, not of seller account {a}."),
        ("zh_CN", "通知 {n} 属于另一个店铺，不属于店铺 {a}。"),
    ],
)
def test_the_cli_names_another_account_s_notice(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
    language: str,
    words: str,
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    opened = ["case", "open", "--platform", "amazon", "--violation", "other"]
    account = ["--account", str(world.account_a2), "--notice", str(notice.id)]
    assert main([*opened, *account]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == words.format(n=notice.id, a=world.account_a2)


def test_the_api_answers_422_for_its_own_and_404_for_another_organisation_s(
    client: TestClient, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    body = {"account_id": world.account_a2, "violations": ["other"], "notice_id": notice.id}
    mine = client.post("/api/v1/cases", json=body, headers=bearer(world, "teammate"))
    assert mine.status_code == 422
    assert "is of another seller account" in mine.json()["error"]["message"]
    body["account_id"] = world.account_b
    theirs = client.post("/api/v1/cases", json=body, headers=bearer(world, "outsider"))
    assert theirs.status_code == 404 and "There is no notice" in theirs.json()["error"]["message"]
