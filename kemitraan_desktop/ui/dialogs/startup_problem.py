"""The data could not be opened at start-up: say why in plain words, and offer what can be done.

The choices come from the problem (``services.recovery.Problem.choices``): restore the newest
automatic backup or start with empty data when the file is damaged (the damaged file is always
kept, under another name) or missing beside its backups, try again when the cause may pass
(another copy still open, a full disk), open another folder, or quit. Never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.i18n import N_, _
from kemitraan_desktop.services.recovery import Choice, Problem

from ..formatting import file_size, local_time
from ..screen_fit import FitsScreen

CHOICE_TEXT = {
    Choice.RESTORE: N_("Restore the latest backup"),
    Choice.START_EMPTY: N_("Start with empty data"),
    Choice.RETRY: N_("Try again"),
    Choice.OTHER_FOLDER: N_("Open another folder…"),
    Choice.QUIT: N_("Quit"),
}


class StartupProblemDialog(FitsScreen, QDialog):
    """Shows one ``Problem``; after ``exec()``, ``choice`` (and ``folder`` for another folder)."""

    def __init__(self, problem: Problem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        self.choice = Choice.QUIT
        self.folder: Path | None = None
        self.setWindowTitle(_("Kemitraan Desktop"))
        self.setMinimumWidth(520)

        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(_("The data file is missing.") if problem.missing
                         else _("The data cannot be opened."), self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        self.message = QLabel(problem.message, self)
        self.message.setWordWrap(True)
        folder = QLabel(_("Data folder: {folder}").format(folder=problem.folder), self)
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text = QVBoxLayout()
        text.addWidget(heading)
        text.addWidget(self.message)
        text.addWidget(folder)
        if problem.latest_backup is not None:
            backup = problem.latest_backup
            text.addWidget(self._note(_("Latest automatic backup: {when} ({size}).").format(
                when=local_time(backup.created), size=file_size(backup.size))))
        if problem.missing:
            text.addWidget(self._note(_(
                "Restoring brings the data back as it was when that backup was made; what was "
                "entered after it is not in it. Starting with empty data keeps the backups: one "
                "can still be restored later with File → Restore from backup…")))
        elif problem.can_restore or problem.can_start_empty:
            text.addWidget(self._note(_(
                "The damaged file is not deleted: it is kept in the same folder under another "
                "name (…rusak-…), in case a technician can rescue it.")))
        if problem.can_start_empty and not problem.missing:
            text.addWidget(self._note(_(
                "There is no automatic backup in this folder. If you have a backup file (for "
                "example on a USB stick), start with empty data and then use File → Restore "
                "from backup…")))
        text.addWidget(QLabel(_("What would you like to do?"), self))

        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        self.buttons: dict[Choice, QPushButton] = {}
        column = QVBoxLayout()
        for choice in problem.choices():
            button = QPushButton(_(CHOICE_TEXT[choice]), self)
            button.setObjectName(f"choice_{choice.value}")
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, c=choice: self._chosen(c))
            column.addWidget(button)
            self.buttons[choice] = button
        first = self.buttons[problem.choices()[0]]
        first.setDefault(True)
        first.setFocus()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(column)

    def _note(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        return label

    def choose_folder(self) -> Path | None:
        """Ask for another data folder (a method, so that tests can answer it)."""
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose a data folder"), str(self.problem.folder.parent))
        return Path(chosen) if chosen else None

    def _chosen(self, choice: Choice) -> None:
        if choice == Choice.OTHER_FOLDER:
            folder = self.choose_folder()
            if folder is None:
                return  # cancelled: the choices stay on screen
            self.folder = folder
        self.choice = choice
        self.accept()

    def reject(self) -> None:  # Esc or the window's close button: quit
        self.choice = Choice.QUIT
        super().reject()


def ask_with_dialog(window: QWidget | None = None
                    ) -> Callable[[Problem], tuple[Choice, Path | None]]:
    """The ``ask`` of ``open_with_recovery``: hide the half-open *window*, show the dialog."""

    def ask(problem: Problem) -> tuple[Choice, Path | None]:
        if window is not None:
            window.hide()
        dialog = StartupProblemDialog(problem)
        dialog.exec()
        return dialog.choice, dialog.folder

    return ask


def tell_with_dialog(message: str, is_error: bool) -> None:
    """The ``tell`` of ``open_with_recovery``: what was done, or why it did not work."""
    if is_error:
        QMessageBox.warning(None, _("Kemitraan Desktop"), message)
    else:
        QMessageBox.information(None, _("Kemitraan Desktop"), message)
