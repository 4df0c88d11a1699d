"""Step 7 is complete only when a report says something: one added and left empty is not a record
of anything carried out."""

from __future__ import annotations

from kemitraan_desktop.domain.steps import StepFacts, StepState, progress


def step7(**facts):
    return progress(StepFacts(**facts))[6]


def test_no_report_leaves_step_7_not_started(english):
    judged = step7()
    assert (judged.state, judged.missing) == (StepState.NOT_STARTED,
                                              ("Report at least one activity.",))


def test_only_empty_reports_leave_step_7_in_progress(english):
    judged = step7(reports=2, written_reports=0)
    assert judged.state == StepState.IN_PROGRESS
    assert judged.missing == ("Write in a report what was done (an empty report does not "
                              "count).",)


def test_one_written_report_completes_step_7():
    assert step7(reports=2, written_reports=1).state == StepState.COMPLETE
