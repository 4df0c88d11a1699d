"""Step 4 — prepare yourself: the draft work plan, the budget (RAB) and, for BPJS, credentialing.

The credentialing checklist shows what BPJS Kesehatan checks: administrative requirements first
(some judged from data the program holds, the rest ticked by the doctor), then the self-assessment
of the four technical areas, weighted. The budget totals are shown per funding party and in words,
as the agreement will write them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.dates import format_date
from kemitraan_desktop.domain.enums import PartnerType, Party
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.money import format_rupiah, line_total_sen, rupiah_with_words
from kemitraan_desktop.domain.readiness import PKS_PARTNER_TYPES
from kemitraan_desktop.i18n import _, babel_locale
from kemitraan_desktop.services import credentialing, partnerships
from kemitraan_desktop.services.credentialing import Requirement
from kemitraan_desktop.services.partnerships import Readiness, ReadinessLine

from ..autosave import SAVE_DELAY_MS, FieldBinder
from ..dialogs.evidence import evidence_button_text
from ..dialogs.practice_profile import plain_text_bar
from ..people import person_column
from ..record_table import Column, RecordTable
from .base import StepPage, hint, section
from .step3_goals import fit_table, next_position

AREAS = ("sdm", "sarana", "lingkup", "komitmen")
NOT_SCORED = -1


def party_choices() -> tuple[tuple[str, str], ...]:
    return tuple((party.value, party.label) for party in Party)


def budget_line_total(record: Any) -> str:
    return format_rupiah(line_total_sen(record.quantity, record.unit_cost_sen))


def subsection(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("subsectionTitle")
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def plain_label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    return label


class AdministrativeRow:
    """One administrative requirement: a tick, and where it comes from or a note."""

    def __init__(self, page: PreparationPage, line: ReadinessLine) -> None:
        self.id = line.id
        self.code = line.code
        self.derived = line.derived
        self.check = QCheckBox(line.label)
        self.check.setObjectName(f"readiness_{line.code}")
        if line.derived:
            # Judged by the program: shown like the others (greyed text reads as "not
            # applicable"), but the doctor changes it at its source, not here.
            self.check.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.check.setToolTip(_("Judged by the program from your data; see the remark "
                                    "beside it."))
        # Beside the tick: where a derived item comes from, or a note for the others.
        self.source: QLabel | None = None
        self.note: QLineEdit | None = None
        if line.derived:
            self.source = plain_label("hint")
        else:
            self.note = QLineEdit()
            self.note.setObjectName(f"readiness_note_{line.code}")
            self.note.setPlaceholderText(_("Note, e.g. where the document is kept"))
            self.check.toggled.connect(lambda on: page.set_met(self.id, on))
            self.note.editingFinished.connect(self.save_note)
        # The scan or photo that shows it, which the credentialing submission binds: under the
        # requirement, not in a third column (at 1366 × 768 a third column pushed the row, and
        # the hint above it, past the right edge).
        self.evidence = QPushButton()
        self.evidence.setObjectName(f"evidence_{line.code}")
        self.evidence.clicked.connect(lambda: page.open_evidence(self.id))
        self.requirement = QWidget()
        stacked = QVBoxLayout(self.requirement)
        stacked.setContentsMargins(0, 0, 0, 4)
        stacked.setSpacing(2)
        stacked.addWidget(self.check)
        under = QHBoxLayout()
        under.setContentsMargins(22, 0, 0, 0)  # under the text, past the box
        under.addWidget(self.evidence)
        under.addStretch(1)
        stacked.addLayout(under)
        self._page = page
        self.stored_note = line.note

    @property
    def beside(self) -> QWidget:
        return self.source if self.source is not None else self.note  # type: ignore[return-value]

    def save_note(self) -> None:
        if self.note is not None and self.note.text() != self.stored_note:
            self.stored_note = self.note.text()
            self._page.set_note(self.id, self.stored_note)

    def show(self, line: ReadinessLine, source: str) -> None:
        blocker = self.check.blockSignals(True)
        self.check.setChecked(line.met)
        self.check.blockSignals(blocker)
        if self.note is not None and not self.note.hasFocus():
            self.note.setText(line.note)
            self.stored_note = line.note
        if self.source is not None:
            self.source.setText(source)

    def show_evidence(self, need: Requirement | None) -> None:
        self.evidence.setVisible(need is not None)
        if need is not None:
            self.evidence.setText(evidence_button_text(need))
            self.evidence.setToolTip(need.missing and _(
                "Still missing for the credentialing submission."))


class PreparationPage(StepPage):
    number = 4

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        plain_text_bar(self.bar)
        self.binder = FieldBinder(self.save_partnership, self)
        self.binder.report_to(self.bar)
        self.binder.saved.connect(lambda _f: self.refresh_readiness())
        self.admin_rows: list[AdministrativeRow] = []
        self.area_scores: dict[str, QSpinBox] = {}
        self.area_items: dict[str, int] = {}
        self._pending_scores: set[str] = set()
        self._score_timer = QTimer(self)
        self._score_timer.setSingleShot(True)
        self._score_timer.setInterval(SAVE_DELAY_MS)
        self._score_timer.timeout.connect(self.save_scores)

        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(16, 8, 16, 16)
        self.readiness_box = QWidget()
        self.readiness_box.setObjectName("readinessBox")
        self._build_readiness(self.readiness_box)
        layout.addWidget(self.readiness_box)

        layout.addWidget(section(_("Draft work plan")))
        layout.addWidget(hint(_("The activities you propose to carry out together. Dates and "
                                "the person in charge can still change; the plan is agreed in "
                                "step 6.")))
        self.activities = RecordTable(
            svc.activities,
            [
                Column("name", _("Activity"), stretch=True),
                Column("start_date", _("Start"), kind="date", width=92),
                Column("end_date", _("End"), kind="date", width=92),
                person_column("person_in_charge", _("Person in charge"), svc,
                              lambda: self.partnership_id, width=136),
                Column("party", _("Party"), kind="choice", choices=party_choices(), width=100),
                Column("planned_cost_sen", _("Planned cost"), kind="money", width=120),
            ],
            add_label=_("Add activity"),
            defaults=lambda: {"name": _("New activity"),
                              "position": next_position(self.activities)},
            message_bar=self.bar,
        )
        self.activities.setObjectName("activityTable")
        fit_table(self.activities)
        layout.addWidget(self.activities)
        self.activities_total = plain_label("hint")
        layout.addWidget(self.activities_total)

        layout.addWidget(section(_("Budget (RAB)")))
        layout.addWidget(hint(_("Each line: what is needed, how many, the cost of one, and who "
                                "pays for it. Type amounts in rupiah, e.g. 350.000.")))
        self.budget = RecordTable(
            svc.budget_lines,
            [
                Column("description", _("Item"), stretch=True),
                Column("quantity", _("Quantity"), kind="decimal", width=70),
                Column("unit", _("Unit"), width=70),
                Column("unit_cost_sen", _("Unit cost"), kind="money", width=120),
                Column("funded_by", _("Funded by"), kind="choice", choices=party_choices(),
                       width=100),
                Column("total_sen", _("Line total"), kind="computed", width=130,
                       compute=budget_line_total),
            ],
            add_label=_("Add budget line"),
            defaults=lambda: {"position": next_position(self.budget)},
            message_bar=self.bar,
        )
        self.budget.setObjectName("budgetTable")
        fit_table(self.budget)
        layout.addWidget(self.budget)

        totals = QFormLayout()
        totals.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        totals.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        captions = {
            Party.PRACTICE: _("Paid by the practice:"),
            Party.PARTNER: _("Paid by the partner:"),
            Party.BOTH: _("Paid by both parties:"),
        }
        self.party_totals: dict[str, QLabel] = {}
        for party, caption in captions.items():
            amount = plain_label("budgetTotal")
            amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            totals.addRow(caption, amount)
            self.party_totals[party.value] = amount
        self.grand_total = plain_label("grandTotal")
        self.grand_total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.grand_total.font()
        font.setBold(True)
        self.grand_total.setFont(font)
        grand_caption = QLabel(_("Grand total:"))
        grand_caption.setFont(font)
        totals.addRow(grand_caption, self.grand_total)
        layout.addWidget(subsection(_("Totals")))
        layout.addLayout(totals)
        layout.addStretch(1)

        self.activities.changed.connect(self._activities_changed)
        self.budget.changed.connect(self._budget_changed)

    # -- building the checklist ----------------------------------------------------------------
    def _build_readiness(self, box: QWidget) -> None:
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 8)
        column.addWidget(section(_("Credentialing readiness (BPJS Kesehatan)")))
        column.addWidget(hint(_("BPJS Kesehatan first checks the administrative requirements: "
                                "all must be met before the technical areas are scored. It "
                                "compares your self-assessment with its own.")))
        column.addWidget(subsection(_("Administrative requirements")))
        self.admin_grid = QGridLayout()
        self.admin_grid.setColumnStretch(0, 3)
        self.admin_grid.setColumnStretch(1, 2)
        self.admin_grid.setVerticalSpacing(4)
        column.addLayout(self.admin_grid)
        profile_row = QHBoxLayout()
        self.profile_button = QPushButton(_("Open the practice &profile…"))
        self.profile_button.clicked.connect(self.open_practice_profile)
        profile_row.addWidget(self.profile_button)
        profile_row.addStretch(1)
        column.addLayout(profile_row)

        column.addWidget(subsection(_("Technical self-assessment")))
        column.addWidget(hint(_("Score each area from 0 to 100 as honestly as BPJS would. The "
                                "weights (percent) are editable: only the weight of human "
                                "resources (25%) is published.")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(plain_label("columnTitle"), 0, 0)
        for col, text in ((1, _("Weight (%)")), (2, _("Self-assessment (0–100)"))):
            title = QLabel(text)
            title.setObjectName("columnTitle")
            grid.addWidget(title, 0, col)
        self.area_labels: dict[str, QLabel] = {}
        for row, area in enumerate(AREAS, start=1):
            label = plain_label()
            weight = QSpinBox()
            weight.setObjectName(f"weight_{area}")
            weight.setRange(0, 100)
            weight.setSuffix(" %")
            score = QSpinBox()
            score.setObjectName(f"score_{area}")
            score.setRange(NOT_SCORED, 100)
            score.setSpecialValueText(_("not scored"))
            score.valueChanged.connect(lambda _v, a=area: self._score_changed(a))
            score.editingFinished.connect(self.save_scores)
            label.setBuddy(score)
            grid.addWidget(label, row, 0)
            grid.addWidget(weight, row, 1)
            grid.addWidget(score, row, 2)
            self.binder.bind_spin(f"weight_{area}", weight)
            self.area_labels[area] = label
            self.area_scores[area] = score
        grid.setColumnStretch(0, 1)
        column.addLayout(grid)
        self.technical_total = plain_label("readinessScore")
        font = self.technical_total.font()
        font.setBold(True)
        self.technical_total.setFont(font)
        column.addWidget(self.technical_total)
        self.weight_note = plain_label("hint")
        column.addWidget(self.weight_note)
        column.addWidget(subsection(_("Still missing for credentialing")))
        self.missing_list = plain_label("missingList")
        column.addWidget(self.missing_list)

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        partnership = self.svc.partnerships.get(self.partnership_id)
        is_bpjs = partnership.partner_type == PartnerType.BPJS
        self.readiness_box.setVisible(is_bpjs)
        self._pending_scores.clear()
        self._score_timer.stop()
        if is_bpjs:
            self.binder.load(partnership)
            self._build_admin_rows(partnerships.readiness(self.svc, self.partnership_id))
            self.refresh_readiness()
        self.activities.show_for(self.partnership_id)
        self.budget.show_for(self.partnership_id)
        self.refresh_activity_total()
        self.refresh_budget()

    def flush(self) -> bool:
        tables = all([self.activities.flush(), self.budget.flush()])
        for row in self.admin_rows:
            row.save_note()  # a note still being typed
        saved = self.save_scores()
        return self.binder.flush() and saved and tables

    def _build_admin_rows(self, readiness: Readiness) -> None:
        while self.admin_grid.count():
            item = self.admin_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.admin_rows = []
        self.area_items = {}
        row = 0
        for line in readiness.lines:
            if line.category == "technical":
                self.area_items[line.area] = line.id
                if line.area in self.area_labels:
                    self.area_labels[line.area].setText(line.label)
                continue
            admin = AdministrativeRow(self, line)
            self.admin_grid.addWidget(admin.requirement, row, 0)
            self.admin_grid.addWidget(admin.beside, row, 1, Qt.AlignmentFlag.AlignTop)
            admin.requirement.show()  # at once, not when the layout gets round to it
            admin.beside.show()
            self.admin_rows.append(admin)
            row += 1
        for area, spin in self.area_scores.items():
            spin.setEnabled(area in self.area_items)

    def refresh_readiness(self) -> None:
        if not self.partnership_id or self.readiness_box.isHidden():
            return
        readiness = partnerships.readiness(self.svc, self.partnership_id)
        lines = {line.id: line for line in readiness.lines}
        needs = {need.item_id: need
                 for need in credentialing.requirements(self.svc, self.partnership_id)}
        for admin in self.admin_rows:
            if admin.id in lines:
                line = lines[admin.id]
                admin.show(line, self._source_of(line))
                admin.show_evidence(needs.get(admin.id))
        for line in readiness.lines:
            spin = self.area_scores.get(line.area) if line.category == "technical" else None
            if spin is not None and line.area not in self._pending_scores:
                blocker = spin.blockSignals(True)
                spin.setValue(NOT_SCORED if line.score is None else line.score)
                spin.blockSignals(blocker)
        scored = any(line.score is not None for line in readiness.lines
                     if line.category == "technical")
        self.technical_total.setText(
            _("Weighted score of the technical areas: {score} of 100").format(
                score=format_decimal(readiness.technical_score, format="0.##",
                                     locale=babel_locale()))
            if scored else _("No technical area scored yet."))
        weight_sum = sum(readiness.weights.values())
        self.weight_note.setText(
            "" if weight_sum == 100 else
            _("The weights add up to {sum}%, not 100%: the score is weighed by their sum.")
            .format(sum=weight_sum))
        self.weight_note.setVisible(weight_sum != 100)
        missing = readiness.missing
        if missing:
            lines_text = "\n".join(f"•  {line.label}" for line in missing)
            text = lines_text + "\n" + _("BPJS scores the technical areas only once every "
                                         "administrative requirement is met.")
        else:
            text = _("Nothing: every administrative requirement is met.")
        # Met, yet not for long enough: a jejaring PKS that ends before the PKS with BPJS.
        lapses = [lapse.shown for need in needs.values() for lapse in need.lapses]
        if lapses:
            text += "\n" + "\n".join(f"⚠  {lapse}" for lapse in lapses)
        self.missing_list.setText(text)
        self.missing_list.setProperty("complete", not missing and not lapses)
        self.missing_list.style().unpolish(self.missing_list)
        self.missing_list.style().polish(self.missing_list)

    def _source_of(self, line: ReadinessLine) -> str:
        if line.code in PKS_PARTNER_TYPES:
            return _("Met when that partnership's agreement is signed.")
        if line.code != "sip":
            return _("From the practice profile.")
        practice = self.svc.practices.get(
            self.svc.partnerships.get(self.partnership_id).practice_id)
        expires = practice.sip_expires
        if not practice.sip_number:
            return _("From the practice profile: no SIP number yet.")
        if expires is None:
            return _("From the practice profile: SIP expiry date not filled in.")
        when = format_date(expires, babel_locale())
        if expires < date.today():
            return _("From the practice profile: the SIP expired on {date}.").format(date=when)
        return _("From the practice profile: SIP valid until {date}.").format(date=when)

    # -- saving the checklist ------------------------------------------------------------------
    def set_met(self, item_id: int, met: bool) -> None:
        self._update_item(item_id, met=met)

    def set_note(self, item_id: int, note: str) -> None:
        self._update_item(item_id, note=note)

    def _update_item(self, item_id: int, **values: Any) -> bool:
        try:
            self.svc.readiness_items.update(item_id, **values)
        except UserError as error:
            self.bar.show_error(error.message)
            self.refresh_readiness()
            return False
        self.refresh_readiness()
        self.changed.emit()
        return True

    def _score_changed(self, area: str) -> None:
        self._pending_scores.add(area)
        self._score_timer.start()

    def save_scores(self) -> bool:
        self._score_timer.stop()
        ok = True
        for area in sorted(self._pending_scores):
            item_id = self.area_items.get(area)
            if item_id is None:
                continue
            value = self.area_scores[area].value()
            try:
                self.svc.readiness_items.update(
                    item_id, score=None if value == NOT_SCORED else value)
            except UserError as error:
                self.bar.show_error(error.message)
                ok = False
        had_pending = bool(self._pending_scores)
        self._pending_scores.clear()
        if had_pending:
            self.refresh_readiness()
            self.changed.emit()
        return ok

    def open_evidence(self, item_id: int) -> None:
        from ..dialogs.evidence import EvidenceDialog

        EvidenceDialog(self.svc, self.partnership_id, item_id, self, self.settings).exec()
        self.refresh_readiness()
        self.changed.emit()

    def open_practice_profile(self) -> None:
        from ..dialogs.practice_profile import PracticeProfileDialog

        PracticeProfileDialog(self.svc, self).exec()
        self.refresh_readiness()
        self.changed.emit()

    # -- work plan and budget ------------------------------------------------------------------
    def _activities_changed(self) -> None:
        self.refresh_activity_total()
        self.changed.emit()

    def _budget_changed(self) -> None:
        self.refresh_budget()
        self.changed.emit()

    def refresh_activity_total(self) -> None:
        records = self.activities.model.records
        total = sum(record.planned_cost_sen for record in records)
        self.activities_total.setText(
            _("Planned cost of all activities: {amount}").format(amount=format_rupiah(total))
            if records else "")
        self.activities_total.setVisible(bool(records))

    def refresh_budget(self) -> None:
        summary = partnerships.budget_summary(self.svc, self.partnership_id)
        for party, label in self.party_totals.items():
            label.setText(rupiah_with_words(summary.per_party_sen.get(party, 0)))
        self.grand_total.setText(rupiah_with_words(summary.grand_total_sen))
