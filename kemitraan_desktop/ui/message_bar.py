"""A calm bar at the top of a page for what just happened: saved, refused, deleted (with Undo)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kemitraan_desktop.i18n import _

INFO_MS = 4000
UNDO_MS = 15000


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._undo = QPushButton(_("Undo"), self)
        self._undo.clicked.connect(self._do_undo)
        self._close = QPushButton("×", self)
        self._close.setFlat(True)
        self._close.setToolTip(_("Close"))
        self._close.setFixedWidth(28)
        self._close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._undo)
        layout.addWidget(self._close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._undo_action: Callable[[], None] | None = None
        self.hide()

    @property
    def text(self) -> str:
        return self._label.text()

    def _show(self, text: str, kind: str, timeout: int, undo: Callable[[], None] | None) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self._label.setText(text)
        self._undo_action = undo
        self._undo.setVisible(undo is not None)
        self.show()
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def show_info(self, text: str) -> None:
        self._show(text, "info", INFO_MS, None)

    def show_error(self, text: str) -> None:
        self._show(text, "error", 0, None)

    def show_undo(self, text: str, undo: Callable[[], None]) -> None:
        self._show(text, "info", UNDO_MS, undo)

    def _do_undo(self) -> None:
        action, self._undo_action = self._undo_action, None
        self.hide()
        if action is not None:
            action()
