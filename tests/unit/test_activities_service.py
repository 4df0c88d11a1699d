"""Steps 6 and 7 services: the work plan's money, what it really cost, and report attachments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import activities


@pytest.fixture
def apotek(svc):
    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati")
    partnership = svc.partnerships.create(practice_id=practice.id,
                                          title="Kerja sama pelayanan obat peserta JKN",
                                          partner_type="apotek")
    for description, quantity, cost, party in (
        ("Rapat koordinasi triwulanan", "4", 350_000_00, "both"),
        ("Cetak formulir resep rangkap", "10", 65_000_00, "practice"),
        ("Leaflet informasi obat", "500", 1_500_00, "partner"),
    ):
        svc.budget_lines.create(partnership_id=partnership.id, description=description,
                                quantity=Decimal(quantity), unit_cost_sen=cost, funded_by=party)
    return partnership


def test_planned_cost_against_the_budget_in_total(svc, apotek):
    """Walker2 #5: per party, the practice's leaflet carried out by both parties read as the
    practice Rp1.500.000,00 under its budget and both parties Rp1.750.000,00 over theirs. An
    activity's party carries it out (Pelaksana); a budget line's pays (Sumber Dana): they are
    compared in total."""
    svc.activities.create(partnership_id=apotek.id, name="Sosialisasi alur resep JKN",
                          party="both", planned_cost_sen=500_000_00)
    svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi triwulanan",
                          party="both", planned_cost_sen=1_400_000_00)
    svc.activities.create(partnership_id=apotek.id, name="Cetak formulir",
                          party="practice", planned_cost_sen=600_000_00)

    result = activities.plan_vs_budget(svc, apotek.id)

    assert (result.budget_sen, result.planned_sen) == (2_800_000_00, 2_500_000_00)
    assert result.difference_sen == 300_000_00
    assert not result.over_budget and not result.empty
    svc.activities.create(partnership_id=apotek.id, name="Leaflet", party="both",
                          planned_cost_sen=750_000_00)
    again = activities.plan_vs_budget(svc, apotek.id)
    assert again.difference_sen == -450_000_00 and again.over_budget


def test_no_budget_and_no_activities_gives_an_empty_comparison(svc, apotek):
    for line in svc.budget_lines.list(apotek.id):
        svc.budget_lines.delete(line.id)
    result = activities.plan_vs_budget(svc, apotek.id)
    assert result.empty and result.difference_sen == 0


def test_actual_cost_is_the_sum_of_the_reports(svc, apotek):
    meeting = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi",
                                    planned_cost_sen=1_400_000_00)
    svc.activities.create(partnership_id=apotek.id, name="Belum dilaksanakan",
                          planned_cost_sen=200_000_00)
    for month, cost in ((3, 325_000_00), (6, 335_000_00)):
        svc.reports.create(activity_id=meeting.id, report_date=date(2026, month, 10),
                           done="Rapat", actual_cost_sen=cost)

    rows = {row.name: row for row in activities.actual_vs_planned(svc, apotek.id)}

    assert rows["Rapat koordinasi"].actual_sen == 660_000_00
    assert rows["Rapat koordinasi"].reports == 2
    assert rows["Rapat koordinasi"].difference_sen == 740_000_00
    assert rows["Belum dilaksanakan"].actual_sen == 0


@pytest.fixture
def report(svc, apotek):
    activity = svc.activities.create(partnership_id=apotek.id, name="Rapat koordinasi")
    return svc.reports.create(activity_id=activity.id, report_date=date(2026, 3, 10),
                              done="Membahas alur resep peserta JKN.")


def test_an_attached_file_is_copied_into_the_store(svc, apotek, report, tmp_path: Path):
    photo = tmp_path / "foto rapat.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"photo of the meeting" * 50)

    attachment = activities.attach_file(svc, report.id, photo, caption="Rapat Maret")
    photo.unlink()  # the doctor tidies the Downloads folder

    assert attachment.partnership_id == apotek.id
    assert attachment.original_name == "foto rapat.png"
    assert attachment.media_type == "image/png"
    assert attachment.caption == "Rapat Maret"
    assert attachment.size == 8 + 20 * 50
    stored = activities.stored_path(svc, attachment)
    assert stored.read_bytes().startswith(b"\x89PNG")
    assert svc.db.attachments.verify(attachment.sha256)
    assert activities.is_image(attachment)
    assert [a.id for a in activities.report_attachments(svc, report.id)] == [attachment.id]


def test_the_same_file_twice_is_stored_once(svc, report, tmp_path: Path):
    scan = tmp_path / "daftar hadir.pdf"
    scan.write_bytes(b"%PDF-1.4 attendance list")
    first = activities.attach_file(svc, report.id, scan)
    second = activities.attach_file(svc, report.id, scan)
    assert first.sha256 == second.sha256 and first.id != second.id
    assert first.media_type == "application/pdf"
    assert not activities.is_image(first)
    assert len(list(svc.db.attachments.root.glob("*/*"))) == 1


def test_a_missing_file_is_refused_with_a_message(svc, report, tmp_path: Path):
    with pytest.raises(UserError) as refused:
        activities.attach_file(svc, report.id, tmp_path / "hilang.jpg")
    assert "hilang.jpg" in refused.value.message
    assert activities.report_attachments(svc, report.id) == []


def test_a_very_long_file_name_keeps_its_extension():
    # Windows allows 255 UTF-16 units per name; the column holds 255 characters.
    shortened = activities._short_name("laporan " * 40 + ".pdf")
    assert len(shortened) == 255
    assert shortened.endswith(".pdf")


def test_deleting_a_report_attachment_can_be_undone(svc, report, tmp_path: Path):
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8\xff jpeg")
    attachment = activities.attach_file(svc, report.id, tmp_path / "foto.jpg")
    removed = svc.attachments.delete(attachment.id)
    assert activities.report_attachments(svc, report.id) == []
    svc.attachments.restore(removed)
    assert activities.report_attachments(svc, report.id)[0].sha256 == attachment.sha256


def test_undoing_the_deletion_of_a_report_brings_its_files_back(svc, report, tmp_path: Path):
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8\xff jpeg")
    activities.attach_file(svc, report.id, tmp_path / "foto.jpg", caption="Rapat")
    reports = svc.reports

    removed = reports.delete(report.id)
    assert svc.reports.list(report.activity_id) == []
    assert svc.attachments.list(None, report_id=report.id) == []  # the database cascaded
    reports.restore(removed)

    [attachment] = activities.report_attachments(svc, report.id)
    assert attachment.caption == "Rapat"
    assert activities.stored_path(svc, attachment).read_bytes().startswith(b"\xff\xd8")


def test_undoing_the_deletion_of_an_activity_brings_its_reports_back(svc, report, tmp_path):
    (tmp_path / "daftar hadir.pdf").write_bytes(b"%PDF-1.4")
    activities.attach_file(svc, report.id, tmp_path / "daftar hadir.pdf")
    plan = svc.activities

    removed = plan.delete(report.activity_id)
    assert svc.reports.list(report.activity_id) == []
    restored = plan.restore(removed)

    assert restored.id == report.activity_id
    [back] = svc.reports.list(report.activity_id)
    assert back.done == report.done
    assert [a.original_name for a in activities.report_attachments(svc, back.id)] == [
        "daftar hadir.pdf"]
