"""Quotes from a provider's price list (seed 001): exact decimal arithmetic, rush at both ends of
its 30-50% range, half-up rounding to the cent, one line per item, the currency stated, a strict
list refused with one sentence naming its line, the example list shipped and a PDF read back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.provider.pricing import (
    EXAMPLE_PRICE_LIST,
    QuoteRequest,
    make_quote,
    parse_price_list,
    read_price_list,
)

from .test_startup import _heavy_imports

PRICES = """\
currency = "EUR"

[base.amazon]
metric = "{base}"
suspension = "4000.00"

[base.shopee]
metric = "900"

[rush]
percent = "{percent}"

[extra_language]
fee = "250.00"
by_language = {{ ja = "400.00" }}

[metrics]
each_additional = "333.33"

[services]
evidence_reconstruction = "120.50"
history_repair_90_days = "300.00"
quarterly_advisory = "1999.99"
stamped_declaration = "80.00"

[tier]
standard = "0"
top = "150.00"
"""


def _prices(tmp_path: Path, base: str = "1000.00", percent: str = "30") -> Path:
    path = tmp_path / "prices.toml"
    path.write_text(PRICES.format(base=base, percent=percent), encoding="utf-8")
    return path


def _quote(*args: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["quote", *args, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


@pytest.mark.parametrize("percent", ["30", "50"])
def test_it_adds_the_rush_at_either_end_of_its_range(
    percent: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prices = _prices(tmp_path, percent=percent)
    document = _quote(
        "--price-list", str(prices), "--platform", "amazon", "--kind", "metric",
        "--metrics", "2", "--languages", "de,ja", "--tier", "top", "--rush", "--advisory",
        "--reconstruction", "--declaration", capsys=capsys,
    )  # fmt: skip
    lines = document["lines"]
    assert isinstance(lines, list)
    amounts = [line["amount"] for line in lines]
    # 1000 + 333.33 + 250 + 400 + 120.50 + 80 + 150 = 2333.83 of case work, then the rush on it,
    # then the advisory, which is a subscription and not rushed.
    work = Decimal("2333.83")
    assert amounts == [
        "1000.00", "333.33", "250.00", "400.00", "120.50", "80.00", "150.00",
        f"{(work * Decimal(percent) / 100).quantize(Decimal('0.01'), 'ROUND_HALF_UP')}",
        "1999.99",
    ]  # fmt: skip
    assert amounts[7] == {"30": "700.15", "50": "1166.92"}[percent]
    assert document["currency"] == "EUR"
    assert document["total"] == f"{sum(Decimal(a) for a in amounts):.2f}"


def test_it_rounds_the_rush_half_up_to_the_cent(tmp_path: Path) -> None:
    # 1.15 x 30% = 0.345: half up gives 0.35 where banker's rounding would give 0.34.
    prices = read_price_list(_prices(tmp_path, base="1.15", percent="30"))
    quote = make_quote(prices, QuoteRequest("amazon", "metric", rush=True))
    assert [line.amount for line in quote.lines] == [Decimal("1.15"), Decimal("0.35")]
    assert quote.total == Decimal("1.50")
    # 0.05 x 50% = 0.025 -> 0.03
    prices = read_price_list(_prices(tmp_path, base="0.05", percent="50"))
    assert make_quote(prices, QuoteRequest("amazon", "metric", rush=True)).total == Decimal("0.08")


def test_it_gives_one_line_per_item_in_the_readers_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    document = _quote(
        "--price-list", str(_prices(tmp_path)), "--platform", "shopee", "--kind", "metric",
        "--languages", "fr", capsys=capsys,
    )  # fmt: skip
    assert document == {
        "currency": "EUR",
        "lines": [
            {"item": "基础费用：Shopee 虾皮，绩效指标申诉", "amount": "900.00"},
            {"item": "法语信函", "amount": "250.00"},
        ],
        "total": "1150.00",
    }


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('percent = "30"', 'percent = "55"'), "line 11, rush.percent: the rush surcharge"),
        (('percent = "30"', 'percent = "29.9"'), "line 11, rush.percent"),
        (('metric = "1000.00"', "metric = 1000.5"), "line 4, base.amazon.metric: write the"),
        (('"120.50"', '"120.505"'), "line 21, services.evidence_reconstruction: '120.505' has"),
        (('"80.00"', '"-80.00"'), "line 24, services.stamped_declaration"),
        (("[base.shopee]", "[base.ebay]"), "line 7, base.ebay: no platform is called 'ebay'"),
        (("suspension =", "refund ="), "line 5, base.amazon.refund: kinds are metric"),
        (("top =", "gold ="), "line 28, tier.gold: tiers are standard"),
        (("[services]", "[service]"), "line 20, service: not a key a price list has."),
        (('currency = "EUR"', 'currency = "euro"'), "line 1, currency: write the currency as its"),
        (("[tier]", "[tier"), "is not valid TOML at line 26, column 6: Expected"),
        (("[metrics]\neach_additional", "[metrics]\neach"), "line 18, metrics.each: not a key"),
    ],
)
def test_it_refuses_a_bad_price_list_naming_the_line_and_field(
    change: tuple[str, str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _prices(tmp_path)
    path.write_text(path.read_text().replace(*change, 1), encoding="utf-8")
    command = ["quote", "--price-list", str(path), "--platform", "amazon", "--kind", "metric"]
    assert main(command) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert says in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--platform", "joom"], "This price list has no fees for joom; it quotes: amazon, shopee"),
        (["--kind", "listing"], "Kind of case must be one of: metric, suspension."),
        (["--tier", "vendor"], "Account tier must be one of: standard, top."),
        (["--languages", "xx"], "Languages must be one of: en, zh, de"),
        (["--metrics", "0"], "The number of metrics must be 1 or more."),
    ],
)
def test_it_refuses_what_the_list_does_not_price(
    args: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = {"--platform": "amazon", "--kind": "metric"}
    chosen |= dict(zip(args[::2], args[1::2], strict=True))
    command = ["quote", "--price-list", str(_prices(tmp_path))]
    command += [part for pair in chosen.items() for part in pair]
    assert main(command) == 1
    assert says in capsys.readouterr().err


def test_it_uses_the_example_list_documented_line_by_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = _quote("--platform", "amazon", "--kind", "metric", "--rush", capsys=capsys)
    example = read_price_list(EXAMPLE_PRICE_LIST)
    assert document["currency"] == example.currency
    assert 30 <= example.rush.percent <= 50
    # every key of the example has a comment above it or above its table
    lines = EXAMPLE_PRICE_LIST.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("[") or ("=" in line and not line.startswith((" ", "#"))):
            above = lines[max(0, number - 1)]
            table_commented = any(
                previous.startswith("#") and lines[k + 1].startswith("[")
                for k, previous in enumerate(lines[:number])
            )
            assert above.startswith(("#", "[")) or "=" in above or table_commented, line


def test_it_writes_the_quote_as_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "quote.pdf"
    document = _quote(
        "--price-list", str(_prices(tmp_path)), "--platform", "amazon", "--kind", "suspension",
        "--history-repair", "--out", str(out), capsys=capsys,
    )  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "All amounts in EUR." in text
    assert "90-day history repair" in text and "300.00" in text
    assert document["total"] == "4300.00" and "4300.00" in text
    assert main(["quote", "--platform", "amazon", "--kind", "metric", "--out", "q.txt"]) == 1
    assert "Write the quote to a .pdf file, not q.txt." in capsys.readouterr().err


def test_it_refuses_floats_and_parses_a_list_given_as_text() -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_price_list(PRICES.format(base="1", percent="40").replace('"250.00"', "250.0"), "x")
    assert "line 14, extra_language.fee: write the amount as a string" in str(raised.value)


def test_it_quotes_without_importing_the_database_or_pdf_libraries(tmp_path: Path) -> None:
    args = ["quote", "--platform", "amazon", "--kind", "metric", "--rush", "--json"]
    assert _heavy_imports(args, tmp_path) == []


def test_the_letter_in_the_platforms_own_language_is_not_charged_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base fee includes the letter in the platform's language (English for Amazon, its
    pack's appeal.language): asking for it among the languages adds nothing."""
    prices = str(_prices(tmp_path))
    amazon = ["--price-list", prices, "--platform", "amazon", "--kind", "metric"]
    plain = _quote(*amazon, capsys=capsys)
    asked = _quote(
        "--price-list", prices, "--platform", "amazon", "--kind", "metric",
        "--languages", "EN,de", "--rush", capsys=capsys,
    )  # fmt: skip
    german = _quote(
        "--price-list", prices, "--platform", "amazon", "--kind", "metric",
        "--languages", "de", "--rush", capsys=capsys,
    )  # fmt: skip
    assert asked == german and asked["total"] != plain["total"]
    assert not any("English" in str(line) for line in asked["lines"])  # type: ignore[attr-defined]


