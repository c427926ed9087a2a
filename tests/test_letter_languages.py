"""Letters in German, French, Spanish, Italian and Japanese beside English and Chinese, chosen per
letter; the language rule reads each sentence with an offline detector and flags one in another
language (an English sentence inside a German letter)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.letters.compose import LETTER_LANGUAGES, compose
from reinstate.letters.draft import Draft, parse_draft
from reinstate.letters.lint import lint
from reinstate.letters.model import ExhibitRange, Letter
from reinstate.letters.rules.language import detect
from reinstate.letters.service import quote_for
from reinstate.policies.loader import load_policies
from reinstate.workbench import Workbench

from .conftest import World

POLICIES = load_policies()
GERMAN: dict[str, Any] = {
    "platform": "amazon",
    "store_name": "Nordgipfel Outdoor",
    "seller_id": "A2NP7XK4QZ1M8",
    "reference_id": "PA-4471902",
    "notice_date": "2026-11-12",
    "items": ["B0C7K2LQ9T"],
    "variant": "1/21",
    "signatory": "Jing Chen, Leiterin Betrieb",
    "answers": [
        {
            "violation": "order_defect_rate",
            "root_causes": [
                "14 der 22 A-bis-Z-Garantieanträge betrafen eine Charge Zeltstangen, deren "
                "Verbindungen bei Kälte gebrochen sind",
                "Nachrichten der Käufer wurden im Durchschnitt erst nach 48 Stunden beantwortet",
            ],
            "actions": [
                {
                    "text": "Die betroffene Charge aus dem Verkauf genommen und 312 Einheiten im "
                    "Lager gesperrt",
                    "done_on": "2026-11-13",
                    "exhibit": "A",
                    "page": 1,
                },
                {
                    "text": "Allen Käufern der Charge den Kaufpreis erstattet oder einen Ersatz "
                    "geschickt",
                    "done_on": "2026-11-15",
                    "exhibit": "B",
                    "page": 2,
                },
            ],
            "prevention": [
                {
                    "text": "Wareneingangsprüfung von fünf Prozent jeder Lieferung mit einem "
                    "Kältetest der Stangen",
                    "owner": "Qualitätsleitung",
                    "frequency": "bei jeder Lieferung",
                },
                {
                    "text": "Nachrichten der Käufer werden innerhalb von zwölf Stunden "
                    "beantwortet, auch am Wochenende",
                    "owner": "Kundendienst",
                    "frequency": "täglich",
                },
            ],
        }
    ],
    "exhibits": [
        {"exhibit": "A", "title": "Sperrprotokoll des Lagers", "first_page": 1, "last_page": 1},
        {"exhibit": "B", "title": "Erstattungsliste der Käufer", "first_page": 2, "last_page": 3},
    ],
}
ENGLISH = "We also replaced the customer service team that answered the buyers too late"


def _linted(draft: Draft, language: str) -> tuple[str, Any]:
    pack = POLICIES[draft.platform]
    text = compose(draft, pack, language=language).text
    exhibits = [ExhibitRange(e.exhibit, e.first_page, e.last_page) for e in draft.exhibits]
    violations = [a.violation for a in draft.answers]
    return text, lint(Letter(text, pack, violations, draft.items, exhibits, language=language))


def _wrong(result: Any) -> list[Any]:
    return [f for f in result.findings if f.code == "wrong_language"]


def test_a_german_letter_passes_the_language_rule() -> None:
    text, result = _linted(parse_draft(GERMAN), "de")
    assert text.startswith("Einspruch: Nordgipfel Outdoor\n\nShop: Nordgipfel Outdoor")
    assert "Mit freundlichen Grüßen" in text or "Hochachtungsvoll" in text
    assert "2026-11-13" in text and "Anlage A" in text
    assert _wrong(result) == []


def test_an_english_sentence_inside_a_german_letter_fails_it() -> None:
    mixed = copy.deepcopy(GERMAN)
    mixed["answers"][0]["root_causes"].append(ENGLISH)
    text, result = _linted(parse_draft(mixed), "de")
    [finding] = _wrong(result)
    assert ENGLISH in text.splitlines()[finding.line - 1]
    assert finding.params == {"language": "German", "found": "English"}
    assert result.score < _linted(parse_draft(GERMAN), "de")[1].score


def test_chinese_inside_a_latin_letter_and_in_a_japanese_one_fails() -> None:
    mixed = copy.deepcopy(GERMAN)
    mixed["answers"][0]["root_causes"].append("供应商的质检报告是伪造的")
    assert _wrong(_linted(parse_draft(mixed), "fr")[1])[0].params["language"] == "French"
    japanese = copy.deepcopy(GERMAN)
    answer = japanese["answers"][0]
    answer["root_causes"] = ["寒冷地でポールの接合部が割れる不良ロットが出荷されました"]
    answer["actions"][0]["text"] = "該当ロットを販売停止にし、倉庫の在庫三百十二点を隔離しました"
    answer["actions"][1]["text"] = "該当ロットの購入者全員に返金または交換品を送りました"
    answer["prevention"] = [{"text": "すべての入荷について五パーセントの抜き取り検査を行います"}]
    japanese["exhibits"] = [
        {"exhibit": "A", "title": "倉庫の隔離記録", "first_page": 1, "last_page": 1},
        {"exhibit": "B", "title": "返金一覧", "first_page": 2, "last_page": 3},
    ]
    japanese["signatory"] = "陳静"
    draft = parse_draft(japanese)
    assert _wrong(_linted(draft, "ja")[1]) == []
    japanese["answers"][0]["root_causes"].append("我们的客服团队在四十八小时后才回复买家的消息")
    [finding] = _wrong(_linted(parse_draft(japanese), "ja")[1])
    assert finding.params == {"language": "Japanese", "found": "Chinese"}


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
def test_every_letter_language_has_a_template_and_its_own_wording(language: str) -> None:
    text = compose(parse_draft(GERMAN), POLICIES["amazon"], language=language).text
    heading = text.splitlines()[0]
    assert (
        heading
        == {
            "en": "Appeal: Nordgipfel Outdoor",
            "zh": "申诉说明",
            "de": "Einspruch: Nordgipfel Outdoor",
            "fr": "Recours: Nordgipfel Outdoor",
            "es": "Apelación: Nordgipfel Outdoor",
            "it": "Ricorso: Nordgipfel Outdoor",
            "ja": "異議申立書",
        }[language]
        or language == "en"
    )
    closing = max(text.splitlines()[-6:], key=len)  # the closing paragraph
    if language not in ("en", "zh"):
        assert detect(closing)[0] == language, closing


def test_the_command_line_composes_a_letter_in_the_language_asked(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    assert main(["letter", "compose", str(case), "--language", "de", "--save", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["language"] == "de"
    assert document["text"].startswith("Einspruch: Blue Ocean Home")
    assert main(["letter", "versions", str(case), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["language"] == "de"
    assert main(["letter", "compose", str(case), "--language", "xx"]) == 1
    assert capsys.readouterr().err == (
        "Letter language must be one of: en, zh, de, fr, es, it, ja.\n"
    )


def test_the_api_saves_a_letter_in_the_language_asked(
    client: Any, world: World, wb: Workbench
) -> None:
    from .conftest import bearer

    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    draft = client.get(f"/api/v1/cases/{case}/letter/draft", headers=bearer(world, "owner"))
    body = draft.json()["draft"]
    saved = client.post(
        f"/api/v1/cases/{case}/letters?letter_language=it",
        headers=bearer(world, "owner"),
        json=body,
    )
    assert saved.status_code == 201, saved.text
    assert saved.json()["language"] == "it"
    assert saved.json()["text"].startswith("Ricorso: Blue Ocean Home")
    refused = client.post(
        f"/api/v1/cases/{case}/letters?letter_language=klingon",
        headers=bearer(world, "owner"),
        json=body,
    )
    assert refused.status_code == 422


def test_a_chinese_notice_and_chinese_file_names_stay_out_of_an_english_letter() -> None:
    """A Chinese seller's Joom notice forwarded in Chinese, scans named in Chinese: the English
    letter Joom asks for quotes neither; a Chinese letter keeps both."""
    notice = "您的店铺 Lumen 因销售假冒商品已被暂停。涉及商品：JOOM-22222。请在14天内提交材料。"
    joom = POLICIES["joom"]
    assert quote_for(joom, "counterfeit", notice) == ""
    both = f"{notice}\nYour store Lumen was suspended because JOOM-22222 is counterfeit."
    assert quote_for(joom, "counterfeit", both).startswith("Your store Lumen was suspended")
    draft = parse_draft(
        {
            "platform": "joom",
            "store_name": "Lumen",
            "reference_id": "JM-2026-55501",
            "variant": "1/2",
            "items": ["JOOM-22222"],
            "answers": [
                {
                    "violation": "counterfeit",
                    "quote": "您的店铺 Lumen 因销售假冒商品已被暂停。",
                    "root_causes": ["We bought JOOM-22222 from a supplier we had not checked"],
                    "actions": [{"text": "Removed JOOM-22222 from sale", "exhibit": "A"}],
                    "prevention": [
                        {
                            "text": "Every new supplier's brand authorisation is "
                            "checked before the first order"
                        }
                    ],
                }
            ],
            "exhibits": [
                {"exhibit": "A", "title": "营业执照_蓝海.pdf", "first_page": 2, "last_page": 2},
                {"exhibit": "B", "title": "invoice.pdf", "first_page": 3, "last_page": 3},
            ],
        }
    )
    text, result = _linted(draft, "en")
    assert "营业执照" not in text and "假冒" not in text and _wrong(result) == []
    assert "Exhibit A: Supporting document (p. 2)" in text and "invoice.pdf" in text
    chinese, _ = _linted(draft, "zh")
    assert "营业执照_蓝海.pdf" in chinese and "您的店铺 Lumen 因销售假冒商品已被暂停" in chinese


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
def test_the_linter_reads_the_plan_and_its_citations_in_every_letter_language(
    language: str,
) -> None:
    """The composer's own headings and citations (Ursache, Mesures prises, anexo B, S. 3,
    添付資料B) are the Plan of Action's parts and its evidence: a German letter with all three
    parts and two exhibits was told it had none of them (25/100)."""
    _, result = _linted(parse_draft(GERMAN), language)
    assert [f.code for f in result.findings if f.code != "wrong_language"] == []
    dangling = copy.deepcopy(GERMAN)
    dangling["answers"][0]["actions"][0]["exhibit"] = "Z"
    _, result = _linted(parse_draft(dangling), language)
    assert [f.code for f in result.findings if f.code != "wrong_language"] == ["dangling_exhibit"]


def test_a_chinese_notice_is_quoted_by_its_sentence_not_its_paragraph() -> None:
    """Chinese sentences end in 。 with no space after: the whole paragraph, instructions and
    all, was quoted as the one sentence about the violation."""
    notice = "您的店铺因虚假交易被处罚。涉及订单：1234567890。请在7天内提交申诉材料。"
    quoted = quote_for(POLICIES["taobao"], "fake_transactions", notice)
    assert quoted == "您的店铺因虚假交易被处罚。"
