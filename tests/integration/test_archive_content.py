"""What the archive both parties keep says about the work plan: each activity's description and
place, not only its name (a reader years later needs to know what was planned)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.documents import render_report


def test_the_archive_prints_what_each_planned_activity_is_and_where(svc, tmp_path: Path) -> None:
    demo = create_demo(svc)
    partnership_id = demo.partnership_ids[0]
    activity = svc.activities.list(partnership_id)[0]
    svc.activities.update(activity.id, description="Penyuluhan obat hipertensi untuk peserta",
                          location="Balai Padukuhan Sardonoharjo")
    out = tmp_path / "arsip.pdf"

    render_report(svc, "archive", partnership_id, out, "a4")

    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Penyuluhan obat hipertensi untuk peserta" in text
    assert "Lokasi: Balai Padukuhan Sardonoharjo" in text


def test_the_archive_lists_each_credentialing_requirement_with_its_evidence(
        svc, tmp_path: Path) -> None:
    from kemitraan_desktop.services import credentialing, partnerships

    demo = create_demo(svc)
    bpjs = demo.partnership_ids[0]
    sip = next(line.id for line in partnerships.readiness(svc, bpjs).lines if line.code == "sip")
    scan = tmp_path / "SIP dr Siti.pdf"
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(scan))  # a one-page scan of the SIP
    canvas.drawString(72, 720, "SURAT IZIN PRAKTIK")
    canvas.showPage()
    canvas.save()
    credentialing.attach_evidence(svc, sip, scan)
    out = tmp_path / "arsip.pdf"

    render_report(svc, "archive", bpjs, out, "a4")

    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Kesiapan kredensialing Uraian Terpenuhi Nilai Bukti Catatan" in text
    assert "SIP (Surat Izin Praktik) yang masih berlaku Ya SIP dr Siti.pdf" in text
    assert "NPWP Ya –" in text
    # A technical area is scored, not met or unmet.
    assert "Sumber daya manusia – 85" in text


def test_the_archive_compares_the_plan_with_the_budget_in_total(svc, tmp_path: Path) -> None:
    """Walker2 #5: a leaflet the practice pays for (Sumber Dana) and both parties hand out
    (Pelaksana) printed 'Praktik: Anggaran Rp1.500.000,00, Rencana Rp0,00, Selisih
    Rp1.500.000,00' and 'Kedua pihak: Anggaran Rp0,00, Rencana Rp1.750.000,00'."""
    from decimal import Decimal

    practice = svc.practices.create(doctor_name="dr. Budi Santoso")
    p = svc.partnerships.create(practice_id=practice.id, title="Kerja sama FKTP",
                                partner_type="bpjs")
    svc.budget_lines.create(partnership_id=p.id, description="Leaflet Prolanis",
                            quantity=Decimal(1000), unit_cost_sen=1_500_00, funded_by="practice")
    svc.activities.create(partnership_id=p.id, name="Pembagian leaflet Prolanis", party="both",
                          planned_cost_sen=1_500_000_00)
    svc.activities.create(partnership_id=p.id, name="Pertemuan koordinasi triwulan I",
                          party="both", planned_cost_sen=250_000_00)
    out = tmp_path / "arsip.pdf"
    render_report(svc, "archive", p.id, out)
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(out).pages)
    assert ("Biaya rencana dibandingkan anggaran Anggaran (RAB, langkah 4) Biaya dalam rencana "
            "kerja (langkah 6) Selisih Rp1.500.000,00 Rp1.750.000,00 -Rp250.000,00") in text
    assert "Praktik Rp1.500.000,00 Rp0,00 Rp1.500.000,00" not in text  # the old row per party


def test_the_archive_covers_the_agreements_term_even_before_it_begins(svc, tmp_path: Path) -> None:
    """walker3 #7: a PKS running 10 Desember 2026 – 31 Desember 2027, printed on 4 Desember,
    gave the archive the period "4 Desember 2026"."""
    from datetime import date

    from conftest import steps_three_and_four

    from kemitraan_desktop.services import agreements, partnerships
    from tests.integration.workflow import png_file

    svc.practices.create(doctor_name="dr. Budi Santoso", nik="3404011503850001",
                         kota="Kabupaten Sleman", sip_number="503/0123/SIP-DU/2024",
                         sip_issued=date(2024, 3, 15), number_unit="DR-BS")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True,
                              job_title="Apoteker Penanggung Jawab")
    svc.licences.create(partner_id=apotek.id, name="SIPA", number="503/0456/SIPA/2023",
                        issued=date(2023, 5, 10))
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    steps_three_and_four(svc, p.id)
    # Dated years ahead, so that the term has not begun on whatever day the test runs.
    pks = agreements.draft_agreement(svc, p.id, "pks", start=date(2031, 1, 1),
                                     end=date(2031, 12, 31), signing=date(2026, 11, 10))
    for party in svc.agreement_parties.list(pks.id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, signatory_id_number="3404065508900003")
    agreements.finalize_agreement(svc, pks.id)
    agreements.sign_agreement(svc, pks.id, date(2026, 11, 10), "Para pihak",
                              png_file(tmp_path / "scan.png"))

    def cover() -> str:
        out = tmp_path / "arsip.pdf"
        render_report(svc, "archive", p.id, out, "a4")
        return " ".join(PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text().split())

    assert "Periode 1 Januari 2031 – 31 Desember 2031" in cover()

    # A signed adendum moving the end date: the archive covers the term as amended.
    adendum = agreements.start_addendum(svc, pks.id, date(2026, 11, 20), end=date(2032, 6, 30))
    agreements.finalize_agreement(svc, adendum.id)
    agreements.sign_agreement(svc, adendum.id, date(2026, 11, 20), "Para pihak",
                              png_file(tmp_path / "scan2.png"))
    assert "Periode 1 Januari 2031 – 30 Juni 2032" in cover()


def test_a_report_dated_after_the_day_of_the_archive_is_listed_as_planned(
        svc, tmp_path: Path) -> None:
    """A report kept from before future dates were refused printed among the done ones with
    nothing said."""
    from datetime import date

    demo = create_demo(svc)
    partnership_id = demo.partnership_ids[0]
    activity = svc.activities.list(partnership_id)[0]
    svc.reports.create(activity_id=activity.id, report_date=date(2031, 1, 15),
                       done="Sosialisasi kedua di balai desa")
    out = tmp_path / "arsip.pdf"
    render_report(svc, "archive", partnership_id, out, "a4")
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert f"{activity.name} · 15 Januari 2031 (direncanakan)" in text
    assert "(direncanakan)" not in text.replace("15 Januari 2031 (direncanakan)", "")
