"""After a report is saved, the window stays usable: the "Tersimpan: …" box with its "Buka" does
not hold the menu. Seen in the walk: it was modal, and had to be closed after every report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from kemitraan_desktop.ui import report_actions


def test_the_saved_box_leaves_the_window_usable_and_opens_the_file(
        qtbot, window, svc, tmp_path, monkeypatch):
    out = tmp_path / "Arsip BPJS.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    opened: list[str] = []
    monkeypatch.setattr(report_actions.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Laporan")
    actions = {action.text(): action for action in menu.actions()}
    actions["A&rsip kemitraan…"].trigger()
    box = None

    def shown() -> bool:
        nonlocal box
        box = window.findChild(QMessageBox, "reportSaved")
        return box is not None and box.isVisible()

    qtbot.waitUntil(shown, timeout=120_000)
    assert box.text() == f"Tersimpan: {out}"
    assert QApplication.activeModalWidget() is None  # nothing holds the window
    assert out.read_bytes().startswith(b"%PDF-")
    # The window goes on: another partnership is opened while the box is there.
    apotek = next(p for p in svc.partnerships.list() if p.partner_type == "apotek")
    window.list.select(apotek.id)
    assert window.open_partnership_id() == apotek.id
    [open_button] = [b for b in box.buttons() if b.text() == "Buka"]
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(Path(out))]


def test_one_saved_box_at_a_time(qtbot, window, svc, tmp_path, monkeypatch):
    """Seen in the walk: three "Tersimpan" boxes stood stacked after three reports."""
    targets = iter([tmp_path / "Pernyataan 1.pdf", tmp_path / "Pernyataan 2.pdf"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(next(targets)), ""))
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Laporan")
    statement = next(action for action in menu.actions()
                     if action.text().replace("&", "").startswith("Surat pernyataan"))

    def boxes() -> list[QMessageBox]:
        return [box for box in window.findChildren(QMessageBox) if box.isVisible()]

    statement.trigger()
    qtbot.waitUntil(lambda: [b.text() for b in boxes()] == [
        f"Tersimpan: {tmp_path / 'Pernyataan 1.pdf'}"], timeout=120_000)
    statement.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "Pernyataan 2.pdf").exists(), timeout=120_000)
    qtbot.waitUntil(lambda: [b.text() for b in boxes()] == [
        f"Tersimpan: {tmp_path / 'Pernyataan 2.pdf'}"], timeout=120_000)
    qtbot.wait(100)
    assert [b.text() for b in boxes()] == [f"Tersimpan: {tmp_path / 'Pernyataan 2.pdf'}"]
