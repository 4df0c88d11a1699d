"""Dates as an Indonesian agreement writes them, and as the screen shows them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_desktop.domain.dates import (
    DAY_NAMES_ID,
    MONTH_NAMES_ID,
    add_months,
    date_span_id,
    day_name_id,
    day_within,
    format_date,
    long_date_id,
    numeric_date_id,
    opening_date_phrase,
    period_phrase_id,
    roman_month,
    spell_out_date,
)

# These tests read the rules' English source wording.
pytestmark = pytest.mark.usefixtures("english")

SIGNING_DAY = date(2026, 11, 22)  # a Sunday


def test_day_and_month_names_are_the_indonesian_document_words():
    assert DAY_NAMES_ID == ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    assert MONTH_NAMES_ID[0] == "Januari"
    assert MONTH_NAMES_ID[1] == "Februari"
    assert MONTH_NAMES_ID[7] == "Agustus"
    assert MONTH_NAMES_ID[11] == "Desember"
    assert len(MONTH_NAMES_ID) == 12


@pytest.mark.parametrize(
    ("d", "name"),
    [
        (SIGNING_DAY, "Minggu"),
        (date(2026, 11, 23), "Senin"),
        (date(2026, 11, 27), "Jumat"),
        (date(2027, 1, 1), "Jumat"),
        (date(2024, 2, 29), "Kamis"),
    ],
)
def test_day_name_id(d, name):
    assert day_name_id(d) == name


@pytest.mark.parametrize(
    ("d", "long", "numeric"),
    [
        (SIGNING_DAY, "22 November 2026", "22-11-2026"),
        (date(2027, 1, 1), "1 Januari 2027", "01-01-2027"),
        (date(2026, 3, 9), "9 Maret 2026", "09-03-2026"),
        (date(2025, 12, 31), "31 Desember 2025", "31-12-2025"),
    ],
)
def test_long_and_numeric_dates(d, long, numeric):
    assert long_date_id(d) == long
    assert numeric_date_id(d) == numeric


@pytest.mark.parametrize(
    ("d", "spelled"),
    [
        (
            SIGNING_DAY,
            "Minggu, tanggal dua puluh dua bulan November tahun dua ribu dua puluh enam",
        ),
        (date(2027, 1, 1), "Jumat, tanggal satu bulan Januari tahun dua ribu dua puluh tujuh"),
        (
            date(2026, 12, 31),
            "Kamis, tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh enam",
        ),
        (date(2026, 3, 10), "Selasa, tanggal sepuluh bulan Maret tahun dua ribu dua puluh enam"),
        (date(2026, 3, 11), "Rabu, tanggal sebelas bulan Maret tahun dua ribu dua puluh enam"),
        (date(2001, 8, 17), "Jumat, tanggal tujuh belas bulan Agustus tahun dua ribu satu"),
        (
            date(1999, 5, 21),
            "Jumat, tanggal dua puluh satu bulan Mei tahun seribu sembilan ratus sembilan puluh "
            "sembilan",
        ),
    ],
)
def test_spell_out_date(d, spelled):
    assert spell_out_date(d) == spelled


def test_opening_date_phrase_of_an_agreement():
    assert opening_date_phrase(SIGNING_DAY) == (
        "Pada hari ini, Minggu, tanggal dua puluh dua bulan November tahun dua ribu dua puluh "
        "enam (22-11-2026)"
    )


def test_the_first_of_the_month_is_tanggal_satu_not_se():
    phrase = opening_date_phrase(date(2027, 1, 1))
    assert "tanggal satu bulan Januari" in phrase
    assert phrase.endswith("(01-01-2027)")


@pytest.mark.parametrize(
    ("month", "roman"),
    [(1, "I"), (4, "IV"), (9, "IX"), (11, "XI"), (12, "XII")],
)
def test_roman_month(month, roman):
    assert roman_month(month) == roman
    assert roman_month(date(2026, month, 1)) == roman


@pytest.mark.parametrize("bad", [0, 13, -1])
def test_roman_month_refuses_months_that_do_not_exist(bad):
    with pytest.raises(ValueError):
        roman_month(bad)


def test_roman_month_refuses_other_types():
    with pytest.raises(TypeError):
        roman_month("11")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("locale", "fmt", "expected"),
    [
        ("id_ID", "long", "22 November 2026"),
        ("en_US", "long", "November 22, 2026"),
        ("id_ID", "full", "Minggu, 22 November 2026"),
        ("en_US", "full", "Sunday, November 22, 2026"),
    ],
)
def test_format_date_for_the_screen_follows_the_locale(locale, fmt, expected):
    assert format_date(SIGNING_DAY, locale, format=fmt) == expected


def test_format_date_defaults_to_the_long_form():
    assert format_date(SIGNING_DAY, "id_ID") == "22 November 2026"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 22), 12, date(2027, 11, 22)),
        (date(2026, 11, 22), -3, date(2026, 8, 22)),  # re-credentialing: 3 months before the end
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2024, 2, 29), 60, date(2029, 2, 28)),  # SIP: valid 5 years
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
        (datetime(2026, 5, 5, 14, 30), 1, date(2026, 6, 5)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_spells_out_with_its_day_month_and_digits(d):
    phrase = opening_date_phrase(d)
    assert phrase.startswith(f"Pada hari ini, {DAY_NAMES_ID[d.weekday()]}, tanggal ")
    assert f" bulan {MONTH_NAMES_ID[d.month - 1]} tahun " in phrase
    assert phrase.endswith(f"({d.day:02d}-{d.month:02d}-{d.year})")
    assert "  " not in phrase
    # "se-" only for 10 and 11 (sepuluh, sebelas); the 1st is "satu".
    assert ("tanggal sepuluh " in phrase) == (d.day == 10)
    assert ("tanggal sebelas " in phrase) == (d.day == 11)
    assert ("tanggal satu bulan" in phrase) == (d.day == 1)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=-600, max_value=600),
)
def test_add_months_moves_by_whole_months_and_never_overshoots(d, n):
    moved = add_months(d, n)
    assert (moved.year * 12 + moved.month) - (d.year * 12 + d.month) == n
    assert moved.day <= d.day


@pytest.mark.parametrize(("start", "end", "span", "phrase"), [
    (date(2026, 2, 4), date(2026, 12, 4), "4 Februari 2026 – 4 Desember 2026",
     "periode 4 Februari 2026 sampai dengan 4 Desember 2026"),
    # Nothing carried out yet: the report's span is one day, said once.
    (date(2027, 1, 1), date(2027, 1, 1), "1 Januari 2027",
     "periode sampai dengan tanggal 1 Januari 2027"),
    (None, None, "–", "periode yang belum ditentukan"),
    (date(2026, 3, 1), None, "sejak 1 Maret 2026", "periode sampai dengan tanggal 1 Maret 2026"),
])
def test_a_span_of_days_in_a_document_never_says_one_day_twice(start, end, span, phrase):
    assert date_span_id(start, end) == span
    assert period_phrase_id(start, end) == phrase


def test_an_evaluation_day_is_moved_inside_the_agreements_term():
    start, end = date(2027, 1, 1), date(2027, 12, 31)
    assert day_within(date(2026, 12, 4), start, end) == date(2027, 1, 1)  # not begun yet
    assert day_within(date(2027, 6, 15), start, end) == date(2027, 6, 15)
    assert day_within(date(2028, 2, 1), start, end) == date(2027, 12, 31)  # ended
    assert day_within(date(2026, 12, 4), None, None) == date(2026, 12, 4)  # no term known
    assert day_within(date(2026, 12, 4), None, end) == date(2026, 12, 4)
