"""Steps 2–4 as a doctor works them: candidates and their scores, goals and roles, preparation.

Each story types and clicks in the page, checks through the services that it was saved, and
builds the page again (as after a restart) to see the values come back.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from kemitraan_desktop.domain.money import rupiah_with_words
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.autosave import SAVE_DELAY_MS
from kemitraan_desktop.ui.pages.step2_candidates import (
    CHOSEN,
    FIRST_SCORE,
    WEIGHTED,
    CandidatesPage,
)
from kemitraan_desktop.ui.pages.step3_goals import GoalsPage
from kemitraan_desktop.ui.pages.step4_preparation import PreparationPage
from kemitraan_desktop.ui.record_table import RecordTable

# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def practice(svc: Services):
    return svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman",
                                sip_number="503/0123/SIP-DU/2022", npwp="3404076208850003")


@pytest.fixture
def apotek_partnership(svc: Services, practice):
    return partnerships.start_partnership(svc, "Kerja sama pelayanan obat", "apotek")


def open_page(qtbot, cls, svc: Services, partnership_id: int):
    page = cls(svc)
    qtbot.addWidget(page)
    page.resize(760, 900)
    page.show()
    page.show_partnership(partnership_id)
    qtbot.waitExposed(page)
    qtbot.wait(1)  # let the layouts place what was just built, as the screen would
    return page


def column_of(table: RecordTable, field: str) -> int:
    return next(n for n, c in enumerate(table.model.columns) if c.field == field)


def type_into_cell(qtbot, table: RecordTable, row: int, field: str, text: str) -> None:
    """Open the cell's editor as a double-click would, type, and press Enter."""
    index = table.model.index(row, column_of(table, field))
    view = table.view
    if view.state() != view.State.EditingState or view.currentIndex() != index:
        view.setCurrentIndex(index)
        view.edit(index)
    editor = next(w for w in view.viewport().findChildren(QLineEdit) if not w.isHidden())
    type_text(qtbot, editor, text, replace=True)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits a moment after Enter, once the editor has seen the key.
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def type_text(qtbot, editor: QLineEdit, text: str, replace: bool = False) -> None:
    """Type as on a keyboard; QTest knows only ASCII keys, so "≥" is entered like an IME does."""
    if replace:
        editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        editor.insert(text)


