"""The blue message bar never moves the controls under the pointer: it shows over a strip the page
keeps for it. A click aimed at "Simpan sebagai PDF…" while "Perjanjian sudah difinalisasi" appears
(or goes, 4 s later) still saves the PDF; it used to land on the button 42 px higher. Its close
button is drawn as a cross, not a dot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFileDialog

from kemitraan_desktop.ui import message_bar

FINALIZED = "Perjanjian sudah difinalisasi. Cetak rangkap dua untuk ditandatangani."


@pytest.fixture
def step5(window, svc):
    """Step 5 of the demo's BPJS partnership, its draft PKS on screen."""
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.pages[5]
    assert page.bar.isHidden()
    return page


def positions(page) -> dict[str, QPoint]:
    buttons = (page.preview_button, page.save_button, page.finalize_button, page.sign_button,
               page.tabs.tabBar(), page.subject)
    return {b.objectName() or b.text() or type(b).__name__: b.mapToGlobal(QPoint(0, 0))
            for b in buttons}


def test_the_controls_stay_where_they_are_as_a_message_comes_and_goes(qtbot, step5,
                                                                      monkeypatch):
    monkeypatch.setattr(message_bar, "INFO_MS", 200)
    before = positions(step5)
    step5.bar.show_info(FINALIZED)
    qtbot.waitUntil(step5.bar.isVisible)
    assert positions(step5) == before
    qtbot.waitUntil(step5.bar.isHidden, timeout=2000)  # the message goes by itself
    assert positions(step5) == before
    step5.bar.show_error("x " * 400)  # a message of many lines reaches over the page…
    assert step5.bar.height() > step5.bar.place.height()
    assert positions(step5) == before  # …and still moves nothing


def test_a_click_aimed_at_a_button_as_the_message_appears_hits_that_button(
        qtbot, svc, step5, tmp_path, monkeypatch):
    target = tmp_path / "pks-draf.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF (*.pdf)"))
    aimed = step5.save_button.mapToGlobal(step5.save_button.rect().center())
    step5.bar.show_info(FINALIZED)  # appears between aiming and pressing
    qtbot.waitUntil(step5.bar.isVisible)
    under = QApplication.widgetAt(aimed)
    assert under is step5.save_button
    qtbot.mouseClick(under, Qt.MouseButton.LeftButton, pos=under.mapFromGlobal(aimed))
    assert target.read_bytes().startswith(b"%PDF-")
    assert step5.bar.text.startswith("Tersimpan: ")


def test_the_close_button_is_drawn_as_a_cross(qtbot, step5, program_style):
    step5.bar.show_info(FINALIZED)
    qtbot.wait(10)
    close = step5.bar._close
    assert close.isVisible()
    image = close.grab().toImage()
    background = QColor(image.pixel(1, 1))
    ink = [(x, y) for x in range(image.width()) for y in range(image.height())
           if QColor(image.pixel(x, y)).lightness() < background.lightness() - 80]
    xs = [x for x, _y in ink]
    ys = [y for _x, y in ink]
    assert len(ink) >= 20  # a dot was 2 or 3 pixels
    assert max(xs) - min(xs) >= 6 and max(ys) - min(ys) >= 6
    # both diagonals: ink near the top left and near the top right of the glyph
    top = min(ys)
    row = [x for x, y in ink if y <= top + 1]
    assert max(row) - min(row) >= 4
    assert close.accessibleName() == "Tutup"  # a screen reader says what it does
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert step5.bar.isHidden()
