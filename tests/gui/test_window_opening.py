"""Start-up stays right while it got faster: the window shows the list before the services have
loaded, answers a click meanwhile, opens what was clicked (or remembered) at its step once they
are there, and every step page is still reachable by its button.

No timings here: bench/bench_startup.py measures them."""

from __future__ import annotations

import configparser
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.ui import last_place
from kemitraan_desktop.ui.loading import import_while_answering
from kemitraan_desktop.ui.main_window import MainWindow

STEP_TITLES = {
    1: "Langkah 1: Menentukan gagasan kemitraan",
    2: "Langkah 2: Identifikasi calon mitra potensial",
    3: "Langkah 3: Merumuskan tujuan dan peran mitra",
    4: "Langkah 4: Menyiapkan diri",
    5: "Langkah 5: Membangun kesepakatan kerja sama",
    6: "Langkah 6: Merumuskan rencana kerja kemitraan",
    7: "Langkah 7: Melaksanakan kerja sama",
    8: "Langkah 8: Pemantauan dan penilaian",
}


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def demo(svc):
    summary = create_demo(svc)
    apotek = summary.partnership_ids[1]
    svc.partnerships.update(apotek, current_step=4)  # the step the doctor last reached
    return summary


def opening_window(qtbot, svc, settings) -> MainWindow:
    """The window as a start shows it: painted with its list, the services not yet there."""
    window = MainWindow.opening(svc.db.data_dir, settings)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def click_row(window: MainWindow, title: str) -> None:
    rows = [row.title for row in window.list.model.rows]
    index = window.list.proxy.index(rows.index(title), 0)
    QTest.mouseClick(window.list.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, window.list.view.visualRect(index).center())


def test_a_partnership_clicked_while_the_services_load_opens_at_its_step_once_they_are_there(
        qtbot, svc, settings, demo) -> None:
    window = opening_window(qtbot, svc, settings)
    assert sorted(row.title for row in window.list.model.rows) == [
        "Kerja sama FKTP dengan BPJS Kesehatan", "Kerja sama pelayanan obat peserta JKN",
        "Kerja sama pemeriksaan laboratorium"]
    assert window.dashboard.title.text() == "Membuka data…"
    handled = threading.Event()
    window.list.view.selectionModel().currentRowChanged.connect(lambda *_a: handled.set())
    # The click comes through the event loop while the worker is still busy: the worker waits
    # for it, so the test passes only if the window answered before the loading ended.
    QTimer.singleShot(0, lambda: click_row(window, "Kerja sama pelayanan obat peserta JKN"))
    answered: list[bool] = []
    import_while_answering(lambda: answered.append(handled.wait(10)))
    assert answered == [True]
    assert window.wizard is None  # nothing to open it with yet
    assert window.list.current_id() == demo.partnership_ids[1]

    window.attach(svc)
    assert window.open_partnership_id() == demo.partnership_ids[1]
    assert window.wizard.heading.text() == "Kerja sama pelayanan obat peserta JKN"
    assert window.wizard.step_title.text() == "Langkah 4: Menyiapkan diri"
    assert window.wizard.step_buttons.button(4).isChecked()
    assert window.list.current_id() == demo.partnership_ids[1]


def test_the_remembered_partnership_opens_at_its_step_and_every_step_is_reachable(
        qtbot, svc, settings, demo) -> None:
    last_place.remember(settings, svc.db.data_dir, demo.partnership_ids[1])  # no step kept
    window = opening_window(qtbot, svc, settings)
    import_while_answering()
    window.attach(svc)
    wizard = window.wizard
    assert window.center.currentWidget() is wizard
    assert wizard.heading.text() == "Kerja sama pelayanan obat peserta JKN"
    assert wizard.step_title.text() == "Langkah 4: Menyiapkan diri"
    for number in (1, 2, 3, 5, 6, 7, 8):  # each page built on its first visit
        QTest.mouseClick(wizard.step_buttons.button(number), Qt.MouseButton.LeftButton)
        assert wizard.step_title.text() == STEP_TITLES[number]
        assert wizard.stack.currentWidget() is wizard.pages[number]
        assert wizard.pages[number].isVisible()
    assert sorted(wizard.pages) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert svc.partnerships.get(demo.partnership_ids[1]).current_step == 8  # furthest reached


def test_after_a_kill_the_partnership_and_step_last_open_in_this_folder_open_again(
        qtbot, svc, settings, demo, tmp_path) -> None:
    window = opening_window(qtbot, svc, settings)
    import_while_answering()
    window.attach(svc)
    click_row(window, "Kerja sama pelayanan obat peserta JKN")
    QTest.mouseClick(window.wizard.step_buttons.button(7), Qt.MouseButton.LeftButton)
    QTest.mouseClick(window.wizard.step_buttons.button(3), Qt.MouseButton.LeftButton)  # back
    assert window.wizard.step_title.text() == STEP_TITLES[3]
    # Meanwhile the same user has another data folder open (its partnership #1 at step 6):
    # it writes the same settings file.
    elsewhere = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    last_place.remember(elsewhere, tmp_path / "data-lain", demo.partnership_ids[0], 6)

    # Killed: what is not in the file yet is lost (QSettings writes at an idle moment).
    disk = configparser.ConfigParser()
    disk.read(settings.fileName(), encoding="utf-8")
    assert sorted(disk["last_step"].values()) == ["3", "6"]  # this folder's and the other's
    assert sorted(disk["last_partnership"].values()) == sorted(
        [str(demo.partnership_ids[1]), str(demo.partnership_ids[0])])
    after = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    again = opening_window(qtbot, svc, after)
    import_while_answering()
    again.attach(svc)
    assert again.open_partnership_id() == demo.partnership_ids[1]
    assert again.wizard.heading.text() == "Kerja sama pelayanan obat peserta JKN"
    assert again.wizard.step_title.text() == STEP_TITLES[3]  # not 7, the furthest reached
    assert again.wizard.step_buttons.button(3).isChecked()
    assert again.list.current_id() == demo.partnership_ids[1]
    assert svc.partnerships.get(demo.partnership_ids[1]).current_step == 7


def test_without_a_remembered_partnership_the_dashboard_is_filled_once(
        qtbot, svc, settings, demo, monkeypatch) -> None:
    from kemitraan_desktop.services import partnerships

    window = opening_window(qtbot, svc, settings)
    import_while_answering()
    boards = []
    board = partnerships.dashboard
    monkeypatch.setattr(partnerships, "dashboard", lambda s: boards.append(1) or board(s))
    window.attach(svc)
    assert window.center.currentWidget() is window.dashboard
    assert window.dashboard.title.text() == "Praktik Dokter Siti Rahmawati"
    assert window.dashboard.subtitle.text().startswith("3 kemitraan.")
    assert len(boards) == 1
    assert window.list.new_button.isEnabled()


def test_a_failure_while_loading_is_left_to_the_opening_that_follows(qtbot, svc,
                                                                     settings) -> None:
    window = opening_window(qtbot, svc, settings)

    def broken() -> None:
        raise ImportError("a module that cannot be loaded")

    import_while_answering(broken)  # returns: opening the folder meets it and reports it
    assert window.isVisible()
