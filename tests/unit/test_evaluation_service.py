"""Step 8 services: each party scores the five keys on its own, and the summary compares them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kemitraan_desktop.domain.enums import SuccessKey
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.five_keys import STATEMENTS
from kemitraan_desktop.services import evaluation

# The laboratorium partnership of the Sleman practice: the doctor is content, the lab finds that
# costs are not shared as agreed (collaboration) — a classic disagreement.
PRACTICE_SCORES = [5, 4, 4, 4, 4, 3, 4, 4, 3, 4, 3, 4, 5, 4, 4]
PARTNER_SCORES = [4, 4, 5, 4, 3, 4, 2, 2, 1, 4, 4, 3, 4, 4, 3]


def scores(values: list[int]) -> dict[str, int]:
    return {s.code: v for s, v in zip(STATEMENTS, values, strict=True)}


@pytest.fixture
def lab(svc):
    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati")
    return svc.partnerships.create(practice_id=practice.id,
                                   title="Kerja sama pemeriksaan laboratorium",
                                   partner_type="laboratorium")


def test_the_summary_averages_each_key_per_party(svc, lab):
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9),
                               "dr. Siti Rahmawati", scores(PRACTICE_SCORES))
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 10),
                               "dr. Agus Wibowo, Sp.PK", scores(PARTNER_SCORES))

    summary = evaluation.key_summary(svc, lab.id)

    by_key = {line.key: line for line in summary.lines}
    assert by_key[SuccessKey.COOPERATION].practice == pytest.approx(4.33, abs=0.01)
    assert by_key[SuccessKey.COOPERATION].partner == pytest.approx(4.33, abs=0.01)
    assert by_key[SuccessKey.COLLABORATION].practice == pytest.approx(3.67, abs=0.01)
    assert by_key[SuccessKey.COLLABORATION].partner == pytest.approx(1.67, abs=0.01)
    assert by_key[SuccessKey.COMMITMENT].practice == pytest.approx(4.33, abs=0.01)
    assert summary.practice.assessor == "dr. Siti Rahmawati"
    assert summary.partner.assessed_on == date(2026, 11, 10)
    assert summary.both_scored


def test_traffic_lights_follow_the_default_thresholds(svc, lab):
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores(PRACTICE_SCORES))
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                               scores(PARTNER_SCORES))
    by_key = {line.key: line for line in evaluation.key_summary(svc, lab.id).lines}

    assert by_key[SuccessKey.COOPERATION].practice_light == "green"  # 4.33
    assert by_key[SuccessKey.COLLABORATION].practice_light == "amber"  # 3.67
    assert by_key[SuccessKey.COLLABORATION].partner_light == "red"  # 1.67
    # Together (2.67) the key is red: it needs work, whoever scored it.
    assert by_key[SuccessKey.COLLABORATION].light == "red"


def test_thresholds_come_from_the_settings_when_set(svc, lab):
    from kemitraan_desktop.storage import models as m

    with svc.db.session() as session:
        session.add(m.Setting(key=evaluation.SETTING_GREEN, value="4,5"))
        session.add(m.Setting(key=evaluation.SETTING_AMBER, value="3.5"))
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores(PRACTICE_SCORES))
    summary = evaluation.key_summary(svc, lab.id)

    assert summary.thresholds.green == 4.5 and summary.thresholds.amber == 3.5
    assert {line.key: line.practice_light for line in summary.lines}[
        SuccessKey.COOPERATION] == "amber"


def test_a_nonsense_setting_falls_back_to_the_defaults(svc, lab):
    from kemitraan_desktop.storage import models as m

    with svc.db.session() as session:
        session.add(m.Setting(key=evaluation.SETTING_GREEN, value="lots"))
        session.add(m.Setting(key=evaluation.SETTING_DISAGREEMENT, value="9"))
    limits = evaluation.thresholds(svc)
    assert (limits.green, limits.amber, limits.disagreement) == (4.0, 3.0, 2.0)


def test_keys_where_the_parties_differ_by_two_or_more_are_flagged(svc, lab):
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores(PRACTICE_SCORES))
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                               scores(PARTNER_SCORES))
    summary = evaluation.key_summary(svc, lab.id)

    assert summary.disagreements == (SuccessKey.COLLABORATION,)
    line = next(line for line in summary.lines if line.key is SuccessKey.COLLABORATION)
    assert line.difference == pytest.approx(2.0, abs=0.01)


def test_the_difference_is_taken_from_the_exact_means_not_the_printed_ones(svc, lab):
    # Commitment: the practice 5, 4, 4 (4,33), the lab 4, 4, 3 (3,67): two thirds apart.
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores(PRACTICE_SCORES))
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                               scores(PARTNER_SCORES))
    line = next(line for line in evaluation.key_summary(svc, lab.id).lines
                if line.key is SuccessKey.COMMITMENT)
    assert line.difference == 0.67


def test_a_difference_just_under_two_is_not_a_disagreement(svc, lab):
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores([5] * 15))
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                               scores([4, 3, 3] + [5] * 12))  # cooperation 3.33: 1.67 apart
    assert evaluation.key_summary(svc, lab.id).disagreements == ()


def test_one_party_alone_shows_no_disagreement(svc, lab):
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                               scores(PARTNER_SCORES))
    summary = evaluation.key_summary(svc, lab.id)
    assert summary.practice is None and not summary.both_scored
    assert summary.disagreements == ()
    assert all(line.practice is None and line.practice_light == "" for line in summary.lines)


def test_saving_again_replaces_the_latest_scoring_of_that_party(svc, lab):
    first = evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                                       scores(PARTNER_SCORES))
    corrected = scores(PARTNER_SCORES) | {"collab_costs": 3}
    second = evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 10),
                                        "dr. Agus Wibowo, Sp.PK", corrected)

    assert second.id == first.id
    assert len(svc.assessments.list(lab.id, party="partner")) == 1
    saved = evaluation.latest_assessment(svc, lab.id, "partner")
    assert saved.scores == corrected
    assert saved.assessed_on == date(2026, 11, 10)
    assert saved.assessor == "dr. Agus Wibowo, Sp.PK"
    assert len(svc.key_answers.list(first.id)) == 15
    # The practice's scoring is a different one and was not touched.
    assert evaluation.latest_assessment(svc, lab.id, "practice") is None


def test_replacing_with_fewer_answers_drops_the_others(svc, lab):
    first = evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                                       scores(PRACTICE_SCORES))
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               {"coop_vision": 2})
    assert [a.statement for a in svc.key_answers.list(first.id)] == ["coop_vision"]


def test_a_new_round_keeps_the_earlier_scoring_as_history(svc, lab):
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 5, 4), "dr. Siti",
                               scores([3] * 15))
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores(PRACTICE_SCORES), new_round=True)

    assert len(svc.assessments.list(lab.id, party="practice")) == 2
    latest = evaluation.latest_assessment(svc, lab.id, "practice")
    assert latest.rounds == 2 and latest.assessed_on == date(2026, 11, 9)
    line = evaluation.key_summary(svc, lab.id).lines[0]
    assert line.practice == pytest.approx(4.33, abs=0.01)  # the summary uses the latest


def test_refused_scorings_change_nothing(svc, lab):
    with pytest.raises(UserError):
        evaluation.save_assessment(svc, lab.id, "both", date(2026, 11, 9), "x", {"coop_vision": 3})
    with pytest.raises(UserError):
        evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "x",
                                   {"coop_vision": 6})
    with pytest.raises(UserError):
        evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "x", {})
    with pytest.raises(UserError):
        evaluation.save_assessment(svc, lab.id, "practice", None, "x", {"coop_vision": 3})
    assert svc.assessments.list(lab.id) == []


def test_flagged_keys_get_one_action_item_each(svc, lab):
    evaluation.save_assessment(svc, lab.id, "practice", date(2026, 11, 9), "dr. Siti",
                               scores(PRACTICE_SCORES))
    evaluation.save_assessment(svc, lab.id, "partner", date(2026, 11, 9), "dr. Agus",
                               scores(PARTNER_SCORES))
    assert evaluation.key_summary(svc, lab.id).keys_needing_action == (SuccessKey.COLLABORATION,)

    created = evaluation.add_actions_for_flagged_keys(svc, lab.id, due=date(2026, 12, 9))

    assert [item.key for item in created] == ["collaboration"]
    assert created[0].due_date == date(2026, 12, 9)
    assert evaluation.key_summary(svc, lab.id).keys_needing_action == ()
    assert evaluation.add_actions_for_flagged_keys(svc, lab.id) == []


# -- indicators --------------------------------------------------------------------------------
def test_indicator_series_are_in_time_order_with_progress(svc, lab):
    hba1c = svc.indicators.create(partnership_id=lab.id, name="Pasien Prolanis DM diperiksa HbA1c",
                                  unit="%", baseline=Decimal(35), target=Decimal(80),
                                  direction="up", frequency="quarterly")
    values = evaluation.IndicatorValues(svc)
    for period, value in (("2026-Q2", 63), ("2025-Q4", 42), ("2026-q1", 55)):
        values.create(indicator_id=hba1c.id, period=period, value=Decimal(value))

    [series] = evaluation.indicator_series(svc, lab.id)

    assert [p.period for p in series.points] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert series.latest == Decimal(63)
    assert series.progress == pytest.approx((63 - 35) / (80 - 35))
    assert not series.reached


def test_a_lower_is_better_indicator_is_reached_below_its_target(svc, lab):
    wait = svc.indicators.create(partnership_id=lab.id, name="Waktu tunggu hasil", unit="jam",
                                 baseline=Decimal(48), target=Decimal(24), direction="down",
                                 frequency="monthly")
    evaluation.IndicatorValues(svc).create(indicator_id=wait.id, period="2026-10",
                                           value=Decimal(22))
    series = evaluation.series_of(svc, wait.id)
    assert series.reached
    assert series.progress == pytest.approx((22 - 48) / (24 - 48))


def test_a_period_is_written_one_way_and_never_twice(svc, lab):
    indicator = svc.indicators.create(partnership_id=lab.id, name="Angka kontak")
    values = evaluation.IndicatorValues(svc)
    first = values.create(indicator_id=indicator.id, period="2026/9", value=Decimal(140))
    assert first.period == "2026-09"
    with pytest.raises(UserError):
        values.create(indicator_id=indicator.id, period="2026-09", value=Decimal(150))
    second = values.create(indicator_id=indicator.id, period="2026-10", value=Decimal(151))
    with pytest.raises(UserError):
        values.update(second.id, period="2026-9")
    with pytest.raises(UserError):
        values.update(second.id, period="Oktober")
    assert values.update(second.id, period="2026-11").period == "2026-11"


@pytest.mark.parametrize(("frequency", "taken", "expected"), [
    ("monthly", [], "2026-11"),
    ("monthly", ["2026-11", "2026-12"], "2027-01"),
    ("quarterly", [], "2026-Q4"),
    ("quarterly", ["2026-Q3", "2026-Q4"], "2027-Q1"),
    ("yearly", ["2025"], "2026"),
])
def test_the_next_period_follows_the_latest(frequency, taken, expected):
    assert evaluation.next_period(frequency, taken, today=date(2026, 11, 23)) == expected


def test_an_indicator_period_covers_its_first_to_its_last_day() -> None:
    assert evaluation.period_days("2027-01") == (date(2027, 1, 1), date(2027, 1, 31))
    assert evaluation.period_days("2028/2") == (date(2028, 2, 1), date(2028, 2, 29))
    assert evaluation.period_days("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert evaluation.period_days("2026") == (date(2026, 1, 1), date(2026, 12, 31))
    assert evaluation.period_days("Januari") is None


@pytest.mark.parametrize("typed", ["2026-13", "2026-Q5", "abc", "2026-00"])
def test_every_way_in_refuses_a_period_that_names_no_month_quarter_or_year(svc, lab, typed):
    """Not only the step-8 table: the plain record path an import and the demo take refused
    nothing, and "2026-13" reached the evaluation chart (issue 16, held-out re-run)."""
    indicator = svc.indicators.create(partnership_id=lab.id, name="Kunjungan", unit="per mil")
    for values in (svc.indicator_values, evaluation.IndicatorValues(svc)):
        with pytest.raises(UserError, match="2026-Q3"):
            values.create(indicator_id=indicator.id, period=typed, value=Decimal(1))
    assert svc.indicator_values.create(indicator_id=indicator.id, period="2026-1",
                                       value=Decimal(1)).period == "2026-01"
