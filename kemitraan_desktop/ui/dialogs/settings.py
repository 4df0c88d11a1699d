"""Berkas → Pengaturan: the screen language, the figures that are agreed rather than fixed, and
the program password (``dialogs/password.py``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.settings import SPECS, set_setting, shown_setting

from .password import PasswordSection

LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"))


class SettingsDialog(QDialog):
    def __init__(self, svc: Services, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self._settings = settings
        self.setWindowTitle(_("Settings"))
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        chosen = settings.value("language", i18n.current_language())
        self.language.setCurrentIndex(max(self.language.findData(chosen), 0))
        form = QFormLayout(self)
        form.addRow(_("Language"), self.language)
        self.fields: dict[str, QLineEdit] = {}
        for key, spec in SPECS.items():
            editor = QLineEdit(shown_setting(svc, key), self)
            self.fields[key] = editor
            form.addRow(_(spec.label), editor)
        # Set, changed or removed at once in its own dialog (Cancel here does not undo it).
        self.password = PasswordSection(svc, self)
        form.addRow(self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.restart_needed = False

    def accept(self) -> None:
        try:
            for key, editor in self.fields.items():
                if editor.text().strip() != shown_setting(self._svc, key):
                    set_setting(self._svc, key, editor.text())
        except UserError as error:
            QMessageBox.warning(self, _("Settings"), error.message)
            return
        language = self.language.currentData()
        if language != i18n.current_language():
            self._settings.setValue("language", language)
            self._settings.sync()
            self.restart_needed = True
        super().accept()
