"""Step 3 — the shared goals with measurable targets, and the roles of each party.

The roles become the articles on rights and duties (Hak dan Kewajiban) of the agreement in step 5.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
)

from kemitraan_desktop.domain.enums import PartnerType, Party
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import agreements

from ..dialogs.practice_profile import plain_text_bar
from ..record_table import Column, RecordTable
from .base import StepPage, hint, section

TABLE_HEIGHT = 190


def fit_table(table: RecordTable, height: int = TABLE_HEIGHT) -> None:
    """Rows as tall as their wrapped text, room for a few of them, and no clipped headers.

    A fixed column is widened to its header when the translation is longer than the English
    width allows (never by more than half, so the stretching column keeps its room).
    """
    view = table.view
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setMinimumHeight(height)
    header = view.horizontalHeader()
    header.ensurePolished()  # measure with the style sheet's (bold) header font
    for number, column in enumerate(table.model.columns):
        if column.stretch or not column.width:
            continue
        header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
        needed = header.sectionSizeHint(number)
        view.setColumnWidth(number, max(column.width, min(needed, column.width * 3 // 2)))


def next_position(table: RecordTable) -> int:
    positions = [record.position for record in table.model.records]
    return max(positions, default=-1) + 1


class GoalsPage(StepPage):
    number = 3

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        plain_text_bar(self.bar)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(16, 8, 16, 16)

        layout.addWidget(section(_("Shared goals")))
        layout.addWidget(hint(_("What both parties want to reach together. Give each goal a "
                                "measurable target (a number, a percentage) and a date, so that "
                                "you can both see later whether it was reached.")))
        self.goals = RecordTable(
            svc.goals,
            [
                Column("description", _("Goal"), stretch=True),
                Column("target", _("Measurable target"), width=220),
                Column("target_date", _("Target date"), kind="date", width=110),
            ],
            add_label=_("Add goal"),
            defaults=lambda: {"position": next_position(self.goals)},
            message_bar=self.bar,
        )
        self.proposal_note = hint(_(
            "A BPJS partnership starts with the three indicators of performance-based "
            "capitation (Peraturan BPJS Kesehatan 7/2019) as its goals, and with the roles the "
            "BPJS PKS template states: change or delete what your agreement says otherwise."))
        self.proposal_note.setObjectName("proposalNote")
        layout.addWidget(self.proposal_note)
        # Once the PKS is signed its Pasal on goals and roles stays as signed: a change here
        # is said, with where the signed text says otherwise and what it takes (an adendum).
        self.signed_note = QLabel()
        self.signed_note.setObjectName("missing")
        self.signed_note.setWordWrap(True)
        self.signed_note.setTextFormat(Qt.TextFormat.PlainText)
        self.signed_note.hide()
        self.goals.setObjectName("goalTable")
        fit_table(self.goals)
        layout.addWidget(self.goals)
        # Under the goals' buttons: shown after a click there, it moves nothing above them.
        layout.addWidget(self.signed_note)

        layout.addWidget(section(_("Roles of each party")))
        layout.addWidget(hint(_("What each party does and is responsible for. These lists "
                                "become the articles on rights and duties (Hak dan Kewajiban) "
                                "of the agreement.")))
        self.roles: dict[str, RecordTable] = {}
        sides = QGridLayout()
        sides.setHorizontalSpacing(16)
        self.role_titles: dict[str, QLabel] = {}
        add_labels = {
            Party.PRACTICE: _("Add role of the practice"),
            Party.PARTNER: _("Add role of the partner"),
        }
        for column, party in enumerate((Party.PRACTICE, Party.PARTNER)):
            add_label = add_labels[party]
            table = RecordTable(
                svc.roles,
                [Column("description", _("Role or responsibility"), stretch=True)],
                add_label=add_label,
                defaults=self._role_defaults(party),
                message_bar=self.bar,
                filters={"party": party.value},
            )
            table.setObjectName(f"{party.value}RoleTable")
            fit_table(table)
            title = QLabel()
            title.setObjectName("subsectionTitle")
            title.setTextFormat(Qt.TextFormat.PlainText)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            sides.addWidget(title, 0, column)
            sides.addWidget(table, 1, column)
            sides.setColumnStretch(column, 1)
            self.roles[party.value] = table
            self.role_titles[party.value] = title
        layout.addLayout(sides)
        layout.addStretch(1)

        for table in self.tables:
            table.changed.connect(self.changed)
            table.changed.connect(self._show_signed_differences)

    def _role_defaults(self, party: Party) -> Any:
        return lambda: {"party": party.value, "position": next_position(self.roles[party.value])}

    @property
    def tables(self) -> list[RecordTable]:
        return [self.goals, *self.roles.values()]

    def load(self) -> None:
        # BPJS writes itself PIHAK KESATU and the practice PIHAK KEDUA (its PKS template does
        # too); every other agreement has the practice as PIHAK PERTAMA.
        bpjs = self.svc.partnerships.get(self.partnership_id).partner_type == PartnerType.BPJS
        self.proposal_note.setVisible(bpjs)
        self.role_titles[Party.PRACTICE.value].setText(
            _("The practice (PIHAK KEDUA)") if bpjs else _("The practice (PIHAK PERTAMA)"))
        self.role_titles[Party.PARTNER.value].setText(
            _("The partner (PIHAK KESATU)") if bpjs else _("The partner (PIHAK KEDUA)"))
        for table in self.tables:
            table.show_for(self.partnership_id)
        self._show_signed_differences()

    def _show_signed_differences(self) -> None:
        changed = agreements.changed_since_signed(self.svc, self.partnership_id) \
            if self.partnership_id else None
        if changed is not None:
            self.signed_note.setText("\n".join((
                _("⚠ Step 3 no longer says what the signed agreement {number} says. The signed "
                  "text stays as it was signed; to change it, make an addendum (step 5).").format(
                    number=changed.number),
                *(f"• {place}" for place in changed.places))))
        self.signed_note.setVisible(changed is not None)

    def flush(self) -> bool:
        return all([table.flush() for table in self.tables])
