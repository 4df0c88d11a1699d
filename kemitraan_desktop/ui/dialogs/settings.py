"""Berkas → Pengaturan: the screen language, the figures that are agreed rather than fixed, and
the program password (``dialogs/password.py``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop import i18n
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.server_choice import FIELD
from kemitraan_desktop.services.settings import SPECS, set_setting, shown_setting

from ..pages.base import add_field
from .password import PasswordSection
from .practice_profile import form_layout
from .server_database import ServerSection
from .submitting import SubmitDialog
from .users import UsersSection

LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"))


class SettingsDialog(SubmitDialog):
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
        form = form_layout()
        form.addRow(_("Language"), self.language)
        self.fields: dict[str, QLineEdit] = {}
        for key, spec in SPECS.items():
            editor = QLineEdit(shown_setting(svc, key), self)
            editor.setObjectName(key)
            self.fields[key] = editor
            self.field(key, editor, add_field(form, key, editor, _(spec.label)))
        # Set, changed or removed at once in its own dialog (Cancel here does not undo it).
        # On a server each person signs in with their own password instead: its users.
        self.password = UsersSection(svc, self) if svc.access.on_server else PasswordSection(
            svc, self)
        form.addRow(self.password)
        self.server = ServerSection(svc.db.data_dir, self)
        form.addRow(self.server)
        self.field(FIELD, self.server.address, self.server.address_error)
        self.server.text_shown.connect(self.fit_height)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.restart_needed = False
        self.restart_reasons: list[str] = []

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # Qt's first size gave the wrapped texts of the server part less than they need (its
        # button and its note were cut in half): as tall as the texts need, within the screen.
        self.fit_height()

    def submit(self) -> None:
        # First: a server that does not answer refuses the whole OK, before anything is kept.
        if self.server.apply():
            self.restart_needed = True
            self.restart_reasons.append(
                _("The data is read from the server after the program restarts.")
                if self.server.wanted() else
                _("The data is read from this computer's data folder after the program "
                  "restarts."))
        for key, editor in self.fields.items():
            if editor.text().strip() != shown_setting(self._svc, key):
                set_setting(self._svc, key, editor.text())
        language = self.language.currentData()
        if language != i18n.current_language():
            self._settings.setValue("language", language)
            self._settings.sync()
            self.restart_needed = True
            self.restart_reasons.append(_("The new language is used after the program "
                                          "restarts."))
