"""Saving as the doctor types: each edit is saved shortly after typing stops and on leaving a field.

A ``FieldBinder`` ties editors to the fields of one record. It knows nothing of the database: it
calls the ``save`` function it was given (a service) with ``{field: value}`` and shows the
validation message beside the field when the service refuses the value.

``TypingTimer`` is the one rule of *when* (``SAVE_DELAY_MS`` after the last key, at the latest
``MAX_UNSAVED_MS`` after the first key not yet saved): the fields of a ``FieldBinder`` and the
open editor of every table cell (``save_cell_as_typed``) follow it, so a word typed into a new
table row survives a kill as one typed into a field does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kemitraan_desktop.domain.errors import NotStoredError, UserError
from kemitraan_desktop.domain.fields import edited_text

from .date_field import DateField

# What is typed is saved this long after the last key, and while typing goes on without a pause,
# at the latest this long after the first key not yet saved: a power cut or a kill loses at most
# the keys of the last 250 ms (issue 16.8), however fast and long one types. A save is one short
# transaction (and a line of the audit log).
SAVE_DELAY_MS = 200
MAX_UNSAVED_MS = 200
# Set on a table cell's open editor whose value the disk refused (full): it is kept to save again.
NOT_STORED = "notStored"


class TypingTimer(QObject):
    """When what is typed is saved: *pause* runs SAVE_DELAY_MS after the last key; while the
    typing goes on without a pause, *while_typing* runs MAX_UNSAVED_MS after the first key not
    yet saved (the pause timer, restarted by each key, would never run out)."""

    def __init__(self, pause: Callable[[], object], while_typing: Callable[[], object],
                 parent: QObject) -> None:
        super().__init__(parent)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SAVE_DELAY_MS)
        self._pause.timeout.connect(self._paused)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(MAX_UNSAVED_MS)
        self._deadline.timeout.connect(while_typing)
        self._on_pause = pause

    def typed(self) -> None:
        self._pause.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def stop(self) -> None:
        self._pause.stop()
        self._deadline.stop()

    def _paused(self) -> None:
        self._deadline.stop()
        self._on_pause()


def save_cell_as_typed(editor: QWidget, save: Callable[[bool], object]) -> TypingTimer:
    """A table cell's open *editor* saves what is typed into it by the rule of the fields,
    without closing: ``save(quiet)`` stores the editor's value to its record; *quiet* while the
    typing goes on (a value refused half typed is not said yet), not quiet after the pause."""
    timer = TypingTimer(lambda: save(False), lambda: save(True), editor)
    if isinstance(editor, DateField):  # a whole date typed or picked, or the field emptied
        editor.edited.connect(timer.typed)
    elif isinstance(editor, QLineEdit):
        editor.textEdited.connect(lambda _text: timer.typed())
    elif isinstance(editor, QSpinBox):
        editor.lineEdit().textEdited.connect(lambda _text: timer.typed())
    elif isinstance(editor, QComboBox):
        editor.activated.connect(lambda _index: save(False))
    return timer


class FieldBinder(QObject):
    """Binds editors to fields of one record and saves what changes."""

    saved = Signal(str)  # field
    failed = Signal(str, str)  # field, message

    def __init__(self, save: Callable[[dict[str, Any]], object], parent: QObject | None = None):
        super().__init__(parent)
        self._save = save
        self._readers: dict[str, Callable[[], Any]] = {}
        self._writers: dict[str, Callable[[Any], None]] = {}
        self._errors: dict[str, QLabel] = {}
        self._editors: dict[str, QWidget] = {}
        self._pending: set[str] = set()
        self._bars: list[Any] = []  # message bars that say this binder's refusals
        self._not_stored: set[str] = set()  # pending because the disk refused them
        self._loading = False
        self.record: Any = None  # the record last loaded: what is typed belongs to it
        self._typing = TypingTimer(self.flush, self._save_while_typing, self)

    # -- binding -----------------------------------------------------------------------------
    def _bind(self, field: str, editor: QWidget, read: Callable[[], Any],
              write: Callable[[Any], None], error: QLabel | None) -> None:
        self._readers[field] = read
        self._writers[field] = write
        self._editors[field] = editor
        if error is not None:
            self._errors[field] = error
            error.setVisible(False)

    def bind_line(self, field: str, editor: QLineEdit, error: QLabel | None = None,
                  shown: Callable[[str], str] | None = None,
                  stored: Callable[[str], str] | None = None) -> None:
        """*shown* turns the stored value into what the field shows, *stored* back (a clause's
        placeholders shown as the names of their facts)."""
        self._bind(field, editor, lambda: stored(editor.text()) if stored else editor.text(),
                   lambda v: _show_line(editor, shown(v or "") if shown
                                        else edited_text(field, v)), error)
        editor.textEdited.connect(lambda _text: self._changed(field))
        editor.editingFinished.connect(lambda: self._leave(field))

    def bind_text(self, field: str, editor: QPlainTextEdit, error: QLabel | None = None,
                  shown: Callable[[str], str] | None = None,
                  stored: Callable[[str], str] | None = None) -> None:
        self._bind(field, editor,
                   lambda: stored(editor.toPlainText()) if stored else editor.toPlainText(),
                   lambda v: editor.setPlainText(shown(v or "") if shown else v or ""), error)
        editor.textChanged.connect(lambda: self._changed(field))
        _on_focus_out(editor, lambda: self._leave(field))

    def bind_check(self, field: str, editor: QCheckBox) -> None:
        self._bind(field, editor, editor.isChecked, lambda v: editor.setChecked(bool(v)), None)
        editor.toggled.connect(lambda _on: self._changed(field, at_once=True))

    def bind_spin(self, field: str, editor: QSpinBox, error: QLabel | None = None) -> None:
        self._bind(field, editor, editor.value, lambda v: editor.setValue(int(v or 0)), error)
        editor.valueChanged.connect(lambda _v: self._changed(field))
        editor.editingFinished.connect(lambda: self._leave(field))

    def bind_date(self, field: str, editor: DateField, error: QLabel | None = None) -> None:
        # What is typed is read when it is a whole date; the field says itself what is wrong.
        self._bind(field, editor, editor.value, editor.set_value, error)
        editor.set_error_label(error)
        editor.edited.connect(lambda: self._changed(field))
        editor.editingFinished.connect(lambda: self._leave(field))

    def bind_combo(self, field: str, editor: QComboBox) -> None:
        def write(value: Any) -> None:
            index = editor.findData(value)
            editor.setCurrentIndex(max(index, 0))

        self._bind(field, editor, editor.currentData, write, None)
        editor.currentIndexChanged.connect(lambda _i: self._changed(field, at_once=True))

    def mark_changed(self, field: str, at_once: bool = False) -> None:
        """*field*'s editor was filled by the program for the person (a name taken from a list,
        a proposal following what they typed): saved as if it had been typed."""
        self._changed(field, at_once)

    # -- loading and saving ------------------------------------------------------------------
    def report_to(self, bar: Any) -> None:
        """Say a refused value in *bar* (a page's message bar) too, and take the message back
        there when the value is saved or another record is loaded: it was about this one."""
        self._bars.append(bar)
        self.failed.connect(lambda field, message: bar.show_error(message, (self, field)))
        self.saved.connect(lambda field: bar.take_back((self, field)))

    def load(self, record: Any) -> None:
        """Show *record*'s values without saving them back (``None``: empty fields)."""
        for bar in self._bars:
            bar.take_back(*((self, field) for field in self._readers))
        self._typing.stop()
        self._pending.clear()
        self._not_stored.clear()
        self.record = record
        self._loading = True
        try:
            for field, write in self._writers.items():
                write(None if record is None else getattr(record, field))
                self._show_error(field, "")
        finally:
            self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        for editor in self._editors.values():
            if isinstance(editor, QLineEdit | QPlainTextEdit):
                editor.setReadOnly(read_only)
            else:
                editor.setEnabled(not read_only)

    def _changed(self, field: str, at_once: bool = False) -> None:
        if self._loading:
            return
        self._pending.add(field)
        if at_once:
            self.flush()
        else:
            self._typing.typed()

    def _leave(self, field: str) -> None:
        if field in self._pending:
            self.flush()

    def flush(self) -> bool:
        """Save every pending edit now. Returns False if a value was refused."""
        self._typing.stop()
        return self._save_pending(quiet=False)

    def _save_while_typing(self) -> None:
        """Save what is typed so far while the typing goes on. A value refused half typed (eight
        digits of a NIK) is not said yet: it stays pending, and the pause after the last key
        saves it again and says what is wrong, as before."""
        self._save_pending(quiet=True)

    def _save_pending(self, quiet: bool) -> bool:
        if not self._pending:
            return True
        ok = True
        refused: set[str] = set()
        for field in sorted(self._pending):
            try:
                self._save({field: self._readers[field]()})
            except NotStoredError as error:
                # The value is fine but the disk took nothing: it stays to be saved again (the
                # next key, leaving the field, closing the window) and the field says so now,
                # while typing too: "saved automatically" is not true until then.
                ok = False
                refused.add(field)
                self._not_stored.add(field)
                self._show_error(field, error.message)
                self.failed.emit(field, error.message)
                continue
            except UserError as error:
                ok = False
                if quiet:
                    refused.add(field)
                    continue
                self._show_error(field, error.message)
                self.failed.emit(field, error.message)
                continue
            self._not_stored.discard(field)
            self._show_error(field, "")
            self.saved.emit(field)
        self._pending = refused
        return ok

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    @property
    def not_stored(self) -> bool:
        """Something typed here is still unsaved because the disk refused it."""
        return bool(self._not_stored & self._pending)

    def _show_error(self, field: str, message: str) -> None:
        label = self._errors.get(field)
        editor = self._editors.get(field)
        if label is not None:
            label.setText(message)
            label.setVisible(bool(message))
        if editor is not None:
            editor.setProperty("invalid", bool(message))
            editor.style().unpolish(editor)
            editor.style().polish(editor)


def waiting_for_room(root: QWidget) -> bool:
    """Something typed under *root* (a field or an open table cell) is not saved yet because
    the disk refused it: closing now would lose it."""
    return any(binder.not_stored for binder in root.findChildren(FieldBinder)) or any(
        editor.property(NOT_STORED) and editor.isVisible()
        for editor in root.findChildren(QWidget))


class _FocusOutFilter(QObject):
    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


def _on_focus_out(editor: QWidget, callback: Callable[[], None]) -> None:
    editor.installEventFilter(_FocusOutFilter(callback, editor))


def _show_line(editor: QLineEdit, value: str | None) -> None:
    """A stored value, shown from its beginning: ``setText`` leaves the cursor at the end, so a
    long subject read "…N KESEHATAN" instead of its first words."""
    editor.setText(value or "")
    editor.setCursorPosition(0)
