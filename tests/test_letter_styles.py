"""Plans of Action in the styles sellers and agents write them: numbered sections, markdown,
Chinese-English headings, "•" and "1)" lists, or plain paragraphs without headings. The
structure rules read what each part says, not how it is laid out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reinstate.cli import main
from reinstate.letters.lint import lint
from reinstate.letters.model import Letter
from reinstate.policies.loader import load_policies

STRUCTURE = {"missing_root_cause", "missing_actions", "missing_prevention"}


def missing(text: str) -> set[str]:
    letter = Letter(text, load_policies()["amazon"], [], letter_type="plan_of_action")
    return {f.code for f in lint(letter).findings} & STRUCTURE


@pytest.mark.parametrize(
    "text",
    [
        "1. Root Cause\n1.1 Orders shipped without tracking after an ERP change.\n"
        "2. Corrective Actions Taken\n2.1 We re-uploaded valid tracking for all open orders.\n"
        "3. Preventive Measures\n3.1 Each shipment's tracking is checked before confirming.\n",
        "## Root cause\n- Our supplier sent units unlike the listing photos.\n"
        "## Actions we have taken\n- Removed the ASIN from sale and refunded 14 buyers.\n"
        "## Preventive measures\n- **Inspection:** a third party inspects every batch.\n",
        "一、问题原因 Root Cause\n我们的ERP工具没有过滤品牌词。\n二、已采取的措施 Actions Taken\n"
        "• 已删除全部违规商品（见附件第3页）。\n三、预防措施 Preventive Measures\n"
        "• 每个新商品上架前由专人检查品牌授权。\n",
        "Root cause:\n1) Listings said FDA approved for a product that is not.\n"
        "Actions taken:\n1) We edited all 23 affected listings and removed the claim.\n"
        "Preventive measures:\n1) A second person approves every listing before it goes live.\n",
    ],
    ids=["numbered", "markdown", "chinese-english", "paren-numbers"],
)
def test_each_layout_of_the_three_parts_is_read(text: str) -> None:
    assert missing(text) == set()


def test_paragraphs_without_headings_are_read_for_what_they_say() -> None:
    text = (
        "The late shipment rate went above 4% because our carrier stopped collecting parcels "
        "during a regional holiday.\n\nWe have changed the handling time on all listings to "
        "three days and shipped every pending order with a second carrier.\n\n"
        "To make sure this does not happen again, we signed contracts with two carriers and "
        "our warehouse manager reviews the late shipment rate every morning.\n"
    )
    assert missing(text) == set()


def test_headings_with_nothing_under_them_are_not_the_parts() -> None:
    text = "Root cause:\nN/A\n\nActions taken:\nTBD\n\nPreventive measures:\nTBD\n"
    assert missing(text) == STRUCTURE
    markdown = "# Plan of Action\n## Root cause\n## Actions taken\n## Preventive measures\n"
    assert missing(markdown) == STRUCTURE


def test_a_label_with_only_a_referral_after_it_is_not_the_part() -> None:
    text = (
        "Root cause: see attachment.\nActions taken: see attachment.\n"
        "Preventive measures: see attachment.\n"
    )
    assert missing(text) == STRUCTURE
    written = (
        "Root cause: our pick list was not updated after we added 40 variations.\n"
        "Actions taken: we sent the right items to all 18 buyers and refunded shipping.\n"
        "Preventive measures: every variation now has a barcode scanned at packing.\n"
    )
    assert missing(written) == set()


def test_headings_in_capitals_are_layout_not_shouting() -> None:
    text = (
        "**ROOT CAUSE ANALYSIS**\n– Our warehouse packed the wrong colour for 18 orders.\n"
        "**CORRECTIVE ACTIONS**\n– We contacted all 18 buyers and sent the right items.\n"
        "**PREVENTIVE MEASURES**\n– Every variation now has a barcode scanned at packing.\n"
    )
    letter = Letter(text, load_policies()["amazon"], [], letter_type="plan_of_action")
    assert "emotive_language" not in {f.code for f in lint(letter).findings}
    shouted = text + "PLEASE REVIEW THIS APPEAL TODAY\n"
    letter = Letter(shouted, load_policies()["amazon"], [], letter_type="plan_of_action")
    assert [f.line for f in lint(letter).findings if f.code == "emotive_language"] == [7]


def test_a_letter_saved_as_utf16_is_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    path = tmp_path / "letter.txt"
    text = (
        "Root cause: our pick list was not updated after we added 40 variations.\n"
        "Actions taken: we sent the right items to all 18 buyers and refunded shipping.\n"
        "Preventive measures: every variation now has a barcode scanned at packing.\n"
    )
    path.write_bytes(text.encode("utf-16"))
    args = ["letter", "lint", str(path), "--platform", "amazon", "--json"]
    assert main([*args, "--type", "plan_of_action"]) == 0
    problems = {p["code"] for p in json.loads(capsys.readouterr().out)["problems"]}
    assert problems.isdisjoint(STRUCTURE)
