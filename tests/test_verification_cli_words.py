"""``reinstate verify`` speaks the installation's language in its plain-text answers too: a
Chinese operator read "Verification 2: no_show, book …" and "Wrote … bytes" (found by an
exploratory tester)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reinstate.cli import main

from .conftest import World


def _run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    language: str,
    *args: str,
) -> tuple[int, str]:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(list(args))
    return code, capsys.readouterr().out


def test_show_and_sheet_answer_in_chinese_with_the_state_in_words(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
    tmp_path: Path,
) -> None:
    run = lambda language, *a: _run(capsys, monkeypatch, database_url, language, *a)  # noqa: E731
    invited = "2026-11-18T15:00:00+08:00"
    code, out = run("zh_CN", "verify", "open", str(world.account_a2), "--invited-at", invited)
    assert code == 0
    vid, line = out.splitlines()[0].removeprefix("视频验证 ").split("：", 1)
    assert vid.isdigit() and line == (
        "已邀请，可预约时间 2026-11-20T07:00:00+00:00 至 2026-11-21T07:00:00+00:00，预约时段 -"
    )
    assert "invited" not in out and "book " not in out
    code, out = run("en", "verify", "show", vid)
    assert out.splitlines()[0].endswith(
        ": invited, book 2026-11-20T07:00:00+00:00 to 2026-11-21T07:00:00+00:00, slot -"
    )
    sheet = tmp_path / "sheet.pdf"
    code, out = run("zh_CN", "verify", "sheet", vid, "--out", str(sheet))
    assert code == 0 and out.strip() == f"已写入 {sheet}（{sheet.stat().st_size} 字节）"


def test_a_time_in_the_future_is_refused_naming_the_field_in_words(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    run = lambda language, *a: _run(capsys, monkeypatch, database_url, language, *a)  # noqa: E731
    invited = "2026-11-18T15:00:00+08:00"
    code, out = run(
        "en", "verify", "open", str(world.account_a2), "--invited-at", invited, "--json"
    )
    vid = str(json.loads(out)["id"])
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["verify", "event", vid, "no_show", "--at", "2999-01-01T00:00:00+00:00"]) == 1
    assert capsys.readouterr().err.strip() == "发生时间不能晚于今天。"  # not "at不能晚于今天。"
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["verify", "event", vid, "no_show", "--at", "2999-01-01T00:00:00+00:00"]) == 1
    assert capsys.readouterr().err.strip() == "When it happened cannot be in the future."


@pytest.mark.parametrize(("language", "said"), [("en", "There is no file"), ("zh_CN", "文件")])
def test_a_change_log_that_is_no_file_is_said_so_in_the_operators_language(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
    tmp_path: Path,
    language: str,
    said: str,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for path in (tmp_path, tmp_path / "变更记录.csv"):  # a folder; a name mistyped
        code = main(["verify", "changes", str(world.account_a2), "--import", str(path)])
        err = capsys.readouterr().err.strip()
        assert code == 1 and said in err and str(path) in err
        assert "\n" not in err and "directory" not in err and "No such" not in err
