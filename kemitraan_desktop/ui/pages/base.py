"""What every step page shares: the services it was given, a message bar, a scrolling form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.domain import fields
from kemitraan_desktop.services.app import Services

from ..message_bar import MessageBar


class StepPage(QWidget):
    """One step of the wizard. Subclasses fill ``self.body`` and implement ``load``."""

    number = 0
    changed = Signal()  # the data changed: the stepper recomputes the states

    def __init__(self, svc: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc = svc
        # The window's settings (remembered folders, paper); the wizard hands its own in.
        self.settings = QSettings()
        self.partnership_id = 0
        self.bar = MessageBar(self)
        self.body = QWidget()
        self.body.setObjectName("pageBody")
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Pages reflow to the width they get; only long pages scroll, and only downwards.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar.place)
        layout.addWidget(scroll, 1)

    def show_partnership(self, partnership_id: int) -> None:
        another = partnership_id != self.partnership_id
        self.partnership_id = partnership_id
        self.load()
        if another:
            # What the bar says belongs to the partnership it was said on ("Not finalized"
            # stood on another partnership's step 5).
            self.bar.hide()
            # One page serves every partnership: another one opens at its top, not scrolled
            # where the last one was left (a click meant for "Gagasan" typed into nothing).
            self.scroll_area.verticalScrollBar().setValue(0)

    def load(self) -> None:
        raise NotImplementedError

    def flush(self) -> bool:
        """Save anything still pending (before leaving the page or closing)."""
        return True

    def save_partnership(self, values: dict[str, Any]) -> None:
        self.svc.partnerships.update(self.partnership_id, **values)
        self.changed.emit()


class ShownTabTabs(QTabWidget):
    """Tabs as tall as the tab in front, not as the tallest of them: on a short tab (the
    follow-up actions) the Add button then shows without scrolling past empty rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def _shown_height(self, width: int | None = None) -> int | None:
        page = self.currentWidget()
        if page is None:
            return None
        if width is not None and page.hasHeightForWidth():
            height = page.heightForWidth(width)
        else:
            height = page.sizeHint().height()
        return max(height, page.minimumSizeHint().height()) + self.tabBar().sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        height = self._shown_height()
        return hint if height is None else QSize(hint.width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        page = self.currentWidget()
        if page is None:
            return hint
        return QSize(hint.width(),
                     page.minimumSizeHint().height() + self.tabBar().sizeHint().height())

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        height = self._shown_height(width)
        return super().heightForWidth(width) if height is None else height


def text_box(lines: int = 4) -> QPlainTextEdit:
    """A multi-line field about *lines* lines high; Tab moves on instead of typing a tab."""
    editor = QPlainTextEdit()
    editor.setTabChangesFocus(True)
    height = editor.fontMetrics().lineSpacing() * lines + 14
    editor.setMinimumHeight(height)
    editor.setMaximumHeight(height)
    return editor


def section(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    label.setWordWrap(True)
    return label


def hint(text: str, parent: QWidget | None = None, lines: int = 0) -> QLabel:
    """A line of help. With *lines*, it keeps room for that many lines whatever it says, so a
    shorter text later (a dialog's help once its record exists) moves nothing below it."""
    label = SteadyHint(lines, text, parent) if lines else QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class SteadyHint(QLabel):
    """A wrapped label as tall as *lines* lines of its font, or its text if that is taller."""

    def __init__(self, lines: int, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._lines = lines
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._reserve()

    def _reserve(self) -> None:
        margins = self.contentsMargins()
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * self._lines
                              + margins.top() + margins.bottom() + 2 * self.margin())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._reserve()


class ErrorLine(QLabel):
    """A field's message. Its line is kept whether a message shows or not, so the fields
    beneath never move under the pointer as a message comes and goes (a click meant for
    Email once landed in Telepon as Telepon's message went). A longer message is as tall as
    its wrapped text even where a form is short of room (the page scrolls then), so a second
    line is never cut off by the field beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # hidden, it still holds its line
        self.setSizePolicy(policy)
        self.setMinimumHeight(self._one_line())

    def _one_line(self) -> int:
        margins = self.contentsMargins()
        return (self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
                + 2 * self.margin())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> bool:
        """Take the height of the text wrapped at the present width; True if it changed."""
        before = self.minimumHeight()
        # QLabel.heightForWidth answers at least the minimum height: a height once taken at a
        # narrow width would otherwise stay (a 2-line note kept 27 lines, the signing dialog
        # ran 140 px below a 768-pixel screen, its OK out of sight).
        self.setMinimumHeight(0)
        height = max(self.heightForWidth(self.width()), 0) if self.text() else 0
        height = max(height, self._one_line())
        self.setMinimumHeight(height)
        return height != before

    def refit(self) -> bool:
        """After a layout gave the line its width: its height for that width (a text set
        while hidden was wrapped at a widget's first 100 pixels, several times too tall)."""
        return self._fit()


def error_label(parent: QWidget | None = None) -> QLabel:
    label = ErrorLine(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


FORM_ROW_SPACING = 2  # between a field's kept message line and the next row


def add_field(form: QFormLayout, field: str, editor: QWidget, label: str | None = None
              ) -> QLabel:
    """A labelled editor with its error line beneath; returns the error label. The line is
    kept empty when there is no message and is the room between this row and the next (the
    form's own spacing shrinks to match), so a form is hardly taller for keeping it."""
    error = error_label()
    if not 0 <= form.verticalSpacing() <= FORM_ROW_SPACING:  # -1: the style's, about 6
        form.setVerticalSpacing(FORM_ROW_SPACING)
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    column.addWidget(editor)
    column.addWidget(error)
    caption = QLabel(label or fields.label(field))
    caption.setBuddy(editor)
    form.addRow(caption, box)
    return error
