"""The one way a table of records is edited (goals, roles, budget lines, activities, candidates …).

What a person sees, and what this module guarantees for every table that uses it:

- A row is a record with an id, never a row number: the services return rows sorted (activities by
  start date, empty dates first; candidates by their weighted score), so the position of a record
  changes as it is edited. A cell's editor remembers the record it was opened on and saves to that
  record only; the table re-sorts after every change and the current cell, the selection and an
  open editor move with their record.
- "Add …" creates the record, finds it by its id wherever the sort puts it, selects it and opens
  its first editable cell, so what is typed next goes into the new row.
- The fields beside a table (``details_binder``) show the record the table has selected and save
  to the record they were loaded with, even when the save happens after the selection moved.
- What is typed into a cell is saved while its editor stays open, by the rule of the fields
  (``autosave.save_cell_as_typed``): a kill or a power cut loses no more of a new row than of a
  field.
- A value the rules refuse keeps its editor open with the message, so nothing typed is lost; a
  deletion can be undone from the message bar, with everything the deletion took along.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.dates import field_date
from kemitraan_desktop.domain.errors import NotStoredError, UserError
from kemitraan_desktop.domain.fields import DATE_RANGES
from kemitraan_desktop.domain.money import format_rupiah, rupiah_to_sen
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.crud import Entities

from .autosave import NOT_STORED, FieldBinder, save_cell_as_typed
from .date_field import DateField
from .message_bar import MessageBar
from .proposals import mark_proposed
from .shortcuts import widget_key

Index = QModelIndex | QPersistentModelIndex
RECORD_ID = "recordId"  # the property of a cell editor that names the record it edits
COLUMN = "recordColumn"  # … and the column
REFUSED = "refused"  # set on an editor whose value the rules refused: it stays open
TYPED = "typed"  # set on an editor once what is typed in it is saved: it shows the typing


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # already translated
    kind: str = "text"  # text | money | date | int | decimal | choice | check | computed
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for "choice"
    width: int = 0
    stretch: bool = False
    compute: Callable[[Any], str] | None = None  # for "computed" columns
    editable: bool = True
    # How the value is shown when not being edited (a NIK masked); the editor gets it whole.
    mask: Callable[[str], str] | None = None
    # An "int" column with bounds is edited with a spin box (a score from 1 to 5).
    bounds: tuple[int, int] | None = None
    # A cell editor of its own, given the parent and the row's record (a "who" picker): it
    # has the text(), setText() of a line edit.
    editor: Callable[[QWidget, Any], QWidget] | None = None

    @property
    def edited(self) -> bool:
        """Typed into in place (a tick box is clicked, a computed value is never edited)."""
        return self.editable and self.kind not in ("computed", "check")


def display(column: Column, value: Any, record: Any) -> str:
    if column.kind == "computed" and column.compute:
        return column.compute(record)
    if value is None:
        return ""
    if column.kind == "money":
        return format_rupiah(value)
    if column.kind == "date":
        return field_date(value)
    if column.kind == "choice":
        return dict(column.choices).get(value, str(value))
    if column.kind == "decimal":
        text = format(value, "f")
        return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")
    if column.kind == "check":
        return ""
    if column.mask is not None:
        return column.mask(str(value))
    return str(value)


def first_line(text: str, limit: int = 90) -> str:
    """The first line of *text* that says something, cut to *limit* characters."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def row_name(columns: Sequence[Column], record: Any) -> str:
    """What a person calls the row: its first written text ("" when it has none)."""
    for column in columns:
        if column.kind == "text" and column.compute is None:
            text = first_line(str(getattr(record, column.field, "") or ""), 60)
            if text:
                return text
    return ""


def commit_open_editor(view: QAbstractItemView) -> bool:
    """Save a cell still being typed in (before the rows change, the page is left or the window
    closes). False when its value was refused (the editor then stays open, with the message)."""
    if view.state() != QAbstractItemView.State.EditingState:
        return True
    delegate = view.itemDelegate()
    saved = True
    for editor in view.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not editor.isHidden():
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            saved = saved and not editor.property(REFUSED)
    return saved


