"""The partnership list on the left: search, filter by status and partner type, sort."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.enums import PartnershipStatus, PartnerType
from kemitraan_desktop.domain.steps import step
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.partnerships import PartnershipRow

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PartnershipTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PartnershipRow] = []

    def set_rows(self, rows: list[PartnershipRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        # One visible column; the others exist to sort by (see SORTS).
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Partnership"), _("Step"), _("Status"), _("Last changed"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                partner = row.partner_names or PartnerType(row.partner_type).label
                state = _("Step {n}: {step} · {status}").format(
                    n=row.current_step, step=step(row.current_step).short_title,
                    status=PartnershipStatus(row.status).label)
                return f"{row.title}\n{partner}\n{state}"
            if column == 1:
                return f"{row.current_step}. {step(row.current_step).short_title}"
            return PartnershipStatus(row.status).label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title} — {row.partner_names}"
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return (row.title.lower(), row.current_step, row.status,
                    -row.updated_at.timestamp())[column]
        return None


class PartnershipList(QWidget):
    """Emits ``selected(id)`` when a partnership is chosen, ``selected(0)`` for the dashboard."""

    selected = Signal(int)
    new_requested = Signal()

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.home_button = QPushButton(_("Dashboard"), self)
        self.home_button.clicked.connect(self.show_dashboard)
        self.new_button = QPushButton(_("New partnership…"), self)
        self.new_button.clicked.connect(self.new_requested)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search partnership or partner (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(_("All statuses"), None)
        for status in PartnershipStatus:
            self.status_filter.addItem(status.label, status.value)
        self.type_filter = QComboBox(self)
        self.type_filter.addItem(_("All partner types"), None)
        for kind in PartnerType:
            self.type_filter.addItem(kind.label, kind.value)
        self.model = PartnershipTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.sort = QComboBox(self)
        for label, column in ((_("Sort: last changed"), 3), (_("Sort: title"), 0),
                              (_("Sort: step"), 1), (_("Sort: status"), 2)):
            self.sort.addItem(label, column)
        self.sort.currentIndexChanged.connect(self._sort)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(True)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.hide()
        for column in (1, 2, 3):
            self.view.hideColumn(column)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty_hint = QLabel(self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("hint")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.type_filter.currentIndexChanged.connect(lambda _i: self.refresh())

        top = QHBoxLayout()
        top.addWidget(self.home_button)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.type_filter)
        sorting = QHBoxLayout()
        sorting.addWidget(self.sort)
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(sorting)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_hint)

    def refresh(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        rows = partnerships.list_partnerships(
            self._svc, self.search.text(), self.status_filter.currentData(),
            self.type_filter.currentData(),
        )
        blocker = self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self._sort()
        self.view.selectionModel().blockSignals(blocker)
        filtering = bool(self.search.text().strip() or self.status_filter.currentIndex()
                         or self.type_filter.currentIndex())
        if rows:
            self.empty_hint.hide()
        else:
            self.empty_hint.setText(
                _("Nothing matches the search.") if filtering
                else _("No partnerships yet. Click “New partnership…” to start one.")
            )
            self.empty_hint.show()
        if keep:
            self.select(keep, emit=False)

    def _sort(self) -> None:
        self.proxy.sort(self.sort.currentData(), Qt.SortOrder.AscendingOrder)

    def current_id(self) -> int:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else 0

    def select(self, partnership_id: int, emit: bool = True) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == partnership_id:
                blocker = self.view.selectionModel().blockSignals(not emit)
                self.view.setCurrentIndex(index)
                self.view.selectionModel().blockSignals(blocker)
                return True
        return False

    def show_dashboard(self) -> None:
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self.selected.emit(0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected.emit(int(current.data(ID_ROLE)) if current.isValid() else 0)
