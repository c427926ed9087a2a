"""A price list an agency wrote by hand and got wrong is refused in the reader's language: the
place (line and field) and the reason said in Chinese under --lang zh-CN, never pydantic's or
the file system's English; a currency code in small letters is the currency."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main

# a Hong Kong agency's list: Hong Kong dollars, only two platforms, no tier but standard
AGENCY = """\
# 價目表 2026 (HKD)
currency = "hkd"

[base.amazon]
metric = "3200"
suspension = "5500.00"

[base.tiktok_shop]
metric = "2000.00"

[rush]
percent = "45"

[extra_language]
fee = "700.00"

[metrics]
each_additional = "1500.00"

[services]
evidence_reconstruction = "900.00"
history_repair_90_days = "1100.00"
quarterly_advisory = "5000.00"
stamped_declaration = "450.00"

[tier]
standard = "0"
"""


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _list(tmp_path: Path, text: str) -> str:
    path = tmp_path / "agency.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_currency_in_small_letters_is_the_currency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prices = _list(tmp_path, AGENCY)
    args = ["quote", "--price-list", prices, "--platform", "tiktok_shop", "--kind", "metric"]
    code, out, err = _run([*args, "--rush", "--json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["currency"] == "HKD"
    assert [line["amount"] for line in document["lines"]] == ["2000.00", "900.00"]
    assert document["total"] == "2900.00"


@pytest.mark.parametrize(
    ("change", "english", "chinese"),
    [
        (
            ('metric = "3200"', "metric = 3200.5"),
            "at line 5, base.amazon.metric: write the amount as a string",
            "第 5 行的 base.amazon.metric 处无效：金额请写成带引号的字符串",
        ),
        (
            ('percent = "45"', 'percent = "25"'),
            "rush.percent: the rush surcharge must lie within 30% and 50%, not 25%",
            "加急溢价须在 30% 到 50% 之间，不能是 25%",
        ),
        (
            ('stamped_declaration = "450.00"', 'stamped_declaration = "-450.00"'),
            "services.stamped_declaration: '-450.00' is not an amount of zero or more",
            "'-450.00' 不是零或正数的金额",
        ),
        (
            ('standard = "0"', 'standard = "0"\ngold = "100.00"'),
            "line 28, tier.gold: tiers are standard, brand_registered",
            "第 28 行的 tier.gold 处无效：账号等级只能是",
        ),
        (
            ("[extra_language]", "[extra_language]\nminimum = 1"),
            "extra_language.minimum: not a key a price list has.",
            "extra_language.minimum 处无效：价目表没有这一项。",
        ),
        (
            ('currency = "hkd"', 'currency = "HK$"'),
            "currency: write the currency as its three-letter code",
            "币种请写三个字母的代码",
        ),
        (
            ('fee = "700.00"\n', ""),
            "extra_language.fee: this is missing.",
            "extra_language.fee 处无效：缺少此项。",
        ),
        (
            ("[base.tiktok_shop]", "[base.tiktok_shop"),
            "is not valid TOML at line 8, column 18: ",
            "第 8 行第 18 列不是有效的 TOML",
        ),
    ],
)
def test_a_wrong_list_is_refused_in_the_readers_language(
    change: tuple[str, str],
    english: str,
    chinese: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    prices = _list(tmp_path, AGENCY.replace(*change))
    args = ["quote", "--price-list", prices, "--platform", "amazon", "--kind", "metric"]
    code, out, err = _run(args, capsys)
    assert (code, out) == (1, "") and english in err and err.count("\n") == 1
    code, out, err = _run(["--lang", "zh-CN", *args], capsys)
    assert (code, out) == (1, "") and chinese in err and err.count("\n") == 1
    for english_words in ("line", "Extra inputs", "Field required", "String should", "write"):
        assert english_words not in err


def test_a_list_that_is_not_there_or_is_a_folder_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "价目表.toml"
    for given, says in ((missing, f"文件 {missing} 不存在。"), (tmp_path, "是文件夹")):
        args = ["--lang", "zh-CN", "quote", "--price-list", str(given)]
        code, out, err = _run([*args, "--platform", "amazon", "--kind", "metric"], capsys)
        assert (code, out) == (1, "") and says in err
        assert "No such file" not in err and "Is a directory" not in err


def test_an_owner_reading_chinese_is_told_in_chinese_what_is_wrong_in_settings(
    as_persona: Any,
) -> None:
    owner = as_persona("owner")
    owner.post("/language", {"language": "zh_CN", "next": "/"}, page="/settings")
    wrong = AGENCY.replace("[rush]", "[rush]\nminimum_fee = 100")
    page = owner.post("/settings/prices", {"text": wrong}, page="/settings/prices")
    assert page.status_code == 422
    assert "第 12 行的 rush.minimum_fee 处无效：价目表没有这一项。" in page.text
    assert "Extra inputs" not in page.text


# a German agency's list, its keys written as people write them
SPELLED = """\
currency = "EUR"

[base.Amazon]
Metric = "450.00"
Suspension = "900.00"

[base."TikTok Shop"]
metric = "300.00"

[base."虾皮"]
metric = "250.00"

[rush]
percent = 30

[extra_language]
fee = "60.00"
by_language = { DE = "80.00", "pt-BR" = "90.00" }

[metrics]
each_additional = "100.00"

[services]
evidence_reconstruction = "150.00"
history_repair_90_days = "200.00"
quarterly_advisory = "900.00"
stamped_declaration = "50.00"

[tier]
standard = "0"
"Brand Registered" = "40.00"
"""


def test_keys_written_by_name_or_in_capitals_are_the_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prices = _list(tmp_path, SPELLED)
    args = ["quote", "--price-list", prices, "--platform", "tiktok_shop", "--kind", "metric"]
    extra = ["--languages", "de,pt", "--tier", "brand_registered", "--rush", "--json"]
    code, out, err = _run([*args, *extra], capsys)
    assert code == 0, err
    document = json.loads(out)
    amounts = [line["amount"] for line in document["lines"]]
    assert amounts == ["300.00", "80.00", "90.00", "40.00", "153.00"]  # 30% of 510.00
    assert document["total"] == "663.00"
    shopee = ["quote", "--price-list", prices, "--platform", "shopee", "--kind", "metric"]
    assert json.loads(_run([*shopee, "--json"], capsys)[1])["total"] == "250.00"


def test_one_platform_written_twice_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prices = _list(tmp_path, SPELLED.replace('[base."虾皮"]', "[base.amazon]"))
    args = ["quote", "--price-list", prices, "--platform", "amazon", "--kind", "metric"]
    code, out, err = _run(args, capsys)
    assert (code, out) == (1, "")
    assert "line 10, base.amazon: 'amazon' is written twice." in err
    code, out, err = _run(["--lang", "zh-CN", *args], capsys)
    assert "第 10 行的 base.amazon 处无效：'amazon' 写了两次。" in err
