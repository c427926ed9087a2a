"""Seed 004: a genuine invitation's booking link starts https://sellercentral.amazon.com/ or
https://accountverification.amazon.com/. One that sends the seller to the right host over plain
http is not opened as an invitation (the reason is said); the same mail over https is."""

from __future__ import annotations

import json
import quopri
from pathlib import Path

import pytest

from reinstate.accounts.service import create_account
from reinstate.auth.actor import Actor
from reinstate.i18n import gettext_for
from reinstate.notices.service import store_notice
from reinstate.verification import service
from reinstate.verification.invitation import NotAnInvitation
from reinstate.workbench import Workbench

from .conftest import World


def _invitation(path: Path, link: str) -> Path:
    html = (
        "<html><body><p>Hello,</p><p>To keep selling, please book an identity verification "
        f'video call with our team. <a href="{link}">Schedule the call</a></p>'
        "<p>Amazon Seller Performance</p></body></html>"
    )
    path.write_bytes(
        b"From: Amazon <no-reply@amazon.com>\r\nTo: ops@shop.example.com\r\n"
        b"Subject: Action required: verify your identity by video call\r\n"
        b"Date: Tue, 17 Nov 2026 03:20:00 +0000\r\nMIME-Version: 1.0\r\n"
        b"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=amazon.com;\r\n"
        b" dkim=pass header.d=amazon.com; dmarc=pass header.from=amazon.com\r\n"
        b'Content-Type: text/html; charset="utf-8"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + quopri.encodestring(html.encode())
    )
    return path


@pytest.mark.parametrize(
    "link",
    ["http://sellercentral.amazon.com/verification", "HTTP://accountverification.amazon.com/start"],
)
def test_a_booking_link_over_plain_http_is_not_a_genuine_invitation(
    wb: Workbench, world: World, tmp_path: Path, link: str
) -> None:
    mei = world.actor(wb, "owner")
    owner = Actor.command_line(world.org_a)
    plain = create_account(wb, owner, {"platform": "amazon", "store_name": "Plain"}).id
    path = _invitation(tmp_path / "http.eml", link)
    notice = store_notice(wb, mei, plain, path.read_bytes(), path.name).id
    with pytest.raises(NotAnInvitation) as refused:
        service.open_verification(wb, mei, plain, notice_id=notice)
    assert f"the link {link} is not an https address" in str(refused.value)
    shown = refused.value.render(gettext_for("zh_CN"))
    assert f"链接 {link} 不是 https 地址" in shown and "https address" not in shown
    secure = create_account(wb, owner, {"platform": "amazon", "store_name": "Secure"}).id
    path = _invitation(tmp_path / "https.eml", "https" + link[4:])
    notice = store_notice(wb, mei, secure, path.read_bytes(), path.name).id
    assert service.open_verification(wb, mei, secure, notice_id=notice).state == "invited"


@pytest.mark.parametrize(
    "link",
    [
        "https://sellercentral.amazon.top/verification",
        "https://accountverification.amazon.xyz/start",
        "https://sellercentral.amazon.zip/verification",
    ],
)
def test_a_booking_link_on_a_suffix_amazon_does_not_sell_on_is_phishing(
    wb: Workbench,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    link: str,
) -> None:
    from reinstate.cli import main

    path = _invitation(tmp_path / "lookalike.eml", link)
    assert main(["notice", "check", str(path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["verdict"] == "phishing"
    assert {"link_not_official", "link_lookalike"} & {s["code"] for s in found["signals"]}
    mei = world.actor(wb, "owner")
    owner = Actor.command_line(world.org_a)
    store = create_account(wb, owner, {"platform": "amazon", "store_name": "Suffix"}).id
    notice = store_notice(wb, mei, store, path.read_bytes(), path.name).id
    with pytest.raises(NotAnInvitation) as refused:
        service.open_verification(wb, mei, store, notice_id=notice)
    host = link.split("/")[2]
    assert f"the link host {host} is not one of" in str(refused.value)
    uk = _invitation(tmp_path / "uk.eml", "https://sellercentral.amazon.co.uk/verification")
    assert main(["notice", "check", str(uk), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "genuine"


def test_an_invitation_dated_ahead_of_its_arrival_opens_from_its_arrival(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    """A sender's clock years fast would open a booking window not yet come."""
    from datetime import timedelta

    path = _invitation(tmp_path / "fast.eml", "https://sellercentral.amazon.com/verification")
    path.write_bytes(path.read_bytes().replace(b"17 Nov 2026", b"01 Jan 2030"))
    mei = world.actor(wb, "owner")
    store = create_account(
        wb, Actor.command_line(world.org_a), {"platform": "amazon", "store_name": "Fast"}
    ).id
    notice = store_notice(wb, mei, store, path.read_bytes(), path.name)
    row = service.open_verification(wb, mei, store, notice_id=notice.id)
    assert row.invited_at == notice.created_at == wb.clock.now()
    assert row.book_from == wb.clock.now() + timedelta(hours=48)


def test_a_host_in_look_alike_letters_is_named_so_its_difference_shows(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    path = _invitation(tmp_path / "cyrillic.eml", "https://sellercentral.am\u0430zon.com/verify")
    mei = world.actor(wb, "owner")
    store = create_account(
        wb, Actor.command_line(world.org_a), {"platform": "amazon", "store_name": "Cyrillic"}
    ).id
    notice = store_notice(wb, mei, store, path.read_bytes(), path.name).id
    with pytest.raises(NotAnInvitation) as refused:
        service.open_verification(wb, mei, store, notice_id=notice)
    assert "the link host sellercentral.xn--amzon-5ve.com (sellercentral.am\u0430zon.com)" in str(
        refused.value
    )


def test_a_sender_domain_written_with_its_final_dot_is_the_same_sender(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    path = _invitation(tmp_path / "dot.eml", "https://sellercentral.amazon.com/verification")
    path.write_bytes(path.read_bytes().replace(b"<no-reply@amazon.com>", b"<no-reply@amazon.com.>"))
    mei = world.actor(wb, "owner")
    store = create_account(
        wb, Actor.command_line(world.org_a), {"platform": "amazon", "store_name": "Dot"}
    ).id
    notice = store_notice(wb, mei, store, path.read_bytes(), path.name)
    assert notice.verdict == "genuine"
    assert service.open_verification(wb, mei, store, notice_id=notice.id).state == "invited"
