"""An editable table of one kind of record (goals, roles, budget lines, activities …).

Every cell edit is saved at once through the services; a refused value shows its message and the
cell keeps the stored value. Deleting a row can be undone from the message bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.money import format_rupiah, rupiah_to_sen
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services.crud import Entities

from .autosave import make_date_edit, read_date, write_date
from .message_bar import MessageBar

Index = QModelIndex | QPersistentModelIndex


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


def display(column: Column, record: Any) -> str:
    if column.kind == "computed" and column.compute:
        return column.compute(record)
    value = getattr(record, column.field)
    if value is None:
        return ""
    if column.kind == "money":
        return format_rupiah(value)
    if column.kind == "date":
        return value.strftime("%d/%m/%Y")
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


class RecordTableModel(QAbstractTableModel):
    failed = Signal(str)

    def __init__(self, entities: Entities, columns: list[Column], parent_id: int | None,
                 filters: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entities = entities
        self.columns = columns
        self.parent_id = parent_id
        self.filters = filters or {}
        self.records: list[Any] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.records = (self._entities.list(self.parent_id, **self.filters)
                        if self.parent_id is not None else [])
        self.endResetModel()

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
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column, record)
        if role == Qt.ItemDataRole.EditRole:
            return getattr(record, column.field) if column.kind != "computed" else None
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            return Qt.CheckState.Checked if getattr(record, column.field) else \
                Qt.CheckState.Unchecked
        numeric = column.kind in ("money", "int", "decimal") or (
            column.kind == "computed" and column.field.endswith("_sen"))
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        column = self.columns[index.column()]
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if value == getattr(record, column.field):
            return False
        try:
            self.records[index.row()] = self._entities.update(record.id, **{column.field: value})
        except UserError as error:
            self.failed.emit(error.message)
            return False
        first = self.index(index.row(), 0)
        last = self.index(index.row(), self.columnCount() - 1)
        self.dataChanged.emit(first, last)
        return True


class RecordDelegate(QStyledItemDelegate):
    """Editors by column kind: a calendar for dates, rupiah for money, a list for choices."""

    def __init__(self, columns: list[Column], failed: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = columns
        self._failed = failed

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        column = self._columns[index.column()]
        if column.kind == "date":
            return make_date_edit(parent)
        if column.kind == "choice":
            combo = QComboBox(parent)
            for value, label in column.choices:
                combo.addItem(label, value)
            return combo
        editor = QLineEdit(parent)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        column = self._columns[index.column()]
        value = index.data(Qt.ItemDataRole.EditRole)
        if column.kind == "date":
            write_date(editor, value)  # type: ignore[arg-type]
        elif column.kind == "choice":
            editor.setCurrentIndex(max(editor.findData(value), 0))  # type: ignore[attr-defined]
        elif column.kind == "money":
            editor.setText(format_rupiah(value or 0).removeprefix("Rp"))  # type: ignore[attr-defined]
        elif column.kind == "decimal":
            editor.setText(index.data(Qt.ItemDataRole.DisplayRole))  # type: ignore[attr-defined]
        else:
            editor.setText("" if value is None else str(value))  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        column = self._columns[index.column()]
        try:
            value = self._value(column, editor)
        except UserError as error:
            self._failed(error.message)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    @staticmethod
    def _value(column: Column, editor: QWidget) -> Any:
        if column.kind == "date":
            return read_date(editor)  # type: ignore[arg-type]
        if column.kind == "choice":
            return editor.currentData()  # type: ignore[attr-defined]
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


class RecordTable(QWidget):
    """The table with Add and Delete buttons; deletions can be undone."""

    changed = Signal()

    def __init__(self, entities: Entities, columns: list[Column], *, add_label: str,
                 defaults: Callable[[], dict[str, Any]], message_bar: MessageBar,
                 filters: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entities = entities
        self._defaults = defaults
        self._bar = message_bar
        self.model = RecordTableModel(entities, columns, None, filters, self)
        self.model.failed.connect(self._bar.show_error)
        self.model.dataChanged.connect(lambda *_a: self.changed.emit())
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(RecordDelegate(columns, self._bar.show_error, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                                  & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        for number, column in enumerate(columns):
            if column.stretch:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            elif column.width:
                self.view.setColumnWidth(number, column.width)
        self.add_button = QPushButton(add_label, self)
        self.add_button.clicked.connect(self.add_row)
        self.delete_button = QPushButton(_("Delete row"), self)
        self.delete_button.clicked.connect(self.delete_row)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_row,
                  context=Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def show_for(self, parent_id: int | None) -> None:
        self.model.parent_id = parent_id
        self.model.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only
            else QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )

    def add_row(self) -> None:
        if self.model.parent_id is None:
            return
        values = {self._entities.spec.parent: self.model.parent_id, **self._defaults()}
        try:
            self._entities.create(**values)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.model.reload()
        row = self.model.rowCount() - 1
        editable = next((n for n, c in enumerate(self.model.columns)
                         if c.editable and c.kind not in ("computed", "check")), 0)
        index = self.model.index(row, editable)
        self.view.setCurrentIndex(index)
        self.view.edit(index)
        self.changed.emit()

    def delete_row(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self._bar.show_info(_("Select the row to delete first."))
            return
        record = self.model.records[index.row()]
        try:
            removed = self._entities.delete(record.id)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.model.reload()
        self.changed.emit()
        self._bar.show_undo(_("Row deleted."), lambda: self._undo_delete(removed))

    def _undo_delete(self, record: Any) -> None:
        try:
            self._entities.restore(record)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.model.reload()
        self.changed.emit()
        self._bar.show_info(_("Row restored."))

