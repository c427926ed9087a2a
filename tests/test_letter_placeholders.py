"""A letter sent with a template's blanks unfilled ("[Your Name]", "XXX店铺", "【公司名称】")
reads as a form letter: ``letter lint`` names each blank, and leaves filled-in citations be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reinstate.cli import main

HERE = Path(__file__).parent
GOOD = (HERE / "fixtures" / "letters" / "joom-good.txt").read_text(encoding="utf-8")


def linted(
    text: str, path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, object]:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    path.write_text(text, encoding="utf-8")
    assert main(["letter", "lint", str(path), "--platform", "joom", "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_each_blank_a_template_leaves_is_a_problem_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    filled = linted(GOOD, tmp_path / "good.txt", capsys, monkeypatch)
    blanks = GOOD.rstrip() + "\n\nSincerely,\n[Your Name]\n<Store Name>\nXXX店铺 【公司名称】\n"
    report = linted(blanks, tmp_path / "blanks.txt", capsys, monkeypatch)
    problems = [p for p in report["problems"] if p["code"] == "placeholder"]  # type: ignore[attr-defined]
    last = len(blanks.splitlines())
    assert [(p["line"], p["detail"]) for p in problems] == [
        (last - 2, "A template blank is left in (“[Your Name]”): fill it in before sending."),
        (last - 1, "A template blank is left in (“<Store Name>”): fill it in before sending."),
        (last, "A template blank is left in (“XXX”): fill it in before sending."),
    ]
    assert report["score"] < filled["score"]  # type: ignore[operator]


def test_citations_and_filled_in_names_are_no_blanks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cited = GOOD.rstrip() + (
        "\n\nSee [Exhibit A] and [1]; order [order 112-3456789-1234567] was refunded."
        "\n（订单编号 3456789012345678，姓名：张伟）XXL sizes are listed.\n"
    )
    report = linted(cited, tmp_path / "cited.txt", capsys, monkeypatch)
    assert "placeholder" not in [p["code"] for p in report["problems"]]  # type: ignore[attr-defined]


def test_the_blank_is_named_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    report = linted(GOOD + "\n[Seller Name]\n", tmp_path / "blank.txt", capsys, monkeypatch)
    [problem] = [p for p in report["problems"] if p["code"] == "placeholder"]  # type: ignore[attr-defined]
    assert problem["detail"] == "信中留有模板空白（“[Seller Name]”）：发送前请填写。"


@pytest.mark.parametrize(
    "blank",
    [
        "Prepared by: ______ (operations)",
        "Dear <<Reviewer Name>>,",
        "[Explain why the orders were late]",
        "Seller ID: $SELLER_ID",
        "The listing was corrected on YYYY-MM-DD.",
        "Preventive measures: TBC",
        "我们某某店铺已完成整改。",
        "特此说明（公司名）",
        "We removed ASIN B08XXXXXXX from sale.",
    ],
)
def test_other_kinds_of_blank_are_named_too(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    blank: str,
) -> None:
    """Mail-merge fields, sign-here lines, a date's pattern, 'TBC', 某某 and an identifier
    with its blank still in are what a form letter leaves, as much as "[Your Name]"."""
    report = linted(GOOD.rstrip() + "\n" + blank + "\n", tmp_path / "b.txt", capsys, monkeypatch)
    lines = [p["line"] for p in report["problems"] if p["code"] == "placeholder"]  # type: ignore[attr-defined]
    assert lines == [len(GOOD.rstrip().splitlines()) + 1], blank


def test_rules_snake_case_and_bracketed_notes_are_no_blanks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = GOOD.rstrip() + (
        "\n____\nThe field order_status was wrong in our export [details in Exhibit B].\n"
        "（法人姓名：李华）\n"
    )
    report = linted(text, tmp_path / "notes.txt", capsys, monkeypatch)
    assert "placeholder" not in [p["code"] for p in report["problems"]]  # type: ignore[attr-defined]
