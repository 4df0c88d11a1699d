"""Dates as Indonesian agreements write them, and as screens show them in the active locale.

Day and month names below are words of Indonesian legal documents: an agreement says "Minggu"
and "November" even when the program's screens are in English, so they are constants, not
translations.
"""

from __future__ import annotations

import calendar
from datetime import date

from babel.dates import format_date as _babel_format_date

from .money import terbilang

# Indexed by date.weekday(): Monday is 0.
DAY_NAMES_ID: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
# Indexed by month - 1.
MONTH_NAMES_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def day_name_id(d: date) -> str:
    """``"Minggu"`` for 22 November 2026."""
    return DAY_NAMES_ID[d.weekday()]


def long_date_id(d: date) -> str:
    """``"22 November 2026"``, ``"1 Januari 2027"``: no leading zero on the day."""
    return f"{d.day} {MONTH_NAMES_ID[d.month - 1]} {d.year}"


def numeric_date_id(d: date) -> str:
    """``"22-11-2026"``: the digits agreements put after the date in words."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def spell_out_date(d: date) -> str:
    """``"Minggu, tanggal dua puluh dua bulan November tahun dua ribu dua puluh enam"``."""
    # terbilang(1) is "satu": the 1st is "tanggal satu", never "tanggal se…".
    return (
        f"{day_name_id(d)}, tanggal {terbilang(d.day)} bulan {MONTH_NAMES_ID[d.month - 1]} "
        f"tahun {terbilang(d.year)}"
    )


def opening_date_phrase(d: date) -> str:
    """The opening of an agreement: ``"Pada hari ini, Minggu, tanggal … (22-11-2026)"``."""
    return f"Pada hari ini, {spell_out_date(d)} ({numeric_date_id(d)})"


def roman_month(d_or_month: date | int) -> str:
    """``"XI"`` for November, as agreement numbers write the month."""
    if isinstance(d_or_month, date):
        month = d_or_month.month
    elif isinstance(d_or_month, int) and not isinstance(d_or_month, bool):
        month = d_or_month
    else:
        raise TypeError(f"expected a date or a month number, not {type(d_or_month).__name__}")
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month}")
    return _ROMAN_MONTHS[month - 1]


def format_date(d: date, locale: str, format: str = "long") -> str:
    """A date for the screen in the active locale: ``"22 November 2026"``, ``"November 22, 2026"``.

    *format* is a Babel format name (short, medium, long, full) or a CLDR pattern.
    """
    return _babel_format_date(d, format=format, locale=locale)


def add_months(d: date, n: int) -> date:
    """*d* moved by *n* months; 31 January + 1 month is 28 or 29 February, not an error.

    Used for expiry reminders (SIP validity, re-credentialing 3 months before a PKS ends).
    """
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
