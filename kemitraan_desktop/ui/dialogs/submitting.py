"""A dialog whose OK hands what was typed to a service, and closes only when the service took it.

Every dialog with an OK button that saves something is one of these, so none of them can close
on a refused value and lose what the person typed: ``accept`` runs :meth:`SubmitDialog.submit`;
a ``UserError`` is shown beneath the field it names (or on the dialog's own error line), that
field gets the keyboard focus, and every field keeps its text. Anything else that goes wrong (a
file that cannot be read, the database) is said on the error line, and the dialog stays open too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from kemitraan_desktop.domain.errors import UserError

from ..jobs import failure_text
from ..screen_fit import FitsScreen, fit_to_screen

log = logging.getLogger(__name__)


class SubmitDialog(FitsScreen, QDialog):
    """Subclasses build their fields, name each one with :meth:`field`, place
    ``self.error`` in their layout, and implement :meth:`submit`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._error: QLabel | None = None
        self._first_height: int | None = None
        self._fields: dict[str, tuple[QLabel | None, QWidget | None]] = {}

    @property
    def error(self) -> QLabel:
        """The dialog's own error line, for refusals that name no field (made where it is
        first placed, so it comes after the dialog's texts among its children)."""
        if self._error is None:
            # pages.base loads the services: the password dialogs import this before they exist.
            from ..pages.base import error_label

            self._error = error_label(self)
        return self._error

    def field(self, name: str, editor: QWidget | None, error: QLabel | None = None) -> None:
        """*editor* holds the value a refusal naming *name* is about; *error* is the line
        beneath it (``pages.base.add_field`` makes both), or the dialog's error line if None."""
        self._fields[name] = (error, editor)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # As tall as its fields, once they have their widths: Qt's first size counted each
        # hidden message wrapped at 100 px, an empty band of 100-200 px above OK (walker #13).
        self.fit_height()

    def submit(self) -> None:
        """Hand the fields to the service; raise ``UserError`` to refuse (the dialog stays)."""
        raise NotImplementedError

    def accept(self) -> None:
        self.clear_refusal()
        try:
            self.submit()
        except UserError as error:
            self.show_refusal(error)
            return
        except Exception as error:  # noqa: BLE001 - whatever failed, what was typed must stay
            log.exception("%s: submit failed", type(self).__name__)
            self.show_refusal(UserError(failure_text(error)))
            return
        super().accept()

    def refused(self, error: UserError) -> None:
        """A hook after a refusal is shown (a password dialog empties its password fields)."""

    def show_refusal(self, error: UserError) -> None:
        label, editor = self._fields.get(error.field, (None, None))
        label = label or self.error
        label.setText(error.message)
        label.show()
        if editor is not None:
            _mark(editor, True)
            editor.setFocus()
        self.refused(error)
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as the messages shown need, so that none is cut off (within the screen),
        and back to the first height when they are gone."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        # pages.base loads the services: the password dialogs import this before they exist.
        from ..pages.base import ErrorLine

        for _ in range(3):  # a message's height follows the width the layout gave it
            # A field's box has a layout of its own, which takes a message's new height only at
            # its posted LayoutRequest: without it a six-line refusal of the signing date was
            # measured at its earlier four lines and its last lines were cut off.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            layout.activate()
            if not [line.refit() for line in self.findChildren(ErrorLine) if line.isVisible()
                    ].count(True):
                break
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if self._first_height is None:
            # What the fields need once shown, not the height the dialog opened with: that was
            # laid out with a message set while hidden and wrapped at 100 px, several lines too
            # tall, and left an empty band of 200 px above OK (walker #13).
            self._first_height = needed
        height = max(needed, self._first_height)
        screen = self.screen()
        if screen is not None:
            height = min(height, screen.availableGeometry().height())
        if height != self.height():
            self.resize(self.width(), height)
            fit_to_screen(self)  # grown downwards, it is moved up to keep its buttons in sight

    def clear_refusal(self) -> None:
        for label, editor in (*self._fields.values(), (self._error, None)):
            if label is not None:
                label.hide()
            if editor is not None:
                _mark(editor, False)


def _mark(editor: QWidget, invalid: bool) -> None:
    """The style sheet draws a refused field's border red (``[invalid="true"]``)."""
    editor.setProperty("invalid", invalid)
    editor.style().unpolish(editor)
    editor.style().polish(editor)
