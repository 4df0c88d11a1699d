"""A doctor's first afternoon, in the real main window.

She creates a partnership with the apotek, fills in steps 1 to 4 by typing and clicking, walks
back and forth, closes the program, opens it again — and finds everything where she left it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.ui.autosave import SAVE_DELAY_MS
from kemitraan_desktop.ui.main_window import MainWindow
from kemitraan_desktop.ui.pages.step2_candidates import CHOSEN
from kemitraan_desktop.ui.record_table import RecordTable


def type_in_cell(qtbot, table: RecordTable, row: int, field: str, text: str) -> None:
    column = next(n for n, c in enumerate(table.model.columns) if c.field == field)
    index = table.model.index(row, column)
    if table.view.state() != table.view.State.EditingState or table.view.currentIndex() != index:
        table.view.setCurrentIndex(index)
        table.view.edit(index)
    editor = next(w for w in table.view.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != table.view.State.EditingState)


def open_window(qtbot, svc, settings) -> MainWindow:
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_steps_one_to_four_typed_in_the_window_survive_a_restart(qtbot, data_dir: Path,
                                                                tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    svc = open_services(data_dir)
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    created = partnerships.start_partnership(svc, "Kerja sama pelayanan obat", "apotek")
    window = open_window(qtbot, svc, settings)
    window.list.select(created.id)
    wizard = window.wizard

    # Step 1: the idea and both visions, typed; the three principles ticked.
    idea = wizard.page(1)
    idea.idea.setFocus()
    qtbot.keyClicks(idea.idea, "Obat JKN di apotek terdekat")
    idea.editors["practice_vision"].setFocus()
    qtbot.keyClicks(idea.editors["practice_vision"], "Praktik keluarga bermutu")
    idea.editors["partner_vision"].setFocus()
    qtbot.keyClicks(idea.editors["partner_vision"], "Apotek komunitas terpercaya")
    for check, _note in idea.principles.values():
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)  # clicking its text ticks it too
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)  # leaving saves at once

    # Step 2: the apotek from the registry becomes the chosen candidate.
    assert wizard.current == 2
    candidates = wizard.page(2)
    candidates.registry_combo.setCurrentIndex(candidates.registry_combo.findData(apotek.id))
    qtbot.mouseClick(candidates.add_button, Qt.MouseButton.LeftButton)
    chosen = candidates.model.index(0, CHOSEN)  # the tick "approach this one"
    candidates.model.setData(chosen, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)

    # Step 3: a goal with its target, and one role for each party.
    goals = wizard.page(3)
    qtbot.mouseClick(goals.goals.add_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, goals.goals, 0, "description", "Resep JKN terlayani")
    type_in_cell(qtbot, goals.goals, 0, "target", "95 persen")
    for table in goals.findChildren(RecordTable):
        if table.objectName().endswith("RoleTable"):
            qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
            type_in_cell(qtbot, table, 0, "description", f"Peran {table.objectName()[:7]}")
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)

    # Step 4: one activity of the draft work plan and one budget line.
    preparation = wizard.page(4)
    qtbot.mouseClick(preparation.activities.add_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, preparation.activities, 0, "name", "Sosialisasi alur resep")
    qtbot.mouseClick(preparation.budget.add_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, preparation.budget, 0, "description", "Leaflet informasi obat")
    type_in_cell(qtbot, preparation.budget, 0, "unit_cost_sen", "1.500")

    # Back to step 1 and on again: nothing typed is lost by walking around.
    wizard.step_buttons.button(1).click()
    assert idea.idea.toPlainText() == "Obat JKN di apotek terdekat"
    qtbot.wait(SAVE_DELAY_MS + 200)
    window.close()
    svc.db.close()

    again = open_services(data_dir)
    reopened = open_window(qtbot, again, settings)
    wizard = reopened.wizard
    assert wizard is not None and wizard.partnership_id == created.id
    wizard.go_to(1)
    assert wizard.page(1).idea.toPlainText() == "Obat JKN di apotek terdekat"
    assert wizard.page(1).editors["partner_vision"].toPlainText() == "Apotek komunitas terpercaya"
    wizard.go_to(2)
    ranked = partnerships.ranked_candidates(again, created.id)
    assert [(c.partner_name, c.chosen) for c in ranked] == [("Apotek Sehat Sentosa", True)]
    wizard.go_to(3)
    goal_table = wizard.page(3).goals
    assert goal_table.model.index(0, 0).data() == "Resep JKN terlayani"
    wizard.go_to(4)
    budget = wizard.page(4).budget
    assert "Rp1.500,00" in [budget.model.index(0, c).data()
                            for c in range(budget.model.columnCount())]
    progress = {p.number: p.state.value for p in wizard.progress}
    assert progress[1] == "complete" and progress[2] == "complete"
    assert progress[3] == "complete" and progress[4] == "complete"
    assert again.partnerships.get(created.id).current_step == 4
    again.db.close()
