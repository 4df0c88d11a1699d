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
