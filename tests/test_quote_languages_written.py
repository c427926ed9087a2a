"""The extra letter languages of a quote as an agent types them: apart by spaces or semicolons
as well as commas, named by their English or Chinese names, and a language the list does not
know named back in the refusal."""

from __future__ import annotations

import json

import pytest

from reinstate.cli import main

AMAZON = ["quote", "--platform", "amazon", "--kind", "metric", "--json"]


def _items(capsys: pytest.CaptureFixture[str], written: str) -> list[str]:
    assert main([*AMAZON, "--languages", written]) == 0
    return [line["item"] for line in json.loads(capsys.readouterr().out)["lines"][1:]]


@pytest.mark.parametrize(
    "written",
    [
        "it es",
        "it; es",
        "Italian, Spanish",
        "意大利语，西班牙语",
        "意大利文、西班牙文",
        "IT-it es_MX",
    ],
)
def test_languages_written_as_people_write_them_are_priced(
    written: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _items(capsys, written) == ["Letter in Italian", "Letter in Spanish"]


def test_english_named_in_chinese_is_the_amazon_letter_already_in_the_base_fee(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _items(capsys, "英语 德语") == ["Letter in German"]


def test_a_language_the_list_does_not_know_is_named_in_the_refusal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "zh-CN", *AMAZON, "--languages", "德语，斯瓦希里语"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().endswith("（不能是 斯瓦希里语）。")
    assert main([*AMAZON, "--languages", "de xx"]) == 1
    assert capsys.readouterr().err.strip().endswith("ko, ar (not xx).")
