"""An intake request names an out-of-scope category by what it sells, not by a word inside
another: a cosmetic bag, a lipstick holder or surgical-steel earrings are not cosmetics or
medical devices, nor is a massager described as 非医疗器械 ("not a medical device"); a category
written "Medical Devices" is the medical_devices category. Read from request files, as
``reinstate intake check`` reads them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main

from .test_intake import COMPLETE


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], **change: str) -> list[str]:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(COMPLETE | change, ensure_ascii=False), encoding="utf-8")
    assert main(["intake", "check", str(path), "--json"]) == 0
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return [r["category"] for r in found["refusals"]]


@pytest.mark.parametrize(
    ("description", "refused"),
    [
        ("Travel cosmetic bag, waterproof polyester", []),
        ("Lipstick holder, acrylic, 24 slots", []),
        ("Surgical steel earrings (316L), hypoallergenic", []),
        ("家用按摩仪，非医疗器械，被判定为医疗器械下架", ["medical_devices"]),
        ("家用颈部按摩仪，非医疗器械", []),
        ("口红收纳盒，亚克力材质", []),
        ("Not a medical device: a phone stand flagged by mistake", []),
        ("Our lipsticks and serums were removed", ["cosmetics"]),
        ("Blood-pressure monitors delisted", ["medical_devices"]),
        ("未备案化妆品被下架", ["cosmetics"]),
    ],
)
def test_a_keyword_inside_another_thing_is_not_the_category(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    description: str,
    refused: list[str],
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    assert _check(tmp_path, capsys, category="", description=description) == refused


@pytest.mark.parametrize("category", ["Medical Devices", "MEDICAL-DEVICES", "medical_devices"])
def test_a_category_is_read_however_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], category: str
) -> None:
    assert _check(tmp_path, capsys, category=category) == ["medical_devices"]
