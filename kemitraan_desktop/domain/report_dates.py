"""The day a step-7 activity report is dated, checked against the activity's schedule.

A report tells what took place, so it is dated on or after the day its activity was planned to
start. A date before that is usually a slip (the new report took today's date for an activity
still to come) but not always wrong (the activity may have been brought forward), so it is
said beneath the field, never refused. A date after today is refused: what has not happened
cannot be reported, and the berita acara would state a monitoring period that has not come
("untuk periode 1 Januari 2027 sampai dengan 2 Januari 2027", held on 4 Desember 2026).
"""

from __future__ import annotations

from datetime import date

from kemitraan_desktop.i18n import _, babel_locale

from .dates import format_date


def report_date_remark(report_date: date | None, start: date | None) -> str:
    """What to check about *report_date* for an activity scheduled from *start*: ``""`` when
    the report is dated on or after the start, or either date is not known."""
    if report_date is None or start is None or report_date >= start:
        return ""
    locale = babel_locale()
    return _("The report is dated {date}, before the activity is scheduled to start "
             "({start}). Check the date, or change the schedule in step 6.").format(
                 date=format_date(report_date, locale), start=format_date(start, locale))


def planned_mark(report_date: date | None, today: date) -> str:
    """How a report dated after *today* is marked wherever it is listed (step 7, the archive):
    ``"planned"`` in the active language, ``""`` for a report of what has taken place. New
    reports are refused such a date (:func:`report_date_refusal`); one kept from before, or
    brought in with a partner's package, is shown, never hidden, but not as done."""
    return _("planned") if report_date is not None and report_date > today else ""


def report_date_refusal(report_date: date, today: date) -> str:
    """Why *report_date* cannot be a report's date (``""`` when it can): a day after today."""
    if report_date <= today:
        return ""
    locale = babel_locale()
    return _("{date} is after today ({today}): a report tells what has taken place. Date it "
             "on the day of the activity, or today.").format(
                 date=format_date(report_date, locale), today=format_date(today, locale))
