"""The window saves a PDF on A4 or F4 as the command line does: the paper is the save dialog's
file type, the doctor picks "F4 / folio" once and the next save offers it again, in the folder
the last PDF of this data folder went to.

The save dialog is stood in for (a native one cannot be driven from a test): it answers with a
name and a file type as the person picks them. The paper is read
back from the saved file (F4 is 215 × 330 mm = 609.4 × 935.4 pt).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
)

from kemitraan_desktop.ui import save_pdf

A4 = (595, 842)
F4 = (609, 935)


def page_size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


class FileDialogHand:
    """Stands in for the platform's save dialog (a native one cannot be driven from a test):
    records what it offers and answers as the person does, with a name and a file type."""

    def __init__(self, monkeypatch, name: str | None, paper_text: str | None = None) -> None:  # noqa: ANN001
        self.name, self.paper_text = name, paper_text
        self.offered: list[str] = []
        self.selected = ""
        self.folder = ""
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self)

    def __call__(self, _parent, _title, suggested, filters, selected):  # noqa: ANN001, ANN204
        self.offered = filters.split(";;")
        self.selected = selected
        self.folder = str(Path(suggested).parent)
        if self.name is None:
            return "", ""
        return self.name, self.paper_text or selected


A4_TEXT = "PDF, kertas A4 (210 × 297 mm) (*.pdf)"
F4_TEXT = "PDF, kertas F4 / folio (215 × 330 mm) (*.pdf)"


@pytest.fixture
def laporan(window):  # noqa: ANN001
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Laporan")
    return {action.text(): action for action in menu.actions()}


def test_a_report_is_saved_on_f4_and_the_next_save_offers_f4_in_the_same_folder(
        qtbot, window, svc, laporan, tmp_path, monkeypatch):  # noqa: ANN001
    told: list[Path] = []
    from kemitraan_desktop.ui import report_actions

    monkeypatch.setattr(report_actions, "_finished",
                        lambda parent, title, path, bound=None: told.append(path))
    out = tmp_path / "kantor"
    out.mkdir()
    window.list.select(svc.partnerships.list()[0].id)
    hand = FileDialogHand(monkeypatch, str(out / "Arsip F4.pdf"), F4_TEXT)
    laporan["A&rsip kemitraan…"].trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=120_000)
    assert hand.offered == [A4_TEXT, F4_TEXT]
    assert hand.selected == A4_TEXT  # nothing chosen before: A4
    assert told == [out / "Arsip F4.pdf"]
    assert page_size(out / "Arsip F4.pdf") == F4

    again = FileDialogHand(monkeypatch, None)  # the next save: look, then cancel
    laporan["A&rsip kemitraan…"].trigger()
    assert again.offered
    assert again.selected == F4_TEXT
    assert Path(again.folder) == out
    assert window.settings.value("paper") == "f4"


def test_the_pks_is_saved_on_the_paper_chosen_in_the_dialog(qtbot, window, svc, tmp_path,
                                                            monkeypatch):  # noqa: ANN001
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    step5 = window.wizard.pages[5]
    assert step5.paper.currentData() == "a4"  # the agreement's own paper…
    hand = FileDialogHand(monkeypatch, str(tmp_path / "PKS F4.pdf"), F4_TEXT)
    qtbot.mouseClick(step5.save_button, Qt.MouseButton.LeftButton)
    assert hand.selected == A4_TEXT  # …comes preselected
    assert page_size(tmp_path / "PKS F4.pdf") == F4
    assert step5.bar.text.startswith("Tersimpan: ")


def test_the_last_folder_belongs_to_its_data_folder(tmp_path, window):  # noqa: ANN001
    settings = window.settings
    first, second = tmp_path / "praktik-a", tmp_path / "praktik-b"
    papers = tmp_path / "surat-praktik-a"
    papers.mkdir()
    seen: list[str] = []

    def dialog(_parent, _title, suggested, *_args, **_kw):  # noqa: ANN001, ANN202
        seen.append(suggested)
        return str(papers / "x.pdf"), ""

    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(dialog)
    try:
        save_pdf.ask_pdf_target(None, settings, first, "t", "Arsip.pdf")
        save_pdf.ask_pdf_target(None, settings, first, "t", "Arsip.pdf")
        save_pdf.ask_pdf_target(None, settings, second, "t", "Arsip.pdf")
    finally:
        QFileDialog.getSaveFileName = original
    assert Path(seen[1]) == papers / "Arsip.pdf"
    assert Path(seen[2]) == Path.home() / "Arsip.pdf"
