"""NIK and NPWP masked wherever a person reads them in the window (UU 27/2022): in full only in
the practice profile's editor and in the editor of a draft agreement's party."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from kemitraan_desktop.ui.dialogs.audit_log import AuditLogDialog

NIK = "3404076208850003"
MASKED = "************0003"


def _texts(root: QWidget) -> list[str]:
    """Every text a person can read in *root* now: labels, buttons, fields, tables, tooltips."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        found.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            found.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            found.append(widget.toPlainText())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            # A list model hides columnCount() (private in QAbstractListModel): one column.
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for row in range(min(model.rowCount(), 300)):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = index.data(role)
                        if isinstance(value, str):
                            found.append(value)
    return found


def _everything(root: QWidget) -> list[str]:
    """*root*'s texts with each tab of each tab widget shown in turn."""
    QApplication.processEvents()
    texts = _texts(root)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            texts += _texts(tabs.widget(index))
    return texts


# -- masking --------------------------------------------------------------------------------------
def test_no_window_page_shows_a_nik_in_full(window, svc):
    window.list.show_dashboard()
    texts = _everything(window)
    for partnership_id in window.demo.partnership_ids:
        window.list.select(partnership_id)
        for number in range(1, 9):
            window.wizard.go_to(number, remember=False)
            texts += _everything(window.wizard)
    assert len(texts) > 500
    assert MASKED in texts  # the parties of step 5 show the NIK, masked
    assert not [text for text in texts if NIK in text]


def test_the_parties_table_masks_the_nik_and_gives_the_editor_all_of_it(window, svc):
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.page(5)
    model = page.parties.model
    column = next(n for n, c in enumerate(model.columns) if c.field == "signatory_id_number")
    row = next(n for n, r in enumerate(model.records) if r.party == "practice")
    index = model.index(row, column)
    assert index.data(Qt.ItemDataRole.DisplayRole) == MASKED
    assert index.data(Qt.ItemDataRole.EditRole) == NIK  # a draft: typed and corrected in full


def test_the_audit_trail_masks_nik_and_npwp(qtbot, window, svc):
    dialog = AuditLogDialog(svc, window, check_in_background=False)
    qtbot.addWidget(dialog)
    model = dialog.model
    details = [model.index(row, 5).data(role) for row in range(model.rowCount())
               for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]
    assert not [text for text in details if text and NIK in text]
    practice = next(row for row in range(model.rowCount())
                    if model.entry(row).entity == "practice")
    tooltip = model.index(practice, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert f"NIK: {MASKED}" in tooltip and f"NPWP: {MASKED}" in tooltip
