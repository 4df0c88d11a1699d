"""The practice profile: the doctor and the clinic, PIHAK PERTAMA of every agreement.

Every field is saved as it is typed, like the step pages. Until the practice exists, what is typed
is checked and kept, and the practice is created as soon as the doctor's name is filled in.

Besides the dialog this module holds the small pieces the other record dialogs share
(``DeferredRecord``, ``assign_mnemonics``, ``EnterStaysInForm``, ``kode_faskes_warning`` …).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import fields as domain_fields
from kemitraan_desktop.domain.clauses import practice_roles
from kemitraan_desktop.domain.dates import add_months, format_date
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.numbering import (
    DEFAULT_NUMBER_PATTERN,
    format_agreement_number,
    unit_from_name,
    validate_number_pattern,
)
from kemitraan_desktop.domain.people import practice_name
from kemitraan_desktop.domain.readiness import proposed_sip_expiry
from kemitraan_desktop.domain.validation import check_kode_faskes, proposed_npwp
from kemitraan_desktop.i18n import _, babel_locale
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.crud import Entities
from kemitraan_desktop.services.partnerships import current_practice

from ..autosave import FieldBinder
from ..date_field import DateField
from ..message_bar import MessageBar
from ..pages.base import ErrorLine, add_field, hint
from ..people import people_columns
from ..proposals import is_proposed, mark_proposed
from ..record_table import RecordTable
from ..screen_fit import FitsScreen

# -- shared by the record dialogs ---------------------------------------------------------------


class DeferredRecord:
    """Saves the fields of one record as they are typed; creates it once it can exist.

    Before the record exists, each value is checked by the same domain rules the service uses
    (so a wrong NIK is refused at once, at its field) and kept; the record is created as soon as
    every required field has a value.
    """

    def __init__(self, entities: Entities, record_id: int | None,
                 defaults: Callable[[], dict[str, Any]] = dict,
                 check: Callable[[dict[str, Any]], None] | None = None,
                 created: Callable[[Any], None] | None = None) -> None:
        self.entities = entities
        self.record_id = record_id
        self._defaults = defaults
        self._check = check
        self._created = created
        self._kept: dict[str, Any] = {}

    @property
    def kind(self) -> str:
        return self.entities.spec.name

    @property
    def has_kept(self) -> bool:
        """Values were typed but the record does not exist yet, so they are not saved."""
        return self.record_id is None and any(
            str(value or "").strip() for value in self._kept.values())

    def save(self, values: dict[str, Any]) -> Any:
        if self._check is not None:
            self._check(values)
        if self.record_id is not None:
            return self.entities.update(self.record_id, **values)
        domain_fields.clean_fields(self.kind, values, creating=False)
        self._kept.update(values)
        candidate = {**self._defaults(), **self._kept}
        required = domain_fields.REQUIRED.get(self.kind, ())
        if not all(str(candidate.get(name) or "").strip() for name in required):
            return None
        record = self.entities.create(**candidate)
        self.record_id = record.id
        self._kept.clear()
        if self._created is not None:
            self._created(record)
        return record


_MNEMONIC = re.compile(r"&([^&\s])")


def _mnemonic_of(text: str) -> str | None:
    match = _MNEMONIC.search(text)
    return match.group(1).lower() if match else None


def _pick_letter(text: str, used: set[str]) -> int | None:
    starts = [i for i, ch in enumerate(text) if ch.isascii() and ch.isalpha()
              and (i == 0 or not text[i - 1].isalnum())]
    rest = [i for i, ch in enumerate(text) if ch.isascii() and ch.isalpha()]
    for position in starts + rest:
        if text[position].lower() not in used:
            return position
    return None


def assign_mnemonics(root: QWidget, reserved: str = "",
                     skip: Iterable[QWidget] = ()) -> None:
    """Give every labelled field and button of *root* an Alt+letter, whatever the language.

    Texts that already carry an ``&`` keep it; the others get the first free letter, preferring
    the start of a word. Translators therefore need not invent mnemonics for each form.
    """
    skipped = set(map(id, skip))
    widgets: list[QLabel | QAbstractButton] = []
    for widget in root.findChildren(QWidget):
        if id(widget) in skipped or isinstance(widget.parent(), QDialogButtonBox):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None \
                or isinstance(widget, QAbstractButton):
            widgets.append(widget)
    used = set(reserved.lower())
    for widget in widgets:
        letter = _mnemonic_of(widget.text())
        if letter:
            used.add(letter)
    for widget in widgets:
        text = widget.text()
        if not text or "&" in text:
            continue
        position = _pick_letter(text, used)
        if position is not None:
            used.add(text[position].lower())
            widget.setText(text[:position] + "&" + text[position:])


class EnterStaysInForm:
    """Mixed into a dialog: Enter in a field never presses OK or Close by accident; it moves on
    to the next field, as Tab does (what was typed stays and is read as the field is left).

    Enter still presses a button that has the keyboard focus, as Windows users expect: Enter
    after Enter walks the form down to OK and then takes it. No button looks like the default
    one either (Qt would mark the first it finds), since none is. Before, Enter in a field did
    nothing at all: in the signing dialog's date it looked broken (walker #13).
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not isinstance(QApplication.focusWidget(), QPushButton):
            event.accept()
            self.focusNextChild()  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)  # type: ignore[misc]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[misc]
        QTimer.singleShot(0, self._no_default_button)

    def _no_default_button(self) -> None:
        for button in self.findChildren(QPushButton):  # type: ignore[attr-defined]
            if button.isDefault() and not button.hasFocus():
                button.setDefault(False)


