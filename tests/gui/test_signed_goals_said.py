"""Langkah 3 of a signed PKS, as the doctor works it: deleting a goal that Pasal 2 of the signed
text cites is said at once (where the signed text says otherwise, and that an adendum is the way
to change it); Undo puts the goal back and the warning goes."""

from __future__ import annotations

from datetime import date

from table_walk import click, click_cell, show, undo_button

from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.ui.pages.step3_goals import GoalsPage


def test_deleting_a_goal_of_a_signed_pks_is_said_and_undo_takes_the_warning_away(
        qtbot, svc: Services) -> None:
    create_demo(svc, today=date(2026, 11, 22))
    apotek = next(p.id for p in svc.partnerships.list() if p.partner_type == "apotek")
    page = GoalsPage(svc)
    show(qtbot, page, 1100, 760)
    page.show_partnership(apotek)
    qtbot.wait(5)
    assert not page.signed_note.isVisible()  # step 3 says what the PKS says

    table = page.goals
    row = next(n for n, r in enumerate(table.model.records)
               if r.description == "Waktu tunggu obat singkat")
    click_cell(qtbot, table.view, row, 0)
    click(qtbot, table.delete_button)

    assert [g.description for g in svc.goals.list(apotek)] == [
        "Resep peserta JKN terlayani di apotek mitra"]
    assert page.signed_note.isVisible()
    assert page.signed_note.text() == (
        "⚠ Langkah 3 tidak lagi sama dengan isi perjanjian 001/PKS/DR-SR/II/2026 yang sudah "
        "ditandatangani. Naskah yang ditandatangani tetap seperti saat ditandatangani; untuk "
        "mengubahnya, buat adendum (langkah 5).\n"
        "• Pasal 2 (Maksud dan Tujuan): tujuan (langkah 3) tertulis “(1) Resep peserta JKN "
        "terlayani di apotek mitra, dengan target paling sedikit 95% (sembilan puluh lima persen) "
        "resep terlayani lengkap, dicapai paling lambat tanggal 22 Februari 2027; dan (2) Waktu "
        "tunggu obat singkat, dengan target paling lama 15 (lima belas) menit per resep, dicapai "
        "paling lambat tanggal 22 Februari 2027.”; menurut data “Resep peserta JKN terlayani di "
        "apotek mitra, dengan target paling sedikit 95% (sembilan puluh lima persen) resep "
        "terlayani lengkap, dicapai paling lambat tanggal 22 Februari 2027.”.")  # whole
    # The whole note is on screen, wrapped inside the page's width, none of it cut off.
    note = page.signed_note
    assert note.width() <= page.width()
    assert note.height() >= note.heightForWidth(note.width())

    click(qtbot, undo_button(page.bar))
    assert len(svc.goals.list(apotek)) == 2
    assert not page.signed_note.isVisible()
