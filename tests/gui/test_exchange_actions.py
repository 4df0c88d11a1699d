"""The exchange package from the window: Berkas → Ekspor / Impor paket pertukaran…

The doctor exports the open partnership to a zip without a command line; the partner imports it
into their own, empty program and finds it in the list. A damaged package is refused with one
Indonesian sentence and the data stays exactly as it was.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select
from test_no_english_left import english_words

from kemitraan_desktop.services import activities, exchange
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.ui import exchange_actions
from kemitraan_desktop.ui.main_window import MainWindow

PHOTO = b"\x89PNG\r\n\x1a\n foto posyandu " + bytes(range(256)) * 64


@pytest.fixture
def demo(svc: Services, tmp_path: Path) -> tuple[int, str]:
    """The demo data, and one of its partnerships with a photo attached to a report."""
    summary = create_demo(svc)
    partnership_id = summary.partnership_ids[-1]
    activity = svc.activities.create(partnership_id=partnership_id, name="Posyandu lansia")
    report = svc.reports.create(activity_id=activity.id, report_date=date(2026, 3, 2),
                                done="Pemeriksaan tekanan darah 40 lansia")
    photo = tmp_path / "posyandu.png"
    photo.write_bytes(PHOTO)
    activities.attach_file(svc, report.id, photo, caption="Antrean di balai desa")
    return partnership_id, svc.partnerships.get(partnership_id).title


def open_window(qtbot, svc: Services, tmp_path: Path, name: str = "settings") -> MainWindow:
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def receiver(tmp_path: Path):
    """A second, empty data folder: the partner's own program."""
    other = open_services(tmp_path / "partner-data")
    yield other
    other.db.close()


def finished_job(window: MainWindow):
    job = window.jobs[-1]
    job.wait()
    assert not job.running
    return job


def message(window: MainWindow) -> QMessageBox:
    shown = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(shown) == 1, [box.text() for box in shown]
    return shown[0]


def row_counts(svc: Services) -> dict[str, int]:
    with svc.db.session() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables if table.name != "audit_log"}


def stored_files(svc: Services) -> list[Path]:
    root = svc.db.attachments.root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# What refers to what in package.json (see docs/exchange-format.md), for comparing two packages
# whose records carry different ids.
REFERENCES = {"practice_id": "practice", **{
    column: target for table in exchange.CHILD_TABLES for column, target in table.refs.items()}}
NOT_COMPARED = {"id", "exported_at", "imported_from"}


def package_content(path: Path) -> tuple[dict[str, Any], set[str]]:
    """package.json with every id replaced by the record's position in its list, and the names
    of the attachment files (each named by the SHA-256 of its bytes)."""
    with zipfile.ZipFile(path) as archive:
        package = json.loads(archive.read("package.json"))
        files = {name for name in archive.namelist() if name.startswith("attachments/")}
    lists = {key: value if isinstance(value, list) else [value]
             for key, value in package.items() if isinstance(value, list | dict)}
    position = {key: {record["id"]: index for index, record in enumerate(records)}
                for key, records in lists.items()}
    content = {
        key: [{name: (position[REFERENCES[name]][value]
                      if name in REFERENCES and value is not None else value)
               for name, value in record.items() if name not in NOT_COMPARED}
              for record in records]
        for key, records in lists.items()
    }
    return content, files


# -- export ------------------------------------------------------------------------------------


