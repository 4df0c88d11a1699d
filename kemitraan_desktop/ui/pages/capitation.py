"""The capitation rate of a BPJS PKS as step 5 asks it, whoever drafted the PKS: the field, the
regulation's figures beside it, the rate proposed from them, and what is typed read as rupiah."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kemitraan_desktop.domain.bpjs import capitation_rates, proposed_capitation_sen
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.money import format_rupiah, rupiah_to_sen
from kemitraan_desktop.i18n import _

from ..proposals import mark_proposed
from .base import hint


def rupiah_text(sen: int) -> str:
    """An amount as typed in a field: ``8.800`` (sen only when there are any)."""
    return format_rupiah(sen, with_cents=False).removeprefix("Rp")


def capitation_field(parent: QWidget | None = None) -> QLineEdit:
    """The rate in rupiah; what is typed is shown as rupiah when the field is left ("8300"
    becomes "8.300"), in every form that asks it."""
    editor = QLineEdit(parent)
    editor.setObjectName("capitation")
    editor.setAlignment(Qt.AlignmentFlag.AlignRight)
    editor.setMaximumWidth(140)
    # Made before any form binds its own handler: the value is shown in rupiah first.
    editor.editingFinished.connect(lambda: _show_as_rupiah(editor))
    return editor


def _show_as_rupiah(editor: QLineEdit) -> None:
    text = editor.text().strip()
    if not text or editor.isReadOnly():
        return
    try:
        sen = rupiah_to_sen(text, "capitation_rate_sen")
    except UserError:
        return  # the form says what is wrong with it; what was typed stays as typed
    if sen > 0 and rupiah_text(sen) != editor.text():
        editor.setText(rupiah_text(sen))


def capitation_box(editor: QLineEdit, error: QLabel, *, advice: str | None = None,
                   below: bool = False) -> QWidget:
    """The rate in rupiah, the regulation's figures beside it (or *below* it, where the form is
    narrow), the error line beneath. *advice* says whose rate to write."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.addWidget(QLabel("Rp"))
    row.addWidget(editor)
    figures = "; ".join(f"{format_rupiah(rate.rate_sen, with_cents=False)} ({rate.ratio})"
                        for rate in capitation_rates())
    note = hint(_("Permenkes 3/2023: {figures}.").format(figures=figures) + " "
                + (advice or _("Write the rate agreed with the branch office.")))
    note.setTextFormat(Qt.TextFormat.PlainText)
    if below:
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(note)
    else:
        row.addWidget(note, 1)
        column.addLayout(row)
    column.addWidget(error)
    return box


def propose_capitation(editor: QLineEdit) -> None:
    editor.setText(rupiah_text(proposed_capitation_sen()))
    mark_proposed(editor, _("Proposed: the regulation's rate for a solo practice at a ratio up "
                            "to 1:5,000. Change it if the branch office agrees another."))


def read_capitation(editor: QLineEdit) -> int:
    text = editor.text().strip()
    if not text:
        raise UserError(_("Write the capitation rate the PKS states."), "capitation_rate_sen")
    sen = rupiah_to_sen(text, "capitation_rate_sen")
    if sen <= 0:
        raise UserError(_("Write the capitation rate the PKS states."), "capitation_rate_sen")
    return sen
