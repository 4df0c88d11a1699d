"""People picked, not retyped: the one picker every "who" field uses, and the people tables.

A ``PersonPicker`` is an editable list of the people of both sides of a partnership (the doctor,
the practice's people, the partner's people). Typing completes from any part of a name; a name
nobody has yet stays as typed and, when the field is left, is kept as a new person of the side
the field belongs to, so the next "who" field offers it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.validation import mask_id_number, mask_nik
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import people
from kemitraan_desktop.services.app import Services

from .record_table import Column

Index = QModelIndex | QPersistentModelIndex
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1  # "name — position, organisation", as listed
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2  # the services.people.Person itself


def people_columns(partner: bool) -> list[Column]:
    """The columns of a table of people: a partner's say who signs for it, with which number and
    on what basis; the practice's people (who do not sign for it) need less."""
    columns = [
        Column("name", _("Name"), stretch=True),
        Column("job_title", _("Position"), width=170 if partner else 140),
    ]
    if partner:
        columns += [
            Column("nik", _("NIK"), width=130, mask=mask_nik),
            Column("staff_number", _("NIP/NPP"), width=100, mask=mask_id_number),
            Column("authority", _("Basis of authority"), width=170),
            Column("signs", _("Signs"), kind="check", width=110),
        ]
    columns.append(Column("phone", _("Phone"), width=110))
    return columns


def detail(person: people.Person) -> str:
    """How a person is listed in a picker: the name, then what they are and for whom."""
    parts = [part for part in (person.job_title, person.organisation) if part]
    return f"{person.name}  —  {', '.join(parts)}" if parts else person.name


class _DetailDelegate(QStyledItemDelegate):
    """The list shows each name with its position and side; the field takes the name only."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        text = index.data(DETAIL_ROLE)
        if text:
            option.text = text  # type: ignore[attr-defined]


class PersonPicker(QComboBox):
    """A "who" field: choose from the people of both sides, or type a new name."""

    chosen = Signal(str)  # a name was taken from the list (typing emits the line's own signals)
    kept = Signal(object)  # a new person was kept (services.people.Person)

    def __init__(self, svc: Services, side: str = Party.PRACTICE.value,
                 parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self.svc = svc
        self.side = side
        self.partnership_id: int | None = None
        self.people: list[people.Person] = []
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.setMaxVisibleItems(12)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.view().setItemDelegate(_DetailDelegate(self.view()))
        self.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.popup().setItemDelegate(_DetailDelegate(completer.popup()))
        completer.activated[QModelIndex].connect(self._completed)  # type: ignore[index]
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(placeholder or _("Choose, or type a name"))
        self.lineEdit().setClearButtonEnabled(True)
        self.activated.connect(self._activated)
        self.lineEdit().editingFinished.connect(self.keep)
        self.setToolTip(_("Pick a person of the practice or of the partner, or type a new name: "
                          "it is kept and offered next time."))

    # -- what is offered ---------------------------------------------------------------------
    def show_for(self, partnership_id: int | None) -> None:
        self.partnership_id = partnership_id
        self.reload()

    def set_side(self, side: str) -> None:
        """Which side a new name belongs to (``practice`` or ``partner``)."""
        self.side = side

    def reload(self) -> None:
        text = self.text()
        self.people = people.people_of(self.svc, self.partnership_id)
        blocker = self.blockSignals(True)
        self._model.clear()
        for person in self.people:
            item = QStandardItem(person.name)
            item.setData(detail(person), DETAIL_ROLE)
            item.setData(person, PERSON_ROLE)
            item.setToolTip(detail(person))
            self._model.appendRow(item)
        self.setCurrentIndex(-1)
        self.lineEdit().setText(text)
        self.blockSignals(blocker)

    # -- the name ----------------------------------------------------------------------------
    def text(self) -> str:
        return self.lineEdit().text()

    def setText(self, text: str) -> None:  # noqa: N802
        blocker = self.blockSignals(True)
        self.setCurrentIndex(-1)
        self.lineEdit().setText(text or "")
        self.lineEdit().setCursorPosition(0)
        self.blockSignals(blocker)

    def person(self) -> people.Person | None:
        """Who the text names, among those offered."""
        return people.find(self.people, self.text())

    def _activated(self, row: int) -> None:
        if 0 <= row < len(self.people):
            self.lineEdit().setText(self.people[row].name)
            self.chosen.emit(self.people[row].name)

    def _completed(self, index: QModelIndex) -> None:
        person = index.data(PERSON_ROLE)
        if person is not None:
            self.lineEdit().setText(person.name)
            self.chosen.emit(person.name)

    def keep(self) -> people.Person | None:
        """Keep a typed name nobody has yet as a new person of this field's side."""
        name = " ".join(self.text().split())
        if not name or self.person() is not None:
            return self.person() if name else None
        try:
            person = people.keep_person(self.svc, self.partnership_id, name, self.side)
        except UserError:
            return None  # the field's own save says what is wrong with the text
        if person is not None:
            self.reload()
            self.kept.emit(person)
        return person
