"""Berkas → Jejak audit…: every change, export, import, backup and restore, newest first.

The table pages through the log (``PAGE_SIZE`` entries per query, only the pages on screen kept),
so a log of years opens at once. A banner says whether the chain of seals is intact or names the
first entry that was changed outside the program; the chain is checked in the background while
the table is already shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import fields as domain_fields
from kemitraan_desktop.domain.enums import AuditAction
from kemitraan_desktop.domain.validation import PERSONAL_NUMBER_FIELDS, mask_personal_number
from kemitraan_desktop.i18n import N_, _
from kemitraan_desktop.services import audit
from kemitraan_desktop.services.app import Services

from ..background import Background
from ..formatting import local_time
from ..screen_fit import FitsScreen
from ..views import read_only_rows

PAGE_SIZE = 200
KEEP_PAGES = 8  # pages kept in memory; others are read again when scrolled back to
SUMMARY_LIMIT = 160

ENTITY_LABELS = {
    **domain_fields.RECORD_LABELS,
    "setting": N_("Setting"),
    "program_password": N_("Program password"),
    "person": N_("Personal data"),
    "database": N_("Database"),
    "report_archive": N_("Partnership archive"),
    "report_evaluation": N_("Evaluation report"),
    "report_readiness": N_("Credentialing readiness"),
}

# Keys of the log's own summaries that are not fields of a record.
SUMMARY_LABELS = {
    "file": N_("file"),
    "from": N_("from"),
    "kept": N_("kept as"),
    "damaged_file": N_("damaged file kept as"),
    "with": N_("with dependent records"),
    "records": N_("records"),
    "attachments": N_("attachments"),
    "sha256": "SHA-256",
    "package_sha256": "SHA-256",
    "content_hash": N_("content hash"),
    "forgotten": N_("removed as forgotten, from the command line"),
    "places": N_("places"),
    "locked": N_("kept in locked agreements"),
}

COLUMNS = (N_("Time"), N_("By"), N_("Action taken"), N_("What"), N_("Partnership"), N_("Details"))


def entity_label(entity: str) -> str:
    text = ENTITY_LABELS.get(entity)
    return _(text) if text else entity


def action_label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def change_lines(entity: str, changes: dict[str, Any], ids: bool = False) -> list[str]:
    """"Label: value" for each change, in the reader's language; record ids only when *ids*."""
    lines = []
    for key, value in changes.items():
        if key.endswith("_id") and not ids and len(changes) > 1:
            continue  # the owner's id says little in the summary (it is in the tooltip)
        known = SUMMARY_LABELS.get(key)
        if known:
            label = _(known)
        elif key.endswith("_id"):
            label = entity_label(key[:-3]) + " #"
        else:
            label = domain_fields.label(key) if key else ""
        if key in PERSONAL_NUMBER_FIELDS and isinstance(value, str):
            value = mask_personal_number(key, value)  # UU 27/2022: not needed in full here
        shown = domain_fields.shown_value(entity, key, value)
        lines.append(f"{label}{shown}" if label.endswith("#") else
                     f"{label}: {shown}" if label else shown)
    return lines


