"""The letter composer: a letter per platform from the seller's answers (golden files), clean
under the linter, deterministic, worded differently per account, exported as text and PDF."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pypdf
import pytest

from reinstate.errors import InvalidInput
from reinstate.letters.compose import compose, substance
from reinstate.letters.draft import Draft, parse_draft
from reinstate.letters.export import letter_pdf
from reinstate.letters.index import LetterIndex, signature
from reinstate.letters.lint import lint
from reinstate.letters.model import ExhibitRange, Letter
from reinstate.policies.loader import load_policies

HERE = Path(__file__).parent
DRAFTS: dict[str, Any] = json.loads(
    (HERE / "fixtures" / "letters" / "drafts.json").read_text(encoding="utf-8")
)
POLICIES = load_policies()


def golden(name: str) -> str:
    return (HERE / "golden" / name).read_text(encoding="utf-8")


def linted(draft: Draft, text: str) -> Any:
    pack = POLICIES[draft.platform]
    exhibits = [ExhibitRange(e.exhibit, e.first_page, e.last_page) for e in draft.exhibits]
    return lint(Letter(text, pack, [a.violation for a in draft.answers], draft.items, exhibits))


@pytest.mark.parametrize("platform", sorted(DRAFTS))
def test_a_complete_draft_gives_the_golden_letter_and_it_lints_clean(platform: str) -> None:
    draft = parse_draft(DRAFTS[platform])
    composed = compose(draft, POLICIES[platform])
    assert composed.text == golden(f"letter_{platform}.txt")
    assert composed.gaps == []
    result = linted(draft, composed.text)
    assert [(f.code, f.line) for f in result.findings] == []
    assert result.score == 100
    assert result.uncovered == []


def test_taobao_gets_chinese_and_every_other_platform_english() -> None:
    for platform, raw in DRAFTS.items():
        composed = compose(parse_draft(raw), POLICIES[platform])
        chinese = sum("\u4e00" <= ch <= "\u9fff" for ch in composed.text)
        assert composed.language == ("zh" if platform == "taobao" else "en")
        if platform == "taobao":
            assert composed.text.startswith("淘宝申诉说明") and chinese > 150
        else:
            assert "Exhibit" in composed.text and "附件" not in composed.text


def test_the_same_draft_gives_the_same_letter_but_other_accounts_other_wording() -> None:
    draft = parse_draft(DRAFTS["joom"])
    pack = POLICIES["joom"]
    assert compose(draft, pack).text == compose(draft, pack).text
    texts = {
        compose(draft.model_copy(update={"variant": f"1/{n}"}), pack).text for n in range(100, 120)
    }
    assert len(texts) == 20
    # Each account's boilerplate differs: only the seller's own answers are shared.
    letters = [compose(draft.model_copy(update={"variant": f"1/{n}"}), pack).text for n in (1, 2)]
    greeting_a, greeting_b = (t.split("\n\n")[2] for t in letters)
    opening_a, opening_b = (t.split("\n\n")[3] for t in letters)
    assert (greeting_a, opening_a) != (greeting_b, opening_b)


def _swap_facts(raw: dict[str, Any], store: str, variant: str) -> dict[str, Any]:
    copied = json.loads(json.dumps(raw))
    copied.update(store_name=store, variant=variant, reference_id="JM-2026-99001")
    return copied


def test_copied_answers_for_another_account_are_caught_but_own_answers_are_not() -> None:
    pack = POLICIES["joom"]
    index = LetterIndex()
    first = parse_draft(DRAFTS["joom"])
    index.add(1, owner=7, label="Lumen Home", minhash=signature(substance(first)))
    copied = parse_draft(_swap_facts(DRAFTS["joom"], "Aster Goods", "1/8"))
    # The letters read differently (each account has its own wording)...
    assert compose(copied, pack).text != compose(first, pack).text
    # ...but the answers are the same, and that is what a reviewer would see through.
    matches = index.query(signature(substance(copied)), exclude_owner=8)
    assert [(m.label, m.share > 0.95) for m in matches] == [("Lumen Home", True)]
    assert index.query(signature(substance(copied)), exclude_owner=7) == []
    own = dict(DRAFTS["temu"], platform="joom", variant="1/8", store_name="Aster Goods")
    own["answers"] = [dict(own["answers"][0], violation="customer_service")]
    assert index.query(signature(substance(parse_draft(own))), exclude_owner=8) == []


def test_what_the_seller_has_not_answered_is_left_out_and_reported() -> None:
    raw = dict(DRAFTS["joom"])
    raw["answers"] = [{"violation": "counterfeit"}]
    draft = parse_draft(raw)
    composed = compose(draft, POLICIES["joom"])
    assert [(g.violation, g.part) for g in composed.gaps] == [
        ("counterfeit", "root_cause"),
        ("counterfeit", "actions"),
        ("counterfeit", "prevention"),
        ("counterfeit", "evidence"),
    ]
    assert "Root cause" not in composed.text
    codes = {f.code for f in linted(draft, composed.text).findings}
    assert {"missing_root_cause", "missing_actions", "missing_prevention"} <= codes
    taobao = dict(DRAFTS["taobao"], statement="")
    assert ("", "statement") in [
        (g.violation, g.part) for g in compose(parse_draft(taobao), POLICIES["taobao"]).gaps
    ]


@pytest.mark.parametrize("platform", sorted(DRAFTS))
def test_no_wording_of_the_composer_passes_for_an_answer(platform: str) -> None:
    """Whatever wording an account gets, a letter without answers lints as one."""
    raw = dict(
        DRAFTS[platform], answers=[{"violation": DRAFTS[platform]["answers"][0]["violation"]}]
    )
    for n in range(40):
        draft = parse_draft(dict(raw, variant=f"1/{n}"))
        codes = {f.code for f in linted(draft, compose(draft, POLICIES[platform]).text).findings}
        assert {"missing_root_cause", "missing_actions", "missing_prevention"} <= codes, n


def test_empty_form_rows_are_dropped() -> None:
    raw = json.loads(json.dumps(DRAFTS["temu"]))
    answer = raw["answers"][0]
    answer["root_causes"].append("")
    answer["actions"].append({"text": "", "exhibit": "", "page": None})
    answer["prevention"].append({"text": " ", "owner": "", "frequency": ""})
    assert compose(parse_draft(raw), POLICIES["temu"]).text == golden("letter_temu.txt")


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"answers": []}, "answers must not be empty."),
        ({"colour": "red"}, "colour is not a field of a letter draft."),
        ({"notice_date": "15/11/2026"}, "notice_date is not a date: write it as YYYY-MM-DD."),
        (
            {
                "answers": [
                    {"violation": "counterfeit", "actions": [{"text": "x", "exhibit": "b3"}]}
                ]
            },
            "answers.1.actions.1.exhibit must be an exhibit letter such as B.",
        ),
        (
            {"answers": [{"violation": "counterfeit", "evidence": [{"text": "x", "page": 0}]}]},
            "answers.1.evidence.1.page must be at least 1.",
        ),
        (
            {"answers": [{"violation": "counterfeit", "root_causes": ["x" * 1001]}]},
            "answers.1.root_causes.1 is too long: at most 1000 characters.",
        ),
        ({"store_name": None}, "store_name must be text."),
    ],
)
def test_bad_drafts_are_refused_with_one_sentence(change: dict[str, Any], sentence: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_draft({**DRAFTS["joom"], **change})
    assert str(refused.value) == sentence


@pytest.mark.parametrize("platform", ["joom", "taobao"])
def test_the_pdf_carries_the_letter_text(platform: str) -> None:
    text = compose(parse_draft(DRAFTS[platform]), POLICIES[platform]).text
    reader = pypdf.PdfReader(io.BytesIO(letter_pdf(text, "Appeal")))
    extracted = "".join(page.extract_text() for page in reader.pages)
    squeeze = "".join(extracted.split())
    for line in text.splitlines():
        assert "".join(line.split()) in squeeze
