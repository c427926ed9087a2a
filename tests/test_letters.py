"""The letter linter: each rule on a good and a bad letter, the score's order, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reinstate.cli import main
from reinstate.letters.lint import lint
from reinstate.letters.model import ExhibitRange, Letter
from reinstate.policies.loader import load_policies

HERE = Path(__file__).parent
GOOD = (HERE / "fixtures" / "letters" / "joom-good.txt").read_text(encoding="utf-8")
NOTICE = HERE / "fixtures" / "notices" / "genuine" / "joom-counterfeit.eml"
EXHIBITS = [ExhibitRange("A", 2, 2), ExhibitRange("B", 3, 3)]
ITEMS = ["JOOM-12345", "JOOM-67890"]


def codes(text: str, platform: str = "joom", **kwargs: object) -> list[str]:
    letter = Letter(
        text,
        load_policies()[platform],
        kwargs.pop("violations", ["counterfeit"]),  # type: ignore[arg-type]
        kwargs.pop("items", ITEMS),
        kwargs.pop("exhibits", EXHIBITS),  # type: ignore[arg-type]
        kwargs.pop("others", {}),
    )  # type: ignore[arg-type]
    return [f.code for f in lint(letter).findings]


def test_a_good_letter_lints_clean() -> None:
    assert codes(GOOD) == []


def _without(heading: str) -> str:
    """GOOD without one of its three sections (heading and paragraph)."""
    sections = GOOD.split("\n\n")
    return "\n\n".join(part for part in sections if not part.startswith(heading))


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("Root cause", "missing_root_cause"),
        ("Actions taken", "missing_actions"),
        ("Preventive measures", "missing_prevention"),
    ],
)
def test_each_part_of_the_plan_is_required(heading: str, code: str) -> None:
    assert code in codes(_without(heading))


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("(Exhibit A, p. 2)", "(Exhibit E)", "dangling_exhibit"),
        ("(return note, Exhibit B, p. 3)", "(return note, Exhibit B, p. 9)", "dangling_exhibit"),
        ("Ms Li,", "Ms Li (ID 11010519491231002X),", "pii"),
        ("supplier system.", "supplier system. We think the buyer lied to Joom.", "blame"),
        ("supplier system.", "supplier system. It was our supplier's fault, not ours.", "blame"),
        ("supplier system.", "supplier system. A competitor maliciously reported us.", "blame"),
        (
            "supplier system.",
            "supplier system. This is UNFAIR and we are desperate!!!",
            "emotive_language",
        ),
        ("supplier system.", "supplier system。", "wrong_language"),
    ],
)
def test_each_rule_catches_its_fault(old: str, new: str, code: str) -> None:
    assert old in GOOD
    assert codes(GOOD.replace(old, new)) == [code]


def test_a_root_cause_that_names_a_supplier_is_not_blame() -> None:
    """What a supplier did is a root cause; only putting the fault on them is blame."""
    for owned in (
        "Our supplier sent a wrong batch of labels, and we did not check it.",
        "The factory failed to attach the certificate; our checklist now requires it.",
        "We bought from a distributor, and the fault was our failure to check its licence.",
        "我们承担供应商管理不善的责任。",
    ):
        assert "blame" not in codes(GOOD + "\n" + owned), owned


def test_it_requires_all_three_parts_of_a_plan_of_action() -> None:
    assert codes("We apologise. Please reinstate us. See the attached licence.", items=[]) == [
        "missing_root_cause",
        "missing_actions",
        "missing_prevention",
        "uncovered_violation",
    ]


def test_it_checks_that_every_violation_and_item_is_answered() -> None:
    found = codes(GOOD, violations=["counterfeit", "late_shipment"], items=ITEMS + ["B07XJ8C8F5"])
    assert found == ["uncovered_violation", "uncovered_item"]


def test_it_wants_promises_with_mechanisms_and_evidence_for_claims() -> None:
    promise = GOOD + "\nIt will never happen again."
    assert "vague_promise" in codes(promise)
    assert "vague_promise" not in codes(
        GOOD + "\nIt will never happen again: Ms Li checks every listing daily."
    )
    for obey in (
        "We will strictly comply with all Joom policies in the future.",
        "今后我们将严格遵守平台规则。",
    ):
        assert "vague_promise" in codes(GOOD + "\n" + obey), obey
    assert "vague_promise" not in codes(
        GOOD + "\nWe will follow the listing policy: Ms Li reviews each new listing against it."
    )
    bare = GOOD.replace("(return note, Exhibit B, p. 3)", "").replace("(Exhibit A, p. 2)", "")
    assert codes(bare) == ["no_evidence"]


def test_it_catches_card_and_bank_numbers_but_not_order_ids() -> None:
    assert "pii" in codes(GOOD + "\nRefund card 4111 1111 1111 1111.")
    assert "pii" in codes(GOOD + "\nOur bank account 6222 0212 3456 7890 123.")
    assert "pii" not in codes(GOOD + "\nOrder 112-3456789-1234567 was refunded.")


def test_it_wants_chinese_for_taobao() -> None:
    chinese = (
        "申诉说明：关于虚假交易的判定，经核查，涉及订单均为真实交易，原因是同一地址的买家多次购买。"
        "我们已经提供物流凭证（见附件），今后将每周核查异常订单，避免再次被误判。"
    )
    assert codes(chinese, "taobao", violations=["fake_transactions"], items=[], exhibits=None) == []
    assert "wrong_language" in codes(GOOD, "taobao", violations=[], items=[], exhibits=None)
    # blaming a rival seller or a supplier, in Chinese
    for blame in ("这次处罚是同行恶意举报我们造成的。", "都是供应商的错。"):
        found = codes(chinese + blame, "taobao", violations=["fake_transactions"], items=[])
        assert found == ["blame"], blame


def test_it_names_the_account_whose_letter_this_copies() -> None:
    twin = GOOD.replace("BlueOceanHome", "SunriseLamps")
    letter = Letter(
        GOOD,
        load_policies()["joom"],
        ["counterfeit"],
        ITEMS,
        EXHIBITS,
        {"SunriseLamps": twin, "Other": "A completely different letter text."},
    )
    [finding] = lint(letter).findings
    assert finding.code == "template_similarity" and finding.params["account"] == "SunriseLamps"


def test_it_scores_letters_in_a_reviewers_order() -> None:
    pack = load_policies()["joom"]

    def score(text: str) -> int:
        return lint(Letter(text, pack, ["counterfeit"], ITEMS, EXHIBITS)).score

    tone_only = GOOD + "\nHonestly this felt UNFAIR and we were frustrated!!!"
    no_evidence = GOOD.replace("(return note, Exhibit B, p. 3)", "").replace(
        "(Exhibit A, p. 2)", ""
    )
    no_plan = "We are sorry. JOOM-12345 and JOOM-67890 were counterfeit. See the attachment."
    assert score(GOOD) == 100
    assert 100 > score(tone_only) > score(no_evidence) > score(no_plan)


def test_it_answers_the_cli_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    bad = HERE / "fixtures" / "letters" / "joom-bad.txt"
    assert main(["letter", "lint", str(bad), "--notice", str(NOTICE), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {"score", "problems", "covered", "uncovered"} <= set(document)
    assert document["uncovered"] == ["counterfeit"] and document["covered"] == []
    assert all({"code", "detail", "line"} <= set(p) for p in document["problems"])
    assert main(["letter", "lint", str(bad), "--notice", str(NOTICE)]) == 0
    golden = HERE / "golden" / "lint_joom_bad.txt"
    assert capsys.readouterr().out == golden.read_text(encoding="utf-8")
    pack = tmp_path / "pack.json"
    pack.write_text("not json", encoding="utf-8")
    assert main(["letter", "lint", str(bad), "--platform", "joom", "--pack", str(pack)]) == 1
    assert "is not the JSON" in capsys.readouterr().err
    assert main(["letter", "lint", str(bad)]) == 1
    assert "Say which platform" in capsys.readouterr().err
    # no letter to score: an empty file, a Word document or an image saved as .txt
    empty, binary = tmp_path / "empty.txt", tmp_path / "letter.txt"
    empty.write_text(" \n", encoding="utf-8")
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)
    assert main(["letter", "lint", str(empty), "--platform", "joom"]) == 1
    assert capsys.readouterr().err == "empty.txt is empty: there is no letter to check.\n"
    assert main(["letter", "lint", str(binary), "--platform", "joom"]) == 1
    assert capsys.readouterr().err == (
        "letter.txt is not a text file: save the letter as plain text (.txt) first.\n"
    )
    gbk = tmp_path / "gbk.txt"  # a Chinese letter saved in GBK is still a letter
    gbk.write_bytes("Dear Joom team,\n我们已经下架了全部商品。\n".encode("gbk"))
    assert main(["letter", "lint", str(gbk), "--platform", "joom"]) == 0
    assert "score" in capsys.readouterr().out


def _pasted_twice() -> str:
    """The composed Joom letter (golden) answering a second violation with the first one's
    section pasted under a new heading, word for word."""
    letter = (HERE / "golden" / "letter_joom.txt").read_text(encoding="utf-8")
    start, end = letter.index("Violation 1:"), letter.index("Exhibits enclosed")
    section = letter[start:end]
    second = section.replace(
        "Violation 1: Counterfeit goods", "Violation 2: Inaccurate information"
    )
    return letter[:end] + second + letter[end:]


def test_it_flags_a_section_pasted_under_another_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = (HERE / "golden" / "letter_joom.txt").read_text(encoding="utf-8")
    pack = load_policies()["joom"]
    assert lint(Letter(golden, pack, ["counterfeit"])).score == 100
    pasted = _pasted_twice()
    result = lint(Letter(pasted, pack, ["counterfeit", "inaccurate_information"]))
    [repeated] = [f for f in result.findings if f.code == "repeated_text"]
    second = pasted.splitlines().index("Violation 2: Inaccurate information") + 1
    assert repeated.line is not None and repeated.line > second
    assert repeated.params["source"] < second
    assert result.score < 100
    # a near copy (a word changed here and there) is still pasted: one run, not broken by it
    near = pasted.replace("Returned the remaining 140", "Sent back all 140", 1)
    found = [f for f in lint(Letter(near, pack)).findings if f.code == "repeated_text"]
    assert [(f.line, f.params["last"]) for f in found] == [(repeated.line, repeated.params["last"])]
    path = tmp_path / "letter.txt"
    path.write_text(pasted, encoding="utf-8")
    for language, words in (("en", "word for word"), ("zh_CN", "逐字相同")):
        monkeypatch.setenv("REINSTATE_LANGUAGE", language)
        assert main(["letter", "lint", str(path), "--platform", "joom"]) == 0
        out = capsys.readouterr().out
        assert "[repeated_text]" in out and words in out and "{" not in out, out


def test_headings_and_sign_offs_said_again_are_not_repetition() -> None:
    # each section of a plan has the same headings; short lines may repeat
    pack = load_policies()["joom"]
    golden = (HERE / "golden" / "letter_joom.txt").read_text(encoding="utf-8")
    text = golden + "\n\nRespectfully,\nLi Wei, Store Manager\nLumen Home\n"
    assert "repeated_text" not in [f.code for f in lint(Letter(text, pack)).findings]
