"""Money as agreements write it: Rp2.950.000,00 (dua juta sembilan ratus lima puluh ribu rupiah)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_desktop.domain.money import (
    format_amount,
    format_rupiah,
    rupiah_in_words,
    rupiah_to_sen,
    rupiah_with_words,
    terbilang,
)
from kemitraan_desktop.domain.validation import ValidationError

# These tests read the rules' English source wording.
pytestmark = pytest.mark.usefixtures("english")

# --- Reading what the user typed ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sen"),
    [
        ("2.950.000", 295_000_000),
        ("2.950.000,50", 295_000_050),
        ("2.950.000,5", 295_000_050),  # one decimal means fifty sen, not five
        ("Rp2.950.000,00", 295_000_000),
        ("Rp 1.500", 150_000),
        ("Rp. 1.500,-", 150_000),  # ",-" is how receipts say "whole rupiah"
        ("rp1.500", 150_000),
        ("IDR 8.800", 880_000),  # capitation per member per month
        ("2950000", 295_000_000),
        ("  10.000  ", 1_000_000),  # meterai
        ("0", 0),
        ("0,01", 1),
        ("-Rp1.000,00", -100_000),
        ("Rp\u00a02.950.000,00", 295_000_000),  # Babel's no-break space, pasted back
        (Decimal("2950000"), 295_000_000),
        (Decimal("2950000.50"), 295_000_050),
        (Decimal("1.5"), 150),
        (2_950_000, 295_000_000),
    ],
)
def test_rupiah_to_sen_reads_indonesian_amounts(typed, sen):
    assert rupiah_to_sen(typed) == sen


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("dua juta", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("Rp", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("1.5", "Enter an amount in rupiah, for example Rp2.950.000,00."),  # not grouping
        ("2.95.000", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("2,950,000.00", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("1.000.00", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("--1", "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("2.950.000,505", "An amount in rupiah can have at most 2 decimals (sen)."),
        ("1,500", "An amount in rupiah can have at most 2 decimals (sen)."),
        (Decimal("1.005"), "An amount in rupiah can have at most 2 decimals (sen)."),
        (Decimal("NaN"), "Enter an amount in rupiah, for example Rp2.950.000,00."),
        (Decimal("Infinity"), "Enter an amount in rupiah, for example Rp2.950.000,00."),
        ("9" * 5000, "The amount is too large."),
        (Decimal("1E+999990"), "The amount is too large."),
        (10**16, "The amount is too large."),
    ],
)
def test_rupiah_to_sen_refuses_garbage_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as caught:
        rupiah_to_sen(typed)
    assert caught.value.message == message
    assert caught.value.field == "amount"


@pytest.mark.parametrize("typed", [2950000.0, True, None])
def test_rupiah_to_sen_refuses_floats_and_other_types_as_programming_errors(typed):
    with pytest.raises(TypeError):
        rupiah_to_sen(typed)


# --- Writing amounts in documents ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sen", "with_cents", "expected"),
    [
        (295_000_000, True, "Rp2.950.000,00"),
        (150_000_000, True, "Rp1.500.000,00"),
        (1_000_000, True, "Rp10.000,00"),
        (880_000, True, "Rp8.800,00"),
        (295_000_050, True, "Rp2.950.000,50"),
        (1, True, "Rp0,01"),
        (0, True, "Rp0,00"),
        (-100_000, True, "-Rp1.000,00"),
        (10**17, True, "Rp1.000.000.000.000.000,00"),
        (150_000_000, False, "Rp1.500.000"),
        (0, False, "Rp0"),
        (295_000_050, False, "Rp2.950.000,50"),  # never rounds sen away in a document
    ],
)
def test_format_rupiah_is_puebi_without_space_after_rp(sen, with_cents, expected):
    text = format_rupiah(sen, with_cents=with_cents)
    assert text == expected
    assert not any(ch.isspace() for ch in text)
    assert "\u00a0" not in text and "\u202f" not in text


def test_format_rupiah_refuses_floats():
    with pytest.raises(TypeError):
        format_rupiah(2950000.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sen", "locale", "expected"),
    [
        (295_000_050, "id_ID", "2.950.000,50"),
        (295_000_050, "en_US", "2,950,000.50"),
    ],
)
def test_format_amount_follows_the_screen_locale(sen, locale, expected):
    text = format_amount(sen, locale)
    assert expected in text
    assert ("Rp" in text) if locale == "id_ID" else ("IDR" in text)


# --- Numbers in words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1_000, "seribu"),
        (1_001, "seribu satu"),
        (1_100, "seribu seratus"),
        (2_000, "dua ribu"),
        (10_000, "sepuluh ribu"),
        (11_000, "sebelas ribu"),
        (21_000, "dua puluh satu ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),  # "satu" ends the group: not "seratus seribu"
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),  # num2words says "satu juta satu ribu"
        (2_001_000, "dua juta seribu"),
        (1_100_000, "satu juta seratus ribu"),
        (2_950_000, "dua juta sembilan ratus lima puluh ribu"),
        (1_000_000_000, "satu miliar"),
        (1_000_001_000, "satu miliar seribu"),
        (1_001_001_001, "satu miliar satu juta seribu satu"),
        (1_000_000_000_000, "satu triliun"),
        (1_000_000_000_000_000, "satu kuadriliun"),
        (-5, "minus lima"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_terbilang_refuses_numbers_beyond_kuadriliun():
    with pytest.raises(ValueError):
        terbilang(10**18)


@pytest.mark.parametrize(
    ("sen", "words"),
    [
        (0, "nol rupiah"),
        (100, "satu rupiah"),
        (295_000_000, "dua juta sembilan ratus lima puluh ribu rupiah"),
        (295_000_050, "dua juta sembilan ratus lima puluh ribu rupiah lima puluh sen"),
        (100_001, "seribu rupiah satu sen"),
        (50, "lima puluh sen"),
        (1_000_000, "sepuluh ribu rupiah"),
        (100_000_000_000, "satu miliar rupiah"),
    ],
)
def test_rupiah_in_words(sen, words):
    assert rupiah_in_words(sen) == words


def test_rupiah_with_words_as_in_an_agreement():
    assert rupiah_with_words(295_000_000) == (
        "Rp2.950.000,00 (dua juta sembilan ratus lima puluh ribu rupiah)"
    )
    assert rupiah_with_words(1_000_000) == "Rp10.000,00 (sepuluh ribu rupiah)"


# --- Properties --------------------------------------------------------------------------------

_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def _below_thousand(n: int) -> list[str]:
    """An independent spelling of 1..999, written from the rules in DOMAIN.md."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    tens, units = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [_UNITS[units], "belas"]
    else:
        if tens:
            words += [_UNITS[tens], "puluh"]
        if units:
            words.append(_UNITS[units])
    return words


