"""Starting a partnership: its title, the kind of partner, and the partner if already known."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.clauses import proposed_title
from kemitraan_desktop.domain.enums import PartnerType
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services

from ..pages.base import add_field, hint
from ..proposals import clear_proposed, is_proposed, mark_proposed
from .partner_registry import PartnerEditor
from .practice_profile import EnterStaysInForm, assign_mnemonics, form_layout
from .submitting import SubmitDialog

DECIDE_LATER = None


class NewPartnershipDialog(EnterStaysInForm, SubmitDialog):
    """OK starts the partnership at step 1; ``created_id`` then holds its id."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPartnershipDialog")
        self.setWindowTitle(_("New partnership"))
        self.svc = svc
        self.created_id: int | None = None

        intro = hint(_("Say with what kind of partner, and give the partnership a short title. "
                       "The partner itself can be chosen now or later, in step 2."))
        form = form_layout()
        self.partner_type = QComboBox(self)
        self.partner_type.setObjectName("partner_type")
        # No preselected kind: a BPJS checklist on a pharmacy partnership would go unnoticed.
        self.partner_type.addItem(_("— choose the kind of partner —"), None)
        for kind in PartnerType:
            self.partner_type.addItem(kind.label, kind.value)
        self.type_error = add_field(form, "partner_type", self.partner_type)
        self.field("partner_type", self.partner_type, self.type_error)
        self.partner = QComboBox(self)
        self.partner.setObjectName("partner")
        # Long partner names must not widen the dialog beyond a small screen.
        self.partner.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.partner.setMinimumContentsLength(20)
        self.new_partner = QPushButton(_("New partner…"), self)
        self.new_partner.clicked.connect(self.add_partner)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.partner, 1)
        line.addWidget(self.new_partner)
        add_field(form, "partner", row, _("Partner"))
        self._buddy(form, row, self.partner)
        # After the kind: the title is proposed from it (a BPJS partnership is to become an FKTP).
        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.title.setPlaceholderText(_("e.g. Kerja sama pelayanan obat peserta JKN"))
        self.title_error = add_field(form, "title", self.title, _("Title of the partnership"))
        self.field("title", self.title, self.title_error)
        self.bpjs_note = hint(_("A BPJS partnership comes with the credentialing checklist in "
                                "step 4."))
        form.addRow("", self.bpjs_note)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start partnership"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.partner_type.currentIndexChanged.connect(lambda _i: self._fill_partners())
        self.partner_type.currentIndexChanged.connect(lambda _i: self._propose_title())
        self._fill_partners()
        assign_mnemonics(self)
        self.partner_type.setFocus()
        self.resize(640, 300)

    @staticmethod
    def _buddy(form: QFormLayout, row: QWidget, editor: QWidget) -> None:
        # add_field names the row; the label should jump to the combo, not to the row widget.
        item = form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setBuddy(editor)

    def _fill_partners(self, select: int | None = None) -> None:
        kind = self.partner_type.currentData()
        self.partner.clear()
        self.partner.addItem(_("Decide later (in step 2)"), DECIDE_LATER)
        for partner in self.svc.partners.list(partner_type=kind) if kind else ():
            text = partner.name + (f" — {partner.kota}" if partner.kota else "")
            self.partner.addItem(text, partner.id)
        if select is not None:
            self.partner.setCurrentIndex(max(self.partner.findData(select), 0))
        self.bpjs_note.setVisible(kind == PartnerType.BPJS)
        if kind:
            self.type_error.hide()

    def _propose_title(self) -> None:
        """The kind proposes the title; a title the doctor typed stays whatever the kind."""
        if self.title.text().strip() and not is_proposed(self.title):
            return
        title = proposed_title(self.partner_type.currentData())
        self.title.setText(title)
        if title:
            mark_proposed(self.title, _("Proposed from the kind of partner. Type over it to "
                                        "name the partnership otherwise."))
        else:
            clear_proposed(self.title)

    def add_partner(self) -> None:
        editor = PartnerEditor(self.svc, None, self, partner_type=self.partner_type.currentData())
        editor.exec()
        if editor.partner_id is None:
            return
        kind = self.svc.partners.get(editor.partner_id).partner_type
        blocker = self.partner_type.blockSignals(True)
        self.partner_type.setCurrentIndex(max(self.partner_type.findData(kind), 0))
        self.partner_type.blockSignals(blocker)
        self._fill_partners(select=editor.partner_id)
        self._propose_title()

    def submit(self) -> None:
        if self.partner_type.currentData() is None:
            raise UserError(_("Choose the kind of partner."), "partner_type")
        record = partnerships.start_partnership(
            self.svc, self.title.text().strip(), self.partner_type.currentData(),
            self.partner.currentData(),
        )
        self.created_id = record.id