def shortened(text: str, limit: int) -> str:
    """*text* cut at the last whole word that fits, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def summary_text(entity: str, changes: dict[str, Any]) -> str:
    parts = [shortened(line, 80) for line in change_lines(entity, changes)]
    return shortened("; ".join(parts), SUMMARY_LIMIT)


class AuditTableModel(QAbstractTableModel):
    """The log as a table, read a page at a time as rows are shown."""

    def __init__(self, svc: Services, partnership_id: int | None = None,
                 page_size: int = PAGE_SIZE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc = svc
        self.partnership_id = partnership_id
        self.page_size = page_size
        self.pages: dict[int, list[audit.AuditRow]] = {}
        self.fetches = 0  # queries made: a test proves the paging
        self._count = audit.count_entries(svc, partnership_id)

    def reload(self, partnership_id: int | None = None) -> None:
        self.beginResetModel()
        self.partnership_id = partnership_id
        self.pages.clear()
        self._count = audit.count_entries(self.svc, partnership_id)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def entry(self, row: int) -> audit.AuditRow | None:
        if not 0 <= row < self._count:
            return None
        page = row // self.page_size
        if page not in self.pages:
            if len(self.pages) >= KEEP_PAGES:
                farthest = max(self.pages, key=lambda kept: abs(kept - page))
                del self.pages[farthest]
            self.pages[page] = audit.list_entries(
                self.svc, page * self.page_size, self.page_size, self.partnership_id)
            self.fetches += 1
        rows = self.pages[page]
        offset = row - page * self.page_size
        return rows[offset] if offset < len(rows) else None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return "\n".join(change_lines(entry.entity, entry.changes, ids=True))
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    @staticmethod
    def _text(entry: audit.AuditRow, column: int) -> str:
        if column == 0:
            return local_time(entry.at)
        if column == 1:
            return entry.actor or "–"
        if column == 2:
            return action_label(entry.action)
        if column == 3:
            what = entity_label(entry.entity)
            return f"{what} #{entry.entity_id}" if entry.entity_id is not None else what
        if column == 4:
            if entry.partnership_id is None:
                return ""
            return entry.partnership_title or f"#{entry.partnership_id}"
        return summary_text(entry.entity, entry.changes)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None


class AuditLogDialog(FitsScreen, QDialog):
    def __init__(self, svc: Services, parent: QWidget | None = None,
                 partnership_id: int | None = None, check_in_background: bool = True) -> None:
        super().__init__(parent)
        self.svc = svc
        self.setWindowTitle(_("Audit trail"))
        self.resize(1100, 640)

        self.banner = QLabel(_("Checking the audit trail…"), self)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("audit_banner")
        self.banner.setMargin(8)

        self.partnership = QComboBox(self)
        self.partnership.addItem(_("All partnerships"), None)
        for row in sorted(svc.partnerships.list(), key=lambda record: record.title.lower()):
            self.partnership.addItem(row.title, row.id)
        if partnership_id is not None:
            found = self.partnership.findData(partnership_id)
            if found >= 0:
                self.partnership.setCurrentIndex(found)
        self.partnership.currentIndexChanged.connect(self._filter_changed)
        self.count_label = QLabel(self)
        reload = QPushButton(_("Reload"), self)
        reload.clicked.connect(self.reload)

        self.model = AuditTableModel(svc, partnership_id, parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        read_only_rows(self.view, wrap=False)
        # Fixed widths: measuring contents would read every page.
        header = self.view.horizontalHeader()
        for column, width in enumerate((140, 120, 110, 170, 200)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Partnership:"), self))
        bar.addWidget(self.partnership, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self._show_count()
        self.chain: audit.ChainCheck | None = None
        self._check: Background | None = None
        if check_in_background:
            self._check = Background(self, lambda: audit.check_chain(svc))
            self._check.finished.connect(self.show_chain)
            self._check.failed.connect(self._chain_failed)
            self._check.start()
        else:
            self.show_chain(audit.check_chain(svc))

    def _show_count(self) -> None:
        self.count_label.setText(_("{count} entries").format(count=self.model.rowCount()))

    def _filter_changed(self) -> None:
        self.model.reload(self.partnership.currentData())
        self._show_count()

    def reload(self) -> None:
        self.model.reload(self.partnership.currentData())
        self._show_count()

    def show_chain(self, check: audit.ChainCheck) -> None:
        self.chain = check
        if check.intact:
            self.banner.setText(_(
                "The audit trail is intact: all {count} entries carry the seal they were "
                "written with.").format(count=check.entries))
            self.banner.setStyleSheet("background: #e3f4e1; color: #1e4620;")
            return
        broken = check.broken_at
        at = audit.entry_time(self.svc, broken) if broken is not None else None
        self.banner.setText(_(
            "The audit trail is BROKEN at entry #{id} ({when}): that entry, or the link to the "
            "one before it, was changed or removed outside the program. Entries from there on "
            "cannot be trusted. Keep a backup of this folder and report it.").format(
                id=broken, when=local_time(at) if at else "–"))
        self.banner.setStyleSheet("background: #fbe3e3; color: #7a1414; font-weight: bold;")

    def _chain_failed(self, error: BaseException) -> None:
        self.banner.setText(_("The audit trail could not be checked: {reason}").format(
            reason=getattr(error, "message", None) or type(error).__name__))

    def done(self, result: int) -> None:
        if self._check is not None:
            self._check.wait(10)
        super().done(result)
