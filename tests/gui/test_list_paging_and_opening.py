"""The window opens before the services have loaded, and its list fetches pages as it scrolls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.ui import partnership_list
from kemitraan_desktop.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_list_fetches_the_next_page_when_it_needs_it(qtbot, svc, settings,
                                                         monkeypatch) -> None:
    create_demo(svc)
    monkeypatch.setattr(partnership_list, "PAGE_SIZE", 2)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    model = window.list.model
    assert model.rowCount() == 2 and model.canFetchMore()
    oldest = svc.partnerships.list()[0].id  # last changed longest ago: on the second page
    assert oldest not in [row.id for row in model.rows]
    assert window.list.select(oldest)
    assert model.rowCount() == 3 and not model.canFetchMore()
    assert window.list.current_id() == oldest


def test_the_window_shows_the_list_before_the_services_then_comes_alive(qtbot, svc,
                                                                        settings) -> None:
    create_demo(svc)
    window = MainWindow.opening(svc.db.data_dir, settings)
    qtbot.addWidget(window)
    titles = [row.title for row in window.list.model.rows]
    assert len(titles) == 3
    assert not window.list.new_button.isEnabled()
    window.open_partnership(titles and window.list.model.rows[0].id)  # nothing happens yet
    assert window.wizard is None
    window.attach(svc)
    assert [row.title for row in window.list.model.rows] == titles
    assert window.list.new_button.isEnabled()
    assert window.center.currentWidget() is window.dashboard


def test_an_empty_folder_opens_too(qtbot, tmp_path, settings) -> None:
    window = MainWindow.opening(tmp_path / "new", settings)
    qtbot.addWidget(window)
    assert window.list.model.rowCount() == 0
    assert not (tmp_path / "new").exists()
