"""Berkas → Data pribadi…: everything held about one person, to export or erase (UU 27/2022).

The search lists every place the person is held: which will be erased, and which are kept
because they belong to a final or signed agreement (and why). Exporting writes one JSON file;
erasing asks first, naming how many places change, and says afterwards what it could not reach.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _
from kemitraan_desktop.services import personal_data
from kemitraan_desktop.services.app import Services

from ..folders import save_file
from ..message_bar import MessageBar
from ..screen_fit import FitsScreen
from ..views import read_only_rows

COLUMNS = (N_("What happens"), N_("Record"), N_("Field"), N_("Where"), N_("Content"))
KEPT_BACKGROUND = "#fdf3dc"


class PersonalDataDialog(FitsScreen, QDialog):
    """Search one person; ``changed`` is True once something was erased."""

    def __init__(self, svc: Services, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.svc = svc
        self._settings = settings or QSettings()  # the folder an export goes to
        self.findings: personal_data.Findings | None = None
        self.changed = False
        self.setWindowTitle(_("Personal data"))
        self.resize(1120, 640)

        intro = QLabel(_(
            "Find everything this program holds about one person, by name or NIK: to give them "
            "a copy of it (export), or to erase it where the law allows. The personal data law "
            "(UU 27/2022) gives every person these rights."), self)
        intro.setWordWrap(True)

        self.query = QLineEdit(self)
        self.query.setPlaceholderText(_("e.g. Dewi Lestari, or a 16-digit NIK"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(_("Search"), self)
        self.search_button.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Name or NIK:"), self))
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("personal_data_summary")

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(text) for text in COLUMNS])
        read_only_rows(self.table, wrap=False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((200, 170, 150, 210)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        self.locked = QLabel(personal_data.locked_note(), self)
        self.locked.setWordWrap(True)
        self.locked.setObjectName("personal_data_locked")
        self.locked.setMargin(6)
        self.locked.setStyleSheet(f"background: {KEPT_BACKGROUND}; color: #5a4100;")
        self.locked.hide()
        self.bar = MessageBar(self)

        self.export_button = QPushButton(_("Export…"), self)
        self.export_button.clicked.connect(self.export)
        self.erase_button = QPushButton(_("Erase this person's data…"), self)
        self.erase_button.clicked.connect(self.erase)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.export_button, self.erase_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.locked)
        layout.addWidget(self.bar.place)
        layout.addWidget(buttons)
        self._show(None)
        self.query.setFocus()

    # -- searching ---------------------------------------------------------------------------------
    def search(self) -> None:
        self.bar.hide()
        try:
            findings = personal_data.find_person(self.svc, self.query.text())
        except UserError as error:
            self._show(None)
            self.bar.show_error(error.message)
            return
        self._show(findings)

    def _show(self, findings: personal_data.Findings | None) -> None:
        self.findings = findings
        places = findings.listed if findings else ()
        self.table.setRowCount(len(places))
        kept = QBrush(QColor(KEPT_BACKGROUND))
        for row, place in enumerate(places):
            what = _("Will be erased") if place.erasable else _("Kept (locked agreement)")
            cells = (what, f"{place.kind_label} #{place.record_id}", place.field_label,
                     place.where or "–", place.excerpt)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(place.reason if not place.erasable and column == 0 else text)
                if not place.erasable:
                    item.setBackground(kept)
                self.table.setItem(row, column, item)
        if findings is None:
            self.summary.setText(_("Type a name or a NIK, then search."))
        else:
            if not places:
                self.summary.setText(_("Nothing is held about “{query}”.").format(
                    query=findings.query))
            else:
                self.summary.setText(_(
                    "Found in {count} place(s) of {records} record(s): {erasable} can be erased, "
                    "{kept} are kept.").format(
                        count=len(places), records=findings.held_in,
                        erasable=len(findings.erasable), kept=len(findings.kept)))
        self.locked.setVisible(bool(findings and findings.kept))
        self.export_button.setEnabled(bool(places))
        self.erase_button.setEnabled(bool(findings and findings.erasable))

    # -- export and erase --------------------------------------------------------------------------
    def export(self) -> None:
        if not self.findings or not self.findings.places:
            return
        path = save_file(self, self._settings, self.svc.db.data_dir, _("Export personal data"),
                         "data-pribadi.json", _("JSON (*.json)"))
        if not path:
            return
        try:
            summary = personal_data.export_person(self.svc, self.findings.query, path)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.bar.show_info(_(
            "Exported to {path}: {records} record(s) about the person and {mentions} "
            "mention(s). The file holds their data in full: give it only to them.").format(
                path=summary.path, records=summary.records, mentions=summary.mentions))

    def confirmation(self) -> str:
        """The question asked before erasing: how many places change, and that it is final."""
        findings = self.findings
        assert findings is not None
        text = _("Erase the data of “{query}” in {places} place(s) of {records} record(s)?"
                 ).format(query=findings.query, places=len(findings.erasable),
                          records=findings.records)
        if findings.kept:
            text += "\n\n" + _("{count} place(s) in final or signed agreements are kept.").format(
                count=len(findings.kept))
        text += "\n\n" + _("Names become “{marker}”; numbers, addresses, phone numbers and "
                           "e-mail addresses are emptied. This cannot be undone: only a backup "
                           "made before holds the data.").format(marker=personal_data.ERASED)
        return text

    def erase(self) -> None:
        findings = self.findings
        if not findings or not findings.erasable:
            return
        answer = QMessageBox.question(
            self, _("Erase personal data"), self.confirmation(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = personal_data.erase_person(self.svc, findings.query,
                                                expected=len(findings.erasable))
        except UserError as error:
            QApplication.restoreOverrideCursor()
            self.bar.show_error(error.message)
            self.search()
            return
        QApplication.restoreOverrideCursor()
        self.changed = True
        self.search()
        QMessageBox.information(self, _("Personal data"), result.message)
