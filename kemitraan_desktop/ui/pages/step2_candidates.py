"""Step 2 — candidate partners: pick them from the registry, score them, choose whom to approach.

Each candidate is scored 1–5 on five criteria; the weights (0–10) say how much each criterion
counts. The table is ranked by the weighted score and re-ranked after every change.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _, babel_locale
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.partnerships import CRITERIA, RankedCandidate

from ..autosave import FieldBinder
from ..dialogs.partner_registry import PartnerEditor, partner_type_label
from ..dialogs.practice_profile import plain_text_bar
from .base import StepPage, hint, section
from .step3_goals import commit_open_editor

Index = QModelIndex | QPersistentModelIndex

# criterion: (full name, short column header, the question it answers)
CRITERIA_TEXT: dict[str, tuple[str, str, str]] = {
    "shared_vision": (N_("Shared vision"), N_("Vision"),
                      N_("Do the partner's vision and mission point the same way as the "
                         "practice's?")),
    "capacity": (N_("Capacity"), N_("Capacity"),
                 N_("Can the partner deliver what the partnership needs (staff, facilities, "
                    "opening hours)?")),
    "access": (N_("Access/distance"), N_("Access"),
               N_("How easily can your patients reach the partner (distance, transport)?")),
    "reputation": (N_("Reputation"), N_("Reputation"),
                   N_("Is the partner trusted by patients and colleagues?")),
    "acceptance": (N_("Likelihood of acceptance"), N_("Acceptance"),
                   N_("How likely is the partner to accept the proposal?")),
}

NAME = 0
FIRST_SCORE = 1
WEIGHTED = FIRST_SCORE + len(CRITERIA)
CHOSEN = WEIGHTED + 1


def format_score(value: float) -> str:
    return format_decimal(value, format="0.00", locale=babel_locale())


class CandidateModel(QAbstractTableModel):
    """The ranked candidates; scores and the "chosen" tick are edited in place."""

    failed = Signal(str)
    edited = Signal()

    def __init__(self, svc: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc = svc
        self.rows: list[RankedCandidate] = []

    def reload(self, partnership_id: int) -> None:
        self.beginResetModel()
        self.rows = partnerships.ranked_candidates(self._svc, partnership_id) \
            if partnership_id else []
        self.endResetModel()

    def row_of(self, candidate_id: int) -> int:
        return next((n for n, row in enumerate(self.rows) if row.id == candidate_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else CHOSEN + 1

    @staticmethod
    def criterion(column: int) -> str | None:
        return CRITERIA[column - FIRST_SCORE] if FIRST_SCORE <= column < WEIGHTED else None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        criterion = self.criterion(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if criterion:
                return _(CRITERIA_TEXT[criterion][1])
            return {NAME: _("Partner and type"), WEIGHTED: _("Score"),
                    CHOSEN: _("Chosen")}[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if criterion:
                full, _short, question = CRITERIA_TEXT[criterion]
                return f"{_(full)} (1–5): {_(question)}"
            if section == WEIGHTED:
                return _("Weighted score (1–5): the mean of the five scores, each counted by "
                         "its weight.")
            if section == CHOSEN:
                return _("Tick the partner(s) you will approach with the proposal.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.criterion(index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == CHOSEN:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        criterion = self.criterion(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == NAME:
                if role == Qt.ItemDataRole.EditRole:
                    return row.partner_name
                return f"{row.partner_name}\n{partner_type_label(row.partner_type)}"
            if criterion:
                return row.scores[criterion]
            if column == WEIGHTED:
                return format_score(row.weighted) if role == Qt.ItemDataRole.DisplayRole \
                    else row.weighted
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == CHOSEN:
            return Qt.CheckState.Checked if row.chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_SCORE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and column == WEIGHTED:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        column = index.column()
        criterion = self.criterion(column)
        if criterion and role == Qt.ItemDataRole.EditRole:
            value = int(value)
            if value == row.scores[criterion]:
                return False
            changes: dict[str, Any] = {f"score_{criterion}": value}
            updated = dataclasses.replace(row, scores={**row.scores, criterion: value})
        elif column == CHOSEN and role == Qt.ItemDataRole.CheckStateRole:
            chosen = Qt.CheckState(value) == Qt.CheckState.Checked
            if chosen == row.chosen:
                return False
            changes = {"chosen": chosen}
            updated = dataclasses.replace(row, chosen=chosen)
        else:
            return False
        try:
            self._svc.candidates.update(row.id, **changes)
        except UserError as error:
            self.failed.emit(error.message)
            return False
        self.rows[index.row()] = updated
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        self.edited.emit()
        return True


class ScoreDelegate(QStyledItemDelegate):
    """A 1–5 spin box for the criteria scores."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        if CandidateModel.criterion(index.column()) is None:
            return super().createEditor(parent, option, index)
        editor = QSpinBox(parent)
        editor.setRange(1, 5)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QSpinBox):
            editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 3))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class CandidatesPage(StepPage):
    number = 2

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        plain_text_bar(self.bar)
        self.binder = FieldBinder(self.save_partnership, self)
        self.binder.failed.connect(lambda _f, message: self.bar.show_error(message))
        self.binder.saved.connect(lambda _f: self.refresh_ranking())
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(16, 8, 16, 16)

        layout.addWidget(section(_("Candidate partners")))
        layout.addWidget(hint(_("List the organisations that could become partners: take them "
                                "from the partner registry, or register a new one.")))
        pick = QHBoxLayout()
        self.registry_combo = QComboBox()
        self.registry_combo.setObjectName("registryCombo")
        self.registry_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.registry_combo.setMinimumContentsLength(14)
        pick_label = QLabel(_("From the &registry:"))
        pick_label.setBuddy(self.registry_combo)
        self.add_button = QPushButton(_("&Add as candidate"))
        self.add_button.clicked.connect(self.add_selected)
        self.new_button = QPushButton(_("&New partner…"))
        self.new_button.clicked.connect(self.add_new_partner)
        pick.addWidget(self.registry_combo, 1)
        pick.addWidget(self.add_button)
        pick.addWidget(self.new_button)
        layout.addWidget(pick_label)
        layout.addLayout(pick)

        layout.addWidget(section(_("How much each criterion counts")))
        layout.addWidget(hint(_("Weight 0 = does not count, 10 = counts very much. Hover over "
                                "a criterion to see the question it answers.")))
        weights = QGridLayout()
        weights.setHorizontalSpacing(12)
        self.weights: dict[str, QSpinBox] = {}
        for number, criterion in enumerate(CRITERIA):
            full, _short, question = CRITERIA_TEXT[criterion]
            spin = QSpinBox()
            spin.setObjectName(f"weight_{criterion}")
            spin.setRange(0, 10)
            spin.setToolTip(_(question))
            spin.setMinimumWidth(64)
            spin.setMaximumWidth(96)
            label = QLabel(_(full))
            label.setToolTip(_(question))
            label.setBuddy(spin)
            label.setWordWrap(True)
            weights.addWidget(label, 0, number, Qt.AlignmentFlag.AlignBottom)
            weights.addWidget(spin, 1, number, Qt.AlignmentFlag.AlignLeft)
            weights.setColumnStretch(number, 1)
            self.weights[criterion] = spin
            self.binder.bind_spin(f"weight_{criterion}", spin)
        layout.addLayout(weights)

        layout.addWidget(section(_("Ranking")))
        layout.addWidget(hint(_("Score each candidate from 1 (poor) to 5 (very good) on each "
                                "criterion, then tick the one(s) to approach. The best placed "
                                "come first.")))
        self.model = CandidateModel(svc, self)
        self.model.failed.connect(self.bar.show_error)
        self.model.edited.connect(self._edited)
        self.view = QTableView()
        self.view.setObjectName("candidateTable")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ScoreDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                                  & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.view.setAlternatingRowColors(True)
        self.view.setMinimumHeight(170)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        self.view.setWordWrap(True)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        # Eight columns share a narrow page: plain, tightly padded headers leave the room to the
        # partner names (style.qss makes every header bold and padded).
        header.setStyleSheet("QHeaderView::section { font-weight: normal; padding: 4px 3px; }")
        # Narrow columns sized to their (translated) headers leave the room to the names.
        for column in range(FIRST_SCORE, CHOSEN + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.view, 1)
        self.empty_hint = hint(_("No candidates yet. Pick a partner from the registry above, "
                                 "or register a new one."))
        layout.addWidget(self.empty_hint)

        actions = QHBoxLayout()
        self.edit_button = QPushButton(_("Edi&t partner…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(_("Re&move candidate"))
        self.remove_button.clicked.connect(self.remove_selected)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._reranking = QTimer(self)
        self._reranking.setSingleShot(True)
        self._reranking.setInterval(0)
        self._reranking.timeout.connect(self.refresh_ranking)

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        self.binder.load(self.svc.partnerships.get(self.partnership_id))
        self.refresh_ranking()

    def flush(self) -> bool:
        commit_open_editor(self.view)
        return self.binder.flush()

    def refresh_ranking(self, select: int | None = None) -> None:
        """Rank again, keeping the same candidate and column current."""
        current = self.view.currentIndex()
        keep = select
        if keep is None and current.isValid() and current.row() < len(self.model.rows):
            keep = self.model.rows[current.row()].id
        column = current.column() if current.isValid() else NAME
        self.model.reload(self.partnership_id)
        if keep is not None and (row := self.model.row_of(keep)) >= 0:
            self.view.setCurrentIndex(self.model.index(row, column))
        self.empty_hint.setVisible(not self.model.rows)
        self._fill_registry()
        self._update_buttons()

    def _fill_registry(self) -> None:
        taken = {row.partner_id for row in self.model.rows}
        kind = self.svc.partnerships.get(self.partnership_id).partner_type \
            if self.partnership_id else ""
        free = [p for p in self.svc.partners.list() if p.id not in taken]
        free.sort(key=lambda p: (p.partner_type != kind, p.name.lower()))
        previous = self.registry_combo.currentData()
        self.registry_combo.clear()
        for partner in free:
            text = f"{partner.name} — {partner_type_label(partner.partner_type)}"
            if partner.kota:
                text += f", {partner.kota}"
            self.registry_combo.addItem(text, partner.id)
        if not free:
            self.registry_combo.addItem(_("(every registered partner is already a candidate)"),
                                        None)
        self.registry_combo.setCurrentIndex(max(self.registry_combo.findData(previous), 0))
        self.registry_combo.setEnabled(bool(free))
        self.add_button.setEnabled(bool(free))

    def _update_buttons(self) -> None:
        chosen = self._current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _current_row(self) -> RankedCandidate | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _edited(self) -> None:
        self.changed.emit()
        self._reranking.start()  # after the editor has closed

    # -- actions -------------------------------------------------------------------------------
    def add_candidate(self, partner_id: int) -> None:
        try:
            record = self.svc.candidates.create(partnership_id=self.partnership_id,
                                                partner_id=partner_id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.refresh_ranking(select=record.id)
        self.changed.emit()

    def add_selected(self) -> None:
        partner_id = self.registry_combo.currentData()
        if partner_id is not None:
            self.add_candidate(partner_id)

    def add_new_partner(self) -> None:
        kind = self.svc.partnerships.get(self.partnership_id).partner_type
        editor = PartnerEditor(self.svc, None, self, partner_type=kind)
        editor.exec()
        if editor.partner_id is not None:
            self.add_candidate(editor.partner_id)

    def edit_selected(self) -> None:
        row = self._current_row()
        if row is None:
            self.bar.show_info(_("Select a candidate first."))
            return
        PartnerEditor(self.svc, row.partner_id, self).exec()
        self.refresh_ranking()

    def remove_selected(self) -> None:
        row = self._current_row()
        if row is None:
            self.bar.show_info(_("Select a candidate first."))
            return
        try:
            removed = self.svc.candidates.delete(row.id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.refresh_ranking()
        self.changed.emit()
        self.bar.show_undo(_("{name} removed from the candidates.").format(name=row.partner_name),
                           lambda: self._undo_remove(removed))

    def _undo_remove(self, removed: Any) -> None:
        try:
            restored = self.svc.candidates.restore(removed)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.refresh_ranking(select=restored.id)
        self.changed.emit()
        self.bar.show_info(_("Candidate restored."))

