"""Typing while the disk is full (issue 16.6): the window said nothing, the saves failed with an
uncaught OperationalError on the console, and closing lost what was typed.

The full disk is SQLite's own: ``PRAGMA max_page_count`` held at the file's size makes every
write that needs a new page fail with "database or disk is full", as on a full disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event, text

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.main_window import MainWindow

FULL = ("Disk tempat folder data sudah penuh, sehingga tidak ada yang bisa disimpan. "
        "Kosongkan sebagian ruang (pindahkan atau hapus berkas besar), lalu coba lagi.")


class Disk:
    """The data folder's disk, filled and freed while the window runs."""

    def __init__(self, svc: Services) -> None:
        self.engine = svc.db.engine
        self.full = False
        event.listen(self.engine, "connect", self._limit)

    def _limit(self, connection, _record) -> None:  # noqa: ANN001
        if self.full:
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {pages}")

    def fill(self) -> None:
        with self.engine.connect() as connection:  # what is written so far is in the file
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        self.full = True
        self.engine.dispose()

    def free(self) -> None:
        self.full = False
        self.engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_typing_on_a_full_disk_is_said_at_the_field_kept_and_saved_once_there_is_room(
        qtbot, svc, settings, monkeypatch) -> None:
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    created = partnerships.start_partnership(svc, "Kerja sama apotek", "apotek")
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.list.select(created.id)
    page = window.wizard.page(1)
    page.idea.setFocus()
    qtbot.keyClicks(page.idea, "Obat JKN")
    qtbot.waitUntil(lambda: svc.partnerships.get(created.id).idea == "Obat JKN", timeout=1000)

    disk = Disk(svc)
    try:
        disk.fill()
        typed = " dekat pasien " + "catatan panjang " * 400
        qtbot.keyClicks(page.idea, typed)
        qtbot.wait(400)
        assert svc.partnerships.get(created.id).idea == "Obat JKN"  # nothing half written
        assert page.bar.text == FULL
        error = page.binder._errors.get("idea")
        assert error is None or (error.isVisible() and error.text() == FULL)
        assert page.idea.toPlainText() == "Obat JKN" + typed  # nothing lost from the field

        asked: list[str] = []

        def back_to_the_window(box: QMessageBox) -> int:
            asked.append(box.text())
            return 0  # closed with Escape: the default, back to the window

        monkeypatch.setattr(QMessageBox, "exec", back_to_the_window)
        window.close()
        assert window.isVisible()  # closing now would have lost the typing: asked first
        assert asked and asked[0].startswith("Yang terakhir Anda ketik belum tersimpan: disk")

        disk.free()
        qtbot.keyClicks(page.idea, ".")
        qtbot.waitUntil(lambda: svc.partnerships.get(created.id).idea == "Obat JKN" + typed + ".",
                        timeout=1000)
        window.close()
        assert not window.isVisible() and len(asked) == 1  # nothing left unsaved: not asked again
    finally:  # a failed check must not leave a window that asks when the test closes it
        disk.free()
        window.wizard.flush()


def test_a_table_cell_typed_on_a_full_disk_keeps_its_text_and_closing_asks_first(
        qtbot, svc, settings, monkeypatch) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QPushButton
    from table_walk import click, focused, type_keys

    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    created = partnerships.start_partnership(svc, "Kerja sama apotek", "apotek")
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.list.select(created.id)
    click(qtbot, window.wizard.step_buttons.button(3))
    page = window.wizard.page(3)
    add = next(b for b in page.findChildren(QPushButton) if b.text() == "Tambah peran praktik")
    click(qtbot, add)  # the new row is made while there is room
    table = page.roles["practice"]

    def roles() -> list[str]:
        return [role.description for role in svc.roles.list(created.id)]

    disk = Disk(svc)
    try:
        disk.fill()
        typed = "Membuat surat rujukan sesuai indikasi medis " * 40
        type_keys(qtbot, typed)
        qtbot.wait(400)
        # What fitted in the file's free room was saved as it was typed; the rest waits.
        [stored] = roles()
        assert typed.startswith(stored) and len(stored) < len(typed.strip())
        assert page.bar.text == FULL
        assert focused().text() == typed  # nothing lost from the cell, still open
        assert table.view.state() == QAbstractItemView.State.EditingState

        asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
        window.close()
        assert window.isVisible() and len(asked) == 1  # asked, and back to the window
        assert asked[0].startswith("Yang terakhir Anda ketik belum tersimpan: disk")
        assert focused().text() == typed

        disk.free()
        type_keys(qtbot, ".")
        qtbot.waitUntil(lambda: roles() == [typed + "."], timeout=1000)
        assert not page.bar.isVisible()  # the message went with the trouble
        window.close()
        assert not window.isVisible() and len(asked) == 1
    finally:
        disk.free()
        window.wizard.flush()
