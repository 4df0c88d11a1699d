"""Working a window as a person does: click what is visible, type into whatever has the focus.

Keys go to the widget that has the keyboard focus at the moment each key is pressed, as on a real
keyboard: the first letter typed on a table cell opens its editor, and the next letters go into
that editor. Nothing here sets a widget's value by code.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QWidget


def focused() -> QWidget:
    # An open popup (a list of names, a calendar) takes the keyboard, as it grabs it on a real
    # screen; the offscreen platform cannot grab, so the keys are sent to it here.
    popup = QApplication.activePopupWidget()
    if popup is not None:
        return popup.focusWidget() or popup
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus: the keys would be lost"
    return widget


def type_keys(qtbot, text: str) -> None:
    """Type *text* key by key into whatever has the focus (ASCII, as QTest knows it)."""
    for character in text:
        QTest.keyClick(focused(), character)
        qtbot.wait(1)


def press(qtbot, key: Qt.Key) -> None:
    QTest.keyClick(focused(), key)
    qtbot.wait(5)


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget} cannot be clicked"
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.wait(5)


def click_cell(qtbot, view: QAbstractItemView, row: int, column: int) -> None:
    """A single click on a cell, as the mouse does it (it selects the row)."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid() and view.viewport().rect().contains(rect.center()), \
        f"cell {row},{column} is not on screen"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(5)


def double_click_cell(qtbot, view: QAbstractItemView, row: int, column: int) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    centre: QPoint = view.visualRect(index).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.wait(5)


def editing(view: QAbstractItemView) -> bool:
    return view.state() == QAbstractItemView.State.EditingState


def undo_button(bar: QWidget) -> QPushButton:
    """The Undo button of a message bar, once it is shown."""
    return next(b for b in bar.findChildren(QPushButton)
                if b.isVisible() and b.text().replace("&", "") in ("Undo", "Urungkan"))


def show(qtbot, widget: QWidget, width: int = 1100, height: int = 760) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    qtbot.wait(1)
    return widget
