"""Step 5 → Catat penandatanganan…: the day both parties signed, who signed, the partner's own
agenda number when the final text left it blank, and the scan.

The agreement's own date (the one its opening prints) is proposed. A day after today or before
the printed one is refused at the field with the reason and what to do; a later day than the
printed one takes the statement beneath the date, that the parties signed after it
(``domain.signing``). A refusal keeps the dialog open with the signers and the scan as they were
typed (``SubmitDialog``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.signing import (
    day_and_date,
    later_statement,
    proposed_signing_date,
    signing_date_refusal,
)
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import agreements
from kemitraan_desktop.services.app import Services

from ..date_field import DateField
from ..folders import open_file
from ..pages.base import add_field, hint
from ..people import PersonPicker
from ..proposals import mark_proposed
from .practice_profile import EnterStaysInForm, form_layout, show_warning, warning_label
from .submitting import SubmitDialog


class SignDialog(EnterStaysInForm, SubmitDialog):
    """Records the signing of *agreement* (a final version's record) when OK is taken."""

    def __init__(self, svc: Services, agreement: Any, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or QSettings()  # the folder the scan is picked from
        self.setObjectName("signDialog")
        self.setWindowTitle(_("Record the signing"))
        self.svc = svc
        self.agreement = agreement
        self.printed: date | None = agreement.agreement_date

        form = form_layout()
        self.signed_on = DateField(self, field="signed_on")
        self.signed_on.setObjectName("signed_on")
        self.signed_on_error = add_field(form, "signed_on", self.signed_on, _("Signed on"))
        self.field("signed_on", self.signed_on, self.signed_on_error)
        self.signed_on.set_error_label(self.signed_on_error)
        # Signed later than the printed day: said in so many words, or the date is refused.
        self.later = QCheckBox(self)
        self.later.setObjectName("signedLater")
        self.later.hide()
        self.later.toggled.connect(lambda _on: self._date_changed())
        form.addRow("", self.later)
        # Who signed for each side: picked from the people, proposed from the parties the
        # agreement prints.
        self.signers: dict[str, PersonPicker] = {}
        for side, label in ((Party.PRACTICE.value, _("Signed for the practice")),
                            (Party.PARTNER.value, _("Signed for the partner"))):
            picker = PersonPicker(svc, side, self)
            picker.setObjectName(f"signed_by_{side}")
            picker.show_for(agreement.partnership_id)
            error = add_field(form, f"signed_by_{side}", picker, label)
            if side == Party.PRACTICE.value:
                self.field("signed_by", picker, error)  # a refusal of the names is said here
            self.signers[side] = picker
        self._propose_signers()
        # The partner's own agenda number: a branch office often gives it only on the day it
        # signs, and writes it by hand on the Nomor line the final text left blank.
        add_number_and_scan(self, form)
        self.printed_number = self._printed_partner_number()
        if self.printed_number:
            self.partner_number.setText(self.printed_number)
            self.partner_number.setReadOnly(True)
            self.partner_number.setPlaceholderText("")
            self.partner_number.setToolTip(_("The final text prints this number."))
        # Recorded without the partner's number or the scan, the archive and every document
        # citing the agreement keep a blank: the first OK says so, a second OK records as it is.
        self.gaps_note = warning_label(self)
        self.gaps_note.setObjectName("gapsNote")
        form.addRow(self.gaps_note)
        self._gaps_said: tuple[str, ...] = ()
        self.partner_number.textChanged.connect(self._gaps_changed)
        self.scan.textChanged.connect(self._gaps_changed)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if self.printed is not None:
            layout.addWidget(hint(_("The agreement states its signing date in its opening: "
                                    "{date}.").format(date=day_and_date(self.printed)), self))
        layout.addWidget(hint(_("Attach the scan or photo of the signed copy with both meterai. "
                                "It is copied into the program's archive."), self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.signed_on.set_value(proposed_signing_date(self.printed, date.today()))
        self.signed_on.set_related(lambda: self.printed)
        self.signed_on.edited.connect(self._date_changed)
        self.signed_on.edited.connect(self._gaps_changed)
        self._date_changed()
        self.signers[Party.PRACTICE.value].setFocus()
        self.setMinimumWidth(620)

    def _propose_signers(self) -> None:
        for party in self.svc.agreement_parties.list(self.agreement.id):
            picker = self.signers.get(party.party)
            name = " ".join(party.signatory_name.split())
            if picker is not None and name and not picker.text().strip():
                picker.setText(name)
                mark_proposed(picker, _("Proposed: the signatory the agreement prints."))

    def _printed_partner_number(self) -> str:
        for party in self.svc.agreement_parties.list(self.agreement.id):
            if party.party == Party.PARTNER.value:
                return party.number.strip()
        return ""

    def signed_by(self) -> str:
        """Both signers as kept with the signing: "dr. Siti Rahmawati dan Drs. Bambang …"."""
        names = [" ".join(picker.text().split()) for picker in self.signers.values()]
        return " dan ".join(name for name in names if name)

    def _browse(self) -> None:
        choose_scan(self, self._settings, self.svc, self.scan)

    def _date_changed(self) -> None:
        """Before OK: a date the rule refuses is refused at the field with the reason; a day
        after the printed one offers the statement that the parties signed then."""
        chosen = self.signed_on.date_or_none()
        today = date.today()
        later = (chosen is not None and self.printed is not None
                 and self.printed < chosen <= today)
        if later:
            assert chosen is not None and self.printed is not None
            self.later.setText(later_statement(chosen, self.printed))
        elif self.later.isChecked():
            self.later.setChecked(False)  # stated for another day: said again if it comes back
        self.later.setVisible(later)
        refusal = signing_date_refusal(chosen, today, self.printed, self.later_stated()) \
            if chosen is not None else ""
        if refusal:
            self.show_refusal(UserError(refusal, "signed_on"))
        else:
            self.clear_refusal()
        self.fit_height()

    def later_stated(self) -> bool:
        return self.later.isVisibleTo(self) and self.later.isChecked()

    def gaps(self) -> tuple[str, ...]:
        """What OK would record the signing without ("partner_number", "scan")."""
        missing = []
        if not self.printed_number and not self.partner_number.text().strip():
            missing.append("partner_number")
        if not self.scan.text():
            missing.append("scan")
        return tuple(missing)

    def _gaps_changed(self) -> None:
        if self._gaps_said and self.gaps() != self._gaps_said:
            self._gaps_said = ()
            show_warning(self.gaps_note, "")
            self.fit_height()

    def accept(self) -> None:
        gaps = self.gaps()
        if gaps and gaps != self._gaps_said:
            self._gaps_said = gaps
            show_warning(self.gaps_note, gaps_text(gaps))
            self.fit_height()
            (self.partner_number if gaps[0] == "partner_number" else self.browse).setFocus()
            return
        super().accept()

    def submit(self) -> None:
        signed_on = self.signed_on.value()  # what is not a date is refused at the field
        if signed_on is None:
            raise UserError(_("Fill in the day both parties signed."), "signed_on")
        scan = Path(self.scan.text()) if self.scan.text() else None
        number = "" if self.printed_number else self.partner_number.text()
        agreements.sign_agreement(self.svc, self.agreement.id, signed_on,
                                  self.signed_by(), scan, partner_number=number,
                                  later_stated=self.later_stated())


def add_number_and_scan(dialog: SignDialog | CompleteSigningDialog, form: QFormLayout) -> None:
    """The partner's number on the signed copy and the scan of it, as *dialog*'s
    ``partner_number``, ``scan`` and ``browse`` (a button that calls its ``_browse``)."""
    dialog.partner_number = QLineEdit(dialog)
    dialog.partner_number.setObjectName("partner_number")
    dialog.partner_number.setPlaceholderText(_("e.g. 123/KC-SLM/XII/2026"))
    dialog.field("partner_number", dialog.partner_number, add_field(
        form, "partner_number", dialog.partner_number, _("Partner's number on the signed copy")))
    dialog.scan = QLineEdit(dialog)
    dialog.scan.setObjectName("scan")
    dialog.scan.setReadOnly(True)
    dialog.browse = QPushButton(_("Choose file…"), dialog)
    dialog.browse.clicked.connect(dialog._browse)
    row = QWidget(dialog)
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(dialog.scan, 1)
    line.addWidget(dialog.browse)
    dialog.field("scan", dialog.scan, add_field(form, "scan", row, _("Scan of the signed copy")))


def choose_scan(parent: QWidget, settings: QSettings, svc: Services, into: QLineEdit) -> None:
    """Ask for the scan of the signed copy (in the last folder used) and show its path."""
    path = open_file(parent, settings, svc.db.data_dir, _("Scan of the signed copy"),
                     _("Scans (*.pdf *.png *.jpg *.jpeg);;All files (*)"))
    if path:
        into.setText(str(path))


def gaps_text(gaps: tuple[str, ...]) -> str:
    """The note beneath the fields when OK would record a signing with *gaps*."""
    names = {"partner_number": _("the partner's number on the signed copy"),
             "scan": _("the scan of the signed copy")}
    missing = [names[gap] for gap in gaps if gap in names]
    return " ".join((
        _("Not filled in: {missing}.").format(missing=(" " + _("and") + " ").join(missing)),
        _("Put it right now, or press OK again to record the signing as it is."),
        _("The number and the scan can be added later in step 5 (Complete the signing "
          "record…).")))


class CompleteSigningDialog(EnterStaysInForm, SubmitDialog):
    """Adds to a signed agreement the partner's number and the scan it was recorded without
    (neither changes the signed text)."""

    def __init__(self, svc: Services, agreement: Any, gaps: tuple[str, ...],
                 parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or QSettings()
        self.setObjectName("completeSigningDialog")
        self.setWindowTitle(_("Complete the signing record"))
        self.svc = svc
        self.agreement = agreement
        form = form_layout()
        add_number_and_scan(self, form)
        for name, widgets in (("partner_number", (self.partner_number,)),
                              ("scan", (self.scan, self.browse))):
            for widget in widgets:
                widget.setEnabled(name in gaps)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        signed = agreement.signed_on
        layout.addWidget(hint(_("Signed on {date}. What is added here goes into the archive and "
                                "the documents that cite the agreement; the signed text does "
                                "not change.").format(date=day_and_date(signed)), self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        (self.partner_number if "partner_number" in gaps else self.browse).setFocus()
        self.setMinimumWidth(560)

    def _browse(self) -> None:
        choose_scan(self, self._settings, self.svc, self.scan)

    def submit(self) -> None:
        scan = Path(self.scan.text()) if self.scan.text() else None
        number = self.partner_number.text() if self.partner_number.isEnabled() else ""
        agreements.complete_signing(self.svc, self.agreement.id, number, scan)
