"""Identity numbers: the standards' own examples, every failure reason, and masking."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reinstate.ids import (
    USCC_ALPHABET,
    check_cn_id,
    check_uscc,
    cn_id_check_char,
    mask_id_number,
    mask_ids_in_text,
    uscc_check_char,
)


def test_it_accepts_the_published_examples() -> None:
    assert check_uscc("91350100M000100Y43").valid
    assert check_cn_id("11010519491231002X").valid
    assert check_cn_id("110105194912310021").valid is False


def test_it_normalises_full_width_spaces_and_case() -> None:
    assert check_uscc("９１３５０１００ｍ０００１００ｙ４３").valid
    assert check_cn_id("110105 19491231 002x").valid


def test_it_explains_each_kind_of_bad_uscc() -> None:
    assert (
        check_uscc("91350100M000100Y4").reason == "A unified social credit code has 18 characters."
    )
    assert "I, O, Z, S or V" in (check_uscc("91350100M000100I43").reason or "")
    assert "check character" in (check_uscc("91350100M000100Y44").reason or "")


def test_it_explains_each_kind_of_bad_resident_id() -> None:
    assert "17 digits" in (check_cn_id("1101051949123100").reason or "")
    assert "birth date" in (check_cn_id("110105194902300000").reason or "")  # 30 February
    assert "check digit" in (check_cn_id("110105194912310021").reason or "")


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17), st.data())
def test_it_catches_any_single_character_typo_in_a_uscc(body: str, data: st.DataObject) -> None:
    code = body + uscc_check_char(body)
    assert check_uscc(code).valid
    position = data.draw(st.integers(0, 16))
    other = data.draw(st.sampled_from([c for c in USCC_ALPHABET if c != code[position]]))
    typo = code[:position] + other + code[position + 1 :]
    assert not check_uscc(typo).valid


@given(st.dates(), st.text(alphabet="0123456789", min_size=9, max_size=9), st.data())
def test_it_catches_any_single_digit_typo_in_a_resident_id(born, digits: str, data) -> None:  # type: ignore[no-untyped-def]
    if born.year < 1900:
        return
    body = digits[:6] + born.strftime("%Y%m%d") + digits[6:]
    number = body + cn_id_check_char(body)
    assert check_cn_id(number).valid
    position = data.draw(st.sampled_from([0, 1, 2, 3, 4, 5, 14, 15, 16]))
    other = data.draw(st.sampled_from([c for c in "0123456789" if c != number[position]]))
    assert not check_cn_id(number[:position] + other + number[position + 1 :]).valid


def test_it_masks_identity_numbers_keeping_only_the_ends() -> None:
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_id_number("E12345678") == "E1***5678"
    assert mask_id_number("1234") == "****"
    assert (
        mask_ids_in_text("ID 11010519491231002X, order 123") == "ID 110***********002X, order 123"
    )
    # longer digit runs (order ids, phone numbers) are not identity numbers
    assert mask_ids_in_text("order 1101051949123100211") == "order 1101051949123100211"


def _cn_id(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2, from its definition: weight 2^(17-i) mod 11, check
    (12 - sum mod 11) mod 11, 10 written X."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def _uscc(first17: str) -> str:
    """GB 32100-2015 from its definition: the 31 characters 0-9 A-Y without I O S V Z, weight
    3^i mod 31, check 31 - sum mod 31 (31 written 0)."""
    alphabet = [c for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXY" if c not in "IOSVZ"]
    total = sum(alphabet.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + alphabet[(31 - total % 31) % 31]


def test_it_reads_birth_dates_as_the_calendar_does() -> None:
    assert check_cn_id(_cn_id("44030620000229123")).valid  # 2000 is a leap year
    assert check_cn_id(_cn_id("44030619960229123")).valid
    assert not check_cn_id(_cn_id("44030619000229123")).valid  # 1900 is not
    assert not check_cn_id(_cn_id("44030620230229123")).valid
    assert not check_cn_id(_cn_id("44030618991231123")).valid
    born_later = _cn_id("44030620300101123")
    assert check_cn_id(born_later, today=date(2026, 12, 1)).reason == (
        "The birth date in this resident ID number does not exist."
    )
    # as sellers paste it: spaces, dashes, full-width digits and a full-width or small x
    assert _cn_id("11010519491231002") == "11010519491231002X"  # the standard's example
    pasted = _cn_id("44030619881111008")
    assert pasted.endswith("X")  # the check lands on 10
    wide = "".join(chr(ord(c) + 0xFEE0) for c in pasted[:-1]) + "ｘ"
    assert check_cn_id(wide).valid
    assert check_cn_id(f"{pasted[:6]}-{pasted[6:14]} {pasted[14:].lower()}").valid


def test_it_says_an_old_15_digit_id_is_out_of_use() -> None:
    reason = check_cn_id("440306881111001").reason or ""
    assert "15-digit" in reason and "18-digit" in reason


def test_it_checks_credit_codes_against_an_independent_reckoning() -> None:
    for body in ("91440300MA5EXAMP1", "12100000400000718", "92310115MA1K3B2C4"):
        code = _uscc(body)
        assert check_uscc(code).valid, code
        assert uscc_check_char(body) == code[-1]
    code = _uscc("91440300MA5EXAMP1")
    assert check_uscc(f"{code[:6]} {code[6:12]}-{code[12:]}".lower()).valid


def test_it_names_what_is_wrong_with_a_stray_character_in_a_credit_code() -> None:
    code = _uscc("91440300MA5EXAMP1")
    reason = check_uscc(code[:10] + "#" + code[11:]).reason or ""
    assert reason.startswith("A unified social credit code has only digits and capital letters")
    assert check_uscc(code[:10] + "营" + code[11:]).reason == reason
    assert "cannot contain" in (check_uscc(code[:10] + "O" + code[11:]).reason or "")


def test_the_command_refuses_a_birth_date_to_come_and_an_empty_value(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reinstate.cli import main

    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    unborn = _cn_id(f"440306{date.today().year + 3}0101123")
    assert main(["ids", "check", "cn-id", unborn, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is False
    assert main(["ids", "check", "cn-id", "440306881111001"]) == 0
    out = capsys.readouterr().out
    assert "15-digit" in out and "881111" not in out  # the number is not printed back
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["ids", "check", "uscc", " ", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == "请填写要核验的号码。"


def test_it_reads_numbers_pasted_from_a_web_page_or_a_chat() -> None:
    number = _cn_id("32010619750615042")
    code = _uscc("91320106MA1XYW123")
    assert check_cn_id(f"{number[:6]}\u2013{number[6:14]}\u2014{number[14:]}").valid  # – and —
    assert check_cn_id(f"\u200b{number}\u200b").valid  # zero-width spaces around a copied cell
    assert check_uscc(f"\ufeff{code}").valid  # a byte-order mark from a text file's first line
    assert check_uscc(f"{code[:9]}\u2010{code[9:]}").valid
    assert mask_id_number(f"\u200b{number}") == number[:3] + "*" * 11 + number[-4:]
