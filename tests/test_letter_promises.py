"""What a demanding reviewer does with promises, tone and a letter in the wrong language: a
result nobody can promise (zero claims, 100% on time) is flagged, a resolution with nothing
behind it ("we shall try harder") is neither a preventive measure nor left unflagged, a SKU code
in capitals is not shouting, and a whole letter in the wrong language costs more than a line.
Each letter is written to a file and read by ``reinstate letter lint``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main

PLAN = """Dear Seller Performance team,

Root cause: a new packer did not seal the cartons of ASIN B0D4K7TQ2M, so 19 kettles arrived
dented between 2 and 9 March.

Actions taken: we replaced or refunded all 19 orders and retrained the packing team on
9 March (Exhibit A, p. 1).

Preventive measures: the shift lead now checks the seal of every tenth carton and signs the
daily packing sheet (Exhibit B, p. 2).

Sincerely,
Ana Ruiz, Operations
"""


def lint_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    platform: str = "amazon",
) -> dict[str, Any]:
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["letter", "lint", str(path), "--platform", platform, "--json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def codes(document: dict[str, Any]) -> list[str]:
    return [p["code"] for p in document["problems"]]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def test_the_plan_every_other_test_changes_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lint_file(tmp_path, capsys, PLAN)["score"] == 100


@pytest.mark.parametrize(
    "promise",
    [
        "We commit to zero A-to-z claims from this month on.",
        "Our buyers will be satisfied one hundred percent of the time.",
        "Going forward there will never be any late orders in our shop.",
    ],
)
def test_a_result_nobody_can_promise_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], promise: str
) -> None:
    document = lint_file(tmp_path, capsys, PLAN.replace("Sincerely,", promise + "\n\nSincerely,"))
    assert codes(document) == ["overpromise"], promise
    assert document["score"] < 100


def test_a_chinese_promise_of_a_perfect_result_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = (
        "淘宝规则中心：\n根本原因：我们在大促期间临时招聘的客服把同一地址的订单合并发货，"
        "系统因此判定异常。\n已采取的措施：我们已整理全部订单的物流签收记录（见附件1）。\n"
        "预防措施：运营主管每周抽查同地址订单的聊天记录并存档。\n"
    )
    promised = letter + "今后我们承诺店铺零差评。\n"
    assert codes(lint_file(tmp_path, capsys, promised, "taobao")) == ["overpromise"]
    # 将 marking the object of a done action ("已将100%的库存下架") promises nothing
    done = letter + "我们已将100%的相关库存下架。\n"
    assert codes(lint_file(tmp_path, capsys, done, "taobao")) == []


@pytest.mark.parametrize(
    "fact",
    [
        "We checked 100% of our 212 listings on 11 March.",
        "We keep a zero-tolerance policy for damaged goods: the shift lead signs each sheet.",
        "We will keep the daily packing sheets for 90 days.",
        "Our ERP now refuses to confirm an order without tracking, so 100% will carry it.",
        "We will never make this mistake again: our QA lead now weighs every tenth carton.",
    ],
)
def test_facts_and_measures_with_numbers_are_no_overpromise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fact: str
) -> None:
    text = PLAN.replace("Sincerely,", fact + "\n\nSincerely,")
    assert codes(lint_file(tmp_path, capsys, text)) == [], fact


@pytest.mark.parametrize(
    "resolution",
    [
        "Going forward, we shall try harder.",
        "In the future I will be more careful.",
        "From now on we’ll do our best.",
        "We have learnt a lesson and in the future we will improve.",
    ],
)
def test_a_resolution_with_nothing_behind_it_is_no_preventive_measure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], resolution: str
) -> None:
    without = PLAN.split("Preventive measures:")[0] + PLAN.split("(Exhibit B, p. 2).")[1]
    found = codes(lint_file(tmp_path, capsys, without.replace("Sincerely,", resolution)))
    assert "missing_prevention" in found and "vague_promise" in found, resolution


def test_improving_a_named_thing_is_an_action_not_a_vague_promise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = "We will improve the carton inserts with moulded pulp by 1 April."
    text = PLAN.replace("Sincerely,", named + "\n\nSincerely,")
    assert codes(lint_file(tmp_path, capsys, text)) == []
    chinese = (
        "淘宝规则中心：\n根本原因：客服把同一地址的订单合并发货，系统因此判定异常。\n"
        "已采取的措施：我们已整理全部订单的物流签收记录（见附件1）。\n"
        "预防措施：运营主管每周抽查同地址订单。\n我们以后一定会更加用心。\n"
    )
    assert codes(lint_file(tmp_path, capsys, chinese, "taobao")) == ["vague_promise"]
    told = chinese.replace("我们以后一定会更加用心。", "我们已将注意事项告知全体客服。")
    assert codes(lint_file(tmp_path, capsys, told, "taobao")) == []


def test_capitals_in_item_codes_are_not_shouting_but_capital_words_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes_line = "We also withdrew SKUS LAMP-2231, DESK-9981 and SOFA_0042 for checks (Exhibit A)."
    assert codes(lint_file(tmp_path, capsys, PLAN.replace("Sincerely,", codes_line))) == []
    marks = "We added the UKCA mark, a GPSR contact and the WEEE number to 14 listings (Exhibit A)."
    assert codes(lint_file(tmp_path, capsys, PLAN.replace("Sincerely,", marks))) == []
    shouting = "THIS PENALTY WAS NEVER DESERVED."
    assert codes(lint_file(tmp_path, capsys, PLAN.replace("Sincerely,", shouting))) == [
        "emotive_language"
    ]
    pleading = (
        "淘宝规则中心：\n根本原因：客服把同一地址的订单合并发货，系统因此判定异常。\n"
        "已采取的措施：我们已整理全部订单的物流签收记录（见附件1）。\n"
        "预防措施：运营主管每周抽查同地址订单。\n我们真的很委屈。\n"
    )
    assert codes(lint_file(tmp_path, capsys, pleading, "taobao")) == ["emotive_language"]


def test_a_whole_letter_in_the_wrong_language_costs_more_than_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chinese = (
        "尊敬的卖家绩效团队：\n根本原因：新包装工没有封好纸箱，导致19个水壶在运输中受损。\n"
        "已采取的措施：我们已为全部19笔订单换货或退款（见附件A第1页）。\n"
        "预防措施：班组长每天抽查每十个纸箱中的一个并签字（见附件B第2页）。\n"
    )
    whole = lint_file(tmp_path, capsys, chinese, "joom")
    assert [(p["code"], p["line"]) for p in whole["problems"]] == [("wrong_language", None)]
    assert "wants the letter in English" in whole["problems"][0]["detail"]
    one_line = lint_file(tmp_path, capsys, PLAN.replace("Sincerely,", "此致敬礼"))
    assert codes(one_line) == ["wrong_language"]
    assert whole["score"] <= 60 < one_line["score"]
    english = PLAN.replace("Dear Seller Performance team,", "淘宝规则中心：")
    assert lint_file(tmp_path, capsys, english, "taobao")["score"] <= 60


@pytest.mark.parametrize(("language", "words"), [("en", "is not the JSON"), ("zh_CN", "输出的")])
def test_an_empty_or_binary_pack_is_named_as_a_pack_not_a_letter(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    words: str,
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    letter = tmp_path / "letter.txt"
    letter.write_text(PLAN, encoding="utf-8")
    empty, binary = tmp_path / "empty.json", tmp_path / "pack.json"
    empty.write_bytes(b"")
    binary.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    for pack in (empty, binary):
        command = ["letter", "lint", str(letter), "--platform", "amazon", "--pack", str(pack)]
        assert main(command) == 1
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1 and "Traceback" not in err, err


@pytest.mark.parametrize(
    ("sentence", "blame"),
    [
        ("FedEx failed to scan 26 parcels at pickup and we never checked the scans.", False),
        ("Buyers wrongly chose express delivery; we should have shown the cut-off.", False),
        ("物流公司漏扫了26个包裹，我们没有及时核实揽收记录。", False),
        ("FedEx failed to scan 26 parcels at pickup, so the late orders are not our fault.", True),
        ("The platform wrongly counted these orders and we did not get any warning.", True),
    ],
)
def test_naming_what_a_carrier_or_buyer_did_while_owning_the_gap_is_no_blame(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, blame: bool
) -> None:
    text = PLAN.replace("Sincerely,", sentence + "\n\nSincerely,")
    platform = "taobao" if "物流" in sentence else "amazon"
    if platform == "taobao":
        text = (
            "淘宝规则中心：\n根本原因：客服把同一地址的订单合并发货，系统因此判定异常。\n"
            "已采取的措施：我们已整理全部订单的物流签收记录（见附件1）。\n"
            "预防措施：运营主管每周抽查同地址订单。\n" + sentence + "\n"
        )
    assert ("blame" in codes(lint_file(tmp_path, capsys, text, platform))) is blame, sentence


def test_a_whole_letter_in_another_latin_language_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    french = (
        "Madame, Monsieur,\n\n"
        "Cause : un nouvel emballeur n'a pas scellé les cartons, et 19 bouilloires sont arrivées "
        "cabossées entre le 2 et le 9 mars.\n\n"
        "Mesures prises : nous avons remplacé ou remboursé les 19 commandes et formé toute "
        "l'équipe d'emballage le 9 mars (pièce A, p. 1).\n\n"
        "Mesures préventives : le chef d'équipe vérifie désormais un carton sur dix et signe "
        "chaque jour la feuille d'emballage (pièce B, p. 2).\n"
    )
    whole = lint_file(tmp_path, capsys, french, "joom")
    assert [(p["code"], p["line"]) for p in whole["problems"]] == [("wrong_language", None)]
    assert whole["score"] <= 60
    one = PLAN.replace("Sincerely,", "Nous restons à votre disposition pour toute question.")
    assert [p["line"] for p in lint_file(tmp_path, capsys, one)["problems"]] == [12]


@pytest.mark.parametrize(
    ("sentence", "blame"),
    [
        ("Twelve customers got the wrong variant because two bins were swapped.", False),
        ("Buyers were shipped the wrong model of charger after our restock.", False),
        ("The customer entered a wrong postcode and then blamed us.", True),
        ("The buyers are simply wrong about the delivery date.", True),
    ],
)
def test_wrong_goods_sent_to_buyers_is_the_sellers_error_not_blame(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, blame: bool
) -> None:
    text = PLAN.replace("Sincerely,", sentence + "\n\nSincerely,")
    assert ("blame" in codes(lint_file(tmp_path, capsys, text))) is blame, sentence
