"""Amazon never asks for passwords, bank or card data by email (SPEC §3). A mail that asks for
them, in English or in Chinese, is phishing whatever its sender says; one that warns it never
will ("Amazon will never ask you to provide your password", 请勿向任何人提供密码) is not
asking, and a genuine, authenticated invitation that carries the warning stays genuine."""

from __future__ import annotations

import json
import quopri
from pathlib import Path

import pytest

from reinstate.cli import main

AUTH = (
    "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=amazon.com;\n"
    " dkim=pass header.d=amazon.com; dmarc=pass header.from=amazon.com\n"
)


def _eml(path: Path, body: str) -> Path:
    html = (
        f"<html><body><p>{body}</p><p>"
        '<a href="https://sellercentral.amazon.com/verification">Book the call</a></p>'
        "</body></html>"
    )
    path.write_text(
        "From: Amazon <no-reply@amazon.com>\nTo: ops@shop.example.com\n"
        "Subject: Verify your identity by video call\n"
        f"Date: Tue, 10 Nov 2026 03:20:00 +0000\n{AUTH}MIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        + quopri.encodestring(html.encode()).decode(),
        encoding="ascii",
    )
    return path


@pytest.mark.parametrize(
    ("body", "verdict"),
    [
        ("To complete the video verification, reply with your bank account number and your "
         "Seller Central password.", "phishing"),
        ("为完成视频验证，请回复本邮件提供您的银行卡号和登录密码。", "phishing"),
        ("预约前请先提交收款账户信息（开户行、卡号、支付密码）。", "phishing"),
        ("Please book your identity verification video call in Seller Central. Amazon will "
         "never ask you to provide your password by email.", "genuine"),
        ("请在卖家平台预约视频验证。亚马逊绝不会通过邮件要求您提供密码，请勿向任何人提供密码。",
         "genuine"),
    ],
)  # fmt: skip
def test_a_mail_asking_for_secrets_is_phishing_and_a_warning_is_not_an_ask(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    verdict: str,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    assert main(["notice", "check", str(_eml(tmp_path / "n.eml", body)), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["verdict"] == verdict, found["signals"]
    assert ("asks_for_secrets" in {s["code"] for s in found["signals"]}) is (verdict == "phishing")
