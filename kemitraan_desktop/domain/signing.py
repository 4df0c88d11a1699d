"""The day an agreement was signed: which date to propose, which to refuse, which to question.

A PKS states its own signing date in its opening ("Pada hari ini, Jumat, tanggal satu bulan
Januari tahun dua ribu dua puluh tujuh (01-01-2027) …"): that is the agreement date. The parties
sign the printed copies over meterai, and the program records the signing afterwards, from the
signed copy. So the signing date is a day that has already come: a day after today cannot have
been signed yet, and is refused. A signing date other than the printed one is allowed (the
parties may have met on another day) but said out loud, since the paper then disagrees with the
record.
"""

from __future__ import annotations

from datetime import date

from kemitraan_desktop.i18n import _, babel_locale

from .dates import format_date

_DAY_AND_DATE = "EEEE, d MMMM y"  # "Jumat, 1 Januari 2027"


def day_and_date(day: date) -> str:
    """``"Jumat, 1 Januari 2027"`` in the screen language, as the dialog names a signing day."""
    return format_date(day, babel_locale(), _DAY_AND_DATE)


def proposed_signing_date(agreement_date: date | None, today: date) -> date:
    """The date printed in the agreement once that day has come; today until then."""
    if agreement_date is not None and agreement_date <= today:
        return agreement_date
    return today


def date_of_agreement(agreement_date: date | None, signed_on: date | None) -> date | None:
    """The date an agreement is cited by ("Perjanjian Kerja Sama Nomor … tanggal …" in an
    adendum's recital, the berita acara, the archive): the one its own opening prints, which
    the officer finds on the paper; the recorded signing only where no date is printed. An
    adendum citing the day the signing was recorded (4 Desember) beside a PKS that opens "Pada
    hari ini, Senin … (21-12-2026)" gave one agreement two dates (walker3 #3, walker4 F-l)."""
    return agreement_date or signed_on


def date_after_agreement(today: date, *agreement_dates: date | None) -> date:
    """The day proposed for a document that follows an agreement (its adendum): today, or the
    agreement's own date (the one printed, the one it was signed) when that is later. An adendum
    dated 4 Desember amending a PKS "tanggal 10 Desember 2026" contradicts the text it cites."""
    return max([today, *(day for day in agreement_dates if day is not None)])


def signing_date_refusal(signed_on: date, today: date) -> str:
    """Why *signed_on* cannot be the signing date, or ``""`` when it can."""
    if signed_on > today:
        return _("{date} is after today ({today}): an agreement cannot have been signed on a "
                 "day that has not come yet. Record the signing once both parties have signed."
                 ).format(date=day_and_date(signed_on), today=day_and_date(today))
    return ""


def signing_date_remark(signed_on: date | None, agreement_date: date | None,
                        today: date) -> str:
    """What to check before recording *signed_on*: ``""`` when it is the date the agreement
    prints, otherwise the difference in words (a warning, not a refusal)."""
    if agreement_date is None or signed_on is None or signed_on == agreement_date:
        return ""
    if agreement_date > today:
        return _("The agreement states it is signed on {printed}, a day still to come. If the "
                 "parties signed on another day, the printed date differs from the signing you "
                 "record; otherwise record the signing on that day or later.").format(
                     printed=day_and_date(agreement_date))
    return _("The agreement states it was signed on {printed}, not on {chosen}. Check the date "
             "on the signed copy: the printed date and the recorded signing will differ.").format(
                 printed=day_and_date(agreement_date), chosen=day_and_date(signed_on))