def test_export_from_the_window_writes_a_package_another_folder_imports_whole(
        qtbot, svc, demo, receiver, tmp_path, monkeypatch):
    partnership_id, title = demo
    window = open_window(qtbot, svc, tmp_path)
    assert not window.export_action.isEnabled(), "no partnership open: nothing to export"
    window.list.select(partnership_id)
    assert window.export_action.isEnabled()

    asked = []

    def save_dialog(parent, caption, suggested, filters):  # noqa: ANN001, ANN202
        asked.append((caption, suggested, filters))
        return str(tmp_path / "untuk-mitra"), filters  # no .zip typed: the program adds it

    monkeypatch.setattr(exchange_actions.QFileDialog, "getSaveFileName", save_dialog)
    window.export_action.trigger()
    written = finished_job(window).result

    [(caption, suggested, filters)] = asked
    assert caption == "Ekspor paket pertukaran"
    assert Path(suggested).name == (
        f"Paket pertukaran - {exchange_actions.safe_file_name(title)} - "
        f"{date.today():%Y-%m-%d}.zip")
    assert filters == "Paket pertukaran (*.zip)"
    out = tmp_path / "untuk-mitra.zip"
    assert written.path == out and out.is_file()
    box = message(window)
    assert "Paket pertukaran sudah ditulis" in box.text() and str(out) in box.text()
    assert written.sha256 in box.informativeText()
    assert not english_words(box.text() + box.informativeText())
    box.done(0)

    # The partner's program reads it whole: every record, the photo's bytes too.
    imported = exchange.import_package(receiver, out)
    assert imported.title == title
    assert imported.records == written.records
    assert imported.attachments == written.attachments > 1  # the demo's scans, and the photo
    again = exchange.export_partnership(receiver, imported.partnership_id,
                                        tmp_path / "kembali.zip")
    assert package_content(again.path) == package_content(out)
    assert PHOTO in [path.read_bytes() for path in stored_files(receiver)]


def test_the_export_action_follows_the_open_partnership(qtbot, svc, demo, tmp_path):
    partnership_id, _title = demo
    window = open_window(qtbot, svc, tmp_path)
    window.list.select(partnership_id)
    assert window.export_action.isEnabled()
    window.list.show_dashboard()
    assert not window.export_action.isEnabled()
    assert window.import_action.isEnabled()


