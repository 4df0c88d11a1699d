"""People picked, not retyped: the one picker every "who" field uses, and the people tables.

A ``PersonPicker`` is a line to type a name in that offers the people of both sides of a
partnership (the doctor, the practice's people, the partner's people) and the names already used
in the practice's "who" fields: typing completes from any part of a name, the arrow at its end
(or the Down key) lists everyone. A name nobody has yet stays as typed, in the field's own
record, and the next "who" field offers it among the names used; it is never made a person of
the practice or of the partner behind the doctor's back (people are added in the practice
profile and the partner registry). Being a line edit, it is the same widget in a form and in a
table cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kemitraan_desktop.domain.enums import Party
from kemitraan_desktop.domain.validation import format_phone, mask_id_number, mask_nik
from kemitraan_desktop.i18n import _
from kemitraan_desktop.services import people
from kemitraan_desktop.services.app import Services

from .autosave import FieldBinder
from .proposals import clear_proposed
from .record_table import Column

Index = QModelIndex | QPersistentModelIndex
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1  # "name — position, organisation", as listed
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2  # the services.people.Person itself
POPUP_MAX_WIDTH = 640  # px: the list of names stays well inside a 1366-pixel screen
LEAVING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


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
    columns.append(Column("phone", _("Phone"), width=110, mask=format_phone))
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


class PersonPicker(QLineEdit):
    """A "who" field: choose from the people of both sides, or type a new name."""

    chosen = Signal(object)  # a person was taken from the list (services.people.Person)

    def __init__(self, svc: Services, side: str = Party.PRACTICE.value,
                 parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self.svc = svc
        self.side = side
        self.partnership_id: int | None = None
        self.people: list[people.Person] = []
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setMaxVisibleItems(12)
        popup = self._completer.popup()
        popup.setItemDelegate(_DetailDelegate(popup))
        popup.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._completer.activated[QModelIndex].connect(self._completed)  # type: ignore[index]
        popup.installEventFilter(self)  # after the completer's own filter: it runs first
        self.setCompleter(self._completer)
        self.list_action = QAction(self.style().standardIcon(
            QStyle.StandardPixmap.SP_TitleBarUnshadeButton), _("Show everyone"), self)
        self.list_action.setToolTip(_("Show everyone"))
        self.list_action.triggered.connect(self.show_everyone)
        self.addAction(self.list_action, QLineEdit.ActionPosition.TrailingPosition)
        self.setPlaceholderText(placeholder or _("Choose, or type a name"))
        self.setClearButtonEnabled(True)
        self.setToolTip(_("Pick a person of the practice or of the partner (the arrow or the "
                          "Down key lists them), or type a new name: it is offered next time."))

    # -- what is offered ---------------------------------------------------------------------
    def show_for(self, partnership_id: int | None) -> None:
        self.partnership_id = partnership_id
        self.reload()

    def set_side(self, side: str) -> None:
        """Which side a new name belongs to (``practice`` or ``partner``)."""
        self.side = side

    def reload(self) -> None:
        self.people = people.people_of(self.svc, self.partnership_id)
        self._model.clear()
        for person in self.people:
            item = QStandardItem(person.name)
            item.setData(detail(person), DETAIL_ROLE)
            item.setData(person, PERSON_ROLE)
            item.setToolTip(detail(person))
            self._model.appendRow(item)
        # The list is as wide as the names with their positions (up to a small screen's share),
        # not as narrow as a table cell: "Drs. Bambang Har…" named nobody.
        popup = self._completer.popup()
        metrics = popup.fontMetrics()
        widest = max((metrics.horizontalAdvance(detail(p)) for p in self.people), default=0)
        popup.setMinimumWidth(min(widest + 40, POPUP_MAX_WIDTH))

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (Qt's name)
        """Locked (a signed agreement's signatory): no clear button and no list to pick from,
        so the field does not look as if it could change."""
        super().setReadOnly(read_only)
        self.setClearButtonEnabled(not read_only)
        self.list_action.setVisible(not read_only)

    def show_everyone(self) -> None:
        """The whole list under the field, whatever is typed in it."""
        if not self.people:
            self.reload()
        self.setFocus()
        self._completer.setCompletionPrefix("")
        self._completer.complete()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """A name typed in another "who" field a moment ago is offered here too."""
        # Not when the list itself hands the focus back: the name chosen there is still read.
        if event.reason() != Qt.FocusReason.PopupFocusReason \
                and not self._completer.popup().isVisible():
            self.reload()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down and not self._completer.popup().isVisible():
            self.show_everyone()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter or Tab while the list shows names but none is highlighted: the typed name
        stands, and the key does what it does in the field (a table cell saves and closes)
        instead of only closing the list."""
        popup = self._completer.popup()
        if watched is popup and event.type() in (QEvent.Type.Show, QEvent.Type.Move,
                                                 QEvent.Type.Resize):
            self._keep_on_screen(popup)
        if watched is popup and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress and event.key() in LEAVING_KEYS \
                and not popup.currentIndex().isValid():
            popup.hide()
            QCoreApplication.postEvent(self, QKeyEvent(
                QEvent.Type.KeyPress, event.key(), event.modifiers()))
            return True
        return super().eventFilter(watched, event)

    def _keep_on_screen(self, popup: QWidget) -> None:
        """The list is wider than the field: Qt places it by the field's width, so a field near
        the right edge (step 7's attendance) had names cut off by the screen's edge."""
        screen = self.screen().availableGeometry()
        frame = popup.geometry()
        if frame.right() > screen.right():
            popup.move(max(screen.left(), screen.right() - frame.width() + 1), frame.top())

    # -- the name ----------------------------------------------------------------------------
    def person(self) -> people.Person | None:
        """Who the text names, among those offered."""
        return people.find(self.people, self.text())

    def _completed(self, index: QModelIndex) -> None:
        person = index.data(PERSON_ROLE)
        if person is not None:
            self.setText(person.name)
            self.setCursorPosition(0)
            clear_proposed(self)  # picked: the person's own choice now
            self.chosen.emit(person)

    def keep(self) -> people.Person | None:
        """Who the name typed is, among those offered (None for a name nobody has yet: it
        stays as typed and is offered as a name used once its record is saved)."""
        name = " ".join(self.text().split())
        return self.person() if name else None


def bind_person(binder: FieldBinder, field: str, picker: PersonPicker,
                error: Any = None) -> None:
    """Bind *picker* to *field* like a line: typed names save as typed, a name taken from the
    list at once."""
    binder.bind_line(field, picker, error)
    picker.chosen.connect(lambda _person: binder.mark_changed(field, at_once=True))


def side_of(record: Any) -> str:
    """Whose person a new name in *record*'s row becomes: the partner's when the row is the
    partner's (an activity it carries, its party of an agreement), else the practice's."""
    party = getattr(record, "party", "")
    return Party.PARTNER.value if party == Party.PARTNER.value else Party.PRACTICE.value


def person_column(field: str, header: str, svc: Services,
                  partnership_id: Callable[[], int | None],
                  side: Callable[[Any], str] = side_of, width: int = 150) -> Column:
    """A table column whose cells are edited with the picker: *side* says, for a row, whose
    person a new name becomes."""
    def editor(parent: QWidget, record: Any) -> QWidget:
        picker = PersonPicker(svc, side(record) if record is not None else
                              Party.PRACTICE.value, parent)
        picker.setFrame(False)
        picker.show_for(partnership_id())
        # A name taken from the list is the cell's value: Enter, as the person would press it,
        # lets the table save it and close the editor.
        picker.chosen.connect(lambda _person: QCoreApplication.postEvent(picker, QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)))
        return picker

    return Column(field, header, width=width, editor=editor)
