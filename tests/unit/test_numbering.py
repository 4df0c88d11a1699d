"""Agreement numbers from the pattern a practice sets: 013/PKS/DR-X/XI/2026."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_desktop.domain.numbering import (
    DEFAULT_NUMBER_PATTERN,
    format_agreement_number,
    validate_number_pattern,
)
from kemitraan_desktop.domain.validation import ValidationError

# These tests read the rules' English source wording.
pytestmark = pytest.mark.usefixtures("english")

SIGNING_DAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("pattern", "seq", "on", "expected"),
    [
        (DEFAULT_NUMBER_PATTERN, 13, SIGNING_DAY, "013/PKS/DR-X/XI/2026"),
        (DEFAULT_NUMBER_PATTERN, 1, date(2027, 1, 5), "001/PKS/DR-X/I/2027"),
        (DEFAULT_NUMBER_PATTERN, 1234, SIGNING_DAY, "1234/PKS/DR-X/XI/2026"),  # grows past 999
        ("{seq}/{kind}/{unit}/{month:02d}/{year}", 7, date(2026, 3, 1), "7/PKS/DR-X/03/2026"),
        ("{kind}-{seq:04d}.{year}", 45, SIGNING_DAY, "PKS-0045.2026"),
        ("No. {{{seq}}}/{roman_month}", 2, SIGNING_DAY, "No. {2}/XI"),  # doubled braces print one
    ],
)
def test_agreement_number_follows_the_pattern(pattern, seq, on, expected):
    assert format_agreement_number(pattern, seq=seq, kind="PKS", unit="DR-X", on=on) == expected


def test_default_pattern_for_a_memorandum():
    number = format_agreement_number(
        DEFAULT_NUMBER_PATTERN, seq=2, kind="MoU", unit="KLINIK-SEHAT", on=date(2026, 7, 14)
    )
    assert number == "002/MoU/KLINIK-SEHAT/VII/2026"


ALLOWED = "Allowed fields: {seq}, {kind}, {unit}, {roman_month}, {month}, {year}."


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "{seq}/{nomor}/{year}",
            "The number pattern contains the unknown field {nomor}. " + ALLOWED,
        ),
        ("{seq}/{}", "The number pattern contains the unknown field {}. " + ALLOWED),
        ("{seq}/{0}", "The number pattern contains the unknown field {0}. " + ALLOWED),
        (
            "{seq.__class__}",
            "The number pattern contains the unknown field {seq.__class__}. " + ALLOWED,
        ),
        ("{seq}/{unit[0]}", "The number pattern contains the unknown field {unit[0]}. " + ALLOWED),
        (
            "{seq}/{unit.__init__.__globals__}",
            "The number pattern contains the unknown field {unit.__init__.__globals__}. " + ALLOWED,
        ),
        (
            "{seq}/{kind",
            "The number pattern has a { or } without its partner. Write {{ or }} for a brace.",
        ),
        (
            "{seq}/kind}",
            "The number pattern has a { or } without its partner. Write {{ or }} for a brace.",
        ),
        (
            "{seq!r}/{kind}",
            "The field {seq} in the number pattern has a format that is not allowed.",
        ),
        (
            "{seq:{year}}",
            "The field {seq} in the number pattern has a format that is not allowed.",
        ),
        (
            "{seq:999999999}",
            "The field {seq} in the number pattern is wider than 32 characters.",
        ),
        (
            "{seq:" + "9" * 5000 + "}",
            "The field {seq} in the number pattern is wider than 32 characters.",
        ),
        (
            "{seq:.999999999f}",
            "The field {seq} in the number pattern is wider than 32 characters.",
        ),
        (
            "{seq}/{kind:03d}",
            "The format “03d” in the number pattern does not suit the field {kind}.",
        ),
        ("{seq:%Y}", "The format “%Y” in the number pattern does not suit the field {seq}."),
        (
            "{kind}/{year}",
            "The number pattern must contain {seq}, or every agreement gets the same number.",
        ),
        ("", "The number pattern must contain {seq}, or every agreement gets the same number."),
    ],
)
def test_a_bad_pattern_is_refused_with_a_clear_message(pattern, message):
    with pytest.raises(ValidationError) as caught:
        format_agreement_number(pattern, seq=13, kind="PKS", unit="DR-X", on=SIGNING_DAY)
    assert caught.value.message == message
    assert caught.value.field == "number_pattern"
    with pytest.raises(ValidationError):
        validate_number_pattern(pattern)


def test_a_format_that_fails_only_for_large_numbers_is_still_a_clear_error():
    # "c" prints a character: fine for 13, impossible for 2,000,000.
    with pytest.raises(ValidationError) as caught:
        format_agreement_number("{seq:c}", seq=2_000_000, kind="PKS", unit="DR-X", on=SIGNING_DAY)
    assert caught.value.field == "number_pattern"


def test_validate_number_pattern_returns_a_good_pattern():
    assert validate_number_pattern(DEFAULT_NUMBER_PATTERN) == DEFAULT_NUMBER_PATTERN


@pytest.mark.parametrize("seq", [0, -1, True, 13.0, "13"])
def test_sequence_must_be_a_whole_number_from_one(seq):
    with pytest.raises(ValidationError) as caught:
        format_agreement_number(
            DEFAULT_NUMBER_PATTERN, seq=seq, kind="PKS", unit="DR-X", on=SIGNING_DAY
        )
    assert caught.value.field == "seq"


@pytest.mark.parametrize(("kind", "unit", "field"), [("", "DR-X", "kind"), ("PKS", "  ", "unit")])
def test_kind_and_unit_used_by_the_pattern_must_be_filled(kind, unit, field):
    with pytest.raises(ValidationError) as caught:
        format_agreement_number(DEFAULT_NUMBER_PATTERN, seq=1, kind=kind, unit=unit, on=SIGNING_DAY)
    assert caught.value.field == field


def test_an_unused_empty_unit_is_fine():
    assert (
        format_agreement_number("{seq:03d}/{year}", seq=5, kind="PKS", unit="", on=SIGNING_DAY)
        == "005/2026"
    )


@given(st.text(max_size=60))
def test_any_pattern_either_formats_or_raises_validation_error(pattern):
    try:
        number = format_agreement_number(pattern, seq=13, kind="PKS", unit="DR-X", on=SIGNING_DAY)
    except ValidationError:
        return
    assert isinstance(number, str)
    assert len(number) < 60 * 33 + 1


@given(st.integers(min_value=1, max_value=999), st.dates())
def test_default_numbers_carry_sequence_month_and_year(seq, on):
    number = format_agreement_number(
        DEFAULT_NUMBER_PATTERN, seq=seq, kind="PKS", unit="DR-X", on=on
    )
    parts = number.split("/")
    assert parts[0] == f"{seq:03d}"
    assert parts[3] in {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
    assert parts[4] == str(on.year)
