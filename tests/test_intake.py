"""Intake eligibility (seed 001), rules as data: out-of-scope categories refused with the reason,
missing facts listed, 3-5 order ids; ``reinstate intake check`` reads files only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.provider.intake import IntakeRequest, judge

from .test_startup import _heavy_imports

COMPLETE: dict[str, Any] = {
    "platform": "amazon",
    "store": "Northpeak Outdoor",
    "category": "outdoor",
    "description": "Tent poles cracked in cold weather; A-to-z claims followed",
    "violation": "order_defect_rate",
    "happened_on": "2026-11-10",
    "order_ids": ["113-4827719-5510624", "114-9920183-2271648", "112-0000001-0000001"],
    "screenshot": "account-health.png",
    "earlier_attempts": "none",
    "wanted_by": "2026-11-25",
}


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_complete_request_in_scope_is_eligible() -> None:
    verdict = judge(IntakeRequest.model_validate(COMPLETE))
    assert (verdict.eligible, verdict.refusals, verdict.missing) == (True, [], [])


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"category": "adult_products"}, "adult_products"),
        ({"description": "情趣用品 listing removed"}, "adult_products"),
        ({"category": "medical_devices"}, "medical_devices"),
        ({"description": "Our blood pressure monitor listings were removed"}, "medical_devices"),
        ({"category": "cosmetics"}, "cosmetics"),
        ({"category": "cosmetics", "cosmetics_registered": False}, "cosmetics"),
        ({"description": "未备案化妆品被下架"}, "cosmetics"),
    ],
)
def test_out_of_scope_categories_are_refused_with_the_reason(
    change: dict[str, Any], refused: str
) -> None:
    verdict = judge(IntakeRequest.model_validate(COMPLETE | change))
    assert [r.code for r in verdict.refusals] == [refused]
    assert not verdict.eligible and verdict.refusals[0].reason.zh.startswith("不承接")


def test_registered_cosmetics_are_taken_on() -> None:
    request = COMPLETE | {"category": "cosmetics", "cosmetics_registered": True}
    assert judge(IntakeRequest.model_validate(request)).eligible


@pytest.mark.parametrize(("count", "enough"), [(2, False), (3, True), (5, True), (6, False)])
def test_a_request_gives_3_to_5_order_ids(count: int, enough: bool) -> None:
    ids = [f"113-0000000-{n:07d}" for n in range(count)]
    verdict = judge(IntakeRequest.model_validate(COMPLETE | {"order_ids": ids}))
    assert ("order_ids" not in verdict.missing) is enough


def test_missing_facts_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = {k: v for k, v in COMPLETE.items() if k not in ("screenshot", "wanted_by")}
    request["order_ids"] = ["113-4827719-5510624"]  # one is not the 3-5 the seed asks for
    assert main(["intake", "check", _write(tmp_path, request), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "eligible": False,
        "refusals": [],
        "missing": [
            {"fact": "order_ids", "label": "3 to 5 typical order ids"},
            {"fact": "screenshot", "label": "a screenshot of the account's status"},
            {"fact": "wanted_by", "label": "the wanted delivery date"},
        ],
    }


def test_the_command_speaks_chinese_and_refuses_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert (
        main(["intake", "check", _write(tmp_path, COMPLETE | {"category": "medical_devices"})]) == 0
    )
    assert capsys.readouterr().out == "暂不符合受理条件。\n- 不承接医疗器械类目的申诉。\n"
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["intake", "check", _write(tmp_path, COMPLETE | {"wanted_by": "soon"})]) == 1
    assert "The intake request is not valid at wanted_by" in capsys.readouterr().err
    assert main(["intake", "check", _write(tmp_path, COMPLETE | {"budget": 1})]) == 1
    assert "budget" in capsys.readouterr().err


def test_a_file_that_is_not_json_is_said_in_the_readers_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a hand-edited request breaks JSON, and nothing of the parser's English."""
    broken = tmp_path / "request.json"
    broken.write_text('{"platform": "amazon",\n  "store": }', encoding="utf-8")
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes('{"store": "蓝海家居"}'.encode("gbk"))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["intake", "check", str(broken)]) == 1
    assert capsys.readouterr().err.strip().endswith("不是 JSON：第 2 行第 12 列不符合 JSON 格式。")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["intake", "check", str(gbk)]) == 1
    assert "is not text in UTF-8: save it as UTF-8 JSON." in capsys.readouterr().err
    assert main(["intake", "check", str(tmp_path)]) == 1
    assert "is a folder, not a file." in capsys.readouterr().err
    assert main(["intake", "check", str(tmp_path / "none.json")]) == 1
    assert "There is no file" in capsys.readouterr().err


def test_it_checks_without_importing_the_database(tmp_path: Path) -> None:
    assert _heavy_imports(["intake", "check", _write(tmp_path, COMPLETE)], tmp_path) == []
