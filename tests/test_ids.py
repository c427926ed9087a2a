"""Identity numbers: the standards' own examples, every failure reason, and masking."""

from __future__ import annotations

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
