"""One date field for the whole program, in forms and in table cells.

It is a line one types into: ``15/03/2027``, ``15-03-2027``, ``15032027`` or ``15 Maret 2027``
(``domain.dates.parse_date`` reads it). A date that does not exist is said at the field and the
text stays there to be corrected; Tab leaves the field like any other; the calendar (the button
at its end, or Alt+↓) opens on the date shown, a related date (the start date for an end date)
or today; the clear button or deleting the text empties it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain.dates import field_date, parse_date
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _, babel_locale

# Typing is a whole date once it ends in a four-digit year (or is eight digits); a shorter year
# (15/03/27) is read when the field is left, so a pause in typing never saves the year 2020.
_WHOLE = re.compile(r"(\D\d{4}|^\d{8})\s*$")


def _hint() -> str:  # read in the language of the moment
    return _("Type the date as 15/03/2027 or 15032027, or choose it from the calendar.")


def calendar_icon() -> QIcon:
    """A small calendar sheet, drawn (no picture file to ship)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor("#3f5653")
    painter.setPen(QPen(ink, 1.2))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(QRectF(1.5, 2.5, 13, 12), 1.5, 1.5)
    painter.fillRect(QRectF(1.5, 2.5, 13, 3.5), ink)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    for row in range(2):
        for column in range(3):
            painter.drawRect(QRectF(4 + column * 3.2, 8 + row * 3, 1.8, 1.8))
    painter.end()
    return QIcon(pixmap)


def calendar_width(calendar: QCalendarWidget) -> int:
    """Wide enough that no day's short name is cut ("Kam" showed as "K…")."""
    calendar.ensurePolished()  # the style sheet's font and cell padding, not Qt's defaults
    metrics = calendar.fontMetrics()
    names = (calendar.locale().dayName(day, QLocale.FormatType.ShortFormat)
             for day in range(1, 8))
    column = max(metrics.horizontalAdvance(name) for name in names) + 24
    return column * 7 + 12


class DateField(QLineEdit):
    """A date typed or picked; ``value()`` is the date (``None`` when empty)."""

    edited = Signal()  # the person set a whole date, or emptied the field

    def __init__(self, parent: QWidget | None = None, *, field: str = "date",
                 related: Callable[[], date | None] | None = None) -> None:
        super().__init__(parent)
        self._field = field
        self._related = related
        self._error_label: QLabel | None = None
        self._own_error = ""  # the message this field put under itself (not a form's refusal)
        self._known: date | None = None  # the value last shown or announced
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setClearButtonEnabled(True)
        self.calendar_action = self.addAction(calendar_icon(),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(_("Choose from the calendar (Alt+↓)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.setToolTip(_hint())
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 64)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)
        self.popup: QFrame | None = None

    # -- the value -----------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date in the field; ``ValidationError`` (with the reason) if it is not one."""
        return parse_date(self.text(), babel_locale(), self._field)

    def date_or_none(self) -> date | None:
        """The date in the field, or ``None`` when it is empty or not a date (yet)."""
        try:
            return self.value()
        except ValidationError:
            return None

    def follow(self, first: DateField) -> None:
        """This field is the end of a range that *first* starts: its calendar opens there."""
        self._related = first.date_or_none

    def set_value(self, value: date | None) -> None:
        self._known = value
        self.setText(field_date(value) if value else "")
        self.setCursorPosition(0)
        self.show_error("")

    def set_related(self, related: Callable[[], date | None] | None) -> None:
        """Where the calendar opens while the field is empty (the start date for an end)."""
        self._related = related

    # -- what the person does ------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if text.strip() and not _WHOLE.search(text.strip()):
            # Still typing: a message stays until the date is whole or the field is left, as
            # a line going and coming moves every field below it under the pointer.
            return
        self._take()

    def _finished(self) -> None:
        value = self._take()
        if value is not None and self.text() != field_date(value):
            self.setText(field_date(value))  # 1 jan 27 reads 01/01/2027 once left

    def _take(self) -> date | None:
        try:
            value = self.value()
        except ValidationError as error:
            self.show_error(error.message)
            return None
        self.show_error("")
        if value != self._known:
            self._known = value
            self.edited.emit()
        return value

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        opens = (event.key() == Qt.Key.Key_Down
                 and event.modifiers() & Qt.KeyboardModifier.AltModifier) \
            or event.key() == Qt.Key.Key_F4
        if opens and not self.isReadOnly():
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802
        super().setReadOnly(read_only)
        self._offer_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange and hasattr(self, "calendar_action"):
            self._offer_buttons()

    def _offer_buttons(self) -> None:
        # A locked date (a signed PKS's) shows neither calendar nor ⓧ: a greyed calendar still
        # invited a click that did nothing (walker #13).
        open_to_change = self.isEnabled() and not self.isReadOnly()
        self.calendar_action.setVisible(open_to_change)
        self.setClearButtonEnabled(open_to_change)

    # -- errors at the field -------------------------------------------------------------------
    def set_error_label(self, label: QLabel | None) -> None:
        """The line under the field where its message is shown (a form's error label)."""
        self._error_label = label

    def show_error(self, message: str) -> None:
        """Say why what is typed is not a date ("" takes back what this field said). The line
        beneath may hold a form's own refusal of a real date (a signing day still to come): a
        date read well does not wipe that; the form takes it back when it judges again."""
        if not message and not self._own_error:
            return
        self._own_error = message
        if self._error_label is not None:
            self._error_label.setText(message)
            self._error_label.setVisible(bool(message))
        self.setProperty("invalid", bool(message))
        self.style().unpolish(self)
        self.style().polish(self)
        self.setToolTip(message or _hint())

    @property
    def error(self) -> str:
        """The message shown for what is typed now ("" when it is a date or empty)."""
        try:
            self.value()
        except ValidationError as error:
            return error.message
        return ""

    # -- the calendar --------------------------------------------------------------------------
    def calendar_start(self) -> date:
        """The day the calendar shows first: the date typed, the related date, or today."""
        related = self._related() if self._related is not None else None
        return self.date_or_none() or related or date.today()

    def open_calendar(self) -> None:
        start = self.calendar_start()
        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setFrameShape(QFrame.Shape.StyledPanel)
        calendar = QCalendarWidget(popup)
        calendar.setObjectName("dateFieldCalendar")
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        calendar.setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        calendar.setMinimumWidth(calendar_width(calendar))
        calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        calendar.setCurrentPage(start.year, start.month)
        calendar.activated.connect(lambda day: self._picked(day, popup))
        calendar.clicked.connect(lambda day: self._picked(day, popup))
        layout = QVBoxLayout(popup)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(calendar)
        popup.adjustSize()
        where = self.mapToGlobal(QPoint(0, self.height()))
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        x = min(max(where.x(), screen.left()), screen.right() - popup.width())
        y = where.y() if where.y() + popup.height() <= screen.bottom() \
            else self.mapToGlobal(QPoint(0, 0)).y() - popup.height()
        popup.move(x, y)
        self.popup = popup
        popup.show()
        calendar.setFocus()

    def _picked(self, day: QDate, popup: QFrame) -> None:
        popup.close()
        self.popup = None
        self.setText(field_date(date(day.year(), day.month(), day.day())))
        self.setFocus()
        self._take()
        self.editingFinished.emit()
