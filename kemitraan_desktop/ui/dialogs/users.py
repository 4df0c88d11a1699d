"""Berkas → Pengaturan → Pengguna, on a server database: who may sign in and in which role; the
doctor adds a user (name, role, a password typed twice) and removes one who left. The services
decide who may (``services/users.py``): anyone else is told why, in the dialog, which stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import password as rules
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.roles import Action, UserRole
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import users
from kemitraan_desktop.services.app import Services

from ..pages.base import add_field
from .submitting import SubmitDialog


def _secret(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AddUserDialog(SubmitDialog):
    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.setWindowTitle(_("Add a user"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("rina.staf")
        self.name.setMinimumWidth(260)
        self.field("user_name", self.name, add_field(form, "user_name", self.name,
                                                     _("User name")))
        self.role = QComboBox(self)
        for role in UserRole:
            self.role.addItem(role.label, role.value)
        # The first user of a server database is its doctor; then mostly the front desk.
        first = not users.list_users(svc)
        self.role.setCurrentIndex(self.role.findData(
            (UserRole.DOKTER if first else UserRole.STAF).value))
        self.field("role", self.role, add_field(form, "role", self.role, _("Role")))
        self.new = _secret(self)
        self.new.setPlaceholderText(_("at least {count} characters").format(
            count=rules.MIN_LENGTH))
        self.repeat = _secret(self)
        self.field("new_password", self.new, add_field(form, "new_password", self.new,
                                                       _("Password")))
        self.field("repeat_password", self.repeat, add_field(
            form, "repeat_password", self.repeat, _("Password again")))
        layout.addLayout(form)
        hint = QLabel(_("Staff edit the data but do not finalize, sign or erase; an observer "
                        "only reads and prints. Give the person the password yourself."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton(_("Add the user"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()
        self.added: users.UserRecord | None = None

    def submit(self) -> None:
        self.added = users.add_user(self._svc, self.name.text(), str(self.role.currentData()),
                                    self.new.text(), self.repeat.text())

    def refused(self, error: UserError) -> None:
        if error.field in ("new_password", "repeat_password"):
            self.new.clear()  # typed anew, never kept half-visible in a masked field
            self.repeat.clear()
            self.new.setFocus()


class RemoveUserDialog(SubmitDialog):
    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.setWindowTitle(_("Remove a user"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        explain = QLabel(_("The user can no longer sign in. The audit trail keeps their name "
                           "and what they did."), self)
        explain.setWordWrap(True)
        explain.setMinimumWidth(380)
        layout.addWidget(explain)
        form = QFormLayout()
        self.who = QComboBox(self)
        for user in users.list_users(svc):
            self.who.addItem(f"{user.name} · {user.role.label}", user.name)
        self.field("user_name", self.who, add_field(form, "user_name", self.who, _("User")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.remove_button = buttons.addButton(_("Remove the user"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        users.remove_user(self._svc, str(self.who.currentData() or ""))


class UsersSection(QGroupBox):
    """The settings' part about the users of a server database (in place of the program
    password, which a server with users does not ask)."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(_("Users"), parent)
        self._svc = svc
        layout = QVBoxLayout(self)
        self.state = QLabel("", self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.state)
        buttons = QDialogButtonBox(self)
        buttons.setCenterButtons(False)
        self.add_button = QPushButton(_("Add a user…"), self)
        self.remove_button = QPushButton(_("Remove a user…"), self)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self.add_user)
        self.remove_button.clicked.connect(self.remove_user)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        listed = users.list_users(self._svc)
        if not listed:
            self.state.setText(_("Nobody signs in yet: everyone who opens this server database "
                                 "may do everything. Add the doctor of the practice first."))
        else:
            self.state.setText(_("Who signs in: {users}.").format(users="; ".join(
                f"{user.name} · {user.role.label}" for user in listed)))
        may = self._svc.access.allows(Action.MANAGE_USERS)
        self.add_button.setEnabled(may)
        self.remove_button.setEnabled(may and len(listed) > 1)
        tip = "" if may else _("Only the doctor of the practice adds and removes users.")
        self.add_button.setToolTip(tip)
        self.remove_button.setToolTip(tip)

    def add_user(self) -> None:
        dialog = AddUserDialog(self._svc, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def remove_user(self) -> None:
        dialog = RemoveUserDialog(self._svc, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
