"""The day an agreement was signed: which date to propose, which to refuse.

A PKS states its own signing date in its opening ("Pada hari ini, Jumat, tanggal satu bulan
Januari tahun dua ribu dua puluh tujuh (01-01-2027) …"): that is the agreement date. The parties
sign the printed copies over meterai, and the program records the signing afterwards, from the
signed copy. The rule (one function, :func:`signing_date_refusal`, read by the dialog, the
service and the command line):

- a day after today cannot have been signed yet: refused;
- a day before the printed one is refused: the paper would say the parties signed on a day
  that had not come when they signed, and the record would disagree with it (a PKS dated
  1 Januari 2027 recorded as signed on 4 Desember 2026). The printed date is set in the draft
  before finalizing; once signed, a change is an adendum;
- the printed day itself is the signing;
- a later day happens (the branch office signs a few days after the date typed in its copy):
  recorded only with an explicit statement that the parties signed after the printed date,
  kept in the audit log beside both days.
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
    """The date printed in the agreement (today when it prints none): the one day a signing is
    recorded on without a word. Until that day has come, the field says why it cannot be yet."""
    return agreement_date if agreement_date is not None else today


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


def signing_date_refusal(signed_on: date, today: date, printed: date | None = None,
                         later_stated: bool = False) -> str:
    """Why *signed_on* cannot be recorded as the signing of an agreement whose opening prints
    *printed*, or ``""`` when it can. *later_stated*: the person stated that the parties signed
    after the printed day (see :func:`later_statement`)."""
    if signed_on > today:
        return _("{date} is after today ({today}): an agreement cannot have been signed on a "
                 "day that has not come yet. Record the signing once both parties have signed."
                 ).format(date=day_and_date(signed_on), today=day_and_date(today))
    if printed is None or signed_on == printed:
        return ""
    if signed_on < printed:
        return _("{date} is before {printed}, the day the agreement's opening says it is signed "
                 "(“Pada hari ini …”): the record would disagree with the signed paper. Record "
                 "the signing on {printed} or later, once both parties have signed. The printed "
                 "date is changed in the draft before finalizing; once signed, by an adendum."
                 ).format(date=day_and_date(signed_on), printed=day_and_date(printed))
    if not later_stated:
        return _("{date} is after {printed}, the day the agreement's opening says it is signed. "
                 "If the parties signed later than the printed day, state it (the box beneath "
                 "the date; on the command line --signed-after-printed-date): the record then "
                 "keeps both days.").format(date=day_and_date(signed_on),
                                            printed=day_and_date(printed))
    return ""


def later_statement(signed_on: date, printed: date) -> str:
    """What the person states when the parties signed after the printed day."""
    return _("The parties signed on {date}, after the date the agreement prints ({printed})"
             ).format(date=day_and_date(signed_on), printed=day_and_date(printed))
