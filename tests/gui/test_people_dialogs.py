"""People typed once, in the window: the practice's and each partner's people are added in their
dialogs by typing in the table, and found again by the registry's search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.dialogs import partner_registry, practice_profile
from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor, PartnerRegistryDialog
from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog
from kemitraan_desktop.ui.record_table import RecordTable


@pytest.fixture(autouse=True)
def _closing_never_waits_for_an_answer(monkeypatch):
    for module in (practice_profile, partner_registry):
        monkeypatch.setattr(module, "ask_close_with_errors", lambda parent: True)
        monkeypatch.setattr(module, "ask_close_unsaved", lambda parent, why: True)


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_in_cell(qtbot, table: RecordTable, row: int, field: str, text: str) -> None:
    column = next(n for n, c in enumerate(table.model.columns) if c.field == field)
    index = table.model.index(row, column)
    rect = table.view.visualRect(index)
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = next(w for w in table.view.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != table.view.State.EditingState)


def test_a_partners_signatory_is_added_once_in_its_editor(qtbot, svc: Services):
    editor = open_dialog(qtbot, PartnerEditor(svc, None, partner_type="bpjs"))
    assert not editor.people.isEnabled()  # the partner exists once it has a name
    name = editor.editors["name"]
    name.setFocus()
    qtbot.keyClicks(name, "BPJS Kesehatan Kantor Cabang Sleman")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert editor.people.isEnabled()

    editor.lists.setCurrentIndex(0)
    qtbot.mouseClick(editor.people.add_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, editor.people, 0, "name", "Drs. Bambang Hartono, M.M.")
    type_in_cell(qtbot, editor.people, 0, "job_title", "Kepala Kantor Cabang")
    type_in_cell(qtbot, editor.people, 0, "staff_number", "01234567")
    type_in_cell(qtbot, editor.people, 0, "authority", "Keputusan Direksi Nomor 0321/2025")

    [person] = svc.partner_people.list(editor.partner_id)
    assert (person.name, person.job_title, person.staff_number, person.authority,
            person.signs) == ("Drs. Bambang Hartono, M.M.", "Kepala Kantor Cabang", "01234567",
                              "Keputusan Direksi Nomor 0321/2025", True)  # the first one signs
    # The NIP/NPP is shown masked in the table, whole in its editor.
    column = next(n for n, c in enumerate(editor.people.model.columns)
                  if c.field == "staff_number")
    assert editor.people.model.index(0, column).data() == "****4567"


def test_the_practices_people_are_added_in_the_profile(qtbot, svc: Services):
    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati")
    dialog = open_dialog(qtbot, PracticeProfileDialog(svc))
    assert dialog.people.isEnabled()
    qtbot.mouseClick(dialog.people.add_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, dialog.people, 0, "name", "Ns. Rini Astuti, S.Kep.")
    type_in_cell(qtbot, dialog.people, 0, "job_title", "Perawat")
    [person] = svc.practice_people.list(practice.id)
    assert (person.name, person.job_title) == ("Ns. Rini Astuti, S.Kep.", "Perawat")


def test_the_registry_finds_a_partner_by_the_name_of_one_of_its_people(qtbot, svc: Services):
    bpjs = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman", partner_type="bpjs")
    svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=bpjs.id, name="Drs. Bambang Hartono, M.M.")
    dialog = open_dialog(qtbot, PartnerRegistryDialog(svc))
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "bambang")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.rows[0].name == "BPJS Kesehatan Kantor Cabang Sleman"
