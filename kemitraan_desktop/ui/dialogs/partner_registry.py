"""The partner registry: every organisation the practice works with, and the editor of one.

Partners are kept once and reused by any partnership (as candidates in step 2, as PIHAK KEDUA in
agreements). The editor saves as it is typed, like the rest of the program.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.bpjs import branch_office
from kemitraan_desktop.domain.dates import format_date
from kemitraan_desktop.domain.enums import PartnerType
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _, babel_locale, ngettext
from kemitraan_desktop.services import people
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.partnerships import current_practice

from ..autosave import FieldBinder
from ..message_bar import MessageBar
from ..pages.base import add_field, hint
from ..pages.step3_goals import fit_table
from ..people import people_columns
from ..proposals import clear_proposed, is_proposed, mark_proposed
from ..record_table import Column, RecordDelegate, RecordTable
from ..screen_fit import FitsScreen
from ..shortcuts import widget_key
from .practice_profile import (
    DeferredRecord,
    EnterStaysInForm,
    ask_close_unsaved,
    ask_close_with_errors,
    assign_mnemonics,
    confirm,
    form_layout,
    group,
    kode_faskes_warning,
    plain_text_bar,
    show_warning,
    warning_label,
)

Index = QModelIndex | QPersistentModelIndex
EXPIRY_WARNING_DAYS = 90
EXPIRED_COLOUR = QColor(253, 226, 226)
EXPIRING_COLOUR = QColor(255, 243, 205)


# Names as such partners write them (proper names: not translated).
NAME_EXAMPLES = {
    "bpjs": "BPJS Kesehatan Kantor Cabang Sleman",
    "apotek": "Apotek Sehat Sentosa",
    "laboratorium": "Laboratorium Klinik Prima Husada",
    "bidan": "Praktik Mandiri Bidan Siti Aminah",
    "puskesmas": "Puskesmas Ngaglik I",
    "rumah_sakit": "RSUD Sleman",
    "klinik": "Klinik Pratama Sehat Bersama",
    "dinas_kesehatan": "Dinas Kesehatan Kabupaten Sleman",
}


def partner_type_label(value: str) -> str:
    try:
        return PartnerType(value).label
    except ValueError:
        return value


def licence_state(expires: date | None, today: date | None = None) -> str:
    """``expired``, ``expiring`` (within 90 days) or ``""``."""
    if expires is None:
        return ""
    today = today or date.today()
    if expires < today:
        return "expired"
    if expires <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return "expiring"
    return ""


def licence_state_text(record: Any) -> str:
    state = licence_state(record.expires)
    if state == "expired":
        return _("Expired")
    if state == "expiring":
        days = (record.expires - date.today()).days
        return ngettext("Expires in {n} day", "Expires in {n} days", days).format(n=days)
    return ""


class LicenceDelegate(RecordDelegate):
    """The record table's editors, with expired and soon-expiring licences tinted."""

    def __init__(self, table: RecordTable, columns: list[Column]) -> None:
        super().__init__(columns, table.refused, table.view, corrected=table.corrected)
        self._table = table

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        records = self._table.model.records
        if 0 <= index.row() < len(records):
            state = licence_state(records[index.row()].expires)
            if state:
                colour = EXPIRED_COLOUR if state == "expired" else EXPIRING_COLOUR
                option.backgroundBrush = QBrush(colour)  # type: ignore[attr-defined]


REGION_FIELDS = ("kota", "provinsi")  # proposed for a new partner from the practice


# -- the editor ---------------------------------------------------------------------------------


