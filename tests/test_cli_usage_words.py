"""The command line's own mistakes in the reader's language: Click says "No such command",
"Got unexpected extra argument(s)" and "Option '--at' requires an argument" in English, and
they were passed on inside a Chinese sentence."""

from __future__ import annotations

import pytest

from reinstate.cli import main

CASES = [
    (["case", "show", "4"], "没有“show”这个命令", "There is no command show"),
    (["case", "lst"], "您是不是要用 list", "did you mean list"),
    (["notice", "check", "a.eml", "b.eml"], "命令多出了“b.eml”", "b.eml is more than"),
]


@pytest.mark.parametrize(("argv", "chinese", "english"), CASES)
def test_clicks_own_mistakes_are_said_in_the_readers_language(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    chinese: str,
    english: str,
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(argv) == 2
    said = capsys.readouterr().err
    assert chinese in said and not any(w in said for w in ("No such", "unexpected", "Got "))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(argv) == 2
    assert english in capsys.readouterr().err


def test_an_option_without_its_value_is_named(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["penalty", "shopee", "--points"]) == 2
    said = capsys.readouterr().err
    assert "--points 后面需要跟一个值" in said and "requires" not in said


def test_lang_chooses_the_language_of_one_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["--lang", "zh-CN", "penalty", "shopee", "--points", "9"]) == 0
    assert capsys.readouterr().out.startswith("处罚等级：3")
    # the next run is in the settings' language again, and --lang wins over them
    assert main(["penalty", "shopee", "--points", "9"]) == 0
    assert capsys.readouterr().out.startswith("Tier: 3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["--lang", "en", "penalty", "shopee", "--points", "9"]) == 0
    assert capsys.readouterr().out.startswith("Tier: 3")
    # a mistake of the command line is said in the language chosen
    assert main(["--lang", "zh", "case", "lst"]) == 2
    assert "您是不是要用 list" in capsys.readouterr().err
    # a language it does not speak: one sentence, naming the two it does
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["--lang", "de", "penalty", "shopee", "--points", "9"]) == 2
    said = capsys.readouterr().err.strip()
    assert "--lang" in said and "en or zh-CN" in said and len(said.splitlines()) == 1
