"""The eight steps of building a partnership, and what makes each one complete.

The rules read facts counted by the services (``StepFacts``) and say, per step, whether it is not
started, in progress or complete, and what is still missing, in words a doctor can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kemitraan_desktop.i18n import N_, _

from .five_keys import STATEMENTS


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # marked with N_, translated where shown
    short: str

    @property
    def title(self) -> str:
        return _(self.name)

    @property
    def short_title(self) -> str:
        return _(self.short)

    @property
    def heading(self) -> str:
        """ "Step 7: Carry out the cooperation", as reports head the step's part."""
        return _("Step {number}: {title}").format(number=self.number, title=self.title)


STEPS: tuple[Step, ...] = (
    Step(1, N_("Define the partnership idea"), N_("Idea")),
    Step(2, N_("Identify potential partners"), N_("Candidates")),
    Step(3, N_("Formulate goals and partner roles"), N_("Goals and roles")),
    Step(4, N_("Prepare yourself"), N_("Preparation")),
    Step(5, N_("Build the cooperation agreement"), N_("Agreement")),
    Step(6, N_("Formulate the partnership work plan"), N_("Work plan")),
    Step(7, N_("Carry out the cooperation"), N_("Implementation")),
    Step(8, N_("Monitoring and evaluation"), N_("Evaluation")),
)


def step(number: int) -> Step:
    return STEPS[number - 1]


class StepState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self.value])


_STATE_LABELS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "complete": N_("Complete"),
}


# What an activity report says in words. A report counts for step 7 once one of these holds more
# than blanks, or it gives the actual cost, or a file documents it: a report added and left
# empty records nothing that was carried out.
REPORT_WRITING = ("done", "results", "participants", "attendance", "problems", "follow_up")


@dataclass(frozen=True)
class StepFacts:
    """What a partnership holds, counted; enough to judge every step without the records."""

    idea: bool = False
    practice_vision: bool = False
    partner_vision: bool = False
    principles_met: int = 0
    candidates: int = 0
    chosen_candidates: int = 0
    goals: int = 0
    goals_with_target: int = 0
    practice_roles: int = 0
    partner_roles: int = 0
    is_bpjs: bool = False
    administrative_met: int = 0
    administrative_unmet: int = 0
    budget_lines: int = 0  # lines with an amount (quantity and unit cost above zero)
    activities: int = 0
    agreements: int = 0
    agreement_status: str = ""
    agreement_partner_text: bool = False  # the latest version is the partner's own text
    scheduled_activities: int = 0
    reports: int = 0
    written_reports: int = 0  # reports with something in them (REPORT_WRITING, a cost, a file)
    indicators: int = 0
    indicator_values: int = 0
    practice_assessments: int = 0
    partner_assessments: int = 0
    # Statements of the five keys each party scored in its latest scoring (of STATEMENTS).
    practice_statements: int = 0
    partner_statements: int = 0


@dataclass(frozen=True)
class StepProgress:
    number: int
    state: StepState
    missing: tuple[str, ...] = field(default_factory=tuple)


def _judge(number: int, started: bool, missing: list[str]) -> StepProgress:
    if not missing:
        return StepProgress(number, StepState.COMPLETE)
    state = StepState.IN_PROGRESS if started else StepState.NOT_STARTED
    return StepProgress(number, state, tuple(missing))


def progress(facts: StepFacts) -> tuple[StepProgress, ...]:
    """The state of all eight steps, with what is still missing for each."""
    f = facts
    results = []

    missing = []
    if not f.idea:
        missing.append(_("Write down the partnership idea."))
    if not f.practice_vision:
        missing.append(_("Write down the practice's vision and mission."))
    if not f.partner_vision:
        missing.append(_("Write down the partner's vision and mission."))
    if f.principles_met < 3:
        missing.append(_("Check the idea against all three principles of partnership."))
    started = f.idea or f.practice_vision or f.partner_vision or f.principles_met > 0
    results.append(_judge(1, started, missing))

    missing = []
    if f.candidates == 0:
        missing.append(_("Add at least one candidate partner."))
    elif f.chosen_candidates == 0:
        missing.append(_("Choose the partner(s) to approach."))
    results.append(_judge(2, f.candidates > 0, missing))

    missing = []
    if f.goals_with_target == 0:
        missing.append(_("Add at least one goal with a measurable target."))
    if f.practice_roles == 0:
        missing.append(_("List the practice's roles."))
    if f.partner_roles == 0:
        missing.append(_("List the partner's roles."))
    results.append(_judge(3, bool(f.goals or f.practice_roles or f.partner_roles), missing))

    missing = []
    if f.activities == 0:
        missing.append(_("Draft the work plan (at least one activity)."))
    if f.budget_lines == 0:
        missing.append(_("Draw up the budget (at least one line with an amount)."))
    if f.is_bpjs and f.administrative_unmet:
        missing.append(
            _("{count} administrative credentialing item(s) not yet met.").format(
                count=f.administrative_unmet
            )
        )
    started = bool(f.activities or f.budget_lines or f.administrative_met)
    results.append(_judge(4, started, missing))

    missing = []
    if f.agreements == 0:
        missing.append(_("Draft the agreement."))
    elif f.agreement_status not in ("signed", "active", "ended", "amended"):
        missing.append(_("Record the partner's agreement as signed (its numbers, dates, "
                         "signatories and file).") if f.agreement_partner_text
                       else _("Finalize the agreement and record its signing."))
    results.append(_judge(5, f.agreements > 0, missing))

    missing = []
    if f.scheduled_activities == 0:
        missing.append(_("Schedule the activities (dates and person in charge)."))
    results.append(_judge(6, f.activities > 0, missing))

    missing = []
    if f.reports == 0:
        missing.append(_("Report at least one activity."))
    elif f.written_reports == 0:
        missing.append(_("Write in a report what was done (an empty report does not count)."))
    results.append(_judge(7, f.reports > 0, missing))

    missing = []
    if f.indicator_values == 0:
        missing.append(_("Record indicator values."))
    # A side counts once it scored every statement: at 10 of 15 the step said "complete" while
    # the partner had not judged Cooperation and Coordination at all.
    total = len(STATEMENTS)
    for scorings, scored, none_yet, partly in (
        (f.practice_assessments, f.practice_statements,
         _("Score the five keys for the practice."),
         _("Score all {total} statements for the practice ({scored} of {total} scored).")),
        (f.partner_assessments, f.partner_statements,
         _("Score the five keys for the partner."),
         _("Score all {total} statements for the partner ({scored} of {total} scored).")),
    ):
        if scorings == 0:
            missing.append(none_yet)
        elif scored < total:
            missing.append(partly.format(total=total, scored=scored))
    started = bool(f.indicators or f.practice_assessments or f.partner_assessments)
    results.append(_judge(8, started, missing))
    return tuple(results)