class RecordTableModel(QAbstractTableModel):
    """The records of one list, in the order the services give them, each known by its id."""

    failed = Signal(str)
    saved = Signal(object)  # the record as stored after a change

    def __init__(self, entities: Entities, columns: list[Column], parent_id: int | None,
                 filters: dict[str, Any] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entities = entities
        self.columns = columns
        self.parent_id = parent_id
        self.filters = filters or {}
        self.records: list[Any] = []
        self.not_stored = False  # the last save was refused by a full disk, not by the rules
        self.reload()

    # -- what the rows are -------------------------------------------------------------------
    def fetch(self) -> list[Any]:
        """The records in the services' order (a subclass may rank them its own way)."""
        if self.parent_id is None:
            return []
        return self._entities.list(self.parent_id, **self.filters)

    def value(self, record: Any, column: Column) -> Any:
        """The stored value of *column* in *record* (a subclass may keep it elsewhere)."""
        return getattr(record, column.field, None)

    def reload(self) -> None:
        """Fetch the records again. When only their order or values changed, rows move like a
        sort does: the current cell, the selection and an open editor stay on their record."""
        records = self.fetch()
        old = [record.id for record in self.records]
        new = [record.id for record in records]
        if sorted(old) != sorted(new) or len(set(new)) != len(new):
            self.beginResetModel()
            self.records = records
            self.endResetModel()
            return
        if old != new:
            self.layoutAboutToBeChanged.emit()
            rows = {record_id: row for row, record_id in enumerate(new)}
            before = self.persistentIndexList()
            after = [self.index(rows[old[index.row()]], index.column()) for index in before]
            self.records = records
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        else:
            self.records = records
        if records:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(records) - 1, self.columnCount() - 1))

    def row_of(self, record_id: int | None) -> int:
        return next((row for row, record in enumerate(self.records) if record.id == record_id),
                    -1)

    def record_at(self, row: int) -> Any | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    # -- changing ----------------------------------------------------------------------------
    def save(self, record_id: int, values: dict[str, Any], quiet: bool = False) -> Any | None:
        """Save *values* to the record *record_id*, then sort again. ``None`` if refused (the
        message went out through ``failed``; when *quiet*, only a disk that took nothing is
        said: a value half typed is judged when the typing pauses)."""
        try:
            stored = self._entities.update(record_id, **values)
        except UserError as error:
            self.not_stored = isinstance(error, NotStoredError)
            if not quiet or self.not_stored:
                self.failed.emit(error.message)
            return None
        self.not_stored = False
        self.reload()
        self.saved.emit(stored)
        return stored

    def set_value(self, record_id: int, column_number: int, value: Any,
                  quiet: bool = False) -> bool:
        """A value typed into a cell of the record *record_id*: saved unless it is unchanged.
        False when the rules refused it (*quiet*: see :meth:`save`)."""
        record = self.records[self.row_of(record_id)] if self.row_of(record_id) >= 0 else None
        if record is None:
            if not quiet:
                self.failed.emit(_("This row no longer exists; the value was not saved."))
            return False
        column = self.columns[column_number]
        if value == self.value(record, column):
            return True
        return self.save(record_id, {column.field: value}, quiet) is not None

    # -- Qt ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section].header
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if not column.editable or column.kind == "computed":
            return base
        if column.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column, self.value(record, column), record)
        if role == Qt.ItemDataRole.EditRole:
            return self.value(record, column) if column.kind != "computed" else None
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            return Qt.CheckState.Checked if self.value(record, column) else \
                Qt.CheckState.Unchecked
        numeric = column.kind in ("money", "int", "decimal") or (
            column.kind == "computed" and column.field.endswith("_sen"))
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return False
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_value(self.records[index.row()].id, index.column(), value)


