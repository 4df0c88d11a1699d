"""Berkas → Data pribadi…: finding, exporting and erasing one person as a doctor would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kemitraan_desktop.ui.dialogs import personal_data as dialog_module
from kemitraan_desktop.ui.dialogs.personal_data import PersonalDataDialog

NIK = "3404076208850003"
MASKED = "************0003"


@pytest.fixture
def dialog(qtbot, window, svc):
    opened = PersonalDataDialog(svc, window)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    return opened


def _search(qtbot, dialog: PersonalDataDialog, text: str) -> None:
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, text)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)


def _column(dialog: PersonalDataDialog, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


def test_the_menu_opens_the_dialog(window, monkeypatch):
    opened = []
    monkeypatch.setattr(PersonalDataDialog, "exec", lambda self: opened.append(self) or 0)
    action = next(a for a in window.menuBar().actions()[0].menu().actions()
                  if a.text() == "Data p&ribadi…")
    action.trigger()
    assert len(opened) == 1


def test_a_search_lists_what_is_erased_and_what_is_kept_and_why(qtbot, dialog):
    assert not dialog.export_button.isEnabled() and not dialog.erase_button.isEnabled()
    _search(qtbot, dialog, "Dewi Lestari")
    assert dialog.table.rowCount() == 14
    # The apotek's signatory in the registry (name, position, SIPA), and the signed PKS holding
    # the same three and the NIK it names her by.
    assert dialog.summary.text() == ("Ditemukan di 14 tempat pada 6 catatan: 10 dapat dihapus, "
                                     "4 tetap disimpan.")
    actions = _column(dialog, 0)
    assert actions[:10] == ["Akan dihapus"] * 10
    assert actions[10:] == ["Disimpan (perjanjian terkunci)"] * 4
    assert dialog.table.item(10, 0).toolTip().startswith("Disimpan: perjanjian versi 1")
    assert "Jabatan" in _column(dialog, 2) and "Daftar hadir" in _column(dialog, 2)
    assert dialog.locked.isVisible() and "UU 27/2022" in dialog.locked.text()
    assert dialog.export_button.isEnabled() and dialog.erase_button.isEnabled()

    _search(qtbot, dialog, "Siti Rahmawati")
    contents = _column(dialog, 4)
    assert MASKED in contents and not [text for text in contents if NIK in text]

    _search(qtbot, dialog, "ab")
    assert dialog.table.rowCount() == 0 and "tiga huruf" in dialog.bar.text
    assert dialog.summary.text() == "Ketik nama atau NIK, lalu cari."  # not the last search's
    assert not dialog.export_button.isEnabled()


def test_export_writes_the_chosen_file(qtbot, dialog, monkeypatch, tmp_path):
    out = tmp_path / "dewi.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(out), "JSON (*.json)"))
    _search(qtbot, dialog, "Dewi Lestari")
    dialog.export_button.click()
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["searched_for"] == "Dewi Lestari" and len(document["mentions"]) == 7
    assert dialog.bar.text.startswith(f"Diekspor ke {out}")


def test_erase_asks_naming_the_places_then_says_what_it_could_not_reach(qtbot, dialog, svc,
                                                                         monkeypatch):
    asked, told = [], []
    monkeypatch.setattr(dialog_module.QMessageBox, "question",
                        lambda parent, title, text, *args: asked.append(text)
                        or QMessageBox.StandardButton.No)
    _search(qtbot, dialog, "Dewi Lestari")
    dialog.erase_button.click()
    assert asked[0].startswith("Hapus data “Dewi Lestari” di 10 tempat pada 5 catatan?")
    assert "4 tempat dalam perjanjian" in asked[0] and "[dihapus]" in asked[0]
    assert svc.partner_people.list(2)[0].name == "apt. Dewi Lestari, S.Farm."  # answered No

    monkeypatch.setattr(dialog_module.QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(dialog_module.QMessageBox, "information",
                        lambda parent, title, text: told.append(text))
    dialog.erase_button.click()
    assert svc.partner_people.list(2)[0].name == "[dihapus]"
    assert told[0].startswith("Dihapus di 10 tempat pada 5 catatan.")
    assert "Jejak audit" in told[0] and "Cadangan" in told[0]
    assert dialog.changed
    assert _column(dialog, 0) == ["Disimpan (perjanjian terkunci)"] * 4
    assert not dialog.erase_button.isEnabled() and dialog.export_button.isEnabled()
