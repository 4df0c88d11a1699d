"""Step 5 — the agreement: draft from a template, edit, preview, print, finalize, sign, addendum."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import agreement_check
from kemitraan_desktop.domain import clauses as templates
from kemitraan_desktop.domain.enums import (
    AgreementKind,
    AgreementStatus,
    DraftedBy,
    Paper,
    PartnerType,
)
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.identity import AUTHORITY_KINDS, ID_KINDS
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.domain.validation import mask_id_number
from kemitraan_desktop.i18n import _, ngettext
from kemitraan_desktop.services import agreements, people
from kemitraan_desktop.services.files import copy_for_viewing

from ..autosave import FieldBinder
from ..date_field import DateField
from ..formatting import screen_date
from ..pdf_view import PdfPreview, print_pdf
from ..people import PersonPicker, bind_person, side_of
from ..proposals import clear_proposed, is_proposed, mark_proposed
from ..record_table import Column, RecordTable
from ..save_pdf import ask_pdf_target
from .base import StepPage, add_field, error_label, hint, text_box
from .capitation import (
    capitation_box,
    capitation_field,
    propose_capitation,
    read_capitation,
    rupiah_text,
)
from .partner_agreement import PartnerAgreementPanel, PartnerTextStart, start_partner_addendum


def show_error(label: QLabel, editor: QWidget, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))
    editor.setProperty("invalid", bool(message))
    editor.style().unpolish(editor)
    editor.style().polish(editor)


class ClauseEditor(QWidget):
    """Recitals or articles: a list to pick, move, add and delete; the text beside it."""

    def __init__(self, page: AgreementPage, kind: str) -> None:
        super().__init__(page)
        self._page = page
        self._svc = page.svc
        self.kind = kind
        self.agreement_id = 0
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._selected)
        self.add = QPushButton(_("Add"), self)
        self.add.clicked.connect(self._add)
        self.remove = QPushButton(_("Delete"), self)
        self.remove.clicked.connect(self._remove)
        self.up = QPushButton("▲", self)
        self.up.setToolTip(_("Move up"))
        self.up.clicked.connect(lambda: self._move(-1))
        self.down = QPushButton("▼", self)
        self.down.setToolTip(_("Move down"))
        self.down.clicked.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for button in (self.add, self.remove, self.up, self.down):
            buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(buttons)

        self.title = QLineEdit(self)
        self.body = text_box(14)
        self.body.setMaximumHeight(16777215)
        self.binder = FieldBinder(self._save, self)
        self.binder.report_to(page.bar)
        self.binder.saved.connect(lambda _f: self._refresh_label())
        right = QWidget(self)
        form = QFormLayout(right)
        form.setContentsMargins(0, 0, 0, 0)
        if kind == "article":
            self.binder.bind_line("title", self.title, add_field(form, "title", self.title,
                                                                 _("Article title")),
                                  shown=agreement_check.editable_text,
                                  stored=agreement_check.stored_text)
        else:
            self.title.hide()
            form.addRow(hint(_("Each recital starts with “bahwa” and ends with “;”.")))
        # The facts the program fills in show as their names («the start date»), not braces.
        self.binder.bind_text("body", self.body, add_field(form, "body", self.body),
                              shown=agreement_check.editable_text,
                              stored=agreement_check.stored_text)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([240, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.records: list = []
        self.read_only = False

    def _label(self, number: int, record) -> str:  # noqa: ANN001
        if self.kind == "article":
            return f"Pasal {number}  {agreement_check.editable_text(record.title)}"
        first = " ".join(agreement_check.editable_text(record.body).split()[:8])
        return f"{chr(ord('a') + (number - 1) % 26)}. {first}…"

    def show_agreement(self, agreement_id: int, read_only: bool,
                       select: int | None = None) -> None:
        """Show the clauses of *agreement_id*; the clause shown before (or *select*) stays
        selected wherever it now stands."""
        self.binder.flush()
        shown = self.binder.record
        keep = select if select is not None else (
            shown.id if shown is not None and self.agreement_id == agreement_id else None)
        current = self.list.currentRow()
        self.agreement_id = agreement_id
        self.read_only = read_only
        self.records = self._svc.clauses.list(agreement_id, kind=self.kind)
        self.list.blockSignals(True)
        self.list.clear()
        for number, record in enumerate(self.records, start=1):
            self.list.addItem(QListWidgetItem(self._label(number, record)))
        self.list.blockSignals(False)
        for widget in (self.add, self.remove, self.up, self.down):
            widget.setEnabled(not read_only)
        self.binder.set_read_only(read_only)
        if self.records:
            row = next((n for n, r in enumerate(self.records) if r.id == keep),
                       min(max(current, 0), len(self.records) - 1))
            self.list.blockSignals(True)
            self.list.setCurrentRow(row)
            self.list.blockSignals(False)
            self._selected(row)
        else:
            self.binder.load(None)

    def _selected(self, row: int) -> None:
        self.binder.flush()  # to the clause it was loaded with, not to the one now selected
        if 0 <= row < len(self.records):
            self.records[row] = self._svc.clauses.get(self.records[row].id)
            self.binder.load(self.records[row])

    def _current(self):  # noqa: ANN202
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _row_of(self, clause_id: int) -> int:
        return next((n for n, r in enumerate(self.records) if r.id == clause_id), -1)

    def _save(self, values: dict) -> None:
        record = self.binder.record
        if record is None:
            return
        stored = self._svc.clauses.update(record.id, **values)
        row = self._row_of(stored.id)
        if row >= 0:
            self.records[row] = stored

    def _refresh_label(self) -> None:
        record = self.binder.record
        row = self._row_of(record.id) if record is not None else -1
        if row >= 0:
            self.list.item(row).setText(self._label(row + 1, self.records[row]))

    def _add(self) -> None:
        self.binder.flush()
        body = "bahwa …;" if self.kind == "recital" else ""
        title = _("New article") if self.kind == "article" else ""
        try:
            record = agreements.add_clause(self._svc, self.agreement_id, self.kind, title, body)
        except UserError as error:
            self._page.bar.show_error(error.message)
            return
        self.show_agreement(self.agreement_id, self.read_only, select=record.id)
        editor = self.title if self.kind == "article" else self.body
        editor.setFocus()
        if self.kind == "article":
            self.title.selectAll()  # typing replaces "New article"

    def _remove(self) -> None:
        record = self._current()
        if record is None:
            return
        self.binder.flush()
        try:
            removed = self._svc.clauses.delete(record.id)
        except UserError as error:
            self._page.bar.show_error(error.message)
            return
        self.show_agreement(self.agreement_id, self.read_only)
        self._page.bar.show_undo(
            _("Article deleted.") if self.kind == "article" else _("Recital deleted."),
            lambda: self._restore(removed))

    def _restore(self, record) -> None:  # noqa: ANN001
        try:
            restored = self._svc.clauses.restore(record)
        except UserError as error:
            self._page.bar.show_error(error.message)
            return
        if restored.agreement_id == self.agreement_id:
            self.show_agreement(self.agreement_id, self.read_only, select=restored.id)

    def _move(self, delta: int) -> None:
        record = self._current()
        if record is None:
            return
        self.binder.flush()
        agreements.move_clause(self._svc, record.id, delta)
        self.show_agreement(self.agreement_id, self.read_only, select=record.id)

    def flush(self) -> bool:
        return self.binder.flush()


def _party_as_shown(record):  # noqa: ANN001, ANN202
    """A party row as its fields show it: the doctor's NIK, which comes from the profile and
    is not typed here, masked (its full digits are needed only in the profile and the PKS)."""
    if record.party == "practice" and record.own_behalf:
        return replace(record, signatory_id_number=mask_id_number(record.signatory_id_number))
    return record



def paper_note(paper: str, final: bool) -> str:
    """Beneath the paper: the final PDF keeps the paper chosen before finalizing, and the sealed
    text still prints on the other paper (Save as PDF), a print the verification accepts."""
    chosen = Paper(paper)
    other = Paper.F4 if chosen is Paper.A4 else Paper.A4
    names = {"paper": chosen.value.upper(), "other": other.value.upper()}
    if final:
        return _("The final PDF is stored on {paper} paper, and that choice is kept. To print "
                 "on {other}, choose “PDF, paper {other}” as the file type in Save as PDF…: "
                 "the text is the same, and that print is verified too.").format(**names)
    return _("When you finalize, the final PDF is stored on the paper chosen here ({paper}) "
             "and that choice is kept. The final text can still be saved on {other} later "
             "(Save as PDF…).").format(**names)


class AgreementPage(StepPage):
    number = 5

    def __init__(self, svc, parent=None) -> None:  # noqa: ANN001
        super().__init__(svc, parent)
        self.agreement = None
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(12, 8, 12, 12)

        # -- no agreement yet: start one -------------------------------------------------------
        self.start_panel = QWidget(self.body)
        start = QFormLayout(self.start_panel)
        self.kind = QComboBox(self.start_panel)
        for kind in (AgreementKind.PKS, AgreementKind.MOU):
            self.kind.addItem(kind.label, kind.value)
        self.template = QComboBox(self.start_panel)
        self.kind.currentIndexChanged.connect(lambda _index: self._fill_templates())
        self.start_date = DateField(self.start_panel, field="start_date")
        self.end_date = DateField(self.start_panel, field="end_date")
        self.end_date.follow(self.start_date)
        # Asked where the PKS states it (Pasal Pembiayaan), proposed from the regulation.
        self.start_capitation = capitation_field(self.start_panel)
        self.start_capitation_label = QLabel(_("Capitation per member per month"))
        self.start_capitation_label.setBuddy(self.start_capitation)
        self.start_capitation_error = error_label()
        self.start_date.edited.connect(self._start_moved)
        self._end_proposed_for: date | None = None  # the start the end date was proposed for
        self.signing_date = DateField(self.start_panel, field="agreement_date")
        create = QPushButton(_("Create the draft"), self.start_panel)
        create.clicked.connect(self._create)
        start.addRow(hint(_("The draft starts from the clause template of the partner type and "
                            "is filled from steps 1–4: goals become Maksud dan Tujuan, roles "
                            "become Hak dan Kewajiban, the budget becomes Pembiayaan.")))
        start.addRow(_("Kind"), self.kind)
        start.addRow(_("Template"), self.template)
        self.start_errors = {
            "start_date": add_field(start, "start_date", self.start_date, _("Start date")),
            "end_date": add_field(start, "end_date", self.end_date, _("End date")),
            "agreement_date": add_field(start, "agreement_date", self.signing_date,
                                        _("Planned signing day")),
        }
        for field, editor in (("start_date", self.start_date), ("end_date", self.end_date),
                              ("agreement_date", self.signing_date)):
            editor.set_error_label(self.start_errors[field])
        start.addRow("", hint(_("The day both parties are to sign: the agreement opens with it "
                                "(“Pada hari ini …”). Change it in the draft when the day is "
                                "set.")))
        self.start_capitation_box = capitation_box(self.start_capitation,
                                                   self.start_capitation_error)
        start.addRow(self.start_capitation_label, self.start_capitation_box)
        start.addRow(create)
        self.partner_start = PartnerTextStart(svc, self.bar, self.kind, self.start_panel)
        self.partner_start.started.connect(self._partner_started)
        start.addRow(self.partner_start)
        layout.addWidget(self.start_panel)

        # -- an agreement: versions, status, actions ---------------------------------------------
        self.main_panel = QWidget(self.body)
        main = QVBoxLayout(self.main_panel)
        main.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.versions = QComboBox(self.main_panel)
        self.versions.currentIndexChanged.connect(self._version_chosen)
        self.status = QLabel(self.main_panel)
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        top.addWidget(QLabel(_("Version")))
        top.addWidget(self.versions, 1)
        main.addLayout(top)
        main.addWidget(self.status)

        actions = QHBoxLayout()
        self.preview_button = QPushButton(_("&Preview"), self.main_panel)
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton(_("P&rint…"), self.main_panel)
        self.print_button.clicked.connect(self.print_agreement)
        self.save_button = QPushButton(_("Save as PDF…"), self.main_panel)
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton(_("Open in viewer"), self.main_panel)
        self.open_button.clicked.connect(self.open_external)
        self.finalize_button = QPushButton(_("&Finalize…"), self.main_panel)
        self.finalize_button.clicked.connect(self.finalize)
        self.sign_button = QPushButton(_("Record &signing…"), self.main_panel)
        self.sign_button.clicked.connect(self.sign)
        self._signing_gaps: tuple[str, ...] = ()  # what a signed version's record lacks
        self._draft_addendum = False  # the version shown is a draft adendum (it may go)
        self.addendum_button = QPushButton(_("Make an &addendum"), self.main_panel)
        self.addendum_button.clicked.connect(self.addendum)
        self.partner_addendum_button = QPushButton(_("Record the partner's addendum…"),
                                                   self.main_panel)
        self.partner_addendum_button.clicked.connect(self.partner_addendum)
        for button in (self.preview_button, self.print_button, self.save_button,
                       self.open_button):
            actions.addWidget(button)
        actions.addStretch(1)
        lifecycle = QHBoxLayout()
        for button in (self.finalize_button, self.sign_button, self.addendum_button,
                       self.partner_addendum_button):
            lifecycle.addWidget(button)
        lifecycle.addStretch(1)
        main.addLayout(actions)
        main.addLayout(lifecycle)

        self.tabs = QTabWidget(self.main_panel)
        general = QWidget()
        form = QFormLayout(general)
        self.binder = FieldBinder(self._save, self)
        self.binder.report_to(self.bar)
        self.subject = QLineEdit()
        self.binder.bind_line("subject", self.subject,
                              add_field(form, "subject", self.subject, _("Subject (TENTANG)")))
        self.place = QLineEdit()
        self.binder.bind_line("place", self.place, add_field(form, "place", self.place))
        self.agreement_date = DateField(field="agreement_date")
        self.binder.bind_date("agreement_date", self.agreement_date,
                              add_field(form, "agreement_date", self.agreement_date))
        self.date_words = hint("")
        self.date_words.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.date_words)
        self.valid_from = DateField(field="start_date")
        self.valid_from.set_related(lambda: self.agreement.agreement_date if self.agreement
                                    else None)
        self.binder.bind_date("start_date", self.valid_from,
                              add_field(form, "start_date", self.valid_from))
        self.valid_to = DateField(field="end_date")
        self.valid_to.follow(self.valid_from)
        self.binder.bind_date("end_date", self.valid_to,
                              add_field(form, "end_date", self.valid_to))
        self.capitation = capitation_field()
        self.capitation_label = QLabel(_("Capitation per member per month"))
        self.capitation_label.setBuddy(self.capitation)
        self.capitation_error = error_label()
        self.capitation_box = capitation_box(self.capitation, self.capitation_error)
        form.addRow(self.capitation_label, self.capitation_box)
        self.capitation.editingFinished.connect(self._save_capitation)
        self.paper = QComboBox()
        self.paper.addItem(_("A4 (210 × 297 mm)"), "a4")
        self.paper.addItem(_("F4 / folio (215 × 330 mm)"), "f4")
        self.binder.bind_combo("paper", self.paper)
        form.addRow(_("Paper"), self.paper)
        self.paper_note = hint("")
        self.paper_note.setObjectName("paperNote")
        self.paper_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.paper_note)
        self.tabs.addTab(general, _("General"))

        self.parties = RecordTable(
            svc.agreement_parties,
            # What the profile and the registry hold is shown here and changed there; the rest
            # of a party is typed in the fields under the table.
            [Column("organisation", _("Organisation"), width=190, editable=False),
             Column("number", _("Number"), width=160),
             Column("signatory_name", _("Signatory"), width=170, editable=False),
             Column("signatory_position", _("Position"), width=150),
             Column("signatory_id_number", _("NIK/NPP/NIP"), width=130, mask=mask_id_number,
                    editable=False),
             Column("address", _("Address"), stretch=True, editable=False)],
            add_label=_("Add party"), defaults=lambda: {"party": "partner", "ordinal": 3},
            message_bar=self.bar)
        self.parties.add_button.hide()
        self.parties.delete_button.hide()
        self.parties.view.setFixedHeight(124)  # the header, both parties and a scroll bar
        parties_box = QWidget()
        parties_layout = QVBoxLayout(parties_box)
        parties_layout.addWidget(hint(_("The first row is PIHAK PERTAMA (PIHAK KESATU in a BPJS "
                                        "PKS), the second PIHAK KEDUA. The practice's number is "
                                        "given when the agreement is finalized if left empty; "
                                        "the partner writes its own agenda number.")))
        parties_layout.addWidget(self.parties)
        parties_layout.addWidget(self._party_details())
        parties_layout.addStretch(1)
        self.tabs.addTab(parties_box, _("Parties"))
        self.recitals = ClauseEditor(self, "recital")
        self.tabs.addTab(self.recitals, _("Recitals"))
        self.articles = ClauseEditor(self, "article")
        self.tabs.addTab(self.articles, _("Articles (Pasal)"))
        self.pdf = PdfPreview()
        self.tabs.addTab(self.pdf, _("Preview"))
        self.tabs.currentChanged.connect(self._tab_changed)
        main.addWidget(self.tabs, 1)
        # The partner's own text (a BPJS branch's PKS) is recorded here instead of our clauses.
        self.partner_panel = PartnerAgreementPanel(svc, self.bar, self.main_panel,
                                                   settings=lambda: self.settings)
        self.partner_panel.hide()
        self.partner_panel.changed.connect(self.changed)
        self.partner_panel.reload.connect(self._show_version)
        main.addWidget(self.partner_panel, 1)
        self._our_text = (self.tabs, self.preview_button, self.print_button, self.save_button,
                          self.open_button, self.finalize_button, self.sign_button,
                          self.addendum_button, self.partner_addendum_button)
        layout.addWidget(self.main_panel, 1)
        self.parties.changed.connect(self.changed)

    def _fill_signatory(self, party_id: int) -> bool:
        """A signatory picked by name brings what the PKS prints of them: position, NIK/NPP
        and basis of authority, as kept with the person."""
        party = self.svc.agreement_parties.get(party_id)
        person = people.find(people.people_of(self.svc, self.partnership_id),
                             party.signatory_name)
        if person is None:
            return False
        values = {field: value for field, value in people.signatory_fields(person).items()
                  if value and value != getattr(party, field)}
        if values:
            self.svc.agreement_parties.update(party.id, **values)
            self.parties.reload()
        return bool(values)

    def _party_details(self) -> QWidget:
        """The fields of the party selected above: who signs, on what authority, with which
        identity number — what finalize requires of each party."""
        box = QWidget()
        self.party_binder = self.parties.details_binder(self._save_party, self,
                                                        present=_party_as_shown)
        self.party_binder.report_to(self.bar)
        self.party_source = hint("")
        self.party_source.setTextFormat(Qt.TextFormat.PlainText)
        self.own_behalf = QCheckBox(_("The doctor signs “untuk dan atas nama sendiri”"))
        self.party_binder.bind_check("own_behalf", self.own_behalf)
        self.signatory = PersonPicker(self.svc)
        self.authority_kind = QComboBox()
        for kind in AUTHORITY_KINDS:
            self.authority_kind.addItem(_(kind.label), kind.code)
        self.authority_kind.insertItem(0, "—", "")
        self.authority_number = QLineEdit()
        self.authority_number.setPlaceholderText(_("For example: 0321/KEP/0125"))
        self.authority_date = DateField(field="authority_date")
        self.authority_more = QLineEdit()
        self.authority_more.setPlaceholderText(_("Anything more, e.g. the SIPA beside the SIA"))
        self.id_kind = QComboBox()
        for code, label in ID_KINDS:
            self.id_kind.addItem(_(label), code)
        self.id_number = QLineEdit()
        for combo in (self.authority_kind, self.id_kind):
            # Long names of documents must not widen the tabs past a 1280 × 720 screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        bind_person(self.party_binder, "signatory_name", self.signatory,
                    add_field(left, "signatory_name", self.signatory))
        left.addRow(_("Identity number"), self.id_kind)
        self.party_binder.bind_combo("id_kind", self.id_kind)
        self.party_binder.bind_line(
            "signatory_id_number", self.id_number,
            add_field(left, "signatory_id_number", self.id_number, _("Number")))
        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right.addRow(_("Basis of authority"), self.authority_kind)
        self.party_binder.bind_combo("authority_kind", self.authority_kind)
        self.party_binder.bind_line(
            "authority_number", self.authority_number,
            add_field(right, "authority_number", self.authority_number, _("Its number")))
        self.party_binder.bind_date(
            "authority_date", self.authority_date,
            add_field(right, "authority_date", self.authority_date, _("Its date")))
        self.party_binder.bind_line(
            "authority", self.authority_more,
            add_field(right, "authority", self.authority_more, _("More (as typed)")))
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.party_source, 0, 0, 1, 2)
        grid.addWidget(self.own_behalf, 1, 0, 1, 2)
        grid.addLayout(left, 2, 0)
        grid.addLayout(right, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for editor in (self.signatory, self.id_number, self.authority_number,
                       self.authority_more):
            editor.setMinimumWidth(120)
            editor.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.parties.current_changed.connect(self._party_chosen)
        return box

    def _save_party(self, party_id: int, values: dict) -> object:
        record = self.svc.agreement_parties.update(party_id, **values)
        if "signatory_name" in values and self._fill_signatory(party_id):
            record = self.svc.agreement_parties.get(party_id)
            self.party_binder.load(_party_as_shown(record))
        if "own_behalf" in values and self.agreement is not None:
            # Signing for themself again: the doctor's name, SIP and NIK come from the profile.
            agreements.refresh_draft(self.svc, self.agreement.id)
            record = self.svc.agreement_parties.get(party_id)
            self.party_binder.load(_party_as_shown(record))
            self._party_chosen(record)
        self.changed.emit()
        return record

    def _party_chosen(self, record) -> None:  # noqa: ANN001
        """Which of the party's facts are typed here and which come from elsewhere."""
        locked = self.agreement is None or AgreementStatus(self.agreement.status).locked
        practice = record is not None and record.party == "practice"
        from_profile = practice and record.own_behalf
        self.own_behalf.setVisible(practice)
        # The signatory is picked from that side's people (a new name is kept as theirs).
        self.signatory.set_side(side_of(record) if record is not None else "practice")
        self.signatory.show_for(self.partnership_id)
        if record is None:
            self.party_source.setText("")
        elif from_profile:
            self.party_source.setText(_("The doctor's name, SIP and NIK, the practice's name and "
                                        "address come from the practice profile: change them "
                                        "there."))
        elif practice:
            self.party_source.setText(_("The practice's name and address come from the practice "
                                        "profile; type who signs for it and on what authority."))
        else:
            self.party_source.setText(_("The partner's name and address come from the partner "
                                        "registry; type who signs for it, the basis of their "
                                        "authority and their identity number as the partner "
                                        "gives them."))
        self.own_behalf.setEnabled(not locked)
        for editor in (self.signatory, self.id_number, self.authority_number,
                       self.authority_date):
            editor.setReadOnly(locked or from_profile)
        for editor in (self.id_kind, self.authority_kind):
            editor.setEnabled(not (locked or from_profile))
        self.authority_more.setReadOnly(locked)

    # -- loading -------------------------------------------------------------------------------
    def _fill_templates(self) -> None:
        """The templates of the chosen kind written for this partner type, the proposed one
        first and current: choosing MoU offers the MoU text, not the PKS it had."""
        if not self.partnership_id:
            return
        partner_type = self.svc.partnerships.get(self.partnership_id).partner_type
        self.template.clear()
        for template in templates.templates_offered(partner_type, self.kind.currentData()):
            self.template.addItem(template.name, template.code)
        self.template.setCurrentIndex(0)

    def load(self) -> None:
        partnership = self.svc.partnerships.get(self.partnership_id)
        versions = self.svc.agreements.list(self.partnership_id)
        self.start_panel.setVisible(not versions)
        self.main_panel.setVisible(bool(versions))
        if not versions:
            self._fill_templates()
            today = date.today()
            self._propose_start(templates.proposed_start_date(today, partnership.partner_type),
                                today)
            self.signing_date.set_value(today)
            bpjs = partnership.partner_type == PartnerType.BPJS
            self.start_capitation_label.setVisible(bpjs)
            self.start_capitation_box.setVisible(bpjs)
            self.start_capitation_error.hide()
            if bpjs and (is_proposed(self.start_capitation)
                         or not self.start_capitation.text().strip()):
                propose_capitation(self.start_capitation)
            self.partner_start.show_partnership(self.partnership_id, partnership.partner_type)
            return
        keep = self.agreement.id if self.agreement is not None and any(
            v.id == self.agreement.id for v in versions) else versions[-1].id
        self.versions.blockSignals(True)
        self.versions.clear()
        for version in versions:
            self.versions.addItem(
                f"{version.version} — {AgreementKind(version.kind).label} "
                f"({AgreementStatus(version.status).label})", version.id)
        self.versions.setCurrentIndex(self.versions.findData(keep))
        self.versions.blockSignals(False)
        self._show(keep)

    def _version_chosen(self, _index: int) -> None:
        agreement_id = self.versions.currentData()
        if agreement_id:
            self.flush()
            self._show(int(agreement_id))

    def _show_version(self, agreement_id: int) -> None:
        """Load again, showing *agreement_id* (0: the newest version)."""
        if not agreement_id:
            self.agreement = None
        self.load()

    def _show(self, agreement_id: int) -> None:
        # A draft's parties and text follow the profile and the registry as they are now.
        agreements.refresh_draft(self.svc, agreement_id)
        self.agreement = self.svc.agreements.get(agreement_id)
        status = AgreementStatus(self.agreement.status)
        partner_text = self.agreement.drafted_by == DraftedBy.PARTNER
        self.partner_panel.setVisible(partner_text)
        for widget in self._our_text:
            widget.setVisible(not partner_text)
        if partner_text:
            self.partner_panel.show_agreement(agreement_id)
            self.status.setText(self.partner_panel.status_text())
            return
        locked = status.locked
        self.binder.load(self.agreement)
        self.binder.set_read_only(locked)
        # A BPJS PKS states the capitation (0 until it is written); other agreements none.
        stated = self.svc.partnerships.get(self.partnership_id).partner_type == PartnerType.BPJS
        self.capitation_label.setVisible(stated)
        self.capitation_box.setVisible(stated)
        self.capitation_error.hide()
        rate = self.agreement.capitation_rate_sen
        self.capitation.setText(rupiah_text(rate) if stated and rate else "")
        self.capitation.setReadOnly(locked)
        self._date_words()
        self.paper_note.setText(paper_note(self.agreement.paper, locked))
        self.parties.show_for(agreement_id)
        if self.parties.current_record() is None and self.parties.model.rowCount():
            self.parties.select_row(0)
        self.parties.set_read_only(locked)
        self._party_chosen(self.parties.current_record())
        self.recitals.show_agreement(agreement_id, locked)
        self.articles.show_agreement(agreement_id, locked)
        text = _("Status: {status}.").format(status=status.label)
        if status is AgreementStatus.DRAFT:
            text += " " + _("Edit freely; the preview carries a DRAFT mark until you finalize.")
        elif status is AgreementStatus.FINAL:
            text += " " + _("Locked: the final PDF is stored with its SHA-256 ({sha}…). Print "
                            "it, have it signed over meterai, then record the signing.").format(
                sha=self.agreement.final_pdf_sha256[:12])
        else:
            text += " " + _("Locked: a signed agreement cannot change. To change it, make an "
                            "addendum (a new version).")
            if self.agreement.signed_on:
                text += " " + _("Signed on {date}.").format(
                    date=screen_date(self.agreement.signed_on))
        self.status.setText(text)
        # On a server shared by named users, finalizing and signing are the doctor's: the
        # buttons say so rather than let the front desk fill a dialog the services refuse.
        may_finalize = self.svc.access.allows(Action.FINALIZE)
        may_sign = self.svc.access.allows(Action.SIGN)
        self.finalize_button.setEnabled(status is AgreementStatus.DRAFT and may_finalize)
        # Signed without the partner's number or the scan: the same button adds them later.
        self._signing_gaps = agreements.signing_gaps(self.svc, self.agreement.id)
        self.sign_button.setText(_("Complete the signing record…") if self._signing_gaps
                                 else _("Record &signing…"))
        self.sign_button.setEnabled(
            (status is AgreementStatus.FINAL or bool(self._signing_gaps)) and may_sign)
        signed = status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
        self.partner_addendum_button.setEnabled(signed and may_sign)
        only_the_doctor = _("Only the doctor of the practice finalizes and signs agreements.")
        for button, allowed in ((self.finalize_button, may_finalize),
                                (self.sign_button, may_sign),
                                (self.partner_addendum_button, may_sign)):
            button.setToolTip("" if allowed else only_the_doctor)
        # A draft adendum nobody wants is thrown away with the same button (and undone).
        self._draft_addendum = status is AgreementStatus.DRAFT and bool(self.agreement.parent_id)
        self.addendum_button.setText(_("Delete the draft addendum") if self._draft_addendum
                                     else _("Make an &addendum"))
        self.addendum_button.setEnabled(signed or self._draft_addendum)
        if self.tabs.currentWidget() is self.pdf:
            self.preview()

    def _propose_start(self, start: date, today: date) -> None:
        """The start a new draft proposes, and the end a year less a day after it; a start
        other than today (a BPJS PKS from the next first of a month) is marked as proposed."""
        self.start_date.set_value(start)
        self.end_date.set_value(templates.default_end_date(start))
        self._end_proposed_for = start
        if start != today:
            mark_proposed(self.start_date, _("Proposed: a BPJS PKS runs from the first day of a "
                                             "month. Type another date if the branch office "
                                             "sets one."))
        else:
            clear_proposed(self.start_date)

    def _start_moved(self) -> None:
        """A new start date moves the end date the program proposed (a year less a day);
        an end date the person typed stays as typed."""
        start = self.start_date.date_or_none()
        proposed_for, self._end_proposed_for = self._end_proposed_for, start
        if start is None or proposed_for is None or self.end_date.text().strip() and \
                self.end_date.date_or_none() != templates.default_end_date(proposed_for):
            self._end_proposed_for = None  # the person's own end date: it stays
            return
        self.end_date.set_value(templates.default_end_date(start))

    def _date_words(self) -> None:
        when = self.agreement.agreement_date if self.agreement is not None else None
        from kemitraan_desktop.domain.dates import opening_date_phrase

        self.date_words.setText(opening_date_phrase(when) if when else "")

    def _save(self, values: dict) -> None:
        self.agreement = self.svc.agreements.update(self.agreement.id, **values)
        self._date_words()
        self.paper_note.setText(paper_note(self.agreement.paper, False))
        self.changed.emit()

    def _save_capitation(self) -> bool:
        if self.agreement is None or not self.capitation_box.isVisibleTo(self) \
                or self.capitation.isReadOnly():
            return True
        if not self.capitation.text().strip() and not self.agreement.capitation_rate_sen:
            return True  # not written yet, and nothing written before
        try:
            rate = read_capitation(self.capitation)
            if rate != self.agreement.capitation_rate_sen:
                self.agreement = agreements.set_capitation(self.svc, self.agreement.id, rate)
                self.articles.show_agreement(self.agreement.id, False)
                self.changed.emit()
        except UserError as error:
            show_error(self.capitation_error, self.capitation, error.message)
            return False
        show_error(self.capitation_error, self.capitation, "")
        self.capitation.setText(rupiah_text(rate))
        return True

    def flush(self) -> bool:
        return all([self.binder.flush(), self._save_capitation(), self.parties.flush(),
                    self.recitals.flush(), self.articles.flush(), self.partner_panel.flush()])

    # -- actions ---------------------------------------------------------------------------------
    def _create(self) -> None:
        capitation = None
        if self.start_capitation_box.isVisibleTo(self.start_panel):
            try:
                capitation = read_capitation(self.start_capitation)
            except UserError as error:
                show_error(self.start_capitation_error, self.start_capitation, error.message)
                return
        try:
            agreements.draft_agreement(
                self.svc, self.partnership_id, self.kind.currentData(),
                self.template.currentData(), self.start_date.value(), self.end_date.value(),
                capitation_sen=capitation, signing=self.signing_date.value())
        except UserError as error:
            label = self.start_errors.get(error.field or "")
            if label is not None:  # said at the date it is about, which keeps what was typed
                label.setText(error.message)
                label.show()
            else:
                self.bar.show_error(error.message)
            return
        self.load()
        self.bar.show_info(_("Draft created from the template. Check every article."))
        self.changed.emit()

    def _pdf(self) -> bytes | None:
        self.flush()
        try:
            return agreements.agreement_pdf(self.svc, self.agreement.id)
        except UserError as error:
            self.bar.show_error(error.message)
            return None

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.pdf:
            self.preview()

    def preview(self) -> None:
        data = self._pdf()
        if data is not None:
            self.pdf.show_pdf(data)
            self.tabs.setCurrentWidget(self.pdf)

    def print_agreement(self) -> None:
        data = self._pdf()
        if data is None:
            return
        pages = print_pdf(data, self)
        if pages:
            self.bar.show_info(ngettext("Sent to the printer: {count} page.",
                                        "Sent to the printer: {count} pages.",
                                        pages).format(count=pages))

    def _file_name(self) -> str:
        partnership = self.svc.partnerships.get(self.partnership_id)
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in partnership.title)
        return f"{safe.strip() or 'perjanjian'} v{self.agreement.version}.pdf"

    def save_as(self) -> None:
        if not self.flush():
            return
        # The agreement's own paper comes preselected; another one prints this copy on it.
        target = ask_pdf_target(self, self.settings, self.svc.db.data_dir, _("Save as PDF"),
                                self._file_name(), paper=self.agreement.paper)
        if target is None:
            return
        try:
            agreements.save_agreement_pdf(self.svc, self.agreement.id, target.path, target.paper)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.bar.show_info(_("Saved: {path}").format(path=target.path))

    def open_external(self) -> None:
        data = self._pdf()
        if data is None:
            return
        try:
            target = copy_for_viewing(self.svc, self._file_name(), data)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(os.fspath(target))):
            self.bar.show_error(_("No program on this computer opens {name}.").format(
                name=target.name))

    def finalize(self) -> None:
        if not self.flush():
            return
        # What stops it is said first, all of it, before the doctor is asked to confirm.
        problems = agreements.finalize_problems(self.svc, self.agreement.id)
        if problems:
            QMessageBox.warning(
                self, _("Not ready to finalize"),
                _("Before the agreement can be finalized:") + "\n\n"
                + "\n".join(f"• {problem}" for problem in problems))
            self.bar.show_error(_("Not finalized: put right what the list said, then finalize "
                                  "again."))
            return
        self.bar.hide()  # a refusal from before no longer holds: nothing stops it now
        # What does not stop it but should be looked at is said in the same question.
        remarks = agreements.finalize_remarks(self.svc, self.agreement.id)
        check = (_("Check first:") + "\n" + "\n".join(f"• {remark}" for remark in remarks)
                 + "\n\n") if remarks else ""
        answer = QMessageBox.question(
            self, _("Finalize the agreement"),
            check + _("After finalizing, the content is locked, the practice's number is "
                      "assigned and the final PDF is stored with its fingerprint (SHA-256). "
                      "Changes then need an addendum.\n\nFinalize now?")
            + "\n\n" + paper_note(self.agreement.paper, False))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            agreements.finalize_agreement(self.svc, self.agreement.id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.load()
        self.bar.show_info(_("Agreement finalized. Print it in two copies for signing."))
        self.changed.emit()

    def sign(self) -> None:
        from ..dialogs.signing import CompleteSigningDialog, SignDialog

        if self._signing_gaps:
            completing = CompleteSigningDialog(self.svc, self.agreement, self._signing_gaps, self,
                                               self.settings)
            if completing.exec() != QDialog.DialogCode.Accepted:
                return
            self.load()
            self.bar.show_info(_("The signing record is completed."))
            self.changed.emit()
            return
        dialog = SignDialog(self.svc, self.agreement, self, self.settings)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.load()
        self.bar.show_info(_("Signing recorded. The partnership is now active."))
        self.changed.emit()

    def addendum(self) -> None:
        if self._draft_addendum:
            self._discard_draft()
            return
        try:
            drafted = agreements.start_addendum(self.svc, self.agreement.id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.agreement = None
        self.load()
        self.bar.show_undo(_("Addendum drafted as version {version}. It recites the signed "
                             "agreement's numbers and date.").format(version=drafted.version),
                           lambda: self._discard_draft(drafted.id))
        self.changed.emit()

    def _discard_draft(self, agreement_id: int | None = None) -> None:
        try:
            deleted = agreements.discard_draft_version(
                self.svc, agreement_id or self.agreement.id)
        except UserError as error:
            self.bar.show_error(error.message)
            return

        def undo() -> None:
            self.svc.agreements.restore(deleted)
            self._show_version(0)  # the restored draft is the newest again
            self.changed.emit()

        self.agreement = None
        self.load()
        self.bar.show_undo(_("Draft addendum, version {version}, deleted.").format(
            version=deleted.record.version), undo)
        self.changed.emit()

    def _partner_started(self, _agreement_id: int) -> None:
        self._show_version(0)
        self.changed.emit()

    def partner_addendum(self) -> None:
        if start_partner_addendum(self.svc, self.bar, self.agreement):
            self._show_version(0)
            self.changed.emit()
