"""Printing says what it is doing: a 14-page PKS takes some ten seconds to reach the printer,
and the walker saw nothing on the screen after pressing Cetak. A progress dialog names the page
on its way and has Batal; when it is done the page says how many pages went."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import start_bpjs_partnership
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QPushButton
from table_walk import click, show

from kemitraan_desktop.services import agreements
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage


@pytest.fixture
def draft_page(qtbot, svc: Services):
    bpjs = start_bpjs_partnership(svc)
    agreements.draft_agreement(svc, bpjs.id, start=date(2027, 1, 1), end=date(2027, 12, 31))
    page = show(qtbot, AgreementPage(svc), 1100, 740)
    page.show_partnership(bpjs.id)
    return page


def printing_to(monkeypatch, out: Path, while_printing=None) -> None:
    """The print dialog answers OK with a printer that writes *out* (a PDF) instead of paper;
    *while_printing* runs once the window takes its next events (the print under way)."""
    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        if while_printing is not None:
            QTimer.singleShot(0, while_printing)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)


def progress_shown() -> QProgressDialog:
    [progress] = [w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QProgressDialog) and w.objectName() == "printProgress"
                  and w.isVisible()]
    return progress


def test_printing_shows_each_page_on_its_way_and_then_how_many_went(
        qtbot, draft_page, tmp_path, monkeypatch):
    out = tmp_path / "printed.pdf"
    seen: list[str] = []
    printing_to(monkeypatch, out, lambda: seen.append(progress_shown().labelText()))
    click(qtbot, draft_page.print_button)
    pages = len(PdfReader(out).pages)
    assert pages > 3
    assert seen and seen[0].startswith("Menyiapkan halaman ")
    assert seen[0].endswith(f" dari {pages} untuk printer…")
    assert draft_page.bar.isVisible()
    assert draft_page.bar.text == f"Terkirim ke printer: {pages} halaman."
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()]


def test_batal_stops_the_printing(qtbot, draft_page, tmp_path, monkeypatch):
    out = tmp_path / "printed.pdf"

    def press_batal() -> None:
        [cancel] = [b for b in progress_shown().findChildren(QPushButton) if b.text() == "Batal"]
        click(qtbot, cancel)

    printing_to(monkeypatch, out, press_batal)
    click(qtbot, draft_page.print_button)
    assert not (out.exists() and out.stat().st_size > 0 and len(PdfReader(out).pages) > 1)
    assert not draft_page.bar.text.startswith("Terkirim ke printer")