class RecordDelegate(QStyledItemDelegate):
    """Editors by column kind: a calendar for dates, rupiah for money, a list for choices.

    The editor remembers the record it was opened on and saves to it alone. Enter, Tab or
    leaving the cell first check the value: one the rules refuse keeps the editor open with
    the message, so the typing can be corrected instead of being thrown away.
    """

    def __init__(self, columns: list[Column], failed: Callable[[str], None],
                 parent: QWidget | None = None,
                 corrected: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._columns = columns
        self._failed = failed
        self.corrected = corrected  # told when a refused value has been put right

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        column = self._columns[index.column()]
        model = index.model()
        record = model.record_at(index.row())  # type: ignore[union-attr]
        record_id = record.id if record is not None else None
        editor = column.editor(parent, record) if column.editor is not None \
            else self.make_editor(column, parent)
        if isinstance(editor, DateField):
            # An end date's calendar opens on the start date of the same row.
            first = next((a for a, b in DATE_RANGES if b == column.field), None)
            if first is not None:
                editor.set_related(lambda: getattr(
                    model.record_at(model.row_of(record_id)), first, None))  # type: ignore
        editor.setProperty(RECORD_ID, record_id)
        editor.setProperty(COLUMN, index.column())
        if isinstance(model, RecordTableModel):
            column_number = index.column()
            save_cell_as_typed(editor, lambda quiet: self._save_typing(
                editor, model, column_number, quiet))
        return editor

    def _save_typing(self, editor: QWidget, model: RecordTableModel, column_number: int,
                     quiet: bool) -> bool:
        """What is typed so far, saved while the editor stays open."""
        # The save re-reads the rows; a one-cell table then refills the editor from the stored
        # value, which is stripped: a space just typed would go and the next word stick on.
        editor.setProperty(TYPED, True)
        return self.save(editor, model, column_number, quiet)

    def updateEditorGeometry(self, editor: QWidget, option: Any,  # noqa: N802
                             index: Index) -> None:
        super().updateEditorGeometry(editor, option, index)
        cell = option.rect
        if isinstance(editor, DateField) and cell.width() < editor.minimumWidth():
            # A narrow date column: the editor is wider than its cell (Qt widens it to its
            # minimum from the cell's left), so it grows leftwards where it would leave the
            # table and hide its calendar button.
            room = editor.parentWidget().width() if editor.parentWidget() else 0
            width = editor.minimumWidth()
            left = min(cell.x(), max(room - width, 0)) if room else cell.x()
            editor.setGeometry(left, cell.y(), width, cell.height())

    @staticmethod
    def make_editor(column: Column, parent: QWidget) -> QWidget:
        if column.kind == "date":
            editor = DateField(parent, field=column.field)
            editor.setFrame(False)
            return editor
        if column.kind == "choice":
            combo = QComboBox(parent)
            for value, label in column.choices:
                combo.addItem(label, value)
            return combo
        if column.kind == "int" and column.bounds is not None:
            spin = QSpinBox(parent)
            spin.setRange(*column.bounds)
            spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin.setFrame(False)
            return spin
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if editor.property(TYPED):
            return  # what the editor holds is the person's typing, already saved
        column = self._columns[index.column()]
        value = index.data(Qt.ItemDataRole.EditRole)
        if column.kind == "date":
            editor.set_value(value)  # type: ignore[attr-defined]
            if value is None and column.field == "end_date":
                self._propose_the_start_day(editor, index)
        elif column.kind == "choice":
            editor.setCurrentIndex(max(editor.findData(value), 0))  # type: ignore[attr-defined]
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value if value is not None else editor.minimum()))
        elif column.kind == "money":
            editor.setText(format_rupiah(value or 0).removeprefix("Rp"))  # type: ignore[attr-defined]
        elif column.kind == "decimal":
            editor.setText(index.data(Qt.ItemDataRole.DisplayRole))  # type: ignore[attr-defined]
        else:
            editor.setText("" if value is None else str(value))  # type: ignore[attr-defined]

    @staticmethod
    def _propose_the_start_day(editor: QWidget, index: Index) -> None:
        """An empty end date opens on the row's start day: most activities (a penyuluhan, a
        meeting) last a day, and the start was typed a moment before. Enter keeps it; the
        first key typed replaces it."""
        model = index.model()
        record = model.record_at(index.row()) if isinstance(model, RecordTableModel) else None
        start = getattr(record, "start_date", None)
        if start is not None:
            editor.set_value(start)  # type: ignore[attr-defined]
            mark_proposed(editor, _("Proposed: the same day as the start. Type the last day "
                                    "if it runs longer."))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        self.save(editor, model, index.column())

    def save(self, editor: QWidget, model: Any, column_number: int, quiet: bool = False) -> bool:
        """Save the editor's value to the record it was opened on; False if refused. *quiet*
        (while typing): a refusal is neither said nor marked yet, the pause after does that."""
        record_id = editor.property(RECORD_ID)
        try:
            value = self.value(self._columns[column_number], editor)
        except UserError as error:
            if quiet:
                return False
            self._failed(error.message)
            saved = no_room = False
        else:
            saved = record_id is not None and model.set_value(record_id, column_number, value,
                                                              quiet=quiet)
            no_room = not saved and getattr(model, "not_stored", False)
        if quiet and not saved:
            return False
        if saved and editor.property(REFUSED) and self.corrected is not None:
            self.corrected()
        editor.setProperty(NOT_STORED, no_room)
        # A refused value keeps its editor open, marked, until it is corrected or Esc is hit.
        editor.setProperty(REFUSED, not saved)
        editor.setProperty("invalid", not saved)
        editor.style().unpolish(editor)
        editor.style().polish(editor)
        return saved

    @staticmethod
    def value(column: Column, editor: QWidget) -> Any:
        if column.kind == "date":
            return editor.value()  # type: ignore[attr-defined]
        if column.kind == "choice":
            return editor.currentData()  # type: ignore[attr-defined]
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            return editor.value()
        text = editor.text().strip()  # type: ignore[attr-defined]
        if column.kind == "money":
            return rupiah_to_sen(text or "0", column.field)
        if column.kind == "int":
            if not text.lstrip("-").isdigit():
                raise UserError(_("Type a whole number."), column.field)
            return int(text)
        if column.kind == "decimal":
            try:
                return Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
            except ArithmeticError:
                raise UserError(_("Type a number."), column.field) from None
        return text

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter, Tab and leaving the cell save first; a refused value keeps the editor."""
        if event.type() == QEvent.Type.FocusOut \
                and event.reason() == Qt.FocusReason.PopupFocusReason:  # type: ignore[attr-defined]
            return False  # the editor's own list (names to pick) opened: the cell stays open
        if isinstance(editor, QWidget) and editor.property(COLUMN) is not None \
                and self._leaves(editor, event):
            view = self.parent()
            model = view.model() if isinstance(view, QAbstractItemView) else None
            if model is not None and not self.save(editor, model, editor.property(COLUMN)):
                return True  # the editor stays open with what was typed, to be corrected
        return super().eventFilter(editor, event)

    @staticmethod
    def _leaves(editor: QWidget, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,  # type: ignore[attr-defined]
                                   Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if event.type() == QEvent.Type.FocusOut:
            # A calendar or a list popping up from the editor is not leaving it.
            focus = QApplication.focusWidget()
            return focus is not None and focus is not editor and not editor.isAncestorOf(focus) \
                and QApplication.activePopupWidget() is None
        return False


class RecordView(QTableView):
    """The table view: an editor whose value was refused is not closed by a click elsewhere
    (the cursor comes back to it); Esc still gives up the typing and keeps the stored value.

    Tab goes from cell to cell while one is being typed in, and out of the table after the last
    cell (Shift+Tab: before the first); with no cell open, Tab leaves the table at once. Before,
    Tab only went round the cells of the table for ever: the buttons under it could not be
    reached without the mouse (walker4)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)

    def closeEditor(self, editor: QWidget,  # noqa: N802
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        if editor.property(REFUSED) and \
                hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
            QTimer.singleShot(0, editor, lambda: self._back_to(editor))
            return
        leaving = None
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem and self._at_end(last=True):
            leaving = True
        elif hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem \
                and self._at_end(last=False):
            leaving = False
        if leaving is None:
            super().closeEditor(editor, hint)
            return
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.focusNextPrevChild(leaving)  # out of the table, as Tab leaves any field

    def _at_end(self, last: bool) -> bool:
        """The cell being left is the table's last typed-in cell (*last*) or its first."""
        model = self.model()
        index = self.currentIndex()
        if not isinstance(model, RecordTableModel) or not index.isValid():
            return False
        edited = [n for n, column in enumerate(model.columns) if column.edited]
        if not edited:
            return False
        if last:
            return index.row() == model.rowCount() - 1 and index.column() >= edited[-1]
        return index.row() == 0 and index.column() <= edited[0]

    def _back_to(self, editor: QWidget) -> None:
        model = self.model()
        row = model.row_of(editor.property(RECORD_ID)) if isinstance(
            model, RecordTableModel) else -1
        if row >= 0:
            selection = self.selectionModel()
            selection.setCurrentIndex(model.index(row, editor.property(COLUMN)),
                                      selection.SelectionFlag.ClearAndSelect
                                      | selection.SelectionFlag.Rows)
        editor.setFocus()


class RecordTable(QWidget):
    """The table with its Add and Delete buttons, the fields beside it, and Undo."""

    changed = Signal()
    current_changed = Signal(object)  # the selected record, or None
    added = Signal(object)  # a record the Add button created (already selected)

    def __init__(self, entities: Entities, columns: list[Column], *, add_label: str,
                 defaults: Callable[[], dict[str, Any]], message_bar: MessageBar,
                 filters: dict[str, Any] | None = None, parent: QWidget | None = None,
                 model: RecordTableModel | None = None,
                 deleted_text: Callable[[Any], str] | None = None) -> None:
        super().__init__(parent)
        self._entities = entities
        self._defaults = defaults
        self._bar = message_bar
        self._deleted_text = deleted_text
        self._binders: list[tuple[FieldBinder, Callable[[Any], Any] | None]] = []
        self._shown: int | None = None  # the id the fields beside the table show
        self.model = model if model is not None else RecordTableModel(
            entities, columns, None, filters, self)
        self.model.setParent(self)
        self._refusal = ""  # the last message a refused value got
        self.model.failed.connect(self.refused)
        self.model.saved.connect(self._saved)
        self.view = RecordView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(RecordDelegate(self.model.columns, self.refused,
                                                 self.view, corrected=self.corrected))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(self._edit_triggers(False))
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        for number, column in enumerate(self.model.columns):
            if column.stretch:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            elif column.width:
                self.view.setColumnWidth(number, column.width)
        self.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._current_moved())
        self.model.layoutChanged.connect(self._follow_current)
        self.add_button = QPushButton(add_label, self)
        self.add_button.clicked.connect(self.add_row)
        self.delete_button = QPushButton(_("Delete row"), self)
        self.delete_button.clicked.connect(self.delete_row)
        widget_key(self.view, QKeySequence.StandardKey.Delete, self.delete_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    @staticmethod
    def _edit_triggers(read_only: bool) -> QAbstractItemView.EditTrigger:
        if read_only:
            return QAbstractItemView.EditTrigger.NoEditTriggers
        return (QAbstractItemView.EditTrigger.AllEditTriggers
                & ~QAbstractItemView.EditTrigger.CurrentChanged)

    # -- which record --------------------------------------------------------------------------
    def current_record(self) -> Any | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def current_id(self) -> int | None:
        record = self.current_record()
        return record.id if record is not None else None

    def select_id(self, record_id: int | None, column: int = 0, refresh: bool = True) -> bool:
        """Make the record *record_id* the selected row (wherever the sort put it); *refresh*
        shows its stored values beside the table even when it was selected already."""
        row = self.model.row_of(record_id)
        if row < 0:
            self.view.selectionModel().clearCurrentIndex()
            self.view.clearSelection()
            self._current_moved(force=refresh)
            return False
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._current_moved(force=refresh)
        return True

    def select_row(self, row: int) -> None:
        record = self.model.record_at(row)
        self.select_id(record.id if record is not None else None)

    def first_edited_column(self) -> int | None:
        return next((n for n, c in enumerate(self.model.columns) if c.edited), None)

    # -- the fields beside the table ---------------------------------------------------------
    def details_binder(self, save: Callable[[int, dict[str, Any]], Any] | None = None,
                       parent: QObject | None = None,
                       present: Callable[[Any], Any] | None = None) -> FieldBinder:
        """A FieldBinder for fields beside the table. It shows the selected record and saves
        to the record it was loaded with. *save* ``(record_id, values)`` when the values need
        converting first (it returns the stored record); *present* turns a record into what
        the fields show (an amount as the text typed)."""
        binder: FieldBinder

        def save_loaded(values: dict[str, Any]) -> Any:
            record = binder.record
            if record is None:
                return None
            if save is not None:
                stored = save(record.id, values)
            else:
                stored = self._entities.update(record.id, **values)
            self.model.reload()
            self._saved(stored)
            return stored

        binder = FieldBinder(save_loaded, parent if parent is not None else self)
        self._binders.append((binder, present))
        record = self.current_record()
        binder.load(present(record) if present and record is not None else record)
        return binder

    def _current_moved(self, force: bool = False) -> None:
        record = self.current_record()
        record_id = record.id if record is not None else None
        if record_id == self._shown and not force:
            return
        # Edits still pending belong to the record shown until now: they are saved there.
        saved = all([binder.flush() for binder, _present in self._binders])
        if not saved and self.model.row_of(self._shown) >= 0:
            # A refused value stays on screen, at its field, with its own row selected.
            if record_id != self._shown:
                shown = self._shown
                QTimer.singleShot(0, self, lambda: self.select_id(shown, refresh=False))
            return
        self._shown = record_id
        for binder, present in self._binders:
            binder.load(present(record) if present and record is not None else record)
        self.current_changed.emit(record)

    def _follow_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.scrollTo(index)

    def _saved(self, _record: Any) -> None:
        self.changed.emit()

    def refused(self, message: str) -> None:
        self._refusal = message
        self._bar.show_error(message)

    def corrected(self) -> None:
        """A refused value was put right: its message goes (not another one shown since)."""
        if self._refusal and self._bar.isVisible() and self._bar.text == self._refusal:
            self._bar.hide()
        self._refusal = ""

    # -- keeping what is typed ---------------------------------------------------------------
    def commit_editor(self) -> bool:
        return commit_open_editor(self.view)

    def _refused_editors(self) -> list[QWidget]:
        return [editor for editor in self.view.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not editor.isHidden() and editor.property(REFUSED)]

    def flush(self) -> bool:
        """Save a cell still being typed in and the fields beside the table; False when a
        value was refused (it stays on screen with its message)."""
        cell = self.commit_editor()
        return all([binder.flush() for binder, _present in self._binders]) and cell

    # -- showing -------------------------------------------------------------------------------
    def show_for(self, parent_id: int | None) -> None:
        """Show the records of *parent_id*; a record still in the list stays selected."""
        self.flush()
        self.model.parent_id = parent_id
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Fetch the rows again, keeping the selected record (or selecting *select*)."""
        self.flush()
        keep = select if select is not None else self.current_id()
        index = self.view.currentIndex()
        column = index.column() if index.isValid() else 0
        self.model.reload()
        if self.current_id() != keep or select is not None:
            self.select_id(keep, column)
        else:
            self._current_moved(force=True)  # the same record, read again

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)
        self.view.setEditTriggers(self._edit_triggers(read_only))
        for binder, _present in self._binders:
            binder.set_read_only(read_only)

    # -- adding and deleting -------------------------------------------------------------------
    def add_row(self) -> None:
        if self.model.parent_id is None:
            return
        if not self.flush():
            return
        parent = self._entities.spec.parent
        values = {parent: self.model.parent_id, **self._defaults()} if parent \
            else self._defaults()
        try:
            record = self._entities.create(**values)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.model.reload()
        column = self.first_edited_column()
        self.select_id(record.id, column or 0)
        if column is not None:
            index = self.model.index(self.model.row_of(record.id), column)
            self.view.setFocus()
            self.view.edit(index)
            self._into_view(index)
            # Again once the page has laid the longer table out.
            QTimer.singleShot(0, self, lambda: self._into_view(index))
        self.changed.emit()
        self.added.emit(record)

    def _into_view(self, index: QModelIndex) -> None:
        """Scroll the page holding the table so the cell being typed in is on screen: a new row
        sorted to the top of a table whose top was above the visible part of the page was
        edited out of sight."""
        if not index.isValid():
            return
        area = self.view.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is None or area.widget() is None:
            return
        rect = self.view.visualRect(index)
        centre = self.view.viewport().mapTo(area.widget(), rect.center())
        area.ensureVisible(centre.x(), centre.y(), 50, rect.height())

    def delete_row(self) -> None:
        record = self.current_record()
        if record is None:
            self._bar.show_info(_("Select the row to delete first."))
            return
        if not self.flush():
            # A value refused in the row being deleted goes with the row; one elsewhere stays.
            delegate = self.view.itemDelegate()
            for editor in self._refused_editors():
                if editor.property(RECORD_ID) == record.id:
                    delegate.closeEditor.emit(editor,
                                              QAbstractItemDelegate.EndEditHint.RevertModelCache)
            if self._refused_editors():
                return
        try:
            removed = self._entities.delete(record.id)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.model.reload()
        self.select_id(None)
        self.changed.emit()
        self._bar.show_undo(self._deleted_message(record),
                            lambda: self._undo_delete(removed))

    def _deleted_message(self, record: Any) -> str:
        """Which row went, so a Delete on the wrong row is seen before Undo is gone."""
        if self._deleted_text is not None:
            return self._deleted_text(record)
        name = row_name(self.model.columns, record)
        return _("“{row}” deleted.").format(row=name) if name else _("Row deleted.")

    def _undo_delete(self, removed: Any) -> None:
        try:
            restored = self._entities.restore(removed)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.reload(select=restored.id)
        self.changed.emit()
        name = row_name(self.model.columns, restored)
        self._bar.show_info(_("“{row}” restored.").format(row=name) if name
                            else _("Row restored."))


def columns_by_field(columns: Sequence[Column]) -> dict[str, int]:
    return {column.field: number for number, column in enumerate(columns)}
