"""Walker #16: after the PKS was signed with Lampiran 1 of one activity (Rp1.500.000,00), a
second activity was added in Langkah 6; the archive then showed Rp1.750.000,00 with no word
that the signed annex says otherwise. The demo laboratory's PKS was signed with one activity
of Rp2.400.000,00."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from test_steps_6_8 import type_into_open_editor

from kemitraan_desktop.services import documents
from kemitraan_desktop.services.demo import create_demo

TODAY = date(2026, 11, 22)
LAB = 2


@pytest.fixture
def demo(svc):
    create_demo(svc, today=TODAY)
    return svc


def _archive_text(svc) -> str:  # noqa: ANN001
    out = io.BytesIO()
    documents.render_report(svc, "archive", LAB, out)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_a_plan_changed_after_signing_is_said_in_step_6_and_the_archive(qtbot, demo) -> None:
    from kemitraan_desktop.ui.pages.step6_workplan import WorkPlanPage

    page = WorkPlanPage(demo)
    qtbot.addWidget(page)
    page.resize(1366, 728)
    page.show()
    page.show_partnership(LAB)
    assert page.annex_note.isHidden()  # the plan is as it was signed
    assert "Berubah setelah ditandatangani" not in _archive_text(demo)

    qtbot.mouseClick(page.table.add_button, Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, page.table.view, "Pertemuan koordinasi triwulan I")
    row = next(n for n, record in enumerate(page.table.model.records)
               if record.name == "Pertemuan koordinasi triwulan I")
    view = page.table.view
    cost = view.visualRect(page.table.model.index(row, 5)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cost)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cost)
    type_into_open_editor(qtbot, view, "250000")
    qtbot.waitUntil(lambda: page.annex_note.isVisible())
    assert page.annex_note.text() == (
        "⚠ Rencana ini berbeda dengan Lampiran 1 Rencana Kerja perjanjian yang sudah "
        "ditandatangani (ditandatangani: Rp2.400.000,00; sekarang: Rp2.650.000,00). Perubahan "
        "atas lampiran yang telah ditandatangani dibuat dengan adendum (langkah 5).")
    assert ("Berubah setelah ditandatangani Lampiran 1 Rencana Kerja Perjanjian Kerja Sama "
            "Nomor 002/PKS/DR-SR/I/2026 dan 045/PKS/LAB-PH/I/2026 tanggal 22 Januari 2026 yang "
            "ditandatangani: Rp2.400.000,00; rencana saat ini: Rp2.650.000,00. Perubahan atas "
            "lampiran yang telah ditandatangani dituangkan dalam adendum.") in _archive_text(demo)

    # Taken out again, the plan is the signed one and nothing is said.
    page.table.view.selectRow(row)
    qtbot.mouseClick(page.table.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.annex_note.isHidden())
    assert "Berubah setelah ditandatangani" not in _archive_text(demo)
