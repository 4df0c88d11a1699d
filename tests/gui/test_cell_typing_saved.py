"""Typing into a table cell is saved while the cell is still open (walker #3, issue 16.8).

Step 3 → Peran masing-masing pihak → "Tambah peran praktik", type a role into the new cell, wait,
kill -9: the row came back EMPTY, every typed word lost, although the line edits beside it are
saved as one types. Here the database is read from a second connection (what a restart would
find) while the editor is still open: nothing is committed by closing it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QPushButton
from table_walk import click, focused, press, type_keys

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.ui.main_window import MainWindow

ROLE = "Membuat surat rujukan sesuai indikasi medis"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def stored_roles(database: Path) -> list[tuple[str, str]]:
    """What another program (the next start after a kill) reads from the file now."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as other:
        return other.execute("SELECT party, description FROM role ORDER BY id").fetchall()


def step3(qtbot, svc, settings):  # noqa: ANN001, ANN201
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    created = partnerships.start_partnership(svc, "Kerja sama apotek", "apotek")
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    window.list.select(created.id)
    click(qtbot, window.wizard.step_buttons.button(3))
    return window, window.wizard.page(3)


def add_button(page, label: str) -> QPushButton:  # noqa: ANN001
    return next(button for button in page.findChildren(QPushButton) if button.text() == label)


def test_a_role_typed_into_a_new_row_is_in_the_file_while_its_cell_is_still_open(
        qtbot, svc, settings) -> None:
    window, page = step3(qtbot, svc, settings)
    database = svc.db.path
    click(qtbot, add_button(page, "Tambah peran praktik"))
    table = page.roles["practice"]
    assert table.view.state() == QAbstractItemView.State.EditingState
    assert stored_roles(database) == [("practice", "")]  # the new row, empty

    type_keys(qtbot, ROLE)
    qtbot.wait(300)  # the pause after the last key

    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.text() == ROLE  # nothing moved under it
    assert table.view.state() == QAbstractItemView.State.EditingState  # still being typed in
    assert stored_roles(database) == [("practice", ROLE)]

    # Typing goes on after the save (a space, then the next word): the space is not lost.
    type_keys(qtbot, " dan")
    qtbot.wait(300)
    assert focused().text() == ROLE + " dan"
    assert stored_roles(database) == [("practice", ROLE + " dan")]


def test_a_long_role_typed_without_a_pause_reaches_the_file_as_it_is_typed(
        qtbot, svc, settings) -> None:
    window, page = step3(qtbot, svc, settings)
    database = svc.db.path
    click(qtbot, add_button(page, "Tambah peran mitra"))
    text = "Menyediakan obat peserta JKN sesuai resep dokter setiap hari kerja"
    seen: list[str] = []
    for number, character in enumerate(text, start=1):
        type_keys(qtbot, character)
        qtbot.wait(15)  # a quick typist: no pause of 200 ms anywhere
        if number % 20 == 0:
            seen.append(stored_roles(database)[0][1])
    # Each look found most of what had been typed by then, long before the typing stopped.
    for look, stored in enumerate(seen, start=1):
        assert text.startswith(stored) and len(stored) >= 20 * look - 15, (look, stored)
    qtbot.wait(300)
    assert stored_roles(database) == [("partner", text)]
    assert focused().text() == text


def test_a_goal_typed_cell_by_cell_is_saved_in_each_cell_before_tab_leaves_it(
        qtbot, svc, settings) -> None:
    window, page = step3(qtbot, svc, settings)
    click(qtbot, add_button(page, "Tambah tujuan"))
    type_keys(qtbot, "Angka kontak")
    qtbot.wait(300)
    goal = svc.goals.list(page.partnership_id)[0]
    assert (goal.description, goal.target) == ("Angka kontak", "")
    press(qtbot, Qt.Key.Key_Tab)  # on to "Target terukur"
    type_keys(qtbot, "paling sedikit 150 per mil")
    qtbot.wait(300)
    assert page.goals.view.state() == QAbstractItemView.State.EditingState
    goal = svc.goals.list(page.partnership_id)[0]
    assert (goal.description, goal.target) == ("Angka kontak", "paling sedikit 150 per mil")
    assert not page.bar.isVisible()  # nothing to say: all saved