def test_a_cancelled_save_dialog_writes_nothing(qtbot, svc, demo, tmp_path, monkeypatch):
    window = open_window(qtbot, svc, tmp_path)
    window.list.select(demo[0])
    monkeypatch.setattr(exchange_actions.QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    window.export_action.trigger()
    assert window.jobs == [] and not list(tmp_path.glob("*.zip"))


# -- import ------------------------------------------------------------------------------------


@pytest.fixture
def package(svc, demo, tmp_path) -> Path:
    return exchange.export_partnership(svc, demo[0], tmp_path / "dari-dr-siti.zip").path


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(exchange_actions.QFileDialog, "getOpenFileName",
                        lambda *args: (str(path), "Paket pertukaran (*.zip)"))


def test_import_from_the_window_into_an_empty_folder_shows_the_partnership(
        qtbot, receiver, demo, package, tmp_path, monkeypatch):
    _partnership_id, title = demo
    window = open_window(qtbot, receiver, tmp_path, "partner")
    assert window.list.model.rowCount() == 0
    assert window.dashboard.welcome.isVisible()
    choose_file(monkeypatch, package)
    window.import_action.trigger()
    summary = finished_job(window).result

    rows = [window.list.model.rows[r] for r in range(window.list.model.rowCount())]
    assert [(row.id, row.title) for row in rows] == [(summary.partnership_id, title)]
    assert window.list.current_id() == summary.partnership_id
    assert window.open_partnership_id() == summary.partnership_id  # open in the wizard
    assert window.export_action.isEnabled()

    box = message(window)
    assert box.text() == f"Sudah diimpor: kemitraan “{title}”."
    assert box.informativeText().startswith(
        f"{summary.total_records} catatan dan {summary.attachments} berkas lampiran "
        f"ditambahkan dari "
        f"{package.name}.")
    assert not english_words(box.text() + box.informativeText())
    box.done(0)

    # The same package again: nothing new, and the copy already here is opened.
    window.list.show_dashboard()
    counts = row_counts(receiver)
    window.import_action.trigger()
    finished_job(window)
    box = message(window)
    assert "sudah ada di basis data ini" in box.text()
    assert box.informativeText() == "Kemitraan yang sudah ada itu kini dibuka."
    assert box.icon() == QMessageBox.Icon.Information
    assert window.open_partnership_id() == summary.partnership_id
    assert row_counts(receiver) == counts


def test_the_welcome_card_offers_the_import_to_a_new_user(
        qtbot, receiver, package, tmp_path, monkeypatch):
    window = open_window(qtbot, receiver, tmp_path, "partner")
    [button] = [b for b in window.dashboard.welcome.findChildren(exchange_actions.QWidget)
                if getattr(b, "text", lambda: "")() == "Impor paket pertukaran…"]
    choose_file(monkeypatch, package)
    button.click()
    summary = finished_job(window).result
    assert window.open_partnership_id() == summary.partnership_id
    message(window).done(0)


def test_an_imported_partnership_hidden_by_a_search_is_shown_all_the_same(
        qtbot, receiver, package, tmp_path, monkeypatch):
    window = open_window(qtbot, receiver, tmp_path, "partner")
    window.list.search.setText("tidak ada kemitraan seperti ini")
    window.list.refresh()
    choose_file(monkeypatch, package)
    window.import_action.trigger()
    summary = finished_job(window).result
    assert window.list.search.text() == ""
    assert window.list.current_id() == summary.partnership_id
    message(window).done(0)


def damaged(package: Path, target: Path) -> Path:
    """The package with one byte of its photo changed on the way (a bad USB stick)."""
    data = bytearray(package.read_bytes())
    at = bytes(data).index(PHOTO[:24])
    data[at + 100] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def test_a_damaged_zip_shows_the_indonesian_message_and_changes_nothing(
        qtbot, svc, demo, package, tmp_path, monkeypatch):
    window = open_window(qtbot, svc, tmp_path)  # the data is not empty: nothing may change
    window.list.select(demo[0])
    counts, files = row_counts(svc), stored_files(svc)
    choose_file(monkeypatch, damaged(package, tmp_path / "rusak.zip"))
    window.import_action.trigger()
    job = finished_job(window)

    assert job.result is None and job.failure is not None
    box = message(window)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "Impor paket pertukaran"
    assert "rusak" in box.text() and "Traceback" not in box.text()
    assert box.informativeText() == "Data Anda tidak berubah."
    # The file inside the package it names is a code, not English for the doctor to read.
    assert not english_words(re.sub(r"attachments/[0-9a-f]{64}", "", box.text()))
    assert row_counts(svc) == counts and stored_files(svc) == files
    assert window.open_partnership_id() == demo[0]  # the doctor is where they were
    box.done(0)


def test_a_file_that_is_not_a_package_is_refused_in_the_window(
        qtbot, receiver, tmp_path, monkeypatch):
    window = open_window(qtbot, receiver, tmp_path, "partner")
    not_a_zip = tmp_path / "surat.zip"
    not_a_zip.write_text("Surat undangan rapat", encoding="utf-8")
    choose_file(monkeypatch, not_a_zip)
    window.import_action.trigger()
    finished_job(window)
    box = message(window)
    assert box.text() == "Berkas ini bukan paket pertukaran: berkas ini bukan berkas zip."
    assert window.list.model.rowCount() == 0
    box.done(0)


class CancelledAtOnce(exchange_actions.Job):
    """A job whose Cancel button was pressed before its work began."""

    def start(self):  # noqa: ANN201
        self.worker.cancel_requested = True
        return super().start()


def test_cancel_stops_an_import_and_an_export_without_a_trace(
        qtbot, svc, demo, package, tmp_path, monkeypatch):
    monkeypatch.setattr(exchange_actions, "Job", CancelledAtOnce)
    window = open_window(qtbot, svc, tmp_path)
    window.list.select(demo[0])
    counts, files = row_counts(svc), stored_files(svc)
    choose_file(monkeypatch, package)
    window.import_action.trigger()
    finished_job(window)
    assert window.statusBar().currentMessage() == "Dibatalkan: tidak ada yang diimpor."
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert row_counts(svc) == counts and stored_files(svc) == files

    before = sorted(tmp_path.iterdir())
    monkeypatch.setattr(exchange_actions.QFileDialog, "getSaveFileName",
                        lambda *args: (str(tmp_path / "batal.zip"), ""))
    window.export_action.trigger()
    finished_job(window)
    assert window.statusBar().currentMessage() == "Dibatalkan: tidak ada paket yang ditulis."
    assert sorted(tmp_path.iterdir()) == before
