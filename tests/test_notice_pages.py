"""Stored notices on the web and over the API: originals kept, hostile HTML never rendered."""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.letters.service import draft_for_case
from reinstate.notices.check import check_notice
from reinstate.notices.service import list_notices, store_notice
from reinstate.workbench import Workbench

from .conftest import World, bearer

GENUINE = Path(__file__).parent / "fixtures" / "notices" / "genuine"
HOSTILE = (
    b"<html><body><script>alert('owned')</script><p>Your Joom store is suspended. "
    b'<a href="https://joom.com.account-check.example/login">merchant.joom.com</a> '
    b'<img src="https://tracker.example/p.gif"></p></body></html>'
)


def _upload(user: Any, account: int, name: str, data: bytes) -> Any:
    return user.client.post(
        "/notices/new",
        data={"account_id": str(account), "csrf_token": user.csrf("/notices/new")},
        files={"file": (name, data, "application/octet-stream")},
    )


def test_it_checks_an_uploaded_email_and_keeps_the_original(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    agent = as_persona("teammate")
    original = (GENUINE / "joom-counterfeit.eml").read_bytes()
    response = _upload(agent, world.account_a, "joom-counterfeit.eml", original)
    assert response.status_code == 303
    page = agent.client.get(response.headers["location"])
    assert 'class="verdict big genuine"' in page.text and "JM-2026-88120" in page.text
    assert "Counterfeit goods" in page.text and "Brand authorisation" in page.text
    download = agent.client.get(response.headers["location"] + "/original")
    assert download.content == original
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["content-type"] == "application/octet-stream"
    stored = wb.settings.data_dir / "blobs"
    digest = hashlib.sha256(original).hexdigest()
    assert (stored / digest[:2] / digest[2:4] / digest).read_bytes() == original
    assert "Stored a notice" in agent.client.get(f"/accounts/{world.account_a}/activity").text
    account_page = agent.client.get(f"/accounts/{world.account_a}").text
    assert "Account Suspension: counterfeit goods" in account_page and "2026-11-24" in account_page


def test_it_never_renders_the_notice_html(as_persona: Any, world: World) -> None:
    agent = as_persona("teammate")
    response = _upload(agent, world.account_a, "offer.html", HOSTILE)
    page = agent.client.get(response.headers["location"]).text
    assert "<script>alert" not in page and 'tracker.example/p.gif"' not in page
    assert 'href="https://joom.com.account-check.example' not in page
    assert "hxxps://joom[.]com[.]account-check[.]example/login" in page
    assert 'class="verdict big phishing"' in page


def test_it_accepts_pasted_text_and_says_it_cannot_be_verified(
    as_persona: Any, world: World
) -> None:
    agent = as_persona("teammate")
    response = agent.client.post(
        "/notices/new",
        data={
            "account_id": str(world.account_a),
            "csrf_token": agent.csrf("/notices/new"),
            "text": "Your Joom store is suspended for counterfeit goods. Case ID: JM-1234.",
        },
    )
    page = agent.client.get(response.headers["location"]).text
    assert 'class="verdict big unverifiable"' in page and "JM-1234" in page
    # no links: a sentence, not an empty bullet; the signal's detail does not repeat its label
    assert "The notice has no links." in page and "<li>—</li>" not in page
    why = page.split("No email headers: the sender cannot be checked</b>", 1)[1].split("</li>")[0]
    assert "cannot be checked" not in why and "pasted text or a page" in why


def test_it_refuses_bad_uploads_and_stores_nothing(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    agent = as_persona("teammate")
    for name, data, message in (
        ("empty.eml", b"", "The notice is empty."),
        ("noise.bin", bytes(range(256)) * 64, "This file is not an email, a web page or text."),
        ("huge.eml", b"From: a@b.com\n\n" + b"x" * (11 * 1024 * 1024), "larger than 10 MB"),
    ):
        response = _upload(agent, world.account_a, name, data)
        assert response.status_code == 422 and message in response.text, name
    response = agent.client.post(
        "/notices/new", data={"csrf_token": agent.csrf("/notices/new"), "text": "hello"}
    )
    assert response.status_code == 422 and "Choose the seller account" in response.text
    assert list_notices(wb, world.actor(wb, "owner")) == []
    assert not (wb.settings.data_dir / "blobs").exists()


def test_it_keeps_notices_inside_their_organisation_and_roles(
    as_persona: Any, world: World
) -> None:
    agent = as_persona("teammate")
    data = (GENUINE / "joom-counterfeit.eml").read_bytes()
    location = _upload(agent, world.account_a2, "n.eml", data).headers["location"]
    outsider = as_persona("outsider")
    assert outsider.client.get(location).status_code == 404
    assert outsider.client.get(location + "/original").status_code == 404
    assert _upload(outsider, world.account_a, "n.eml", data).status_code == 404
    client = as_persona("client")  # assigned to account_a only
    assert client.client.get(location).status_code == 404
    viewer = as_persona("viewer")
    assert viewer.client.get(location).status_code == 200
    assert _upload(viewer, world.account_a, "n.eml", data).status_code == 403


def test_an_identity_number_in_a_notice_is_masked_wherever_it_is_shown(
    client: TestClient, world: World, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = (
        "Your account has been deactivated. Legal representative ID 11010519491231002X, "
        "身份证号：11010519491231002X。Order 123456789012345678 is affected."
    )
    mail = EmailMessage()
    mail["From"], mail["To"] = "seller-performance@amazon.com", "me@example.com"
    mail["Subject"] = "ID 11010519491231002X: your account"
    mail.set_content(body)
    data = bytes(mail)
    sent = {
        "account_id": world.account_a,
        "filename": "id.eml",
        "content_base64": base64.b64encode(data).decode(),
    }
    created = client.post("/api/v1/notices", headers=bearer(world, "owner"), json=sent)
    assert created.status_code == 201
    shown = client.get(f"/api/v1/notices/{created.json()['id']}", headers=bearer(world, "owner"))
    path = tmp_path / "id.eml"
    path.write_bytes(data)
    assert main(["notice", "check", str(path), "--json"]) == 0
    printed = capsys.readouterr().out
    for text in (created.text, shown.text, printed):
        assert "11010519491231002X" not in text
        assert "110***********002X" in text
        assert "123456789012345678" in text  # an order number of 18 digits stays readable


def test_it_stores_and_serves_notices_over_the_api(client: TestClient, world: World) -> None:
    original = (GENUINE / "taobao-fake-transaction-gbk.eml").read_bytes()
    body = {
        "account_id": world.account_a,
        "filename": "taobao.eml",
        "content_base64": base64.b64encode(original).decode(),
    }
    created = client.post("/api/v1/notices", headers=bearer(world, "teammate"), json=body)
    assert created.status_code == 201
    notice = created.json()
    assert (notice["verdict"], notice["platform"], notice["deadline"]) == (
        "genuine",
        "taobao",
        "2026-11-20",
    )
    assert notice["sha256"] == hashlib.sha256(original).hexdigest()
    url = f"/api/v1/notices/{notice['id']}"
    assert client.get(url, headers=bearer(world, "viewer")).json()["violations"] == [
        "fake_transactions"
    ]
    assert client.get(url, headers=bearer(world, "outsider")).status_code == 404
    assert client.get(url).status_code == 401
    assert (
        client.post("/api/v1/notices", headers=bearer(world, "viewer"), json=body).status_code
        == 403
    )
    for bad, field in (
        ({"account_id": world.account_a}, "content"),
        ({"account_id": world.account_a, "content_base64": "%%%"}, "content_base64"),
        ({"account_id": world.account_a, "content": ""}, "file"),
    ):
        refused = client.post("/api/v1/notices", headers=bearer(world, "owner"), json=bad)
        assert refused.status_code == 422 and refused.json()["error"]["field"] == field
    listing = client.get("/api/v1/notices", headers=bearer(world, "owner")).json()["items"]
    assert [n["id"] for n in listing] == [notice["id"]]


def test_pasted_text_quoting_a_mail_keeps_its_subject_and_the_day_it_was_sent(
    wb: Workbench, world: World
) -> None:
    # a seller copies a forwarded mail, header lines and all, into the paste box two days on
    owner = world.actor(wb, "owner")
    pasted = (
        "---------- Forwarded message ---------\n"
        "From: Joom <support@joom.com>\n"
        "Date: Mon, 16 Nov 2026 09:00:00 +0000\n"
        "Subject: Your store is suspended\n\n"
        "Your Joom store was suspended for counterfeit goods."
    )
    body_only = pasted.split("\n\n", 1)[1].encode()
    counted_from_now = check_notice(
        body_only, "pasted.txt", wb.policies, today=wb.clock.now().date(), now=wb.clock.now()
    ).facts.deadline
    notice = store_notice(wb, owner, world.account_a, pasted.encode(), "pasted.txt")
    assert notice.subject == "Your store is suspended"  # its title, not "pasted.txt"
    assert str(notice.report["date"]).startswith("2026-11-16T09:00")
    assert counted_from_now is not None  # the platform's window, from the moment of pasting
    assert notice.deadline == counted_from_now - timedelta(days=2)  # from when it was sent
    case = open_case(wb, owner, world.account_a, ["counterfeit"], notice_id=notice.id)
    assert draft_for_case(wb, owner, case.id).notice_date == date(2026, 11, 16)
