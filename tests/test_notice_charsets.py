"""A notice saved as a page or a text file in an East Asian charset reads as its sender wrote
it: a page in the charset its <meta> declares, a file that declares none in the one its text
reads in (Shift_JIS, Big5 and GBK bytes all decode as GB18030 too, into characters that mean
nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reinstate.cli import main

JAPANESE = (
    "出品者様\n\nAmazon出品サービスをご利用いただきありがとうございます。"
    "お客様の出品アカウントを停止しました。偽造品の出品が確認されました。\n"
    "ASIN：B0CJPX7777\n"
)
TRADITIONAL = (
    "淘寶網\n尊敬的商家：您的店鋪因存在虛假交易行為被處罰，處罰編號：TB20261201123。"
    "請於2026年12月20日前提交申訴。\n"
)


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["notice", "check", str(path), "--json"]) == 0
    found: dict[str, object] = json.loads(capsys.readouterr().out)
    return found


def test_a_page_is_read_in_the_charset_it_declares(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
        "</head><body>" + "".join(f"<p>{line}</p>" for line in JAPANESE.splitlines()) + "</body>"
        "</html>"
    )
    path = tmp_path / "amazon.html"
    path.write_bytes(page.encode("shift_jis"))
    found = _check(path, capsys)
    assert (found["platform"], found["kind"], found["violations"]) == (
        "amazon",
        "suspension",
        ["counterfeit"],
    )
    assert found["asins"] == ["B0CJPX7777"] and "偽造品" in str(found["text"])


@pytest.mark.parametrize(
    ("text", "charset", "platform", "words"),
    [
        (JAPANESE, "shift_jis", "amazon", "出品アカウントを停止"),
        (TRADITIONAL, "big5", "taobao", "虛假交易"),
        (TRADITIONAL.replace("淘寶網", "淘宝网").replace("店鋪", "店铺"), "gbk", "taobao", "交易"),
    ],
)
def test_a_text_file_without_a_charset_is_read_in_the_one_its_text_is_in(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    charset: str,
    platform: str,
    words: str,
) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(text.encode(charset))
    found = _check(path, capsys)
    assert (found["platform"], found["text"]) == (platform, text.strip())
    assert words in str(found["text"])


def test_a_page_saved_in_utf8_under_an_old_declaration_reads_as_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"</head><body><pre>{TRADITIONAL}</pre></body></html>"
    )
    path = tmp_path / "saved.html"
    path.write_bytes(page.encode("utf-8"))
    found = _check(path, capsys)
    assert (found["platform"], found["reference_id"]) == ("taobao", "TB20261201123")
