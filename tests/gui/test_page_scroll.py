"""A page opens where the doctor can type, and a new row is edited where it can be seen.

Seen in the walk at 1366×768: a new partnership opened Langkah 1 scrolled down as the previous
partnership's page was left, so a click where "Gagasan kemitraan" had been typed into nothing;
in Langkah 4 "Tambah kegiatan" opened the new row's editor above the visible part of the page."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.ui.autosave import SAVE_DELAY_MS


def on_screen(page, widget: QWidget) -> bool:  # noqa: ANN001
    """Whether *widget* lies wholly inside the visible part of *page*'s scrolled body."""
    viewport = page.scroll_area.viewport()
    where = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(where)


def laptop(window) -> None:  # noqa: ANN001
    window.move(0, 0)
    window.resize(1366, 728)


def test_a_new_partnership_opens_step_1_at_the_top(qtbot, window, svc):
    laptop(window)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(1, remember=False)
    page = window.wizard.pages[1]
    bar = page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0  # the page scrolls at this size
    bar.setValue(bar.maximum())  # the doctor had read down to the principles
    assert bar.value() > 0

    lab = partnerships.start_partnership(svc, "Kerja sama pemeriksaan HbA1c", "laboratorium")
    window.refresh()
    window.list.select(lab.id)
    window.wizard.go_to(1, remember=False)
    assert window.wizard.pages[1] is page
    assert bar.value() == 0
    assert on_screen(page, page.idea)
    qtbot.mouseClick(page.idea.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 10))
    qtbot.keyClicks(page.idea, "Pemeriksaan HbA1c peserta Prolanis")
    qtbot.wait(SAVE_DELAY_MS + 200)
    assert svc.partnerships.get(lab.id).idea == "Pemeriksaan HbA1c peserta Prolanis"


def test_a_new_activity_in_step_4_is_edited_in_sight(qtbot, window, svc):
    laptop(window)
    apotek = next(p for p in svc.partnerships.list() if p.partner_type == "apotek")
    window.list.select(apotek.id)
    window.wizard.go_to(4, remember=False)
    page = window.wizard.pages[4]
    table = page.activities
    bar = page.scroll_area.verticalScrollBar()
    # Scrolled down until "Tambah kegiatan" is at the top of the page: the table is above.
    button_top = table.add_button.mapTo(page.body, QPoint(0, 0)).y()
    bar.setValue(min(button_top - 4, bar.maximum()))
    assert on_screen(page, table.add_button)
    assert not on_screen(page, table.view.viewport())
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    editor = QApplication.focusWidget()
    assert editor is not None and table.view.isAncestorOf(editor)
    assert on_screen(page, editor)
    qtbot.keyClicks(editor, "Pelatihan pelayanan obat Prolanis")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    names = [a.name for a in svc.activities.list(apotek.id)]
    assert "Pelatihan pelayanan obat Prolanis" in names
