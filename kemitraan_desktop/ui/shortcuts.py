"""Keys that belong to one widget: Delete in a table deletes the selected row of THAT table.

PySide6 ignores ``context=`` when QShortcut's constructor is also given the function to call:
every table's Delete became a shortcut of the whole window, the three tables of Langkah 3 made
it ambiguous and Delete did nothing; where a page had one table, the key reached a cell instead
and opened its editor with the text wiped (walker4). The context is set here, after the
shortcut is made, in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def widget_key(widget: QWidget, key: QKeySequence | QKeySequence.StandardKey,
               action: Callable[[], object],
               context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut) -> QShortcut:
    """*key* calls *action* while *widget* has the keyboard focus (with
    ``WidgetWithChildrenShortcut``: *widget* or a widget inside it)."""
    shortcut = QShortcut(QKeySequence(key), widget)
    shortcut.setContext(context)
    shortcut.activated.connect(action)
    return shortcut
