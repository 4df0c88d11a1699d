"""Step 2 of a signed partnership, as the doctor clicks it: the tick of the partner the PKS
names stays, the page says why (and points to an adendum), and the candidate cannot be removed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from table_walk import click_cell, show

from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.ui.pages.step2_candidates import CHOSEN, CandidatesPage

WHY = ("Perjanjian 001/PKS/DR-SR/II/2026 (ditandatangani) menyebut Apotek Sehat Sentosa "
       "sebagai mitra, sehingga mitra tidak dapat dilepas, dihapus, atau diganti di sini. "
       "Untuk berganti mitra, buat adendum di langkah 5 atau mulai kemitraan baru.")


def click_check_box(qtbot, view, row: int, column: int) -> None:
    """A click on the tick box drawn in the cell, where the mouse would find it."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option,
                                      view)
    assert view.viewport().rect().contains(box.center()), "the tick box is not on screen"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    qtbot.wait(5)


def test_unticking_the_partner_of_a_signed_pks_is_refused_with_the_reason(
        qtbot, svc: Services) -> None:
    create_demo(svc, today=date(2026, 11, 22))
    apotek = next(p.id for p in svc.partnerships.list() if p.partner_type == "apotek")
    page = CandidatesPage(svc)
    show(qtbot, page, 1100, 760)
    page.show_partnership(apotek)
    qtbot.wait(5)

    # Before any click the page says why the partner stays.
    assert page.lock_note.isVisible()
    assert page.lock_note.text() == WHY
    row = next(n for n, r in enumerate(page.model.records) if r.chosen)
    assert page.model.index(row, CHOSEN).data(Qt.ItemDataRole.ToolTipRole) == WHY

    click_check_box(qtbot, page.view, row, CHOSEN)

    assert page.bar.isVisible() and page.bar.text == WHY
    row = next(n for n, r in enumerate(page.model.records) if r.partner_name ==
               "Apotek Sehat Sentosa")
    assert page.model.index(row, CHOSEN).data(Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked
    assert [c.chosen for c in svc.candidates.list(apotek)] == [True]
    # With the signed partner selected "Hapus kandidat" is off, and its tooltip says why.
    click_cell(qtbot, page.view, row, 0)
    assert page.table.current_record().partner_name == "Apotek Sehat Sentosa"
    assert not page.remove_button.isEnabled()
    assert page.remove_button.toolTip() == WHY
