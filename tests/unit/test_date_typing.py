"""Dates as a doctor types them into a date field: every common way, and impossible ones
refused with the reason instead of being moved to the nearest real day."""

from __future__ import annotations

from datetime import date

import pytest

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.dates import field_date, parse_date
from kemitraan_desktop.domain.validation import ValidationError


@pytest.mark.parametrize(("typed", "expected"), [
    ("15/03/2022", date(2022, 3, 15)),
    ("15-03-2022", date(2022, 3, 15)),
    ("15.03.2022", date(2022, 3, 15)),
    ("15032022", date(2022, 3, 15)),
    ("150322", date(2022, 3, 15)),
    ("5/3/2022", date(2022, 3, 5)),
    ("15/03/22", date(2022, 3, 15)),
    (" 15 / 03 / 2022 ", date(2022, 3, 15)),
    ("2022-03-15", date(2022, 3, 15)),
    ("1 jan 2027", date(2027, 1, 1)),
    ("1 januari 2027", date(2027, 1, 1)),
    ("1 Januari 2027", date(2027, 1, 1)),
    ("1 January 2027", date(2027, 1, 1)),
    ("January 1, 2027", date(2027, 1, 1)),
    ("17 agt 2026", date(2026, 8, 17)),
    ("17 Agustus 2026", date(2026, 8, 17)),
    ("17 agu 2026", date(2026, 8, 17)),
    ("22 Nopember 2026", date(2026, 11, 22)),
    ("22-nov-2026", date(2026, 11, 22)),
    ("25 Des. 2026", date(2026, 12, 25)),
    ("31 Mei 2027", date(2027, 5, 31)),
    ("29/02/2028", date(2028, 2, 29)),
])
def test_the_ways_a_date_is_typed(typed, expected):
    assert parse_date(typed) == expected


def test_an_empty_field_is_no_date():
    assert parse_date("") is None
    assert parse_date("   ") is None


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2027", "Februari 2027 hanya 28 hari: tanggal 31 Februari tidak ada."),
    ("29/02/2027", "Februari 2027 hanya 28 hari: tanggal 29 Februari tidak ada."),
    ("31042027", "April 2027 hanya 30 hari: tanggal 31 April tidak ada."),
    ("00/01/2027", "Januari 2027 hanya 31 hari: tanggal 0 Januari tidak ada."),
    ("15/13/2027", "Tidak ada bulan 13: bulan ditulis 1 sampai 12."),
    ("15/03/1850", "Tahun 1850 di luar rentang 1900–2100."),
    ("besok", "“besok” bukan tanggal. Tulis misalnya 15/03/2027, 15032027, atau "
              "15 Maret 2027."),
    ("15 maz 2027", "“15 maz 2027” bukan tanggal. Tulis misalnya 15/03/2027, 15032027, atau "
                    "15 Maret 2027."),
])
def test_an_impossible_date_is_refused_with_the_reason(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_date(typed, field="target_date")
    assert refused.value.message == message
    assert refused.value.field == "target_date"


def test_the_reason_names_the_month_in_the_screen_language():
    i18n.set_language("en")
    with pytest.raises(ValidationError) as refused:
        parse_date("31/02/2027", locale="en")
    assert refused.value.message == "February 2027 has 28 days: there is no 31 February."


def test_english_and_indonesian_month_names_are_read_in_either_language():
    assert parse_date("3 Mei 2027", locale="en") == date(2027, 5, 3)
    assert parse_date("3 May 2027", locale="id") == date(2027, 5, 3)
    assert parse_date("3 Okt 2027", locale="en") == date(2027, 10, 3)
    assert parse_date("3 Oct 2027", locale="id") == date(2027, 10, 3)


def test_a_date_is_shown_the_way_it_is_typed():
    assert field_date(date(2027, 1, 1)) == "01/01/2027"
    assert field_date(date(2026, 11, 22)) == "22/11/2026"
