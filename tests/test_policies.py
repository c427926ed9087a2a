"""Platform packs: every folder loads, the schema is strict, errors name file and path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reinstate.errors import NotFound
from reinstate.policies.loader import (
    PLATFORMS_DIR,
    PolicyInvalid,
    check_policies,
    load_policies,
    platform_codes,
    read_pack,
)
from reinstate.policies.views import pack_document

SEVEN = {"amazon", "joom", "taobao", "shopee", "temu", "aliexpress", "tiktok_shop"}


def test_it_loads_a_pack_from_every_platform_folder() -> None:
    folders = {p.name for p in PLATFORMS_DIR.iterdir() if (p / "policy.yaml").exists()}
    assert folders == SEVEN == set(platform_codes())
    packs = load_policies()
    assert set(packs) == SEVEN
    assert check_policies() == []
    for pack in packs.values():
        assert pack.sources and pack.senders and pack.hosts and pack.violations


def test_it_holds_the_spec_numbers() -> None:
    packs = load_policies()
    joom, amazon = packs["joom"], packs["amazon"]
    assert (joom.appeal.min_resubmit_hours, joom.appeal.max_attempts) == (48, 3)
    assert joom.appeal.review_working_days == (3, 10)
    assert (joom.files.max_mb, joom.files.formats, joom.files.encrypted_allowed) == (
        10,
        ["pdf"],
        False,
    )
    assert joom.files.name_pattern == "{store_name}_{violation_type}_{date}"
    assert amazon.appeal.submission_days == 17
    assert [(w.code, w.hours) for w in amazon.appeal.windows] == [("a_to_z_claim", 72)]
    assert {code: (m.target, m.comparator, m.windows) for code, m in amazon.metrics.items()} == {
        "odr": (0.01, "lt", [60]),
        "negative_feedback_rate": (0.01, "lt", [60]),
        "pre_fulfilment_cancel_rate": (0.025, "lt", [7]),
        "late_shipment_rate": (0.04, "lt", [10, 30]),
        "valid_tracking_rate": (0.95, "gt", [30]),
        "on_time_delivery_rate": (0.90, "gt", [14]),
        "invoice_defect_rate": (0.05, "lt", [7]),
    }
    video = amazon.verification.video
    assert video is not None
    assert (video.booking_hours_ahead, video.rebook_after_failure_hours, video.max_no_shows) == (
        (48, 72),
        72,
        2,
    )
    assert packs["taobao"].appeal.language == "zh"
    assert packs["temu"].metrics["first_response_hours"].target == 24


def test_it_marks_what_the_sources_disagree_on() -> None:
    paths = {u["path"] for u in pack_document(load_policies()["amazon"])["uncertain"]}
    assert {"metrics.on_time_delivery_rate.target", "appeal.max_attempts"} <= paths
    tiktok = pack_document(load_policies()["tiktok_shop"])["uncertain"]
    assert any(u["path"].endswith("permanent_deactivation") for u in tiktok)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "platforms"
    shutil.copytree(PLATFORMS_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "  min_resubmit_hours: 48\n",
            "  min_resubmit_hours: soon\n",
            "appeal.min_resubmit_hours",
            "valid integer",
        ),
        (
            "  max_attempts: 3\n",
            "  max_attempts: 3\n  maximum_tries: 4\n",
            "appeal.maximum_tries",
            "Extra inputs are not permitted",
        ),
        ("  language: en\n", "  language: fr\n", "appeal.language", "'en' or 'zh'"),
        ("  calendar: CN\n", "  calendar: XX\n", "appeal.calendar", "holidays package"),
        (
            "  review_working_days: [3, 10]\n",
            "  review_working_days: [10, 3]\n",
            "appeal.review_working_days",
            "min <= max",
        ),
        ("senders: [joom.com]\n", "senders: [joom com]\n", "senders", "not domain names"),
        (
            "    materials: [remediation_letter, logistics_contract, performance_screenshots]\n",
            "    materials: [remediation_letter, missing_thing]\n",
            "",
            "missing_thing",
        ),
        ("platform: joom\n", "platform: joom2\n", "platform", "the folder is 'joom'"),
        (
            '    submission_days: "The notice',
            '    deadline: "The notice',
            "appeal",
            "uncertain names fields",
        ),
    ],
)
def test_it_names_the_file_and_path_of_a_bad_value(
    tmp_path: Path, old: str, new: str, path: str, message: str
) -> None:
    root = _copy(tmp_path)
    pack = root / "joom" / "policy.yaml"
    text = pack.read_text(encoding="utf-8")
    assert old in text
    pack.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = check_policies(root)
    assert problems, "the broken pack was accepted"
    assert all(p.file == str(pack) for p in problems)
    assert any(p.path.startswith(path) and message in p.message for p in problems), problems


def test_it_reports_broken_yaml_with_its_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    pack = root / "shopee" / "policy.yaml"
    pack.write_text("platform: shopee\nnames: {en: Shopee\n", encoding="utf-8")
    [problem] = check_policies(root)
    assert problem.file == str(pack) and problem.path.startswith("line ")


def test_it_makes_a_new_platform_by_adding_a_folder(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    shutil.copytree(root / "temu", root / "ozon")
    pack = root / "ozon" / "policy.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("platform: temu", "platform: ozon"),
        encoding="utf-8",
    )
    assert "ozon" in platform_codes(root) and check_policies(root) == []


def test_it_applies_overrides_to_uncertain_values(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "amazon:\n  metrics:\n    on_time_delivery_rate:\n      target: 0.97\n", encoding="utf-8"
    )
    packs = load_policies(PLATFORMS_DIR, overrides)
    assert packs["amazon"].metrics["on_time_delivery_rate"].target == 0.97
    assert packs["amazon"].metrics["odr"].target == 0.01
    overrides.write_text("amazon:\n  appeal:\n    max_attempts: many\n", encoding="utf-8")
    [problem] = check_policies(PLATFORMS_DIR, overrides)
    assert problem.path == "appeal.max_attempts"
    overrides.write_text("ebay:\n  hosts: [ebay.com]\n", encoding="utf-8")
    assert [p.message for p in check_policies(PLATFORMS_DIR, overrides)] == [
        "no platform has this name"
    ]


def test_it_refuses_an_unknown_platform_by_name() -> None:
    with pytest.raises(NotFound, match="choose one of aliexpress, amazon"):
        load_policies().get_pack("ebay")


def test_it_keeps_the_pack_of_a_folder_strict(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "joom" / "policy.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(PolicyInvalid, match="must hold a mapping"):
        read_pack(root / "joom" / "policy.yaml")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from reinstate.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_shows_a_pack_in_the_cli_contract(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    code, out, _ = _run(capsys, "policy", "show", "joom", "--json")
    document = json.loads(out)
    assert code == 0 and document["platform"] == "joom"
    assert document["senders"] == ["joom.com"] and "merchant.joom.com" in document["hosts"]
    appeal = document["appeal"]
    assert (
        appeal["max_attempts"],
        appeal["min_resubmit_hours"],
        appeal["submission_days"],
        appeal["review_working_days"],
        appeal["language"],
    ) == (3, 48, 7, [3, 10], "en")
    assert {
        k: document["files"][k] for k in ("formats", "max_mb", "name_pattern", "encrypted_allowed")
    } == {
        "formats": ["pdf"],
        "max_mb": 10,
        "name_pattern": "{store_name}_{violation_type}_{date}",
        "encrypted_allowed": False,
    }
    amazon = json.loads(_run(capsys, "policy", "show", "amazon", "--json")[1])
    odr = next(m for m in amazon["metrics"] if m["code"] == "odr")
    assert (odr["target"], odr["comparator"], odr["windows"]) == (0.01, "lt", [60])
    code, out, _ = _run(capsys, "policy", "list", "--json")
    assert {row["platform"] for row in json.loads(out)} == SEVEN
    code, out, _ = _run(capsys, "policy", "show", "amazon")
    assert code == 0 and "uncertain metrics.on_time_delivery_rate.target" in out


def test_it_checks_every_pack_and_fails_with_each_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _run(capsys, "policy", "check")[1].strip() == "7 platform packs are valid."
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "joom:\n  appeal:\n    max_attempts: -1\n  files:\n    max_mb: big\n", encoding="utf-8"
    )
    monkeypatch.setenv("REINSTATE_POLICY_OVERRIDES", str(overrides))
    code, out, err = _run(capsys, "policy", "check")
    assert code == 1 and out == ""
    assert [line.split(": ")[1] for line in err.strip().splitlines()] == [
        "appeal.max_attempts",
        "files.max_mb",
    ]
    monkeypatch.delenv("REINSTATE_POLICY_OVERRIDES")
    code, _, err = _run(capsys, "policy", "show", "ebay")
    assert code == 1 and "There is no platform “ebay”" in err


def test_the_cli_gives_the_file_name_pattern_in_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the JSON keeps the pattern for machines; the words a seller reads name its parts
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    english = _run(capsys, "policy", "show", "joom")[1]
    assert re.search(r"name StoreName_ViolationType_\d{8},", english), english
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    chinese = _run(capsys, "policy", "show", "joom")[1]
    assert re.search(r"命名 店铺名_违规类型_\d{8}，", chinese), chinese
    assert "{store_name}" not in english + chinese
