"""Berkas → Jejak audit…: pages through a long log, says in plain words whether it is intact."""

from __future__ import annotations

import math
import sqlite3

from PySide6.QtCore import Qt

from kemitraan_desktop.services import audit, partnerships
from kemitraan_desktop.ui.dialogs.audit_log import PAGE_SIZE, AuditLogDialog


def _thousand_entries(svc) -> None:
    from kemitraan_desktop.storage.models import AuditEntry  # noqa: F401 - the table exists

    with svc.db.session() as session:
        for number in range(1000):
            audit.log(session, "update", "setting", None,
                      changes={"nomor": number}, actor="dr. Penguji")


def _dialog(qtbot, svc, **options) -> AuditLogDialog:
    dialog = AuditLogDialog(svc, **options)
    qtbot.addWidget(dialog)
    if dialog.chain is None:
        qtbot.waitUntil(lambda: dialog.chain is not None, timeout=10_000)
    return dialog


def test_the_viewer_pages_through_a_thousand_entries(qtbot, svc):
    _thousand_entries(svc)
    total = audit.count_entries(svc)
    assert total == 1000
    dialog = _dialog(qtbot, svc)
    model = dialog.model
    assert model.rowCount() == total
    assert dialog.count_label.text() == "1000 entri"
    fetches_on_open = model.fetches
    assert fetches_on_open <= 1  # only what is on screen

    last = model.index(total - 1, 5).data()  # the oldest entry, at the bottom
    assert last == "nomor: 0"
    assert model.fetches == fetches_on_open + 1  # one more page, not the whole log

    seen = [model.index(row, 5).data() for row in range(total)]
    assert seen[0] == "nomor: 999"  # newest first
    assert len(set(seen)) == total
    assert model.fetches <= math.ceil(total / PAGE_SIZE) + 2
    assert len(model.pages) <= 8  # pages scrolled past are let go

    first = [model.index(0, column).data() for column in range(6)]
    assert first[1] == "dr. Penguji" and first[2] == "Diubah" and first[3] == "Pengaturan"
    assert "intact" not in dialog.banner.text() and "utuh" in dialog.banner.text()


def test_a_tampered_entry_is_named_in_the_banner(qtbot, svc):
    _thousand_entries(svc)
    with sqlite3.connect(svc.db.path) as raw:
        raw.execute("UPDATE audit_entry SET summary = '{\"nomor\": 5000}' WHERE id = 500")
    raw.close()
    dialog = _dialog(qtbot, svc)
    assert dialog.chain is not None and dialog.chain.broken_at == 500
    assert "RUSAK" in dialog.banner.text() and "#500" in dialog.banner.text()
    # the table still shows every entry, the changed one included
    assert dialog.model.rowCount() == 1000


def test_a_deleted_entry_breaks_the_chain_at_the_next_one(qtbot, svc):
    _thousand_entries(svc)
    with sqlite3.connect(svc.db.path) as raw:
        raw.execute("DELETE FROM audit_entry WHERE id = 300")
    raw.close()
    dialog = _dialog(qtbot, svc, check_in_background=False)
    assert dialog.chain.broken_at == 301 and "#301" in dialog.banner.text()


def test_entries_show_what_who_and_which_partnership_and_can_be_filtered(qtbot, svc):
    svc.practices.create(doctor_name="dr. Siti")
    first = partnerships.start_partnership(svc, "Kerja sama apotek", "apotek")
    partnerships.start_partnership(svc, "Kerja sama lab", "laboratorium")
    svc.partnerships.update(first.id, idea="Obat dekat pasien")
    dialog = _dialog(qtbot, svc)
    model = dialog.model
    rows = [[model.index(row, column).data() for column in range(6)]
            for row in range(model.rowCount())]
    changed = next(row for row in rows if row[2] == "Diubah")
    assert changed[3] == f"Kemitraan #{first.id}" and changed[4] == "Kerja sama apotek"
    assert "Obat dekat pasien" in changed[5]
    assert any(row[2] == "Dibuat" for row in rows)

    index = dialog.partnership.findData(first.id)
    dialog.partnership.setCurrentIndex(index)
    assert 0 < model.rowCount() < len(rows)
    assert all(model.index(row, 4).data() == "Kerja sama apotek"
               for row in range(model.rowCount()))
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) is not None
