"""The dashboard judges every partnership with a dozen grouped queries; what it finds is what
judging each partnership alone, one count at a time, finds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.services import partnerships as p
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.storage import models as m


def _count(session, model, *conditions) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def _one_at_a_time(session, partnership: m.Partnership) -> dict:  # noqa: ANN001
    """The counts as the step rules were first written: one query each."""
    pid = partnership.id
    activities = select(m.Activity.id).where(m.Activity.partnership_id == pid)
    indicators = select(m.Indicator.id).where(m.Indicator.partnership_id == pid)
    latest = session.scalars(select(m.Agreement).where(m.Agreement.partnership_id == pid)
                             .order_by(m.Agreement.version.desc(), m.Agreement.id.desc())).first()
    return {
        "candidates": _count(session, m.Candidate, m.Candidate.partnership_id == pid),
        "chosen_candidates": _count(session, m.Candidate, m.Candidate.partnership_id == pid,
                                    m.Candidate.chosen.is_(True)),
        "goals": _count(session, m.Goal, m.Goal.partnership_id == pid),
        "goals_with_target": _count(session, m.Goal, m.Goal.partnership_id == pid,
                                    m.Goal.target != ""),
        "practice_roles": _count(session, m.Role, m.Role.partnership_id == pid,
                                 m.Role.party == Party.PRACTICE),
        "partner_roles": _count(session, m.Role, m.Role.partnership_id == pid,
                                m.Role.party == Party.PARTNER),
        "budget_lines": _count(session, m.BudgetLine, m.BudgetLine.partnership_id == pid,
                               m.BudgetLine.quantity > 0, m.BudgetLine.unit_cost_sen > 0),
        "activities": _count(session, m.Activity, m.Activity.partnership_id == pid),
        "agreements": _count(session, m.Agreement, m.Agreement.partnership_id == pid),
        "agreement_status": latest.status if latest else "",
        "scheduled_activities": _count(
            session, m.Activity, m.Activity.partnership_id == pid,
            m.Activity.start_date.is_not(None), m.Activity.end_date.is_not(None),
            m.Activity.person_in_charge != ""),
        "reports": _count(session, m.ActivityReport,
                          m.ActivityReport.activity_id.in_(activities)),
        "indicators": _count(session, m.Indicator, m.Indicator.partnership_id == pid),
        "indicator_values": _count(session, m.IndicatorValue,
                                   m.IndicatorValue.indicator_id.in_(indicators)),
        "practice_assessments": _count(session, m.KeyAssessment,
                                       m.KeyAssessment.partnership_id == pid,
                                       m.KeyAssessment.party == Party.PRACTICE),
        "partner_assessments": _count(session, m.KeyAssessment,
                                      m.KeyAssessment.partnership_id == pid,
                                      m.KeyAssessment.party == Party.PARTNER),
        "practice_statements": _latest_answers(session, pid, Party.PRACTICE),
        "partner_statements": _latest_answers(session, pid, Party.PARTNER),
    }


def _latest_answers(session, pid: int, party: Party) -> int:  # noqa: ANN001
    latest = session.scalars(select(m.KeyAssessment).where(
        m.KeyAssessment.partnership_id == pid, m.KeyAssessment.party == party)
        .order_by(m.KeyAssessment.assessed_on.desc(), m.KeyAssessment.id.desc())).first()
    return len(latest.answers) if latest else 0


def test_every_partnership_is_judged_as_if_alone(svc) -> None:
    create_demo(svc)
    today = date.today()
    with svc.db.session() as session:
        everyone = list(session.scalars(select(m.Partnership)))
        together = p._facts_of(session, everyone, today, every=True)
        for partnership in everyone:
            alone = p._facts(session, partnership, today)
            assert together[partnership.id] == alone
            expected = _one_at_a_time(session, partnership)
            assert {key: getattr(alone, key) for key in expected} == expected
        assert any(facts.is_bpjs and facts.administrative_unmet for facts in together.values())
        assert any(facts.reports and facts.indicator_values for facts in together.values())


def test_a_budget_line_without_an_amount_does_not_complete_step_4(svc) -> None:
    """Walker2 #14: one activity and an RAB line with no price (Rp0,00) made Langkah 4 say
    'Langkah ini sudah selesai'."""
    from decimal import Decimal

    practice = svc.practices.create(doctor_name="dr. Budi Santoso")
    lab = svc.partnerships.create(practice_id=practice.id, title="Kerja sama laboratorium",
                                  partner_type="laboratorium")
    svc.activities.create(partnership_id=lab.id, name="Uji tanggal")
    line = svc.budget_lines.create(partnership_id=lab.id, description="Konsumsi rapat",
                                   quantity=Decimal(4))
    step4 = p.step_progress(svc, lab.id)[3]
    assert step4.state.value != "complete"
    assert step4.missing == ("Susun anggaran (minimal satu baris yang berisi jumlah).",)
    svc.budget_lines.update(line.id, unit_cost_sen=50_000_00)
    assert p.step_progress(svc, lab.id)[3].state.value == "complete"
