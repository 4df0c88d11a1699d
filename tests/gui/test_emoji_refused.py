"""A pasted emoji, which no font of the PDFs draws, is refused at its field in Indonesian: the
field keeps what was pasted and the stored value stays (tests/integration/test_any_script_prints.py
prints what the fields accept)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kemitraan_desktop.ui.dialogs import partner_registry
from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor

PHARMACY = "Apotek دار الشفاء"  # Dar al-Syifa, in Arabic letters


@pytest.fixture(autouse=True)
def _closing_never_waits_for_an_answer(monkeypatch):
    """qtbot closes the dialog after the test; a question box would wait forever."""
    monkeypatch.setattr(partner_registry, "ask_close_with_errors", lambda parent: True)
    monkeypatch.setattr(partner_registry, "ask_close_unsaved", lambda parent, why: True)


def test_an_emoji_pasted_into_the_partner_s_name_is_refused_at_the_field(qtbot, svc) -> None:  # noqa: ANN001
    """The doctor copies the pharmacy's name from a chat, emoji and all, and pastes it: the
    field says why it cannot be saved, keeps what was pasted, and the stored name stays."""
    partner = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    editor = PartnerEditor(svc, partner.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    name = editor.editors["name"]
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    name.selectAll()
    QApplication.clipboard().setText("Apotek Sehat Sentosa 🏥💊")
    qtbot.keyClick(name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    error = editor.errors["name"]
    qtbot.waitUntil(lambda: not error.isHidden())
    assert error.text() == (
        "Nama: “🏥💊” tidak dapat dicetak pada perjanjian dan laporan (emoji, atau huruf yang "
        "tidak tersedia pada huruf cetak PDF). Hapus, atau tulis dengan huruf Latin atau Arab.")
    assert name.text() == "Apotek Sehat Sentosa 🏥💊"  # nothing the doctor pasted is lost
    assert svc.partners.get(partner.id).name == "Apotek Sehat Sentosa"

    # Written in Arabic letters instead, the name is saved.
    name.selectAll()
    QApplication.clipboard().setText(PHARMACY)
    qtbot.keyClick(name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: svc.partners.get(partner.id).name == PHARMACY)
    assert error.isHidden()
