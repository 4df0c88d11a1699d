"""Proposed values: filled in for the doctor, marked as a proposal, and theirs once they change it.

A proposal never overwrites what the person typed: it is put only into an empty field, or into
one still holding the proposal it made before. The mark (a dashed, tinted frame and a tooltip
saying where the value comes from) goes as soon as the person edits the field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

PROPOSED = "proposed"


def _repolish(editor: QWidget) -> None:
    editor.style().unpolish(editor)
    editor.style().polish(editor)


def mark_proposed(editor: QWidget, why: str) -> None:
    """Mark *editor* as holding a proposal; *why* says where it comes from."""
    if editor.property(PROPOSED) is None and isinstance(editor, QLineEdit):
        editor.textEdited.connect(lambda _text: clear_proposed(editor))
    editor.setProperty(PROPOSED, True)
    editor.setToolTip(why)
    _repolish(editor)


def clear_proposed(editor: QWidget) -> None:
    if editor.property(PROPOSED):
        editor.setProperty(PROPOSED, False)
        editor.setToolTip("")
        _repolish(editor)


def is_proposed(editor: QWidget) -> bool:
    return bool(editor.property(PROPOSED))
