"""The program password: asked at start (before any partnership is shown), set, changed, removed.

The password keeps a casual person out of the program; it does not encrypt the data file. Each
dialog says so in plain words, and says how a forgotten password is removed (the command line, by
someone who can sign in to this computer's account). See ``services/password.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import password as rules
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _
from kemitraan_desktop.services import password as service

from ..screen_fit import FitsScreen
from .submitting import SubmitDialog

if TYPE_CHECKING:  # the services object loads SQLAlchemy: not before the password is asked
    from kemitraan_desktop.services.app import Services


def _label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(260)
    return field


def _error_line(parent: QWidget) -> QLabel:
    """Where a refused password is explained; hidden until there is something to say."""
    label = _label("", parent, "fieldError")
    label.hide()
    return label


def _answer_buttons(dialog: QDialog, text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """*text* as the default button that accepts, and Cancel."""
    buttons = QDialogButtonBox(dialog)
    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    button.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


def _command(data_dir: Path | None, parent: QWidget) -> QLabel:
    """The command that removes a forgotten password, on a line of its own, to be copied."""
    label = QLabel(service.forgotten_command(data_dir), parent)
    label.setObjectName("command")
    # Through the style sheet, as the program's font size is: a font set on the widget would be
    # measured before the style sheet's size applies, and the command would be cut off.
    family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    label.setStyleSheet(f'font-family: "{family}";')
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setIndent(12)
    return label


def honest_note() -> str:
    return _("The password keeps a casual person out of this program. It does not encrypt the "
             "data file: someone who can copy the file can still read it with other tools.")


def forgotten_note() -> str:
    return _("A forgotten password cannot be recovered. Someone who can sign in to this "
             "computer's account can remove it with this command:")


class WaitsAfterWrongPassword:
    """What a dialog asking a password does after a wrong one, shared by the program password
    and a server sign-in: the mistake is counted and said; from the third it waits a little
    longer each time (``domain.password.wait_after``), counting the seconds down with its
    fields off. The dialog gives ``_say``, ``_set_waiting``, the field ``password`` and its two
    sentences."""

    WRONG = N_("The password is not right. Try again.")
    WAIT = N_("The password is not right. Wait {seconds} seconds, then try again.")
    password: QLineEdit

    def _start_counting(self) -> None:
        self.wrong_attempts = 0
        self.seconds_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    def _wrong(self) -> None:
        self.wrong_attempts += 1
        wait = rules.wait_after(self.wrong_attempts)
        if wait:
            self.seconds_left = wait
            self._set_waiting(True)
            self._say_wait()
            self._timer.start()
        else:
            self._say(_(self.WRONG))
        self.password.setFocus()

    def _say_wait(self) -> None:
        self._say(_(self.WAIT).format(seconds=self.seconds_left))

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left > 0:
            self._say_wait()
            return
        self._timer.stop()
        self._set_waiting(False)
        self._say(_(self.WRONG))
        self.password.setFocus()


class PasswordDialog(WaitsAfterWrongPassword, FitsScreen, QDialog):
    """Asked at start: the password, before the window shows any partnership.

    *check* says whether a password is right. A wrong one says so and asks again; from the
    third mistake the field waits a little longer each time (``domain.password.wait_after``).
    Quit (or Escape, or closing the dialog) rejects it: the program ends.
    """

    def __init__(self, check: Callable[[str], bool], data_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._start_counting()
        self.setWindowTitle(_("Kemitraan Desktop"))

        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxQuestion).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = _label(_("Kemitraan Desktop is protected by a password."), self, "stepTitle")
        explain = _label(_("Type the program password to open the practice's data."), self)
        self.password = _password_field(self)
        self.password.setAccessibleName(_("Password"))
        self.show_password = QCheckBox(_("Show the password"), self)
        self.show_password.toggled.connect(lambda shown: self.password.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        self.message = _error_line(self)
        form = QFormLayout()
        form.addRow(_("Password"), self.password)
        form.addRow("", self.show_password)

        text = QVBoxLayout()
        text.addWidget(heading)
        text.addWidget(explain)
        text.addLayout(form)
        text.addWidget(self.message)
        top = QVBoxLayout()
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(icon)
        line.addLayout(text, 1)
        top.addWidget(row)
        if data_dir is not None:
            folder = _label(_("Data folder: {folder}").format(folder=data_dir), self, "hint")
            folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            top.addWidget(folder)
        top.addSpacing(6)
        top.addWidget(_label(_("Forgot the password? It cannot be recovered. Someone who can "
                               "sign in to this computer's account can remove it with this "
                               "command:"), self, "hint"))
        top.addWidget(_command(data_dir, self))

        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton(_("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top.addWidget(buttons)
        # As wide as the command, so that it is never cut (the labels around it wrap).
        top.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setLayout(top)
        self.password.setFocus()

    def accept(self) -> None:
        if self.seconds_left > 0:
            return
        typed = self.password.text()
        if typed and self._check(typed):
            super().accept()
            return
        self.password.clear()
        if not typed:
            self._say(_("Type the password."))
            return
        self._wrong()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _set_waiting(self, waiting: bool) -> None:
        self.password.setEnabled(not waiting)
        self.open_button.setEnabled(not waiting)


def ask_password(check: Callable[[str], bool], data_dir: Path | None = None,
                 parent: QWidget | None = None) -> bool:
    """Ask until the password is right (True) or the person quits (False)."""
    dialog = PasswordDialog(check, data_dir, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


class SetPasswordDialog(SubmitDialog):
    """Set a password, or change it (then the current one is asked first)."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.changing = service.password_is_set(svc)
        self.setWindowTitle(_("Change the program password") if self.changing
                            else _("Set a program password"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(_label(honest_note() + " " + _(
            "A backup keeps the password that was set when it was made."), self))
        layout.addWidget(_label(forgotten_note(), self, "missing"))
        layout.addWidget(_command(svc.db.data_dir, self))
        form = QFormLayout()
        self.current = _password_field(self)
        if self.changing:
            form.addRow(_("Current password"), self.current)
        else:
            self.current.hide()
        self.new = _password_field(self)
        self.new.setPlaceholderText(_("at least {count} characters").format(
            count=rules.MIN_LENGTH))
        self.repeat = _password_field(self)
        form.addRow(_("New password"), self.new)
        form.addRow(_("New password again"), self.repeat)
        layout.addLayout(form)
        self.message = self.error  # one line under the form says what was refused
        layout.addWidget(self.message)
        self.field("current_password", self.current)
        self.field("new_password", self.new)
        self.field("repeat_password", self.new)  # both new fields are typed again from the first
        buttons, self.save_button = _answer_buttons(self, _("Save the password"))
        layout.addWidget(buttons)
        (self.current if self.changing else self.new).setFocus()

    def submit(self) -> None:
        service.set_password(self._svc, self.new.text(), self.repeat.text(),
                             self.current.text() if self.changing else None)

    def refused(self, error: UserError) -> None:
        # A refused password is typed anew, never kept half-visible in a masked field.
        if error.field == "current_password":
            self.current.clear()
        else:
            self.new.clear()
            self.repeat.clear()
            self.new.setFocus()


class RemovePasswordDialog(SubmitDialog):
    """Remove the password: the current one is asked first."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.setWindowTitle(_("Remove the program password"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        warning = _label(_("Without a password, anyone who can start this program on this "
                           "computer sees all the practice's data."), self)
        warning.setMinimumWidth(440)
        layout.addWidget(warning)
        form = QFormLayout()
        self.current = _password_field(self)
        form.addRow(_("Current password"), self.current)
        layout.addLayout(form)
        self.message = self.error
        layout.addWidget(self.message)
        self.field("current_password", self.current)
        buttons, self.remove_button = _answer_buttons(self, _("Remove the password"))
        layout.addWidget(buttons)
        self.current.setFocus()

    def submit(self) -> None:
        service.remove_password(self._svc, self.current.text())

    def refused(self, error: UserError) -> None:
        self.current.clear()
        self.current.setFocus()


class PasswordSection(QGroupBox):
    """The settings' part about the password: whether one is set, and the buttons to change it."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(_("Program password"), parent)
        self._svc = svc
        layout = QVBoxLayout(self)
        self.state = _label("", self)
        layout.addWidget(self.state)
        layout.addWidget(_label(honest_note(), self, "hint"))
        buttons = QDialogButtonBox(self)
        buttons.setCenterButtons(False)
        self.set_button = QPushButton(self)
        self.remove_button = QPushButton(_("Remove the password…"), self)
        buttons.addButton(self.set_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.set_button.clicked.connect(self.set_password)
        self.remove_button.clicked.connect(self.remove_password)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        is_set = service.password_is_set(self._svc)
        self.state.setText(_("A program password is set: it is asked when the program starts.")
                           if is_set else _("No program password is set."))
        self.set_button.setText(_("Change the password…") if is_set else _("Set a password…"))
        self.remove_button.setVisible(is_set)

    def set_password(self) -> None:
        dialog = SetPasswordDialog(self._svc, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.state.setText(self.state.text() + " " + (
                _("The password was changed.") if dialog.changing
                else _("The password was saved.")))

    def remove_password(self) -> None:
        dialog = RemovePasswordDialog(self._svc, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.state.setText(self.state.text() + " " + _("The password was removed."))
