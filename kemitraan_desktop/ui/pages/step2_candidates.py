"""Step 2 — candidate partners: pick them from the registry, score them, choose whom to approach.

Each candidate is scored 1–5 on five criteria; the weights (0–10) say how much each criterion
counts. The table is ranked by the weighted score and re-ranked after every change.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import N_, _, babel_locale
from kemitraan_desktop.services import partner_of_record, partnerships
from kemitraan_desktop.services.partnerships import CRITERIA, RankedCandidate

from ..autosave import FieldBinder
from ..dialogs.partner_registry import PartnerEditor, partner_type_label
from ..dialogs.practice_profile import plain_text_bar
from ..record_table import Column, RecordTable, RecordTableModel
from .base import StepPage, hint, section

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


def candidate_columns() -> list[Column]:
    return [
        Column("partner_name", _("Partner and type"), "computed", stretch=True,
               compute=lambda row: f"{row.partner_name}\n{partner_type_label(row.partner_type)}"),
        *(Column(f"score_{criterion}", _(CRITERIA_TEXT[criterion][1]), "int", bounds=(1, 5))
          for criterion in CRITERIA),
        Column("weighted", _("Score"), "computed", compute=lambda row: format_score(row.weighted)),
        Column("chosen", _("Chosen"), "check"),
    ]


class CandidateModel(RecordTableModel):
    """The ranked candidates; scores and the "chosen" tick are edited in place, and the rows
    are ranked again after every change (the edited candidate's cell stays current)."""

    def __init__(self, svc: Any, parent: QWidget | None = None) -> None:
        self._svc = svc
        # Why the ticks may no longer change (a final or signed agreement names the partner).
        self.partner_lock = ""
        super().__init__(svc.candidates, candidate_columns(), None, parent=parent)

    def fetch(self) -> list[RankedCandidate]:
        if not self.parent_id:
            return []
        return partnerships.ranked_candidates(self._svc, self.parent_id)

    def value(self, record: Any, column: Column) -> Any:
        if column.field.startswith("score_"):
            return record.scores[column.field.removeprefix("score_")]
        return super().value(record, column)

    @staticmethod
    def criterion(column: int) -> str | None:
        return CRITERIA[column - FIRST_SCORE] if FIRST_SCORE <= column < WEIGHTED else None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            criterion = self.criterion(section)
            if criterion:
                full, _short, question = CRITERIA_TEXT[criterion]
                return f"{_(full)} (1–5): {_(question)}"
            if section == WEIGHTED:
                return _("Weighted score (1–5): the mean of the five scores, each counted by "
                         "its weight.")
            if section == CHOSEN:
                return _("Tick the partner(s) you will approach with the proposal.")
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= FIRST_SCORE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CHOSEN \
                and self.partner_lock:
            return self.partner_lock
        if role == Qt.ItemDataRole.FontRole and index.column() == WEIGHTED:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class CandidatesPage(StepPage):
    number = 2

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        plain_text_bar(self.bar)
        self.binder = FieldBinder(self.save_partnership, self)
        self.binder.report_to(self.bar)
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
        self.table = RecordTable(
            svc.candidates, [], add_label="", defaults=dict, message_bar=self.bar,
            model=CandidateModel(svc),
            deleted_text=lambda row: _("{name} removed from the candidates.").format(
                name=row.partner_name))
        self.table.add_button.hide()  # candidates come from the registry (above)
        self.table.delete_button.hide()  # "Remove candidate" below
        self.model = self.table.model
        self.table.changed.connect(self._rows_changed)
        self.table.changed.connect(self.changed)
        self.view = self.table.view
        self.view.setObjectName("candidateTable")
        self.view.verticalHeader().setVisible(True)  # the rank
        self.view.setMinimumHeight(170)
        header = self.view.horizontalHeader()
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
        self.table.current_changed.connect(lambda _record: self._update_buttons())
        # Once an agreement is final its partner stays chosen: the list says so above itself.
        self.lock_note = QLabel()
        self.lock_note.setObjectName("missing")
        self.lock_note.setWordWrap(True)
        self.lock_note.hide()
        layout.addWidget(self.lock_note)
        layout.addWidget(self.table, 1)
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

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        self.binder.load(self.svc.partnerships.get(self.partnership_id))
        self.refresh_ranking()

    def flush(self) -> bool:
        return all([self.table.flush(), self.binder.flush()])

    def refresh_ranking(self, select: int | None = None) -> None:
        """Rank again; the same candidate (or *select*) and column stay current."""
        lock = partner_of_record.partner_lock(self.svc, self.partnership_id) \
            if self.partnership_id else ""
        self.model.partner_lock = lock
        self.lock_note.setText(lock)
        self.lock_note.setVisible(bool(lock))
        self.table.show_for(self.partnership_id)
        if select is not None:
            self.table.select_id(select)
        self._rows_changed()

    def _rows_changed(self) -> None:
        self.empty_hint.setVisible(not self.model.records)
        self._fill_registry()
        self._update_buttons()

    def _fill_registry(self) -> None:
        taken = {row.partner_id for row in self.model.records}
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
        row = self._current_row()
        self.edit_button.setEnabled(row is not None)
        # The partner a final agreement names cannot be removed; the note above says why.
        kept = row is not None and row.chosen and bool(self.model.partner_lock)
        self.remove_button.setEnabled(row is not None and not kept)
        self.remove_button.setToolTip(self.model.partner_lock if kept else "")

    def _current_row(self) -> RankedCandidate | None:
        return self.table.current_record()

    # -- actions -------------------------------------------------------------------------------
    def add_candidate(self, partner_id: int) -> None:
        try:
            record = self.svc.candidates.create(partnership_id=self.partnership_id,
                                                partner_id=partner_id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.refresh_ranking(select=record.id)
        # Its first score is next: typing a digit scores the new candidate, wherever it ranks.
        self.table.select_id(record.id, FIRST_SCORE)
        self.view.setFocus()
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
        if self._current_row() is None:
            self.bar.show_info(_("Select a candidate first."))
            return
        self.table.delete_row()  # with Undo in the message bar
