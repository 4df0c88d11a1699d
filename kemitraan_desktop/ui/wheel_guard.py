"""The mouse wheel scrolls the page; it changes a drop-down or a number only in the field that
has the keyboard focus.

Scrolling step 5 down with the wheel while the pointer passed over "Nomor identitas" turned the
branch signatory's NPP into a NIP, unseen. Qt gives a combo box or a spin box the wheel (and
the focus) whenever the pointer is over it. One event filter on the application keeps that for
the field the person is in: every other one hands the wheel to the page that scrolls beneath it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Install once on the application: :func:`guard_the_wheel`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            # The wheel no longer gives these the focus; a click and Tab still do.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(watched, GUARDED) \
                and not watched.hasFocus():
            _scroll_beneath(watched, event)  # type: ignore[arg-type]
            return True
        return False


def _scroll_beneath(field: QWidget, event: QWheelEvent) -> None:
    """Give *event* to the nearest page holding *field* that can scroll (none: dropped)."""
    area = field.parentWidget()
    while area is not None and not (isinstance(area, QAbstractScrollArea) and _scrolls(area)):
        area = area.parentWidget()
    if area is None:
        return
    viewport = area.viewport()
    where = QPointF(field.mapTo(viewport, event.position().toPoint()))
    moved = QWheelEvent(where, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                        event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                        event.source(), event.pointingDevice())
    QCoreApplication.sendEvent(viewport, moved)


def _scrolls(area: QAbstractScrollArea) -> bool:
    return any(bar.maximum() > bar.minimum()
               for bar in (area.verticalScrollBar(), area.horizontalScrollBar()))


def guard_the_wheel(app: QCoreApplication) -> WheelGuard:
    """Install the guard on *app* once (again is harmless); returns it."""
    guard = app.findChild(WheelGuard, "wheelGuard")
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName("wheelGuard")
        app.installEventFilter(guard)
    return guard
