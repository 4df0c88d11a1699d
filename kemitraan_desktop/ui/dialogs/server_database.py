"""Pengaturan → Basis data server: where this data folder's data is kept, the folder's own file
or a PostgreSQL server; an address is tried (and must answer) before it is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import server_choice

from ..pages.base import add_field


class ServerSection(QGroupBox):
    """The settings' part about the database. :meth:`apply` keeps the choice (OK); the dialog
    shows a refusal beneath the address, which keeps what was typed."""

    text_shown = Signal()  # a result or a refusal appeared: the dialog grows to show it whole

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(_("Server database"), parent)
        self._data_dir = data_dir
        self._chosen = server_choice.chosen_server(data_dir)
        layout = QVBoxLayout(self)
        self.local = QRadioButton(_("On this computer (the data folder's own file)"), self)
        self.server = QRadioButton(_("On a PostgreSQL server of the practice"), self)
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        layout.addWidget(self.local)
        layout.addWidget(self.server)
        form = QFormLayout()
        # The address in the open, its password in a field of dots: the settings are opened
        # at a front desk, where someone may be looking at the screen.
        address, password = server_choice.split_password(self._chosen or "")
        self.address = QLineEdit(address, self)
        self.address.setObjectName(server_choice.FIELD)
        self.address.setPlaceholderText("postgresql://klinik@192.168.1.10/kemitraan")
        self.address.editingFinished.connect(self._password_out_of_address)
        self.address_error = add_field(form, server_choice.FIELD, self.address,
                                       _("Server address"))
        self.password = QLineEdit(password, self)
        self.password.setObjectName("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Server password"))
        form.addRow(_("Server password"), self.password)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.test_button = QPushButton(_("Test the connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.result)
        QWidget.setTabOrder(self.address, self.password)  # the address's box moved it last
        QWidget.setTabOrder(self.password, self.test_button)
        given = server_choice.given_for_this_run()
        note = QLabel(_("The change is used from the next start; the data folder's own file "
                        "stays as it is.") if given is None else
                      _("This run uses the server given with --database-url or "
                        "KEMITRAAN_DATABASE_URL; what is chosen here is used when it is not "
                        "given."), self)
        note.setWordWrap(True)
        note.setObjectName("hint")
        layout.addWidget(note)
        (self.server if self._chosen else self.local).setChecked(True)
        self.server.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        on_server = self.server.isChecked()
        self.address.setEnabled(on_server)
        self.password.setEnabled(on_server)
        self.test_button.setEnabled(on_server)
        if on_server:
            self.address.setFocus()

    def _password_out_of_address(self) -> None:
        """A password typed (or pasted) into the address moves into the password field."""
        address, password = server_choice.split_password(self.address.text())
        if password:
            self.address.setText(address)
            self.password.setText(password)

    def _typed_url(self) -> str:
        self._password_out_of_address()
        return server_choice.join_password(self.address.text(), self.password.text())

    def wanted(self) -> str | None:
        return self._typed_url() if self.server.isChecked() else None

    def changed(self) -> bool:
        return self.wanted() != self._chosen

    def test_connection(self) -> None:
        """Try the address typed: what the server holds, or why it refused, beneath it."""
        self.result.setText(_("Connecting…"))
        self.address_error.hide()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            checked = server_choice.check_server(self._typed_url())
        except UserError as error:
            self.result.setText("")
            self.address_error.setText(error.message)
            self.address_error.show()
            self.text_shown.emit()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result.setText(checked.message)
        self.text_shown.emit()

    def apply(self) -> bool:
        """Keep the choice (the address tried first); True when it changed."""
        if not self.changed():
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            server_choice.choose_server(self._data_dir, self.wanted())
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._chosen = self.wanted()
        return True
