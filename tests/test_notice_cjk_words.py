"""Chinese is written without spaces between words: a mail of whole Chinese paragraphs says
plenty in words, and is not taken for one whose message hides in a picture or a link, while a
one-line Chinese mail that only points to a picture still is."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from reinstate.cli import main

LETTER = (
    "<p>尊敬的客户，您好！</p><p>感谢您选择我们的物流服务。您的货件已于今日从深圳仓库发出，"
    "预计五个工作日内送达目的地仓库，请留意后续的物流更新。如有任何疑问，请随时联系您的客户经理，"
    "我们将竭诚为您服务。</p><p>顺达国际物流有限公司</p>"
)
PICTURE = '<p>请点击图片查看详情</p><a href="https://promo.example.net/x"><img src="cid:1"></a>'


def _eml(path: Path, html: str) -> Path:
    body = base64.encodebytes(f"<html><body>{html}</body></html>".encode()).decode()
    path.write_text(
        "From: =?utf-8?b?6aG66L6+54mp5rWB?= <service@shunda-logistics.example.com>\n"
        "To: ops@shop.example.com\nSubject: =?utf-8?b?6LSn5Lu25bey5Y+R5Ye6?=\n"
        "Date: Tue, 10 Nov 2026 03:20:00 +0000\nMIME-Version: 1.0\n"
        'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: base64\n\n' + body,
        encoding="ascii",
    )
    return path


def _signals(path: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    assert main(["notice", "check", str(path), "--json"]) == 0
    return {s["code"] for s in json.loads(capsys.readouterr().out)["signals"]}


def test_chinese_paragraphs_are_words_and_a_picture_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    assert "wordless" not in _signals(_eml(tmp_path / "letter.eml", LETTER), capsys)
    assert "wordless" in _signals(_eml(tmp_path / "picture.eml", PICTURE), capsys)