def _reference_terbilang(n: int) -> str:
    if n == 0:
        return "nol"
    scales = ["", "ribu", "juta", "miliar", "triliun", "kuadriliun"]
    words: list[str] = []
    for power in range(len(scales) - 1, -1, -1):
        group = n // 1000**power % 1000
        if not group:
            continue
        if power == 1 and group == 1:
            words.append("seribu")
        else:
            words += _below_thousand(group)
            if scales[power]:
                words.append(scales[power])
    return " ".join(words)


@given(st.integers(min_value=0, max_value=10**15))
def test_terbilang_matches_the_rules_for_any_amount(n):
    words = terbilang(n)
    assert words == _reference_terbilang(n)
    assert "  " not in words
    assert words == words.strip() == words.lower()


def test_terbilang_matches_the_rules_for_every_number_up_to_twenty_thousand():
    mismatches = [n for n in range(20_001) if terbilang(n) != _reference_terbilang(n)]
    assert mismatches == []


@given(st.integers(min_value=0, max_value=10**17))
def test_formatted_rupiah_reads_back_to_the_same_sen(sen):
    assert rupiah_to_sen(format_rupiah(sen)) == sen
    assert rupiah_to_sen(format_rupiah(sen, with_cents=False)) == sen


@given(st.integers(min_value=0, max_value=10**17))
def test_rupiah_in_words_always_names_the_currency(sen):
    words = rupiah_in_words(sen)
    assert words.endswith(" rupiah") or words.endswith(" sen")
    assert "  " not in words