def choose_in_cell(qtbot, table: RecordTable, row: int, field: str, value: str) -> None:
    """Open a choice cell's list, pick the entry and press Enter."""
    index = table.model.index(row, column_of(table, field))
    view = table.view
    view.setCurrentIndex(index)
    view.edit(index)
    combo = next(w for w in view.viewport().findChildren(QComboBox) if not w.isHidden())
    combo.setCurrentIndex(combo.findData(value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def undo_button(page) -> QPushButton:
    return next(b for b in page.bar.findChildren(QPushButton)
                if not b.isHidden() and b.text() != "×")


# -- step 2 -------------------------------------------------------------------------------------


def test_the_doctor_adds_candidates_scores_them_and_the_best_placed_comes_first(
        qtbot, svc, apotek_partnership):
    pid = apotek_partnership.id
    sentosa = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    keluarga = svc.partners.create(name="Apotek Zamrud Keluarga", partner_type="apotek")
    svc.partners.create(name="Laboratorium Prima", partner_type="laboratorium")
    page = open_page(qtbot, CandidatesPage, svc, pid)

    # The registry offers partners of the partnership's type first.
    assert page.registry_combo.itemData(0) in (sentosa.id, keluarga.id)
    for partner in (sentosa, keluarga):
        page.registry_combo.setCurrentIndex(page.registry_combo.findData(partner.id))
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert {c.partner_id for c in svc.candidates.list(pid)} == {sentosa.id, keluarga.id}
    assert page.registry_combo.findData(sentosa.id) == -1  # no longer offered

    # Score Apotek Zamrud high on every criterion: it moves to the top.
    candidate = next(r.id for r in page.model.records if r.partner_id == keluarga.id)
    for column in range(FIRST_SCORE, WEIGHTED):  # the row moves up as it is scored
        assert page.model.setData(page.model.index(page.model.row_of(candidate), column), 5)
    qtbot.waitUntil(lambda: page.model.records[0].partner_id == keluarga.id)
    assert page.model.index(0, WEIGHTED).data() in ("5,00", "5.00")

    # Tick it as the one to approach.
    assert page.model.setData(page.model.index(0, CHOSEN), Qt.CheckState.Checked.value,
                              Qt.ItemDataRole.CheckStateRole)
    chosen = [c for c in svc.candidates.list(pid) if c.chosen]
    assert [c.partner_id for c in chosen] == [keluarga.id]
    assert chosen[0].score_reputation == 5

    # Shared vision counts most: the doctor types a new weight.
    spin = page.weights["shared_vision"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "9")
    qtbot.keyClick(spin, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: svc.partnerships.get(pid).weight_shared_vision == 9)

    # After a restart the page shows the same ranking, ticks and weights.
    again = open_page(qtbot, CandidatesPage, svc, pid)
    assert again.weights["shared_vision"].value() == 9
    assert [r.partner_id for r in again.model.records] == [keluarga.id, sentosa.id]
    assert again.model.index(0, CHOSEN).data(Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked
    assert again.model.index(0, FIRST_SCORE).data() == "5"


def test_a_removed_candidate_comes_back_with_undo(qtbot, svc, apotek_partnership):
    pid = apotek_partnership.id
    partner = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    page = open_page(qtbot, CandidatesPage, svc, pid)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    candidate = svc.candidates.list(pid)[0]
    page.model.setData(page.model.index(0, FIRST_SCORE), 4)

    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert svc.candidates.list(pid) == []
    assert page.registry_combo.findData(partner.id) >= 0

    qtbot.mouseClick(undo_button(page), Qt.MouseButton.LeftButton)
    restored = svc.candidates.list(pid)
    assert [c.id for c in restored] == [candidate.id]
    assert restored[0].score_shared_vision == 4
    assert [r.partner_id for r in page.model.records] == [partner.id]


def test_a_partner_registered_from_step_2_becomes_a_candidate(qtbot, svc, apotek_partnership,
                                                              monkeypatch):
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor

    def fill_in(editor: PartnerEditor) -> int:
        qtbot.keyClicks(editor.editors["name"], "Apotek Baru Jaya")
        editor.binder.flush()
        return 0

    monkeypatch.setattr(PartnerEditor, "exec", fill_in)
    page = open_page(qtbot, CandidatesPage, svc, apotek_partnership.id)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    [partner] = svc.partners.list()
    assert (partner.name, partner.partner_type) == ("Apotek Baru Jaya", "apotek")
    assert [r.partner_id for r in page.model.records] == [partner.id]


# -- step 3 -------------------------------------------------------------------------------------


def test_goals_and_roles_are_typed_into_the_tables_and_shown_again(qtbot, svc,
                                                                   apotek_partnership):
    pid = apotek_partnership.id
    page = open_page(qtbot, GoalsPage, svc, pid)
    qtbot.mouseClick(page.goals.add_button, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, page.goals, 0, "description", "Resep JKN terlayani")
    type_into_cell(qtbot, page.goals, 0, "target", "≥ 95% resep lengkap")

    practice_roles = page.roles["practice"]
    partner_roles = page.roles["partner"]
    qtbot.mouseClick(practice_roles.add_button, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, practice_roles, 0, "description", "Menulis resep sesuai Fornas")
    for text in ("Menyediakan obat Fornas", "Memberi informasi obat"):
        qtbot.mouseClick(partner_roles.add_button, Qt.MouseButton.LeftButton)
        type_into_cell(qtbot, partner_roles, partner_roles.model.rowCount() - 1,
                       "description", text)

    [goal] = svc.goals.list(pid)
    assert (goal.description, goal.target) == ("Resep JKN terlayani", "≥ 95% resep lengkap")
    assert [r.description for r in svc.roles.list(pid, party="practice")] == \
        ["Menulis resep sesuai Fornas"]
    assert [r.description for r in svc.roles.list(pid, party="partner")] == \
        ["Menyediakan obat Fornas", "Memberi informasi obat"]
    assert partnerships.step_progress(svc, pid)[2].state.value == "complete"

    again = open_page(qtbot, GoalsPage, svc, pid)
    assert again.goals.model.index(0, 1).data() == "≥ 95% resep lengkap"
    assert again.roles["partner"].model.rowCount() == 2
    assert again.roles["practice"].model.index(0, 0).data() == "Menulis resep sesuai Fornas"


def test_a_deleted_goal_comes_back_with_undo(qtbot, svc, apotek_partnership):
    pid = apotek_partnership.id
    for position, text in enumerate(("Waktu tunggu singkat", "Resep lengkap")):
        svc.goals.create(partnership_id=pid, position=position, description=text,
                         target="≤ 15 menit")
    page = open_page(qtbot, GoalsPage, svc, pid)
    page.goals.view.setCurrentIndex(page.goals.model.index(0, 0))
    qtbot.mouseClick(page.goals.delete_button, Qt.MouseButton.LeftButton)
    assert [g.description for g in svc.goals.list(pid)] == ["Resep lengkap"]

    qtbot.mouseClick(undo_button(page), Qt.MouseButton.LeftButton)
    assert [g.description for g in svc.goals.list(pid)] == ["Waktu tunggu singkat",
                                                            "Resep lengkap"]
    assert page.goals.model.rowCount() == 2


# -- step 4 -------------------------------------------------------------------------------------


def test_budget_totals_per_party_and_in_words_follow_every_change(qtbot, svc,
                                                                   apotek_partnership):
    pid = apotek_partnership.id
    page = open_page(qtbot, PreparationPage, svc, pid)
    assert page.readiness_box.isHidden()  # not a BPJS partnership

    budget = page.budget
    lines = [("Rapat koordinasi", "4", "kali", "350.000", "both"),
             ("Cetak formulir resep", "2,5", "rim", "65.000", "practice"),
             ("Leaflet informasi obat", "500", "lembar", "1.500,50", "partner")]
    for row, (description, quantity, unit, cost, party) in enumerate(lines):
        qtbot.mouseClick(budget.add_button, Qt.MouseButton.LeftButton)
        type_into_cell(qtbot, budget, row, "description", description)
        type_into_cell(qtbot, budget, row, "quantity", quantity)
        type_into_cell(qtbot, budget, row, "unit", unit)
        type_into_cell(qtbot, budget, row, "unit_cost_sen", cost)
        choose_in_cell(qtbot, budget, row, "funded_by", party)

    stored = svc.budget_lines.list(pid)
    assert [(b.quantity, b.unit_cost_sen, b.funded_by) for b in stored] == [
        (Decimal(4), 350_000_00, "both"),
        (Decimal("2.5"), 65_000_00, "practice"),
        (Decimal(500), 1_500_50, "partner"),
    ]
    # 4 × 350.000 = 1.400.000; 2,5 × 65.000 = 162.500; 500 × 1.500,50 = 750.250
    expected = {"both": 1_400_000_00, "practice": 162_500_00, "partner": 750_250_00}
    for party, sen in expected.items():
        assert page.party_totals[party].text() == rupiah_with_words(sen)
    assert page.grand_total.text() == rupiah_with_words(2_312_750_00)
    assert "Rp2.312.750,00" in page.grand_total.text()
    total_column = column_of(budget, "total_sen")
    assert budget.model.index(1, total_column).data() == "Rp162.500,00"

    # A changed quantity changes the totals at once; a deleted line leaves them.
    type_into_cell(qtbot, budget, 1, "quantity", "10")
    assert page.party_totals["practice"].text() == rupiah_with_words(650_000_00)
    budget.view.setCurrentIndex(budget.model.index(0, 0))
    qtbot.mouseClick(budget.delete_button, Qt.MouseButton.LeftButton)
    assert page.party_totals["both"].text() == rupiah_with_words(0)
    assert page.grand_total.text() == rupiah_with_words(1_400_250_00)

    again = open_page(qtbot, PreparationPage, svc, pid)
    assert again.grand_total.text() == rupiah_with_words(1_400_250_00)
    assert again.budget.model.rowCount() == 2


def test_a_refused_amount_shows_a_message_and_keeps_the_stored_value(qtbot, svc,
                                                                     apotek_partnership):
    pid = apotek_partnership.id
    svc.budget_lines.create(partnership_id=pid, description="Rapat", unit_cost_sen=100_000_00)
    page = open_page(qtbot, PreparationPage, svc, pid)
    view = page.budget.view
    index = page.budget.model.index(0, column_of(page.budget, "unit_cost_sen"))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next(w for w in view.viewport().findChildren(QLineEdit) if not w.isHidden())
    type_text(qtbot, editor, "seratus ribu", replace=True)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert page.bar.isVisible() and page.bar.text
    assert svc.budget_lines.list(pid)[0].unit_cost_sen == 100_000_00
    # The editor stays open with what was typed, to be corrected.
    assert view.state() == view.State.EditingState and editor.text() == "seratus ribu"
    type_text(qtbot, editor, "100.500", replace=True)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert svc.budget_lines.list(pid)[0].unit_cost_sen == 100_500_00


def test_the_draft_work_plan_is_saved_as_typed(qtbot, svc, apotek_partnership):
    pid = apotek_partnership.id
    page = open_page(qtbot, PreparationPage, svc, pid)
    qtbot.mouseClick(page.activities.add_button, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, page.activities, 0, "name", "Sosialisasi alur resep")
    type_into_cell(qtbot, page.activities, 0, "person_in_charge", "dr. Siti")
    type_into_cell(qtbot, page.activities, 0, "planned_cost_sen", "500.000")
    choose_in_cell(qtbot, page.activities, 0, "party", "practice")
    [activity] = svc.activities.list(pid)
    assert (activity.name, activity.person_in_charge, activity.planned_cost_sen,
            activity.party) == ("Sosialisasi alur resep", "dr. Siti", 500_000_00, "practice")
    assert "Rp500.000,00" in page.activities_total.text()


def test_bpjs_checklist_ticks_scores_and_weights_are_saved_and_the_missing_list_follows(
        qtbot, svc, practice):
    bpjs = partnerships.start_partnership(svc, "Kerja sama FKTP", "bpjs")
    pid = bpjs.id
    page = open_page(qtbot, PreparationPage, svc, pid)
    assert not page.readiness_box.isHidden()
    rows = {row.code: row for row in page.admin_rows}

    # Derived items: judged from the practice profile, not ticked here.
    assert rows["sip"].derived and rows["sip"].check.isChecked()  # SIP number, no expiry
    assert rows["npwp"].check.isChecked()
    assert not rows["str"].check.isChecked()  # no STR number in the profile
    assert not rows["pks_apotek"].check.isChecked()
    assert rows["sip"].source.text() and not rows["sip"].source.isHidden()

    missing_before = page.missing_list.text()
    check = rows["akreditasi"].check
    # On its box, not the middle of the row (the row is wider than box and text).
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))
    akreditasi = next(line for line in partnerships.readiness(svc, pid).lines
                      if line.code == "akreditasi")
    assert akreditasi.met
    assert page.missing_list.text() != missing_before
    assert akreditasi.label not in page.missing_list.text()

    note = rows["surat_pernyataan"].note
    qtbot.keyClicks(note, "Map biru di lemari arsip")
    qtbot.keyClick(note, Qt.Key.Key_Return)

    score = page.area_scores["sdm"]
    score.lineEdit().selectAll()
    qtbot.keyClicks(score, "80")
    qtbot.keyClick(score, Qt.Key.Key_Tab)
    weight = page.findChild(QWidget, "weight_sdm")
    weight.lineEdit().selectAll()
    qtbot.keyClicks(weight, "40")
    qtbot.wait(SAVE_DELAY_MS + 200)
    assert page.flush()

    readiness = partnerships.readiness(svc, pid)
    lines = {line.code: line for line in readiness.lines}
    assert lines["sdm"].score == 80
    assert lines["surat_pernyataan"].note == "Map biru di lemari arsip"
    assert readiness.weights["sdm"] == 40
    assert readiness.technical_score == 80.0  # the only scored area
    assert "80" in page.technical_total.text()

    again = open_page(qtbot, PreparationPage, svc, pid)
    again_rows = {row.code: row for row in again.admin_rows}
    assert again_rows["akreditasi"].check.isChecked()
    assert again_rows["surat_pernyataan"].note.text() == "Map biru di lemari arsip"
    assert again.area_scores["sdm"].value() == 80
    assert again.area_scores["sarana"].value() == -1  # shown as "not scored"
    assert again.findChild(QWidget, "weight_sdm").value() == 40


def test_an_unscored_area_can_be_cleared_again(qtbot, svc, practice):
    bpjs = partnerships.start_partnership(svc, "Kerja sama FKTP", "bpjs")
    page = open_page(qtbot, PreparationPage, svc, bpjs.id)
    page.area_scores["lingkup"].setValue(70)
    page.flush()
    page.area_scores["lingkup"].setValue(page.area_scores["lingkup"].minimum())
    page.flush()
    line = next(x for x in partnerships.readiness(svc, bpjs.id).lines if x.code == "lingkup")
    assert line.score is None


def test_no_model_index_leaks_between_partnerships(qtbot, svc, practice):
    first = partnerships.start_partnership(svc, "Kerja sama FKTP", "bpjs")
    second = partnerships.start_partnership(svc, "Kerja sama apotek", "apotek")
    svc.budget_lines.create(partnership_id=second.id, description="Rapat", unit_cost_sen=1)
    page = open_page(qtbot, PreparationPage, svc, first.id)
    assert not page.readiness_box.isHidden()
    page.show_partnership(second.id)
    assert page.readiness_box.isHidden()
    assert page.budget.model.rowCount() == 1
    assert page.budget.view.currentIndex() == QModelIndex() or \
        page.budget.view.currentIndex().row() == 0


def test_a_cell_still_being_typed_in_is_saved_when_the_page_is_left(qtbot, svc,
                                                                     apotek_partnership):
    pid = apotek_partnership.id
    page = open_page(qtbot, GoalsPage, svc, pid)
    qtbot.mouseClick(page.goals.add_button, Qt.MouseButton.LeftButton)
    editor = next(w for w in page.goals.view.viewport().findChildren(QLineEdit)
                  if not w.isHidden())
    qtbot.keyClicks(editor, "Kunjungan naik")
    assert page.flush()  # what the wizard calls before showing another step
    assert [g.description for g in svc.goals.list(pid)] == ["Kunjungan naik"]