WARNING_COLOUR = QColor(138, 90, 0)


def tint(label: QLabel, colour: QColor) -> QLabel:
    """Colour a label's text (the style sheet may still restyle it by object name)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
    return label


def warning_label(parent: QWidget | None = None) -> QLabel:
    """A remark beneath a field that warns without refusing the value, as tall as its
    wrapped text (like a field's message) so no line of it is cut off."""
    label = ErrorLine(parent)
    label.setObjectName("fieldWarning")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    tint(label, WARNING_COLOUR)
    label.hide()
    return label


def show_warning(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def kode_faskes_warning(text: str) -> str:
    """The non-blocking remark on a kode faskes; empty when it looks right or is not filled."""
    if not text.strip():
        return ""
    return " ".join(check_kode_faskes(text))


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form


def group(title: str, form: QFormLayout) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(form)
    return box


def scrolling(content: QWidget) -> QScrollArea:
    """A scroll area that shows the dialog's own background (only needed on small screens)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    scroll.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return scroll


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question; No is the default, and the text is never read as markup."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def plain_text_bar(bar: MessageBar) -> MessageBar:
    """Messages may quote user text (a partner's name): show them as plain text, never markup."""
    for label in bar.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return bar


def ask_close_with_errors(parent: QWidget) -> bool:
    return confirm(
        parent, _("Values not saved"),
        _("Some values are not valid and were not saved (see the messages at the fields).\n\n"
          "Close anyway? The fields keep their last saved values."))


def ask_close_unsaved(parent: QWidget, why: str) -> bool:
    return confirm(parent, _("Nothing saved yet"),
                   why + "\n\n" + _("Close anyway and lose what was typed?"))


# -- the dialog ---------------------------------------------------------------------------------

SIP_WARN_MONTHS = 6


class PracticeProfileDialog(EnterStaysInForm, FitsScreen, QDialog):
    """All fields of the practice; everything is saved as typed, so the only button is Close."""

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceProfileDialog")
        self.setWindowTitle(_("Practice profile"))
        self.svc = svc
        practice = current_practice(svc)
        self.record = DeferredRecord(svc.practices, practice.id if practice else None,
                                     check=self._check, created=self._created)
        self.bar = plain_text_bar(MessageBar(self))
        self.binder = FieldBinder(self.record.save, self)
        self.binder.saved.connect(self._saved)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        self.intro = hint("")
        self.intro.setObjectName("dialogIntro")

        left = QVBoxLayout()
        form = form_layout()
        self._line(form, "doctor_name", _("e.g. dr. Siti Rahmawati"))
        self._line(form, "degree", _("e.g. M.Kes. (optional)"))
        self._line(form, "clinic_name", _("e.g. Praktik Dokter Siti Rahmawati"))
        self._line(form, "practice_hours", _("e.g. Senin–Sabtu 07.00–10.00 dan 17.00–21.00"))
        left.addWidget(group(_("Doctor and practice"), form))

        form = form_layout()
        self._line(form, "nik", _("16 digits, as on the KTP"))
        self._line(form, "npwp", _("16 digits (or the 15 of an old NPWP)"))
        self._line(form, "str_number")
        self._line(form, "sip_number")
        self._date(form, "sip_issued")
        self._date(form, "sip_expires")
        self.sip_warning = warning_label()
        form.addRow("", self.sip_warning)
        left.addWidget(group(_("Identity and licences"), form))
        left.addWidget(self._people_group(svc))
        left.addStretch(1)

        right = QVBoxLayout()
        form = form_layout()
        self._line(form, "street")
        self._line(form, "rt_rw", _("e.g. 003/012"))
        self._line(form, "kelurahan")
        self._line(form, "kecamatan")
        self._line(form, "kota", _("e.g. Kabupaten Sleman"))
        self._line(form, "provinsi")
        self._line(form, "postal_code", _("5 digits"))
        right.addWidget(group(_("Address"), form))

        form = form_layout()
        self._line(form, "phone", _("e.g. 0274 895123 or 0812 3456 7890"))
        self._line(form, "email")
        self._line(form, "kode_faskes", _("given by BPJS Kesehatan, e.g. 0173U048"))
        self.kode_warning = warning_label()
        form.addRow("", self.kode_warning)
        right.addWidget(group(_("Contact and BPJS"), form))

        form = form_layout()
        self._line(form, "number_unit", _("e.g. DR-SR"), _("Unit code"))
        self._line(form, "number_pattern", DEFAULT_NUMBER_PATTERN, _("Number pattern"))
        self.number_example = QLabel()
        self.number_example.setObjectName("hint")
        self.number_example.setWordWrap(True)
        self.number_example.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.number_example)
        right.addWidget(group(_("Agreement numbers"), form))
        right.addStretch(1)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(8)
        columns.addLayout(right, 1)

        content = QWidget()
        content.setObjectName("dialogBody")
        content.setLayout(columns)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.intro)
        layout.addWidget(scrolling(content), 1)
        layout.addWidget(self.buttons)

        self.editors["kode_faskes"].textChanged.connect(self._update_kode_warning)
        self.editors["number_unit"].textChanged.connect(lambda _t: self._update_example())
        self.editors["number_pattern"].textChanged.connect(lambda _t: self._update_example())
        self.editors["sip_expires"].edited.connect(self._update_sip_warning)
        self.editors["sip_expires"].follow(self.editors["sip_issued"])  # type: ignore
        self.editors["sip_issued"].edited.connect(self._propose_sip_expiry)
        self.editors["nik"].textEdited.connect(lambda _t: self._propose_npwp())
        self.editors["doctor_name"].textEdited.connect(lambda _t: self._propose_from_doctor())
        assign_mnemonics(self, skip=(self.people.add_button, self.people.delete_button))
        self.resize(1000, 680)
        self.load()
        self.editors["doctor_name"].setFocus()

    # -- building ------------------------------------------------------------------------------
    def _people_group(self, svc: Services) -> QGroupBox:
        """The practice's other people (a nurse, an administrator): kept once, picked in
        every "who" field."""
        self.people = RecordTable(
            svc.practice_people, people_columns(partner=False), add_label=_("Add person"),
            defaults=lambda: {"name": _("New person")}, message_bar=self.bar)
        self.people.setObjectName("practicePeopleTable")
        self.people.view.setMinimumHeight(100)
        self.people_hint = hint("")
        box = QVBoxLayout()
        box.addWidget(self.people_hint)
        box.addWidget(self.people)
        return group(_("People of the practice"), box)

    def _line(self, form: QFormLayout, field: str, placeholder: str = "",
              label: str | None = None) -> QLineEdit:
        editor = QLineEdit()
        editor.setObjectName(field)
        if placeholder:
            editor.setPlaceholderText(placeholder)
        error = add_field(form, field, editor, label)
        self.binder.bind_line(field, editor, error)
        self.editors[field] = editor
        self.errors[field] = error
        return editor

    def _date(self, form: QFormLayout, field: str) -> None:
        editor = DateField(field=field)
        editor.setObjectName(field)
        error = add_field(form, field, editor)
        self.binder.bind_date(field, editor, error)
        self.editors[field] = editor
        self.errors[field] = error

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> None:
        if self.record.record_id is not None:
            self.binder.load(self.svc.practices.get(self.record.record_id))
        self._update_intro()
        self._update_people()
        self._update_kode_warning(self.editors["kode_faskes"].text())
        self._update_example()
        self._update_sip_warning()

    @property
    def practice_id(self) -> int | None:
        return self.record.record_id

    def _check(self, values: dict[str, Any]) -> None:
        pattern = values.get("number_pattern")
        if pattern and pattern.strip():
            validate_number_pattern(pattern)

    def _created(self, _record: Any) -> None:
        self._update_intro()
        self._update_people()

    def _saved(self, field: str) -> None:
        if field == "kode_faskes":
            self._update_kode_warning(self.editors["kode_faskes"].text())

    def _update_intro(self) -> None:
        if self.record.record_id is None:
            self.intro.setText(_("Start with the doctor's name: the profile is saved as soon as "
                                 "it is filled in, and every change after that as you type."))
        else:
            own, bpjs = practice_roles()
            self.intro.setText(_("Everything is saved as you type. The practice is {role} of "
                                 "its agreements ({bpjs_role} in a BPJS PKS).").format(
                                     role=own, bpjs_role=bpjs))

    def _update_people(self) -> None:
        exists = self.record.record_id is not None
        self.people_hint.setText(
            _("Besides the doctor (the nurse, the administrator …): every “who” field offers "
              "them.") if exists else
            _("People can be added once the doctor's name is filled in."))
        self.people.setEnabled(exists)
        self.people.show_for(self.record.record_id)

    def _update_kode_warning(self, text: str) -> None:
        show_warning(self.kode_warning, kode_faskes_warning(text))

    def _update_example(self) -> None:
        pattern = self.editors["number_pattern"].text().strip() or DEFAULT_NUMBER_PATTERN
        unit = self.editors["number_unit"].text().strip() or "DR-X"
        try:
            example = format_agreement_number(pattern, seq=13, kind="PKS", unit=unit,
                                              on=date.today())
        except UserError as error:
            self.number_example.setText(error.message)
            return
        self.number_example.setText(
            _("Example: {number}. Fields you can use: {{seq}}, {{kind}}, {{unit}}, "
              "{{roman_month}}, {{month}}, {{year}}.").format(number=example))

    # -- proposals (never over what the doctor typed) -------------------------------------------
    def _proposable(self, field: str) -> QWidget | None:
        editor = self.editors[field]
        empty = not editor.text().strip()  # type: ignore[attr-defined]
        return editor if empty or is_proposed(editor) else None

    def _propose_sip_expiry(self) -> None:
        issued = self.editors["sip_issued"].date_or_none()  # type: ignore[attr-defined]
        expires = self._proposable("sip_expires")
        if issued is None or expires is None:
            return
        expires.set_value(proposed_sip_expiry(issued))  # type: ignore[attr-defined]
        mark_proposed(expires, _("Proposed: a SIP is valid five years from the day it was "
                                 "issued. Type the date the SIP states if it differs."))
        self.binder.mark_changed("sip_expires", at_once=True)
        self._update_sip_warning()

    def _propose_npwp(self) -> None:
        npwp = proposed_npwp(self.editors["nik"].text())  # type: ignore[attr-defined]
        editor = self._proposable("npwp")
        if npwp is None or editor is None:
            return
        editor.setText(npwp)  # type: ignore[attr-defined]
        mark_proposed(editor, _("Proposed: since 2024 a person's NPWP is their NIK. Type the "
                                "NPWP if it is another number."))
        self.binder.mark_changed("npwp")

    def _propose_from_doctor(self) -> None:
        """The clinic's name and the agenda's unit code follow the doctor's name until typed."""
        doctor = self.editors["doctor_name"].text()  # type: ignore[attr-defined]
        for field, value, why in (
                ("clinic_name", practice_name(doctor),
                 _("Proposed from the doctor's name. Type the practice's own name if it has "
                   "another.")),
                ("number_unit", unit_from_name(doctor),
                 _("Proposed from the doctor's initials: the unit part of your agreement "
                   "numbers. Type another code if your agenda uses one."))):
            editor = self._proposable(field)
            if editor is None or not value or editor.text() == value:  # type: ignore[attr-defined]
                continue
            editor.setText(value)  # type: ignore[attr-defined]
            mark_proposed(editor, why)
            self.binder.mark_changed(field)

    def _update_sip_warning(self) -> None:
        expires = self.editors["sip_expires"].date_or_none()  # type: ignore[attr-defined]
        today = date.today()
        if expires is None:
            message = ""
        elif expires < today:
            message = _("This SIP expired on {date}: BPJS credentialing needs a valid SIP."
                        ).format(date=format_date(expires, babel_locale()))
        elif expires <= add_months(today, SIP_WARN_MONTHS):
            message = _("This SIP expires on {date}: apply for its renewal in time."
                        ).format(date=format_date(expires, babel_locale()))
        else:
            message = ""
        show_warning(self.sip_warning, message)

    # -- closing -------------------------------------------------------------------------------
    def has_errors(self) -> bool:
        return any(not label.isHidden() for label in self.errors.values())

    def reject(self) -> None:
        self.binder.flush()
        if self.record.has_kept and not ask_close_unsaved(
                self, _("The profile is saved once the doctor's name is filled in.")):
            self.editors["doctor_name"].setFocus()
            return
        if self.has_errors() and not ask_close_with_errors(self):
            return
        super().reject()
