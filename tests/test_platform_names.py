"""A platform is named as its seller names it: "JOOM", "TikTok Shop", "Amazon", "淘宝", "虾皮".
Every command that takes a platform reads it through one resolver; an unknown name gets one
sentence listing the platforms there are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from reinstate.accounts.service import clean_fields
from reinstate.cli import main
from reinstate.errors import InvalidInput


def _pdf(path: Path) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Remediation letter")
    canvas.save()
    return path


@pytest.mark.parametrize("name", ["JOOM", "Joom", "TikTok Shop", "tiktok-shop", "Amazon", "淘宝"])
def test_evidence_check_takes_the_platforms_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    pdf = _pdf(tmp_path / "GreenLeaf_counterfeit_2026-11-18.pdf")
    assert main(["evidence", "check", str(pdf), "--platform", name, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["path"] == str(pdf)


def test_an_unknown_platform_gets_one_sentence_naming_those_there_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = _pdf(tmp_path / "letter.pdf")
    assert main(["evidence", "check", str(pdf), "--platform", "eBay", "--json"]) != 0
    err = capsys.readouterr().err
    assert "eBay" in err and "tiktok_shop" in err and "Traceback" not in err


def test_a_quote_and_a_letter_lint_take_the_platforms_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quote", "--platform", "TikTok Shop", "--kind", "suspension", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"]
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Seller Performance team,\nWe removed the listing.\n", "utf-8")
    main(["letter", "lint", str(letter), "--platform", "亚马逊", "--json"])
    assert "score" in json.loads(capsys.readouterr().out)


def test_an_account_is_stored_under_the_platforms_code_whatever_name_was_typed() -> None:
    assert clean_fields({"platform": "虾皮", "store_name": "Blue"}, partial=False)["platform"] == (
        "shopee"
    )
    with pytest.raises(InvalidInput):
        clean_fields({"platform": "eBay", "store_name": "Blue"}, partial=False)
