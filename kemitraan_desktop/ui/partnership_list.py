"""The partnership list on the left: search, filter by status and partner type, sort.

The database sorts and filters; the model holds the pages fetched so far and asks for the next
one when the view scrolls to its end (``canFetchMore``/``fetchMore``), so a practice with
100,000 partnerships costs the window one page, not 100,000 rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
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
from kemitraan_desktop.services.listing import PAGE_SIZE, PartnershipRow

if TYPE_CHECKING:
    from kemitraan_desktop.services.app import Services

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
Fetch = Callable[[int, int], list[PartnershipRow]]  # (offset, limit) -> one page


class PartnershipTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PartnershipRow] = []
        self._fetch: Fetch | None = None
        self._more = False

    def set_rows(self, rows: list[PartnershipRow], fetch: Fetch | None = None) -> None:
        """Show *rows*, the first page; *fetch* gets the following ones as the view needs them."""
        self.beginResetModel()
        self.rows = list(rows)
        self._fetch = fetch
        self._more = fetch is not None and len(rows) >= PAGE_SIZE
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._more or self._fetch is None:
            return
        page = self._fetch(len(self.rows), PAGE_SIZE)
        self._more = len(page) >= PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        # One visible column; step and status also have their own (hidden) ones.
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
        return None


class PartnershipList(QWidget):
    """Emits ``selected(id)`` when a partnership is chosen, ``selected(0)`` for the dashboard."""

    selected = Signal(int)
    new_requested = Signal()

    def __init__(self, svc: Services | None, parent: QWidget | None = None) -> None:
        """*svc* None: the list shows what :meth:`show_first_page` gives it until
        :meth:`set_services` (the window opening before the services have loaded)."""
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
        # The database sorts (see services.listing.ORDERS); the proxy passes rows and paging on.
        self.proxy = QIdentityProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.sort = QComboBox(self)
        for label, order in ((_("Sort: last changed"), "updated"), (_("Sort: title"), "title"),
                             (_("Sort: step"), "step"), (_("Sort: status"), "status")):
            self.sort.addItem(label, order)
        self.sort.currentIndexChanged.connect(lambda _i: self.refresh())
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

    def set_services(self, svc: Services) -> None:
        """From now on the list reads through *svc* (at the next :meth:`refresh`)."""
        self._svc = svc

    def show_first_page(self, rows: list[PartnershipRow]) -> None:
        """Rows read before the services are there (no more pages until they are)."""
        self._show(rows, None)

    def refresh(self, keep: int | None = None) -> None:
        if self._svc is None:
            return
        from kemitraan_desktop.services.partnerships import list_partnerships

        svc, search, status = self._svc, self.search.text(), self.status_filter.currentData()
        kind, order = self.type_filter.currentData(), self.sort.currentData()

        def fetch(offset: int, limit: int) -> list[PartnershipRow]:
            return list_partnerships(svc, search, status, kind, order, offset, limit)

        self._show(fetch(0, PAGE_SIZE), fetch, keep)

    def _show(self, rows: list[PartnershipRow], fetch: Fetch | None,
              keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        blocker = self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows, fetch)
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

    def clear_filters(self) -> None:
        """Show every partnership again: no search, every status and partner type."""
        for widget in (self.search, self.status_filter, self.type_filter):
            widget.blockSignals(True)
        self.search.clear()
        self.status_filter.setCurrentIndex(0)
        self.type_filter.setCurrentIndex(0)
        for widget in (self.search, self.status_filter, self.type_filter):
            widget.blockSignals(False)
        self._search_timer.stop()
        self.refresh()

    def current_id(self) -> int:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else 0

    def select(self, partnership_id: int, emit: bool = True) -> bool:
        """Make *partnership_id* the current row, fetching pages until it is found."""
        start = 0
        while True:
            for row in range(start, self.model.rowCount()):
                if self.model.rows[row].id == partnership_id:
                    blocker = self.view.selectionModel().blockSignals(not emit)
                    self.view.setCurrentIndex(self.proxy.index(row, 0))
                    self.view.selectionModel().blockSignals(blocker)
                    return True
            start = self.model.rowCount()
            if not self.model.canFetchMore():
                return False
            self.model.fetchMore()

    def show_dashboard(self) -> None:
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self.selected.emit(0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected.emit(int(current.data(ID_ROLE)) if current.isValid() else 0)
