"""Headers written in raw 8-bit bytes rather than RFC 2047 encoded words: UTF-8 as RFC 6532
allows (many Chinese mailers and phishing kits write them so), or a Chinese mailer's GBK. The
sender's name and the subject are read as the seller's mail program shows them, so a mail that
calls itself 亚马逊 is judged as one claiming to be Amazon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reinstate.cli import main

BODY = (
    "<html><body><p>您好，</p><p>您的卖家账户需要完成视频验证，请在48小时内点击 "
    '<a href="http://amazon-seller-verify.cn/book">预约视频验证</a>，并提供银行卡信息。</p>'
    "</body></html>"
)


def _eml(path: Path, sender: str, subject: str, charset: str) -> Path:
    head = (
        f"From: {sender}\r\nTo: ops@shop.example.com\r\nSubject: {subject}\r\n"
        "Date: Tue, 10 Nov 2026 03:20:00 +0000\r\nMIME-Version: 1.0\r\n"
        'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
    )
    path.write_bytes(head.encode(charset) + BODY.encode("utf-8"))
    return path


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_a_raw_chinese_sender_name_and_subject_are_read(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    charset: str,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    path = _eml(
        tmp_path / "invite.eml",
        "亚马逊卖家平台 <no-reply@amazon-verify.cn>",
        "视频验证预约通知",
        charset,
    )
    assert main(["notice", "check", str(path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["subject"] == "视频验证预约通知"
    assert (found["platform"], found["verdict"]) == ("amazon", "phishing")
    assert found["kind"] == "verification_invitation"
    assert "sender_not_official" in {s["code"] for s in found["signals"]}
