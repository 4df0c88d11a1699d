"""Berkas → Cadangan otomatis…: the automatic backups of this folder, and restoring one of them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import backup
from kemitraan_desktop.services.app import Services

from ..formatting import file_size, local_time
from ..screen_fit import FitsScreen
from ..views import read_only_rows


class AutomaticBackupsDialog(FitsScreen, QDialog):
    """Lists the automatic backups; ``chosen`` is the one to restore after ``exec()``."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc = svc
        self.chosen: Path | None = None
        self.backups: list[backup.BackupInfo] = []
        self.setWindowTitle(_("Automatic backups"))
        self.resize(560, 420)

        intro = QLabel(_(
            "A backup of the database is made automatically once a day, when the program "
            "starts or closes. The last 10 are kept, and the newest of each month. Attachments "
            "are never deleted, so they need no copy here."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([_("Made on"), _("Size")])
        read_only_rows(self.table, single=True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._restore())
        self.empty = QLabel(_("No automatic backup yet."), self)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(_("Restore"), self)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        self.now_button = QPushButton(_("Back up now"), self)
        self.now_button.clicked.connect(self._back_up_now)
        self.folder_button = QPushButton(_("Open the folder"), self)
        self.folder_button.clicked.connect(self._open_folder)
        for button in (self.restore_button, self.now_button, self.folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.backups = backup.list_backups(self.svc)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            self.table.setItem(row, 0, QTableWidgetItem(local_time(info.created)))
            self.table.setItem(row, 1, QTableWidgetItem(file_size(info.size)))
        self.empty.setVisible(not self.backups)
        self._selection_changed()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.chosen = info.path
        self.accept()

    def _back_up_now(self) -> None:
        try:
            backup.automatic_backup(self.svc, force=True)
        except (OSError, UserError) as error:
            QMessageBox.warning(self, _("Automatic backups"), str(error))
        self.reload()

    def _open_folder(self) -> None:
        folder = backup.backup_folder(self.svc)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
