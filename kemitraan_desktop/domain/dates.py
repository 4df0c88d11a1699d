"""Dates as Indonesian agreements write them, and as screens show them in the active locale.

Day and month names below are words of Indonesian legal documents: an agreement says "Minggu"
and "November" even when the program's screens are in English, so they are constants, not
translations.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime

from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import get_month_names as _babel_month_names

from kemitraan_desktop import i18n
from kemitraan_desktop.i18n import _

from .money import terbilang
from .validation import ValidationError

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


def date_span_id(start: date | None, end: date | None) -> str:
    """A span of days as a document prints it: ``"4 Februari 2026 – 3 Februari 2027"``; one
    day said once (``"4 Desember 2026"``, never "4 Desember 2026 – 4 Desember 2026"); an open
    end ``"sejak 1 Maret 2026"``."""
    if start is None and end is None:
        return "–"
    if start == end:
        return long_date_id(start)  # type: ignore[arg-type]
    if end is None:
        return f"sejak {long_date_id(start)}"  # type: ignore[arg-type]
    if start is None:
        return f"sampai dengan {long_date_id(end)}"
    return f"{long_date_id(start)} – {long_date_id(end)}"


def period_phrase_id(start: date | None, end: date | None) -> str:
    """The span a monitoring covers as a berita acara says it: ``"periode 4 Februari 2026
    sampai dengan 4 Desember 2026"``; a span of one day (nothing carried out before it)
    ``"periode sampai dengan tanggal 4 Desember 2026"``, never the same day twice."""
    if start is not None and end is not None and start != end:
        return f"periode {long_date_id(start)} sampai dengan {long_date_id(end)}"
    known = end or start
    if known is None:
        return "periode yang belum ditentukan"
    return f"periode sampai dengan tanggal {long_date_id(known)}"


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


def day_within(d: date, first: date | None, last: date | None) -> date:
    """*d* moved inside *first* … *last* (either may be missing): the day an evaluation of an
    agreement running from *first* to *last* is proposed for. Scoring on 4 Desember 2026 a PKS
    that starts on 1 Januari 2027 evaluates a period that has not begun."""
    if first is not None and d < first:
        d = first
    if last is not None and d > last:
        d = last
    return d


# -- dates as a person types them ---------------------------------------------------------
# Abbreviations written in Indonesian offices besides the prefixes of the month names.
_EXTRA_MONTH_WORDS = {"agt": 8, "ags": 8, "pebruari": 2, "nopember": 11, "sept": 9}
_LOCALES_ALWAYS = ("id", "en")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"[^\W\d_]+|\d+")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def field_date(d: date) -> str:
    """``"15/03/2027"``: a date as date fields and tables show it, the order it is typed in."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def _month_words(locale: str) -> dict[str, int]:
    words: dict[str, int] = dict(_EXTRA_MONTH_WORDS)
    for language in dict.fromkeys((locale, *_LOCALES_ALWAYS)):
        for width in ("wide", "abbreviated"):
            for number, name in _babel_month_names(width, locale=language).items():
                words.setdefault(name.lower().rstrip("."), number)
    return words


def _month_of(word: str, locale: str) -> int | None:
    """The month a word names: a full name, an abbreviation, or the first 3+ letters of a name
    (``"jan"``, ``"januari"``, ``"sept"``, ``"agt"``), in Indonesian, English or *locale*."""
    word = word.lower().rstrip(".")
    words = _month_words(locale)
    if word in words:
        return words[word]
    if len(word) < 3:
        return None
    months = {number for name, number in words.items() if name.startswith(word)}
    return months.pop() if len(months) == 1 else None


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _checked(day: int, month: int, year: int, locale: str, field: str) -> date:
    if not 1 <= month <= 12:
        raise ValidationError(field, _("There is no month {month}: the months are 1 to 12.")
                              .format(month=month))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(field, _("The year {year} is outside {first}–{last}.").format(
            year=year, first=FIRST_YEAR, last=LAST_YEAR))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = _babel_month_names("wide", locale=locale)[month]
        raise ValidationError(field, _(
            "{month} {year} has {days} days: there is no {day} {month}.").format(
            month=name, year=year, days=days, day=day))
    return date(year, month, day)


def parse_date(text: str, locale: str = "id", field: str = "date") -> date | None:
    """The date a person typed, or ``None`` for an empty field.

    Takes ``15/03/2027``, ``15-03-2027``, ``15.03.2027``, ``15032027``, ``150327``, ``15/3/27``,
    ``2027-03-15``, ``15 Maret 2027``, ``15 mar 2027``, ``March 15, 2027`` (day before month,
    as Indonesia writes it; month names in Indonesian, English and *locale*). A date that does
    not exist (31/02/2027) is refused with the reason, never moved to the nearest real day.
    """
    typed = text.strip()
    if not typed:
        return None
    if match := _NUMERIC.fullmatch(typed):
        day, month, year = match.groups()
        return _checked(int(day), int(month), _year(year), locale, field)
    if match := _ISO.fullmatch(typed):
        year, month, day = match.groups()
        return _checked(int(day), int(month), int(year), locale, field)
    if typed.isdigit() and len(typed) in (6, 8):
        return _checked(int(typed[:2]), int(typed[2:4]), _year(typed[4:]), locale, field)
    parts = _WORDS.findall(typed)
    if len(parts) == 3:
        first, second, third = parts
        if first.isdigit() and not second.isdigit() and third.isdigit():
            month = _month_of(second, locale)  # 15 Maret 2027
            day = first
        elif not first.isdigit() and second.isdigit() and third.isdigit():
            month = _month_of(first, locale)  # March 15, 2027
            day = second
        else:
            month = None
        if month is not None and len(third) in (2, 4) and len(day) <= 2:
            return _checked(int(day), month, _year(third), locale, field)
    example = _babel_format_date(date(2027, 3, 15), format="d MMMM y", locale=locale)
    raise ValidationError(field, _(
        "“{text}” is not a date. Type it as 15/03/2027, 15032027 or {example}.").format(
        text=typed[:40], example=example))


def screen_date(d: date) -> str:
    """A day as screens and messages say it, in the screen's language (``3 Februari 2027``,
    ``February 3, 2027``); documents keep their Indonesian dates (``long_date_id``)."""
    return format_date(d, i18n.babel_locale())


def local_time(at: datetime) -> str:
    """*at* (aware, or naive UTC) on this computer's clock, as people here write it
    (``3 Des 2026 13.33``): the one form of a moment on screens and in messages."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    local = aware.astimezone().replace(tzinfo=None)
    pattern = "d MMM y HH.mm" if i18n.current_language() == "id" else "d MMM y HH:mm"
    return _babel_format_datetime(local, pattern, locale=i18n.babel_locale())
