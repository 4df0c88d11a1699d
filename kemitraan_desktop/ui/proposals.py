"""Proposed values: filled in for the doctor, marked as a proposal, and theirs once they change it.

A proposal never overwrites what the person typed: it is put only into an empty field, or into
one still holding the proposal it made before. The mark (a dashed, tinted frame and a tooltip
saying where the value comes from) goes as soon as the person edits the field.

While a field holds a proposal it is selected whole whenever it gets the focus (Tab, a click, a
shortcut) and on every click into it, so the first key typed replaces the proposal: a click that
put the cursor inside "Praktik Dokter Budi Santoso" made typing insert into the middle of it.
Dragging over part of it still selects that part, and the arrow keys still move the cursor.
The same holds in a text box of several lines (the vision proposed in step 1).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

PROPOSED = "proposed"


def _repolish(editor: QWidget) -> None:
    editor.style().unpolish(editor)
    editor.style().polish(editor)


class _SelectWhole(QObject):
    """Selects a proposed field whole on focus and on a click (a child of the editor)."""

    def __init__(self, editor: QLineEdit | QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        editor.installEventFilter(self)
        if isinstance(editor, QPlainTextEdit):  # its clicks land on the viewport
            editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonRelease) \
                and is_proposed(self._editor):
            # After the line edit has handled the event: a click first places the cursor.
            QTimer.singleShot(0, self, self._select)
        return False

    def _select(self) -> None:
        editor = self._editor
        # A part selected with the mouse (a drag, a double-click) is the person's choice.
        if isinstance(editor, QPlainTextEdit):
            selected, whole = editor.textCursor().selectedText(), editor.toPlainText()
        else:
            selected, whole = editor.selectedText(), editor.text()
        part = 0 < len(selected) < len(whole)
        if is_proposed(editor) and editor.hasFocus() and not part:
            editor.selectAll()


def mark_proposed(editor: QWidget, why: str) -> None:
    """Mark *editor* as holding a proposal; *why* says where it comes from.

    A text box is marked after the program has put the proposal in: any change to it from then
    on is the person's."""
    if editor.property(PROPOSED) is None:
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _text: clear_proposed(editor))
            _SelectWhole(editor)
        elif isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(lambda: clear_proposed(editor))
            _SelectWhole(editor)
    editor.setProperty(PROPOSED, True)
    editor.setToolTip(why)
    _repolish(editor)
    if isinstance(editor, QLineEdit | QPlainTextEdit) and editor.hasFocus():
        editor.selectAll()  # proposed while the person is in the field: the next key replaces it


def clear_proposed(editor: QWidget) -> None:
    if editor.property(PROPOSED):
        editor.setProperty(PROPOSED, False)
        editor.setToolTip("")
        _repolish(editor)


def is_proposed(editor: QWidget) -> bool:
    return bool(editor.property(PROPOSED))
