"""Windows that fit the screen they open on.

The laptops clinics buy mostly have 1366 × 768 screens, 1366 × 728 usable beside the Windows
taskbar; some have 1280 × 720. The main window first opens at 1280 × 800 where that fits and
maximised where it does not; a size remembered from a larger screen (another monitor, a projector)
is brought back inside the screen it opens on. Every dialog (``FitsScreen``) is no larger than the
usable part of its screen and lies inside it, so its buttons are never below the taskbar.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QWidget

FIRST_SIZE = QSize(1280, 800)
# Before a window is shown its frame is not known: what a title bar and borders usually take.
FRAME_ALLOWANCE = QMargins(8, 31, 8, 8)


def usable_area(widget: QWidget) -> QRect:
    """The part of *widget*'s screen that windows may use (without the taskbar): the screen
    under the middle of the window, which before it is shown may not be ``widget.screen()``."""
    screen = (QGuiApplication.screenAt(widget.geometry().center()) or widget.screen()
              or QGuiApplication.primaryScreen())
    return screen.availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    """The window frame around *widget*: the real one once shown, else the usual allowance."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    real = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                    frame.right() - inner.right(), frame.bottom() - inner.bottom())
    if widget.isVisible() and (real.top() or real.left()):
        return real
    return FRAME_ALLOWANCE


def fitted(inner: QRect, frame: QMargins, area: QRect) -> QRect:
    """*inner* (a window's geometry without its frame) made small enough, and moved, that the
    window with its *frame* lies inside *area*."""
    room = area.marginsRemoved(frame)
    size = inner.size().boundedTo(room.size())
    left = min(max(inner.left(), room.left()), room.right() - size.width() + 1)
    top = min(max(inner.top(), room.top()), room.bottom() - size.height() + 1)
    return QRect(left, top, size.width(), size.height())


def first_geometry(area: QRect, frame: QMargins = FRAME_ALLOWANCE) -> tuple[QRect, bool]:
    """Where the main window opens the first time, and whether maximised: 1280 × 800 in the
    middle of *area* where that fits with its frame, otherwise maximised over *area*."""
    room = area.marginsRemoved(frame)
    if FIRST_SIZE.width() <= room.width() and FIRST_SIZE.height() <= room.height():
        inner = QRect(0, 0, FIRST_SIZE.width(), FIRST_SIZE.height())
        inner.moveCenter(room.center())
        return inner, False
    return room, True


def fits(inner: QRect, frame: QMargins, area: QRect) -> bool:
    return area.contains(inner.marginsAdded(frame))


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move *window* so that it lies inside the usable part of its screen."""
    area = usable_area(window)
    frame = frame_margins(window)
    if not fits(window.geometry(), frame, area):
        window.setGeometry(fitted(window.geometry(), frame, area))


class FitsScreen:
    """Mixed into a dialog: as it shows, and once its frame is known, it is made to fit."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[misc]
        fit_to_screen(self)  # type: ignore[arg-type]
        QTimer.singleShot(0, self, lambda: fit_to_screen(self))  # type: ignore[arg-type]
