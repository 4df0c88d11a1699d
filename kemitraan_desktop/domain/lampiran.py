"""The lampiran of an agreement agree with its text and with each other.

A Pasal that says "dicantumkan dalam Lampiran" must point at a lampiran that is printed: the
template names the lampiran it cites (a price or tariff list, the referral services) and the
text cites it by its number. The work plan (step 6) and the budget (RAB, step 4) are two
lampiran of one programme: their totals agree, or the work plan says by how much they differ.
The activities planned must fall in the agreement's term, and none may contradict a recital
(a credentialing visit planned after the signing day where the text says credentialing is done).

The sentences are Indonesian document text, whatever the screen language; the problems are
messages for the screen, translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kemitraan_desktop.i18n import _

from .dates import field_date
from .documents import TableBlock
from .money import format_rupiah, rupiah_with_words

WORK_PLAN_TITLE = "Rencana Kerja"
BUDGET_TITLE = "Rencana Anggaran Biaya"
# The Penutup where no lampiran is printed: it names no lampiran that is not there.
NO_LAMPIRAN = "Rencana kerja kemitraan yang disepakati PARA PIHAK secara tertulis"


def lampiran_label(number: int) -> str:
    """``"Lampiran 3"``: how the text cites the third lampiran."""
    return f"Lampiran {number}"


def lampiran_list(titles: Sequence[str]) -> str:
    """``"Lampiran 1 Rencana Kerja dan Lampiran 2 Rencana Anggaran Biaya"``: the lampiran the
    Penutup declares part of the agreement, as they are printed (:data:`NO_LAMPIRAN` if none)."""
    from .clauses import join_words

    named = [f"{lampiran_label(number)} {title}" for number, title in enumerate(titles, 1)
             if title]
    return join_words(named) or NO_LAMPIRAN


def plan_against_budget(plan_sen: int, budget_sen: int | None, budget_number: int) -> str:
    """What the work plan's lampiran says of its total beside the RAB's (Lampiran *budget_number*):
    that they agree, or by how much and which way they differ. *budget_sen* None: no RAB."""
    plan = format_rupiah(plan_sen)
    if budget_sen is None:
        if not plan_sen:
            return ""
        return (f"Biaya kegiatan sebesar {rupiah_with_words(plan_sen)} belum dianggarkan dalam "
                f"{BUDGET_TITLE}.")
    budget = f"{BUDGET_TITLE} pada {lampiran_label(budget_number)}"
    if plan_sen == budget_sen:
        return (f"Jumlah biaya {WORK_PLAN_TITLE} sama dengan jumlah {budget}, yaitu "
                f"{rupiah_with_words(plan_sen)}.")
    difference = rupiah_with_words(abs(plan_sen - budget_sen))
    if plan_sen < budget_sen:
        return (f"Jumlah biaya {WORK_PLAN_TITLE} sebesar {plan} lebih kecil {difference} daripada "
                f"jumlah {budget} sebesar {format_rupiah(budget_sen)}; selisih tersebut merupakan "
                f"anggaran yang belum dirinci ke dalam kegiatan {WORK_PLAN_TITLE}.")
    return (f"Jumlah biaya {WORK_PLAN_TITLE} sebesar {plan} lebih besar {difference} daripada "
            f"jumlah {budget} sebesar {format_rupiah(budget_sen)}; selisih tersebut belum "
            f"dianggarkan dalam {BUDGET_TITLE}.")


@dataclass(frozen=True)
class PlannedActivity:
    name: str
    start: date | None
    end: date | None


# "Visitasi kredensialing", "Kredensialing oleh BPJS" — not "Rekredensialing", which is planned
# near the end of the term by design.
_CREDENTIALING = re.compile(r"(?<!re)kredensial", re.IGNORECASE)


@dataclass(frozen=True)
class LampiranDifference:
    """A lampiran printed from today's data otherwise than the signed agreement printed it."""

    title: str
    signed_number: int | None  # its number in the signed agreement; None: added since
    now_number: int | None  # its number as printed now; None: no longer printed
    signed: TableBlock | None
    now: TableBlock | None


def lampiran_differences(signed: Sequence[TableBlock],
                         now: Sequence[TableBlock]) -> list[LampiranDifference]:
    """The lampiran whose rows or total differ between *signed* (as the signed agreement
    printed them) and *now* (as the data print them today), matched by title: in the order
    printed now, then those no longer printed. The archive's note and an adendum's Pasal 1
    both read this one comparison."""
    was = {block.title: (number, block) for number, block in enumerate(signed, start=1)}
    found = []
    for number, block in enumerate(now, start=1):
        signed_number, before = was.pop(block.title, (None, None))
        if before is None or (before.rows, before.total) != (block.rows, block.total):
            found.append(LampiranDifference(block.title, signed_number, number, before, block))
    found += [LampiranDifference(title, number, None, block, None)
              for title, (number, block) in was.items()]
    return found


def plan_budget_remark(plan_sen: int, budget_sen: int) -> str:
    """What finalize asks the doctor to look at, without refusing, when the work plan and the
    RAB total differently (the work plan's lampiran states the difference; the text quotes the
    RAB): a message for the screen, or ``""`` when they agree."""
    if plan_sen == budget_sen:
        return ""
    return _("The work plan totals {plan} and the budget (RAB) {budget}: a difference of "
             "{difference}, which the work plan's lampiran states. Check both before "
             "finalizing.").format(plan=format_rupiah(plan_sen), budget=format_rupiah(budget_sen),
                                   difference=format_rupiah(abs(plan_sen - budget_sen)))


def is_credentialing(name: str) -> bool:
    return bool(_CREDENTIALING.search(name or ""))


def _span(activity: PlannedActivity) -> str:
    days = [d for d in (activity.start, activity.end) if d]
    if len(days) == 2 and days[0] != days[1]:
        return f"{field_date(days[0])} – {field_date(days[1])}"
    return field_date(days[0]) if days else ""


def work_plan_problems(
    activities: Sequence[PlannedActivity], term_start: date | None, term_end: date | None,
    signing_day: date | None, claims_credentialing: bool,
) -> list[str]:
    """What finalize lists of the work plan: activities outside the term, and a credentialing
    activity still to come after the signing day where the text says credentialing is done."""
    problems: list[str] = []
    for activity in activities:
        first = activity.start or activity.end
        last = activity.end or activity.start
        if first is None or last is None:
            continue
        if term_start and term_end and (first < term_start or last > term_end):
            problems.append(_(
                "Work plan: “{name}” ({when}) falls outside the agreement's term ({start} – "
                "{end}).").format(name=activity.name, when=_span(activity),
                                  start=field_date(term_start), end=field_date(term_end)))
        if claims_credentialing and signing_day and is_credentialing(activity.name) \
                and last > signing_day:
            problems.append(_(
                "Work plan: “{name}” is planned on {when}, after the signing day {signing}, "
                "while the agreement recites that credentialing is done. Date it before the "
                "signing day, or remove it.").format(
                    name=activity.name, when=_span(activity), signing=field_date(signing_day)))
    return problems
