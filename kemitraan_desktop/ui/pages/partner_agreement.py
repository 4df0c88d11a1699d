"""Step 5, the partner's own text: recording an agreement the partner drafted.

Most BPJS branches bring their own PKS. Instead of drafting ours, the doctor records what theirs
says — the numbers of both parties, the dates (the term is counted from them), the capitation
rate, who signed — attaches their PDF or scan, sees it in the preview, and records it as signed.
The page of step 5 shows this panel in place of our clause editor when the agreement is the
partner's (services.external_agreements does the work).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.enums import AgreementKind, AgreementStatus
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.fields import label
from kemitraan_desktop.domain.money import rupiah_to_sen
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import agreements
from kemitraan_desktop.services import external_agreements as external
from kemitraan_desktop.services.files import copy_for_viewing

from ..autosave import FieldBinder
from ..date_field import DateField
from ..folders import open_file, save_file
from ..formatting import file_size, safe_file_name, screen_date
from ..message_bar import MessageBar
from ..pdf_view import PdfPreview
from .base import add_field, error_label, hint, section
from .capitation import capitation_box, capitation_field, rupiah_text

RECORD_FILTER_TYPES = "*.pdf *.PDF *.jpg *.JPG *.jpeg *.JPEG *.png *.PNG"


class PartnerTextStart(QGroupBox):
    """On the empty step 5: the other way to start, when the partner brings its own text."""

    started = Signal(int)  # the new draft's id

    def __init__(self, svc: Any, bar: MessageBar, kind: Any, parent: QWidget | None = None
                 ) -> None:
        super().__init__(_("The partner brings its own text"), parent)
        self._svc = svc
        self._bar = bar
        self._kind = kind  # the page's kind chooser (PKS or MoU)
        self.partnership_id = 0
        self.explanation = hint("")
        self.button = QPushButton(_("Record the partner's agreement…"), self)
        self.button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_partnership(self, partnership_id: int, partner_type: str) -> None:
        self.partnership_id = partnership_id
        text = _("When the partner has its own agreement, record it instead of drafting ours: "
                 "its numbers, dates, signatories, and its PDF or scan, which is kept as the "
                 "document of record.")
        if partner_type == "bpjs":
            text = _("Most BPJS branches bring their own PKS.") + " " + text
        self.explanation.setText(text)

    def start(self) -> None:
        try:
            draft = external.start_partner_agreement(
                self._svc, self.partnership_id, self._kind.currentData() or "pks")
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.started.emit(draft.id)
        self._bar.show_info(_("Fill in what the partner's agreement says and attach its file."))


# What recording needs; the signatories' NIK/NPP stays in their file (and is never shown whole).
PARTY_FIELDS = ("organisation", "number", "signatory_name", "signatory_position", "authority")


def _party_label(field: str) -> str:
    return {"number": _("Its number of the agreement"),
            "signatory_name": _("Signed by")}.get(field) or label(field)


class PartyColumn(QObject):
    """One party as the partner's agreement names it (its number, who signed): a column of
    the parties grid, saved as it is typed."""

    def __init__(self, svc: Any, bar: MessageBar, on_saved: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self._svc = svc
        self.party_id = 0
        self.title = QLabel(parent)
        self.title.setObjectName("sectionTitle")
        self.binder = FieldBinder(self._save, self)
        self.binder.report_to(bar)
        self.binder.saved.connect(lambda _f: on_saved())
        self.editors: dict[str, QLineEdit] = {}
        self.cells: dict[str, QWidget] = {}
        for field in PARTY_FIELDS:
            editor = QLineEdit(parent)
            editor.setObjectName(f"party_{field}")
            error = error_label()
            cell = QWidget(parent)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            self.editors[field] = editor
            self.cells[field] = cell
            self.binder.bind_line(field, editor, error)
        self.editors["number"].setPlaceholderText(_("as written on the agreement"))

    def show_party(self, role: str, record: Any, read_only: bool) -> None:
        self.party_id = record.id
        self.title.setText(role)
        self.binder.load(record)
        self.binder.set_read_only(read_only)

    def _save(self, values: dict) -> None:
        self._svc.agreement_parties.update(self.party_id, **values)

    def flush(self) -> bool:
        return self.binder.flush()


class PartnerAgreementPanel(QWidget):
    """The partner's agreement of step 5: what it says, its file, recording it as signed."""

    changed = Signal()  # saved something: the steps are judged again
    reload = Signal(int)  # a new status or version: the page loads again, showing this id
    # (0: the newest version)

    def __init__(self, svc: Any, bar: MessageBar, parent: QWidget | None = None,
                 settings: Callable[[], QSettings] = QSettings) -> None:
        super().__init__(parent)
        self._svc = svc
        self._bar = bar
        self._settings = settings  # the page's (the wizard hands it in after this is made)
        self.agreement_id = 0
        self.shown: external.PartnerAgreement | None = None

        # -- what the agreement says -----------------------------------------------------------
        facts = QWidget(self)
        form = QFormLayout(facts)
        form.setContentsMargins(0, 0, 0, 0)
        self.binder = FieldBinder(self._save, self)
        self.binder.report_to(bar)
        self.binder.saved.connect(lambda _f: self._refresh())
        form.addRow(hint(_("Record the agreement as the partner wrote it. Nothing of ours is "
                           "printed: their file is the document of record.")))
        self.subject = QLineEdit(facts)
        self.binder.bind_line("subject", self.subject,
                              add_field(form, "subject", self.subject, _("Subject (TENTANG)")))
        self.agreement_date = DateField(facts, field="agreement_date")
        self.binder.bind_date("agreement_date", self.agreement_date,
                              add_field(form, "agreement_date", self.agreement_date,
                                        _("Date of agreement")))
        self.start_date = DateField(facts, field="start_date")
        self.binder.bind_date("start_date", self.start_date,
                              add_field(form, "start_date", self.start_date))
        self.end_date = DateField(facts, field="end_date")
        self.end_date.follow(self.start_date)
        self.binder.bind_date("end_date", self.end_date,
                              add_field(form, "end_date", self.end_date))
        self.term = QLabel(facts)
        self.term.setObjectName("partnerTerm")
        self.term.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(_("Term"), self.term)
        # The rate their PKS states (Pasal Pembiayaan), typed from it: nothing is proposed.
        self.capitation = capitation_field(facts)
        self.capitation_error = error_label()
        self.capitation_label = QLabel(_("Capitation per member per month"), facts)
        self.capitation_label.setBuddy(self.capitation)
        self.capitation_box = capitation_box(
            self.capitation, self.capitation_error, below=True,
            advice=_("Write the rate the partner's PKS states."))
        form.addRow(self.capitation_label, self.capitation_box)
        self.binder.bind_line("capitation", self.capitation, self.capitation_error)
        # Its line is kept while the dates are still being typed: the parties beneath do not
        # move down under the pointer when both dates are in.
        self.recredentialing = hint("", facts, lines=1)
        self.recredentialing.setObjectName("recredentialingDue")
        form.addRow(self.recredentialing)

        # -- both parties: one row per fact, one column per party -----------------------------
        parties = QWidget(self)
        grid = QGridLayout(parties)
        grid.setContentsMargins(0, 0, 0, 0)
        self.parties = [PartyColumn(svc, bar, self._refresh, parties) for _n in range(2)]
        for column, party in enumerate(self.parties, start=1):
            grid.addWidget(party.title, 0, column)
            grid.setColumnStretch(column, 1)
        for row, field in enumerate(PARTY_FIELDS, start=1):
            caption = QLabel(_party_label(field), parties)
            caption.setBuddy(self.parties[0].editors[field])
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, party in enumerate(self.parties, start=1):
                grid.addWidget(party.cells[field], row, column)

        # -- the file of record ----------------------------------------------------------------
        record = QWidget(self)
        column = QVBoxLayout(record)
        column.setContentsMargins(0, 0, 0, 0)
        self.record_name = QLabel(_("No file attached yet."), record)
        self.record_name.setObjectName("recordFile")
        self.record_name.setTextFormat(Qt.TextFormat.PlainText)
        self.record_name.setWordWrap(True)
        column.addWidget(self.record_name)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(_("Attach their PDF or scan…"), record)
        self.choose_button.clicked.connect(self.choose_file)
        self.open_button = QPushButton(_("Open in viewer"), record)
        self.open_button.clicked.connect(self.open_external)
        self.copy_button = QPushButton(_("Save a copy…"), record)
        self.copy_button.clicked.connect(self.save_copy)
        for button in (self.choose_button, self.open_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.preview = PdfPreview(record)
        self.preview.setMinimumHeight(420)
        column.addWidget(self.preview, 1)

        # -- what is missing, and its lifecycle ------------------------------------------------
        self.missing = QLabel(self)
        self.missing.setObjectName("partnerMissing")
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.setWordWrap(True)
        actions = QHBoxLayout()
        self.sign_button = QPushButton(_("Record as &signed"), self)
        self.sign_button.clicked.connect(self.record_as_signed)
        self.addendum_button = QPushButton(_("Make an &addendum"), self)
        self.addendum_button.clicked.connect(self.our_addendum)
        self.partner_addendum_button = QPushButton(_("Record the partner's addendum…"), self)
        self.partner_addendum_button.clicked.connect(self.partner_addendum)
        self.discard_button = QPushButton(_("Delete the draft addendum"), self)
        self.discard_button.clicked.connect(self.discard_draft)
        for button in (self.sign_button, self.discard_button, self.addendum_button,
                       self.partner_addendum_button):
            actions.addWidget(button)
        actions.addStretch(1)

        # One column, in the order the doctor works: what it says, who signed, their file,
        # what is still missing, then record it.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(facts)
        layout.addWidget(section(_("The parties, as the agreement names them")))
        layout.addWidget(parties)
        layout.addWidget(section(_("Document of record: the partner's file")))
        layout.addWidget(record, 1)
        layout.addWidget(section(_("Still missing")))
        layout.addWidget(self.missing)
        layout.addLayout(actions)

    # -- showing -------------------------------------------------------------------------------
    def show_agreement(self, agreement_id: int) -> None:
        if agreement_id != self.agreement_id:
            self.flush()
        self.agreement_id = agreement_id
        shown = external.partner_agreement(self._svc, agreement_id)
        agreement = shown.agreement
        locked = AgreementStatus(agreement.status).locked
        self.binder.load(SimpleNamespace(**vars(agreement), capitation=self._rupiah(
            agreement.capitation_rate_sen)))
        self.binder.set_read_only(locked)
        for index, (form, party) in enumerate(zip(self.parties, shown.parties, strict=False)):
            form.show_party(shown.roles[min(index, 1)], party, locked)
        self.choose_button.setEnabled(not locked)
        self._show(shown)
        self._show_record()

    def _show(self, shown: external.PartnerAgreement) -> None:
        """The labels that follow what is typed: term, re-credentialing, what is missing."""
        self.shown = shown
        status = AgreementStatus(shown.agreement.status)
        self.term.setText(shown.term or _("— (fill in both dates)"))
        self.capitation_box.setVisible(shown.capitation_needed)
        self.capitation_label.setVisible(shown.capitation_needed)
        self.recredentialing.setVisible(shown.capitation_needed
                                        or shown.recredentialing_due is not None)
        self.recredentialing.setText(
            _("BPJS re-credentialing is due by {date} (3 months before the PKS ends).")
            .format(date=screen_date(shown.recredentialing_due))
            if shown.recredentialing_due is not None else "")
        if status is AgreementStatus.DRAFT:
            self.missing.setText("\n".join(f"• {line}" for line in shown.missing)
                                 or _("Nothing: it can be recorded as signed."))
        else:
            self.missing.setText(_("Nothing: recorded as signed."))
        self.sign_button.setVisible(status is AgreementStatus.DRAFT)
        may_sign = self._svc.access.allows(Action.SIGN)  # the doctor's, on a shared server
        self.sign_button.setEnabled(not shown.missing and may_sign)
        self.sign_button.setToolTip("" if may_sign else _(
            "Only the doctor of the practice finalizes and signs agreements."))
        self.discard_button.setVisible(status is AgreementStatus.DRAFT
                                       and bool(shown.agreement.parent_id))
        signed = status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
        self.addendum_button.setVisible(signed)
        self.partner_addendum_button.setVisible(signed)

    def _show_record(self) -> None:
        record = self.shown.record if self.shown else None
        self.open_button.setEnabled(record is not None)
        self.copy_button.setEnabled(record is not None)
        if record is None:
            self.record_name.setText(_("No file attached yet."))
            self.preview.clear()
            return
        self.record_name.setText(_("{name} ({size}), SHA-256 {sha}…").format(
            name=record.name, size=file_size(record.size), sha=record.sha256[:16]))
        try:
            _record, data = external.record_file(self._svc, self.agreement_id)
        except (UserError, OSError) as error:
            self._bar.show_error(getattr(error, "message", str(error)))
            self.preview.clear()
            return
        if record.is_pdf:
            self.preview.show_pdf(data)
        else:
            self.preview.show_image(data)

    def status_text(self) -> str:
        if self.shown is None:
            return ""
        agreement = self.shown.agreement
        status = AgreementStatus(agreement.status)
        text = _("Status: {status}.").format(status=status.label) + " "
        if status is AgreementStatus.DRAFT:
            return text + _("The partner's own text ({kind}): record what it says and attach "
                            "their file.").format(kind=AgreementKind(agreement.kind).label)
        text += _("The partner's own text, held as their file. Locked: a change means an "
                  "addendum (a new version).")
        if agreement.signed_on:
            text += " " + _("Signed on {date}.").format(date=screen_date(agreement.signed_on))
        return text

    def _refresh(self) -> None:
        if self.agreement_id:
            self._show(external.partner_agreement(self._svc, self.agreement_id))
            self.changed.emit()

    @staticmethod
    def _rupiah(sen: int) -> str:
        return rupiah_text(sen) if sen else ""

    # -- saving --------------------------------------------------------------------------------
    def _save(self, values: dict) -> None:
        if "capitation" in values:
            text = values.pop("capitation").strip()
            values["capitation_rate_sen"] = (
                rupiah_to_sen(text, "capitation_rate_sen") if text else 0)
        self._svc.agreements.update(self.agreement_id, **values)

    def flush(self) -> bool:
        return all([self.binder.flush(), *(party.flush() for party in self.parties)])

    # -- the file ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = open_file(self, self._settings(), self._svc.db.data_dir,
                         _("The partner's agreement"),
                         _("Agreements (PDF, scan or photo) ({types});;All files (*)").format(
                             types=RECORD_FILTER_TYPES))
        if path:
            self.attach(path)

    def attach(self, path: Path) -> None:
        self.flush()
        try:
            record = external.attach_record(self._svc, self.agreement_id, path)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self._refresh()
        self._show_record()
        self._bar.show_info(_("Attached: {name}. Check in the preview that it is the signed "
                              "agreement.").format(name=record.name))

    def _record_name(self) -> str:
        record = self.shown.record if self.shown else None
        if record is None:
            return "perjanjian.pdf"
        # The name made safe, but its kind kept: "pks-bpjs-2027_pdf" opened in no viewer.
        name = Path(record.name)
        suffix = name.suffix.lower() if name.suffix[1:].isascii() and name.suffix[1:].isalnum() \
            else ""
        return safe_file_name(name.stem) + suffix

    def open_external(self) -> None:
        try:
            _record, data = external.record_file(self._svc, self.agreement_id)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        try:
            target = copy_for_viewing(self._svc, self._record_name(), data)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(os.fspath(target))):
            self._bar.show_error(_("No program on this computer opens {name}.").format(
                name=target.name))

    def save_copy(self) -> None:
        path = save_file(self, self._settings(), self._svc.db.data_dir,
                         _("Save a copy of the partner's agreement"), self._record_name(), "")
        if not path:
            return
        try:
            external.save_record_copy(self._svc, self.agreement_id, path)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self._bar.show_info(_("Saved: {path}").format(path=path))

    # -- lifecycle -----------------------------------------------------------------------------
    def record_as_signed(self) -> None:
        if not self.flush():
            return
        try:
            external.record_as_signed(self._svc, self.agreement_id)
        except UserError as error:
            self._bar.show_error(error.message)
            self._refresh()
            return
        self.reload.emit(self.agreement_id)
        self._bar.show_info(_("The partner's agreement is recorded as signed. The partnership "
                              "is now active."))
        self.changed.emit()

    def our_addendum(self) -> None:
        try:
            agreements.start_addendum(self._svc, self.agreement_id)
        except UserError as error:
            self._bar.show_error(error.message)
            return
        self.reload.emit(0)
        self._bar.show_info(_("Addendum drafted as a new version. It recites the signed "
                              "agreement's numbers and date."))
        self.changed.emit()

    def partner_addendum(self) -> None:
        if start_partner_addendum(self._svc, self._bar, self.shown.agreement):
            self.reload.emit(0)
            self.changed.emit()

    def discard_draft(self) -> None:
        """The partner's draft adendum is not wanted after all: deleted, with undo."""
        try:
            deleted = agreements.discard_draft_version(self._svc, self.agreement_id)
        except UserError as error:
            self._bar.show_error(error.message)
            return

        def undo() -> None:
            self._svc.agreements.restore(deleted)
            self.reload.emit(0)
            self.changed.emit()

        self.reload.emit(0)
        self._bar.show_undo(_("Draft addendum, version {version}, deleted.").format(
            version=deleted.record.version), undo)
        self.changed.emit()


def start_partner_addendum(svc: Any, bar: MessageBar, parent: Any) -> bool:
    """A draft of the partner's own addendum to the signed agreement *parent* (ours or theirs)."""
    try:
        external.start_partner_agreement(svc, parent.partnership_id, "addendum", parent.id)
    except UserError as error:
        bar.show_error(error.message)
        return False
    bar.show_info(_("The partner's addendum is a new version: fill in what it says and attach "
                    "its file."))
    return True

