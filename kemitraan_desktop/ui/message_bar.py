"""A calm bar at the top of a page for what just happened: saved, refused, deleted (with Undo).

It never moves what is beneath it. The layout holds ``place``, a strip as tall as a bar of two
lines, whether a message shows or not; the bar floats over that strip. A click aimed at a button
while a message appears or goes (after 4 s) lands on that button: a bar in the layout pushed the
page down by its height and a click meant for "Simpan sebagai PDF…" opened "Catat
penandatanganan…". A rare message longer than two lines lets the bar reach down over the top of
the page while it shows; the page itself still does not move.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.i18n import _

INFO_MS = 4000
UNDO_MS = 15000
RESERVED_LINES = 2
_FOLLOW = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.ParentChange)


class MessageBar(QFrame):
    """Put ``bar.place`` in the layout (not the bar itself)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._undo = QPushButton(_("Undo"), self)
        self._undo.clicked.connect(self._do_undo)
        # A tool button: a push button's padding (style.qss) squeezed the "×" to a dot.
        self._close = QToolButton(self)
        self._close.setObjectName("messageBarClose")
        self._close.setText("×")
        self._close.setAutoRaise(True)
        self._close.setToolTip(_("Close"))
        self._close.setAccessibleName(_("Close"))
        font = self._close.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self._close.setFont(font)
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
        self._cause: object = None  # what the error shown is about, to take it back by

        self.place = QWidget(parent)
        self.place.setObjectName("messageBarPlace")
        self.place.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.place.setFixedHeight(self._reserved_height())
        self._follower = _Follower(self)
        self.place.installEventFilter(self._follower)
        self.hide()

    def _reserved_height(self) -> int:
        for widget in (self, self._label, self._undo, self._close):
            widget.ensurePolished()
        margins = self.layout().contentsMargins()
        text = self._label.fontMetrics().lineSpacing() * RESERVED_LINES
        buttons = max(self._undo.sizeHint().height(), self._close.sizeHint().height())
        return max(text, buttons) + margins.top() + margins.bottom() + 2

    def hold(self, intro: QWidget) -> None:
        """Show *intro* (a dialog's lines of help, two at most) in the strip the bar floats over.

        A message covers the intro while it shows; when none does, the strip is not left empty
        (an empty band above a dialog's fields looked broken), and what the intro says may
        change without moving anything below it.
        """
        layout = self.place.layout() or QVBoxLayout(self.place)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro, 0, Qt.AlignmentFlag.AlignTop)
        self.place.setFixedHeight(max(self._reserved_height(), intro.minimumHeight(),
                                        intro.minimumSizeHint().height()))

    @property
    def text(self) -> str:
        return self._label.text()

    def follow(self) -> None:
        """Lie over the reserved strip; taller only if the message needs it."""
        place = self.place
        if self.parentWidget() is not place.parentWidget():
            shown = self.isVisible()
            self.setParent(place.parentWidget())
            self.setVisible(shown)
        width = place.width()
        height = place.height()
        if self.layout().hasHeightForWidth():
            height = max(height, self.layout().totalHeightForWidth(width))
        self.setGeometry(QRect(place.x(), place.y(), width, height))
        self.raise_()

    def _show(self, text: str, kind: str, timeout: int, undo: Callable[[], None] | None,
              cause: object = None) -> None:
        self._cause = cause
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self._label.setText(text)
        self._undo_action = undo
        self._undo.setVisible(undo is not None)
        self.show()
        self.follow()
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def show_info(self, text: str) -> None:
        self._show(text, "info", INFO_MS, None)

    def show_error(self, text: str, cause: object = None) -> None:
        """An error stays until closed or replaced; one with a *cause* (a field's refused
        value) also goes when that cause is taken back (the value is put right)."""
        self._show(text, "error", 0, None, cause)

    def take_back(self, *causes: object) -> None:
        """The error shown is no longer true if it was about one of *causes*: it goes (a red
        "the end date is before the start" stayed after the date was put right)."""
        if self._cause is not None and self._cause in causes and not self.isHidden():
            self.hide()

    def show_undo(self, text: str, undo: Callable[[], None]) -> None:
        self._show(text, "info", UNDO_MS, undo)

    def _do_undo(self) -> None:
        action, self._undo_action = self._undo_action, None
        self.hide()
        if action is not None:
            action()


class _Follower(QObject):
    """Keeps the bar over its strip as the strip moves, grows or changes parent."""

    def __init__(self, bar: MessageBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _FOLLOW:
            self._bar.follow()
        return False