class PartnerEditor(EnterStaysInForm, FitsScreen, QDialog):
    """All fields of one partner and its licences. ``partner_id`` is set once the partner exists."""

    def __init__(self, svc: Services, partner_id: int | None = None,
                 parent: QWidget | None = None, partner_type: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerEditor")
        self.svc = svc
        self.record = DeferredRecord(svc.partners, partner_id, defaults=self._defaults,
                                     created=self._created)
        self.binder = FieldBinder(self.record.save, self)
        self.binder.failed.connect(self._failed)
        self.binder.saved.connect(self._saved)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.bar = plain_text_bar(MessageBar(self))

        # Two lines are kept for it: the help of a new partner takes two, that of a saved one one,
        # and the fields moved up under the pointer as it changed on the first save.
        self.intro = hint("", lines=2)
        self.intro.setObjectName("dialogIntro")

        form = form_layout()
        self._line(form, "name")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("partner_type")
        if partner_id is None and not partner_type:
            # No silent default: a pharmacy saved as "BPJS" would go unnoticed.
            self.type_combo.addItem(_("— choose the type —"), None)
        for kind in PartnerType:
            self.type_combo.addItem(kind.label, kind.value)
        if partner_type:
            self.type_combo.setCurrentIndex(max(self.type_combo.findData(partner_type), 0))
        add_field(form, "partner_type", self.type_combo)
        # Before the binder saves the type: a partner created by that save takes the name
        # proposed for its type.
        self.type_combo.currentIndexChanged.connect(lambda _i: self._propose_name())
        self.type_combo.currentIndexChanged.connect(lambda _i: self._name_example())
        self._name_example()
        self.binder.bind_combo("partner_type", self.type_combo)
        self._line(form, "phone", _("e.g. 0274 868456 or 0812 3456 7890"))
        self._line(form, "email")
        self._line(form, "kode_faskes", _("for a health facility with a BPJS code"))
        self.kode_warning = warning_label()
        form.addRow("", self.kode_warning)
        left = group(_("Partner"), form)

        form = form_layout()
        self._line(form, "street")
        self._line(form, "kelurahan")
        self._line(form, "kecamatan")
        self._line(form, "kota", _("e.g. Kabupaten Sleman"))
        self._line(form, "provinsi")
        self._line(form, "postal_code", _("5 digits"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.errors["notes"] = add_field(form, "notes", self.notes)
        self.binder.bind_text("notes", self.notes, self.errors["notes"])
        self.editors["notes"] = self.notes
        right = group(_("Address and notes"), form)

        columns = QHBoxLayout()
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)

        self.licences = RecordTable(
            svc.licences,
            self._licence_columns(),
            add_label=_("Add licence"),
            defaults=lambda: {"name": _("New licence")},
            message_bar=self.bar,
        )
        self.licences.setObjectName("licenceTable")
        self.licences.view.setItemDelegate(
            LicenceDelegate(self.licences, self.licences.model.columns))
        fit_table(self.licences, 120)
        self.licences.changed.connect(self._update_licence_summary)
        self.licence_hint = hint("", lines=2)
        self.licence_summary = warning_label()
        self.licence_summary.setObjectName("licenceWarning")

        # Who signs for the partner and who is its contact: kept here once, picked everywhere.
        self.people = RecordTable(
            svc.partner_people, people_columns(partner=True), add_label=_("Add person"),
            defaults=self._person_defaults,
            message_bar=self.bar)
        self.people.setObjectName("partnerPeopleTable")
        fit_table(self.people, 120)
        self.people_hint = hint("", lines=2)
        people_tab = QWidget()
        people_layout = QVBoxLayout(people_tab)
        people_layout.addWidget(self.people_hint)
        people_layout.addWidget(self.people, 1)
        licence_tab = QWidget()
        licence_layout = QVBoxLayout(licence_tab)
        licence_layout.addWidget(self.licence_hint)
        licence_layout.addWidget(self.licences, 1)
        licence_layout.addWidget(self.licence_summary)
        self.lists = QTabWidget(self)
        self.lists.addTab(people_tab, _("People"))
        self.lists.addTab(licence_tab, _("Licences"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        self.bar.hold(self.intro)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar.place)
        layout.addLayout(columns)
        layout.addWidget(self.lists, 1)
        layout.addWidget(self.buttons)

        self.editors["kode_faskes"].textChanged.connect(
            lambda text: show_warning(self.kode_warning, kode_faskes_warning(text)))
        assign_mnemonics(self, skip=(self.licences.add_button, self.licences.delete_button,
                                     self.people.add_button, self.people.delete_button))
        self.resize(940, 680)
        self.load()
        self.editors["name"].setFocus()

    @staticmethod
    def _licence_columns() -> list[Column]:
        return [
            Column("name", _("Licence"), stretch=True),
            Column("number", _("Number"), width=190),
            Column("issued", _("Issued on"), kind="date", width=100),
            Column("expires", _("Valid until"), kind="date", width=100),
            Column("state", _("Remark"), kind="computed", width=130,
                   compute=licence_state_text),
        ]

    def _line(self, form: Any, field: str, placeholder: str = "") -> QLineEdit:
        editor = QLineEdit()
        editor.setObjectName(field)
        if placeholder:
            editor.setPlaceholderText(placeholder)
        error = add_field(form, field, editor)
        self.binder.bind_line(field, editor, error)
        self.editors[field] = editor
        self.errors[field] = error
        return editor

    # -- data ----------------------------------------------------------------------------------
    @property
    def partner_id(self) -> int | None:
        return self.record.record_id

    def _defaults(self) -> dict[str, Any]:
        # The region proposed from the practice is kept with the new partner unless changed.
        region = {field: self.editors[field].text() for field in (*REGION_FIELDS, "name")
                  if is_proposed(self.editors[field])}  # type: ignore[attr-defined]
        return {"partner_type": self.type_combo.currentData(), **region}

    def _person_defaults(self) -> dict[str, Any]:
        """The first person of a partner signs for it; for a BPJS branch office with the
        title its signatory holds (Kepala Kantor Cabang), shown in the new row to change."""
        first = not self.people.model.records
        values: dict[str, Any] = {"name": _("New person"), "signs": first}
        if first and self.type_combo.currentData() == PartnerType.BPJS.value:
            values["job_title"] = branch_office("").signatory_title
        return values

    def _name_example(self) -> None:
        """The name field's example fits the type chosen (a midwife's showed an apotek's)."""
        example = NAME_EXAMPLES.get(self.type_combo.currentData() or "")
        self.editors["name"].setPlaceholderText(
            _("e.g. {name}").format(name=example) if example
            else _("the name as the partner writes it"))

    def _propose_name(self) -> None:
        """A new BPJS partner is most often the branch office of the practice's regency."""
        editor = self.editors["name"]
        if editor.text().strip() and not is_proposed(editor):  # type: ignore[attr-defined]
            return  # typed by the doctor: theirs
        if self.partner_id is not None and not is_proposed(editor):
            return
        practice = current_practice(self.svc)
        bpjs = self.type_combo.currentData() == PartnerType.BPJS.value
        name = branch_office(practice.kota or "").name if bpjs and practice else ""
        editor.setText(name)  # type: ignore[attr-defined]
        if name:
            mark_proposed(editor, _("Proposed: the BPJS branch office named after the "
                                    "practice's regency. Type its own name if it differs."))
        else:
            clear_proposed(editor)
        if self.partner_id is not None:
            # Saved with the proposal when the type was picked: the name follows the type, and
            # an emptied name asks at its field for the partner's own.
            self.binder.mark_changed("name", at_once=True)

    def _propose_region(self) -> None:
        """A new partner is most often in the practice's own regency: proposed, not typed."""
        practice = current_practice(self.svc)
        if practice is None:
            return
        for field in REGION_FIELDS:
            editor = self.editors[field]
            value = getattr(practice, field) or ""
            if value and not editor.text().strip():  # type: ignore[attr-defined]
                editor.setText(value)  # type: ignore[attr-defined]
                mark_proposed(editor, _("Proposed: the practice's own region. Type another if "
                                        "the partner is elsewhere."))

    def load(self) -> None:
        if self.partner_id is not None:
            record = self.svc.partners.get(self.partner_id)
            self.binder.load(record)
            self.setWindowTitle(_("Partner: {name}").format(name=record.name))
        else:
            self.setWindowTitle(_("New partner"))
            self._propose_region()
            self._propose_name()
        self._update_state()
        show_warning(self.kode_warning, kode_faskes_warning(self.editors["kode_faskes"].text()))

    def _created(self, record: Any) -> None:
        self.setWindowTitle(_("Partner: {name}").format(name=record.name))
        placeholder = self.type_combo.findData(None)
        if placeholder >= 0:
            blocker = self.type_combo.blockSignals(True)
            self.type_combo.removeItem(placeholder)
            self.type_combo.setCurrentIndex(max(self.type_combo.findData(record.partner_type), 0))
            self.type_combo.blockSignals(blocker)
        self._update_state()

    def _saved(self, field: str) -> None:
        # The title follows the name as saved, not as it was after the first letters typed.
        if field == "name" and self.partner_id is not None:
            self.setWindowTitle(_("Partner: {name}").format(
                name=self.editors["name"].text().strip()))  # type: ignore[attr-defined]

    def _failed(self, field: str, message: str) -> None:
        if field not in self.errors:
            self.bar.show_error(message)

    def _update_state(self) -> None:
        exists = self.partner_id is not None
        self.intro.setText(
            _("Everything is saved as you type.") if exists else
            _("Start with the name and the type: the partner is saved as soon as both are "
              "given, and every change after that as you type."))
        self.licence_hint.setText(
            _("Licences of the partner (SIA of an apotek, SIO of a laboratory, SIPB of a "
              "bidan …). Those expired or expiring within 90 days are marked.") if exists else
            _("Licences can be added once the partner has a name and a type."))
        self.licences.setEnabled(exists)
        self.licences.show_for(self.partner_id)
        self.people_hint.setText(
            _("Who signs for the partner (and on what basis) and who is its contact. Every "
              "“who” field of the partnership offers them, and a draft agreement takes its "
              "signatory from the person marked as signing.") if exists else
            _("People can be added once the partner has a name and a type."))
        self.people.setEnabled(exists)
        self.people.show_for(self.partner_id)
        self._update_licence_summary()

    def _update_licence_summary(self) -> None:
        expired, expiring = [], []
        for record in self.licences.model.records:
            state = licence_state(record.expires)
            when = format_date(record.expires, babel_locale()) if record.expires else ""
            if state == "expired":
                expired.append(_("{name} (expired on {date})").format(name=record.name, date=when))
            elif state == "expiring":
                expiring.append(_("{name} (valid until {date})").format(name=record.name,
                                                                         date=when))
        lines = []
        if expired:
            lines.append(_("Expired: {list}.").format(list="; ".join(expired)))
        if expiring:
            lines.append(_("Expiring within 90 days: {list}.").format(list="; ".join(expiring)))
        show_warning(self.licence_summary, "\n".join(lines))

    def reject(self) -> None:
        self.binder.flush()
        if self.record.has_kept and not ask_close_unsaved(
                self, _("A partner is saved once it has a name and a type.")):
            return
        errors = any(not label.isHidden() for label in self.errors.values())
        if errors and not ask_close_with_errors(self):
            return
        super().reject()


# -- the registry -------------------------------------------------------------------------------


class PartnerListModel(QAbstractTableModel):
    HEADERS = ("name", "type", "city")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Name"), _("Partner type"), _("Regency/City"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, partner_type_label(row.partner_type), row.kota)[index.column()]
        return None


def matches(partner: Any, words: list[str], names: Sequence[str] = ()) -> bool:
    """Whether *partner* (with its people's *names*) holds every one of *words*."""
    text = " ".join((partner.name, partner_type_label(partner.partner_type), partner.kota,
                     partner.kecamatan, *names)).lower()
    return all(word in text for word in words)


class PartnerRegistryDialog(EnterStaysInForm, FitsScreen, QDialog):
    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerRegistryDialog")
        self.setWindowTitle(_("Partner registry"))
        self.svc = svc
        self.bar = plain_text_bar(MessageBar(self))
        self.search = QLineEdit(self)
        self.search.setObjectName("partnerSearch")
        self.search.setPlaceholderText(_("Search by name, type or city"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("Search:"), self)
        search_label.setBuddy(self.search)
        self.model = PartnerListModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("partnerTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(1, 220)
        self.view.setColumnWidth(2, 180)
        # Enter or a double-click on a row opens it (activated follows the platform's habit).
        self.view.activated.connect(lambda _index: self.edit_partner())
        widget_key(self.view, QKeySequence.StandardKey.Delete, self.delete_partner)
        self.empty_hint = hint("")

        self.add_button = QPushButton(_("Add…"), self)
        self.add_button.clicked.connect(self.add_partner)
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.clicked.connect(self.edit_partner)
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.clicked.connect(self.delete_partner)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar.place)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_hint)
        layout.addLayout(actions)

        assign_mnemonics(self)
        self.resize(820, 520)
        self.refresh()

    # -- list ----------------------------------------------------------------------------------
    def refresh(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        words = self.search.text().lower().split()
        everyone = self.svc.partners.list()
        names = people.names_by_partner(self.svc) if words else {}
        rows = [partner for partner in everyone
                if matches(partner, words, names.get(partner.id, []))]
        self.model.set_rows(rows)
        if not everyone:
            self.empty_hint.setText(_("No partners yet. Click “Add…” to register the first one: "
                                      "a pharmacy, a laboratory, a midwife, BPJS Kesehatan …"))
        elif not rows:
            self.empty_hint.setText(_("No partner matches the search."))
        self.empty_hint.setVisible(not rows)
        self.select(keep)
        self._update_buttons()

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].id

    def select(self, partner_id: int | None) -> None:
        for row, partner in enumerate(self.model.rows):
            if partner.id == partner_id:
                self.view.setCurrentIndex(self.model.index(row, 0))
                return

    def _update_buttons(self) -> None:
        chosen = self.current_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- actions -------------------------------------------------------------------------------
    def add_partner(self) -> None:
        editor = PartnerEditor(self.svc, None, self)
        editor.exec()
        if editor.partner_id is not None:
            self.search.clear()
            self.refresh(keep=editor.partner_id)
            self.select(editor.partner_id)

    def edit_partner(self) -> None:
        partner_id = self.current_id()
        if partner_id is None:
            self.bar.show_info(_("Select a partner in the list first."))
            return
        PartnerEditor(self.svc, partner_id, self).exec()
        self.refresh(keep=partner_id)

    def delete_partner(self) -> None:
        partner_id = self.current_id()
        if partner_id is None:
            self.bar.show_info(_("Select a partner in the list first."))
            return
        partner = self.svc.partners.get(partner_id)
        used_by = self.svc.candidates.list(None, partner_id=partner_id)
        if used_by:
            titles = ", ".join(f"“{self.svc.partnerships.get(c.partnership_id).title}”"
                               for c in used_by)
            self.bar.show_error(
                _("{name} is a candidate in {titles} and cannot be deleted. Remove it from "
                  "there first (step 2).").format(name=partner.name, titles=titles))
            return
        question = _("Delete {name} from the partner registry? Its licences are deleted too."
                     ).format(name=partner.name)
        if not confirm(self, _("Delete partner"), question):
            return
        try:
            self.svc.partners.delete(partner_id)
        except UserError as error:
            self.bar.show_error(error.message)
            return
        self.refresh()
        self.bar.show_info(_("{name} deleted.").format(name=partner.name))
