"""One practice walked through every step and every use case, for tests that need it all.

``whole_workflow`` makes a practice, an apotek partnership taken through all eight steps (its
agreement drafted, printed, finalized, signed and verified; an addendum started and dropped; an
activity report with a photo; indicators; both parties' five-key scoring) and a BPJS
partnership with its credentialing checklist filled in.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

TODAY = date.today()


def png_file(path: Path) -> Path:
    from kemitraan_desktop.services.demo import png_bytes

    path.write_bytes(png_bytes(64, 48, (120, 170, 210), stripe=8))
    return path


def whole_workflow(svc, tmp_path: Path) -> int:  # noqa: ANN001 - Services, imported late
    """Walk one apotek partnership through every step and every use case; return its id."""
    from kemitraan_desktop.domain.five_keys import STATEMENTS
    from kemitraan_desktop.services import (
        activities,
        agreements,
        audit,
        evaluation,
        listing,
        partnerships,
        settings,
    )

    practice = svc.practices.create(
        doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti", nik="3404076208850003",
        npwp="3404076208850003", phone="0274 895123", postal_code="55581",
        kota="Kabupaten Sleman", sip_number="503/0123/SIP", email="praktik@example.id",
        sip_issued=TODAY - timedelta(days=400), sip_expires=TODAY + timedelta(days=90),
        number_unit="DR-SR",
    )
    assert partnerships.current_practice(svc).id == practice.id
    svc.practice_people.create(practice_id=practice.id, name="Ns. Rini Astuti",
                               job_title="Perawat")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek",
                                 email="apotek@example.id", kota="Kabupaten Sleman")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", job_title="APJ",
                              signs=True)
    other = svc.partners.create(name="Apotek Kedua", partner_type="apotek")
    svc.licences.create(partner_id=apotek.id, name="SIA", number="503/0456/SIA/2023",
                        issued=TODAY - timedelta(days=300), expires=TODAY + timedelta(days=700))

    # Step 1: the idea, both visions, the three principles.
    p = partnerships.start_partnership(svc, "Kerja sama pelayanan obat", "apotek", apotek.id)
    svc.partnerships.update(
        p.id, idea="Obat sesuai Fornas di apotek terdekat.", practice_vision="Sehat bersama.",
        practice_mission="Melayani.", partner_vision="Apotek terpercaya.",
        partner_mission="Obat lengkap.", kesetaraan_met=True, keterbukaan_met=True,
        saling_menguntungkan_met=True, kesetaraan_note="Setara.")
    # Step 2: candidates scored and ranked.
    svc.candidates.create(partnership_id=p.id, partner_id=other.id, score_shared_vision=3,
                          score_capacity=2, score_access=4, score_reputation=3,
                          score_acceptance=2)
    first = svc.candidates.list(p.id)[0]
    svc.candidates.update(first.id, score_shared_vision=5, score_capacity=4, score_access=5,
                          score_reputation=4, score_acceptance=5)
    assert partnerships.ranked_candidates(svc, p.id)[0].partner_name == "Apotek Sehat Sentosa"
    # Step 3: goals and roles.
    svc.goals.create(partnership_id=p.id, description="Resep terlayani", target="≥ 95%",
                     target_date=TODAY + timedelta(days=90))
    for party, text in (("practice", "Menulis resep sesuai Fornas"),
                        ("partner", "Menyediakan obat sesuai Fornas")):
        svc.roles.create(partnership_id=p.id, party=party, description=text)
    # Step 4: the budget (and a BPJS partnership's credentialing checklist, further down).
    svc.budget_lines.create(partnership_id=p.id, description="Rapat koordinasi",
                            quantity=Decimal(4), unit="kali", unit_cost_sen=350_000_00,
                            funded_by="both")
    assert partnerships.budget_summary(svc, p.id).totals_sen
    # Step 6 before 5, as a doctor may: the work plan feeds the agreement's Lampiran (and
    # falls in the agreement's term, or finalize lists it).
    activity = svc.activities.create(partnership_id=p.id, name="Sosialisasi alur resep",
                                     start_date=TODAY - timedelta(days=10), end_date=TODAY,
                                     person_in_charge="dr. Siti", party="both",
                                     planned_cost_sen=500_000_00)
    assert activities.plan_vs_budget(svc, p.id) is not None

    # Step 5: draft, print, edit, finalize, sign, verify, addendum.
    draft = agreements.draft_agreement(svc, p.id, "pks", start=TODAY - timedelta(days=10),
                                       end=TODAY + timedelta(days=355))
    assert agreements.agreement_pdf(svc, draft.id).startswith(b"%PDF-")
    clause = agreements.add_clause(svc, draft.id, "article", "Lain-lain", "Cukup jelas.")
    agreements.move_clause(svc, clause.id, -1)
    partner_party = next(x for x in svc.agreement_parties.list(draft.id) if x.party == "partner")
    svc.agreement_parties.update(partner_party.id, number="017/PKS/APT-SS/XI/2026",
                                 signatory_id_number="3404074508880002")
    agreements.save_agreement_pdf(svc, draft.id, tmp_path / "draf.pdf")
    final = agreements.finalize_agreement(svc, draft.id, "f4")
    final_pdf = agreements.agreement_pdf(svc, draft.id)
    assert agreements.verify_document(svc, final_pdf).genuine
    assert not agreements.verify_document(svc, final_pdf + b" ").genuine
    agreements.sign_agreement(svc, final.id, TODAY, "Para pihak", png_file(tmp_path / "scan.png"))
    addendum = agreements.start_addendum(svc, final.id)
    assert agreements.agreement_pdf(svc, addendum.id).startswith(b"%PDF-")
    svc.agreements.delete(addendum.id)

    # Step 7: an activity report with a photo.
    report = svc.reports.create(activity_id=activity.id, report_date=TODAY,
                                participants="dr. Siti; apt. Dewi", done="Sosialisasi.",
                                results="Alur disepakati.", problems="-", follow_up="Rapat lagi.",
                                actual_cost_sen=450_000_00)
    photo = activities.attach_file(svc, report.id, png_file(tmp_path / "foto.png"), "Dokumentasi")
    assert activities.report_attachments(svc, report.id)[0].id == photo.id
    assert activities.viewing_copy(svc, photo).is_file()
    assert activities.actual_vs_planned(svc, p.id)

    # Step 8: indicators, both parties' scoring, the action items it calls for.
    indicator = svc.indicators.create(partnership_id=p.id, name="Resep terlayani", unit="%",
                                      baseline=Decimal(60), target=Decimal(95), direction="up",
                                      frequency="quarterly")
    for period, value in (("2026-Q1", 70), ("2026-Q2", 82)):
        svc.indicator_values.create(indicator_id=indicator.id, period=period,
                                    value=Decimal(value))
    assert evaluation.indicator_series(svc, p.id)[0].latest == Decimal(82)
    for party, score in (("practice", 4), ("partner", 2)):
        evaluation.save_assessment(svc, p.id, party, TODAY, "penilai",
                                   {s.code: score for s in STATEMENTS}, note="Catatan.")
    assert evaluation.key_summary(svc, p.id).both_scored
    evaluation.add_actions_for_flagged_keys(svc, p.id, TODAY + timedelta(days=30))

    # A BPJS partnership: the credentialing checklist and the readiness report.
    bpjs_partner = svc.partners.create(name="BPJS Kesehatan KC Sleman", partner_type="bpjs")
    bpjs = partnerships.start_partnership(svc, "FKTP", "bpjs", bpjs_partner.id)
    for line in partnerships.readiness(svc, bpjs.id).lines:
        if line.category == "technical":
            svc.readiness_items.update(line.id, score=80)
        else:
            svc.readiness_items.update(line.id, met=True)

    # Everything a person reads about the partnerships.
    assert len(partnerships.list_partnerships(svc)) == 2
    assert partnerships.dashboard(svc) is not None
    assert partnerships.step_progress(svc, p.id)
    assert listing is not None and settings is not None
    assert audit.check_chain(svc).intact
    return p.id
