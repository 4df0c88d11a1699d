"""Signing in to a server database with named users (issue 15.3): asked when the window opens
such a database, before any partnership is shown. A wrong name or password is said beneath the
fields and the dialog stays, with the name kept; from the third mistake it waits a little longer
each time (``domain.password.wait_after``), as the program password does. Quit ends the program.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _

from ..screen_fit import FitsScreen
from .password import WaitsAfterWrongPassword

# Whether *name* and *password* sign in; a UserError (the server went away) is said as it is.
SignInCheck = Callable[[str, str], bool]


class SignInDialog(WaitsAfterWrongPassword, FitsScreen, QDialog):
    WRONG = N_("The user name or the password is not right. Try again.")
    WAIT = N_("The user name or the password is not right. Wait {seconds} seconds, then "
              "try again.")

    def __init__(self, check: SignInCheck, server: str, name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._start_counting()
        self.setWindowTitle(_("Kemitraan Desktop"))
        heading = QLabel(_("Sign in"), self)
        heading.setObjectName("stepTitle")
        explain = QLabel(_("The data of this practice is on the server {server}, shared by "
                           "named users. Type your user name and your own password.").format(
            server=server), self)
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.PlainText)
        self.user_name = QLineEdit(name, self)
        self.user_name.setObjectName("user_name")
        self.user_name.setMinimumWidth(260)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.show_password = QCheckBox(_("Show the password"), self)
        self.show_password.toggled.connect(lambda shown: self.password.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        form = QFormLayout()
        form.addRow(_("User name"), self.user_name)
        form.addRow(_("Password"), self.password)
        form.addRow("", self.show_password)
        self.message = QLabel("", self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        hint = QLabel(_("A forgotten password cannot be recovered: the doctor of the practice "
                        "gives a new one (on the command line: user password NAME)."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        self.sign_in_button = buttons.addButton(_("Sign in"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        (self.password if name else self.user_name).setFocus()

    def accept(self) -> None:
        if self.seconds_left > 0:
            return
        name, typed = self.user_name.text().strip(), self.password.text()
        if not name:
            self._say(_("Type your user name."))
            self.user_name.setFocus()
            return
        if not typed:
            self._say(_("Type the password."))
            self.password.setFocus()
            return
        try:
            right = self._check(name, typed)
        except UserError as error:  # the server does not answer: said, the name kept
            self._say(error.message)
            return
        if right:
            super().accept()
            return
        self.password.clear()
        self._wrong()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self._grow()

    def _grow(self) -> None:
        """As tall as the wrapped message needs: a window is not grown for a label's wrapped
        lines by itself, and the fields above it were squeezed to half their height."""
        layout = self.layout()
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _set_waiting(self, waiting: bool) -> None:
        for widget in (self.user_name, self.password, self.sign_in_button):
            widget.setEnabled(not waiting)


def ask_sign_in(check: SignInCheck, server: str, name: str = "",
                parent: QWidget | None = None) -> bool:
    """Ask until a user signs in (True) or the person quits (False)."""
    dialog = SignInDialog(check, server, name, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