def test_a_number_of_metrics_beyond_the_bound_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["quote", "--price-list", str(_prices(tmp_path)), "--platform", "amazon"]
    assert main([*command, "--kind", "metric", "--metrics", "100000000000000000000"]) == 1
    assert "The number of metrics must be 1 to 20." in capsys.readouterr().err
    assert main([*command, "--kind", "metric", "--metrics", "20", "--json"]) == 0


@pytest.mark.parametrize("amount", ['"99999999999999999999999999999999.00"', str(10**40)])
def test_an_amount_too_large_to_count_in_cents_is_refused_in_one_sentence(
    amount: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "prices.toml"
    text = EXAMPLE_PRICE_LIST.read_text(encoding="utf-8")
    path.write_text(text.replace('metric = "2800.00"', f"metric = {amount}"), encoding="utf-8")
    command = ["quote", "--price-list", str(path), "--platform", "amazon", "--kind", "metric"]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "base.amazon.metric" in err and "is more than 999999999999.99" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_price_list_saved_by_notepad_is_read_and_one_in_gbk_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE_PRICE_LIST.read_text(encoding="utf-8")
    marked, gbk = tmp_path / "marked.toml", tmp_path / "gbk.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # UTF-8 with a byte-order mark
    gbk.write_bytes(text.encode("gbk"))
    assert read_price_list(marked) == read_price_list(EXAMPLE_PRICE_LIST)
    assert (
        main(["quote", "--price-list", str(gbk), "--platform", "amazon", "--kind", "metric"]) == 1
    )
    err = capsys.readouterr().err
    assert err == f"The price list {gbk} is not UTF-8 text: save it as UTF-8.\n"


def test_a_language_tag_with_its_region_is_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    amazon = ["--price-list", str(_prices(tmp_path)), "--platform", "amazon", "--kind", "metric"]
    tagged = _quote(*amazon, "--languages", "de-DE,pt_BR,DE", capsys=capsys)
    plain = _quote(*amazon, "--languages", "de,pt", capsys=capsys)
    assert tagged == plain and len(plain["lines"]) == 3  # type: ignore[arg-type]
    assert main(["quote", *amazon, "--languages", "xx-DE"]) == 1
    assert "Languages must be one of" in capsys.readouterr().err


def test_a_platform_listed_without_fees_is_not_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "prices.toml"
    text = EXAMPLE_PRICE_LIST.read_text(encoding="utf-8")
    fees = text[text.index("[base.amazon]\n") : text.index("[base.shopee]")]
    path.write_text(text.replace(fees, "[base.amazon]\n\n"), encoding="utf-8")
    command = ["quote", "--price-list", str(path), "--platform", "amazon", "--kind", "metric"]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("This price list has no fees for amazon; it quotes: shopee, temu,")


@pytest.mark.parametrize("written", ["Brand Registered", "brand-registered", " BRAND_REGISTERED "])
def test_a_tier_written_as_a_person_writes_it_is_the_listed_tier(
    written: str, capsys: pytest.CaptureFixture[str]
) -> None:
    amazon = ["--platform", "amazon", "--kind", "metric"]
    asked = _quote(*amazon, "--tier", written, capsys=capsys)
    assert asked == _quote(*amazon, "--tier", "brand_registered", capsys=capsys)
    assert asked["total"] == "3100.00"  # 2800.00 and the example list's 300.00


def test_the_platforms_own_language_is_the_one_its_overridden_pack_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An organisation whose policy overrides have Amazon's appeals written in Chinese: the
    Chinese letter is in the base fee and the English one is the extra."""
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("amazon:\n  appeal:\n    language: zh\n", encoding="utf-8")
    monkeypatch.setenv("REINSTATE_POLICY_OVERRIDES", str(overrides))
    prices = str(_prices(tmp_path))
    amazon = ["--price-list", prices, "--platform", "amazon", "--kind", "metric"]
    plain = _quote(*amazon, capsys=capsys)
    assert _quote(*amazon, "--languages", "zh", capsys=capsys) == plain
    english = _quote(*amazon, "--languages", "en", capsys=capsys)
    assert english["total"] != plain["total"]
    assert any("English" in str(line) for line in english["lines"])  # type: ignore[attr-defined]
