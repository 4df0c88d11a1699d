"""A draft adendum nobody wants can be thrown away, and the throwing away undone. Seen in the
walk: "Buat adendum" and "Catat adendum dari mitra…" made a new draft version at the first
click, with no way to remove it: the signed partnership then showed Langkah 5 unfinished for
good."""

from __future__ import annotations

from datetime import date

from conftest import ready_to_finalize
from PySide6.QtCore import Qt
from table_walk import undo_button

from kemitraan_desktop.services import agreements


def test_a_draft_addendum_is_deleted_and_the_deletion_undone(qtbot, window, svc):
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    pks = svc.agreements.list(bpjs.id)[-1]
    ready_to_finalize(svc, pks.id)
    svc.agreements.update(pks.id, agreement_date=date.today())
    agreements.finalize_agreement(svc, pks.id)
    agreements.sign_agreement(svc, pks.id, date.today(), "Para pihak",
                              partner_number="0123/KC-SLM/XII/2026")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.pages[5]
    assert page.addendum_button.text() == "Buat a&dendum"

    qtbot.mouseClick(page.addendum_button, Qt.MouseButton.LeftButton)
    versions = svc.agreements.list(bpjs.id)
    assert [(v.version, v.kind, v.status) for v in versions] == [
        (1, "pks", "signed"), (2, "addendum", "draft")]
    assert page.bar.text.startswith("Adendum disusun sebagai versi 2.")
    assert undo_button(page.bar) is not None  # taken back at once, if it was a slip
    assert page.addendum_button.text() == "Hapus draf adendum"
    assert page.addendum_button.isEnabled()
    parties = [p.party for p in svc.agreement_parties.list(versions[1].id)]

    qtbot.mouseClick(page.addendum_button, Qt.MouseButton.LeftButton)
    assert [v.version for v in svc.agreements.list(bpjs.id)] == [1]
    assert page.bar.text == "Draf adendum versi 2 dihapus."
    qtbot.waitUntil(lambda: window.wizard.missing.text() == "Langkah ini sudah selesai.")
    assert page.addendum_button.text() == "Buat a&dendum"

    qtbot.mouseClick(undo_button(page.bar), Qt.MouseButton.LeftButton)
    [_pks, back] = svc.agreements.list(bpjs.id)
    assert (back.id, back.version, back.status) == (versions[1].id, 2, "draft")
    assert [p.party for p in svc.agreement_parties.list(back.id)] == parties
    assert page.addendum_button.text() == "Hapus draf adendum"
