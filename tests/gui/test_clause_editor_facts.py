"""The Pasal editor shows the facts the program fills in by their names, never a brace token
({duration_months}, {amendments}): the doctor reads «jangka waktu dalam bulan» and may type
around it; what is stored keeps the placeholder, so the print states the data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from kemitraan_desktop.services import agreements


def test_the_term_pasal_shows_its_facts_by_name_and_keeps_them_when_typed_around(
        qtbot, window, svc):
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.pages[5]
    page.tabs.setCurrentWidget(page.articles)
    editor = page.articles
    row = next(n for n, r in enumerate(editor.records) if r.title == "Jangka Waktu")
    item = editor.list.item(row)
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.list.visualItemRect(item).center())
    shown = editor.body.toPlainText()
    assert shown.startswith("(1) Perjanjian ini berlaku untuk jangka waktu «jangka waktu dalam "
                            "bulan» («jangka waktu dalam huruf») bulan")
    assert "terhitung sejak tanggal «tanggal mulai» sampai dengan tanggal «tanggal berakhir»" \
        in shown
    assert "{" not in shown and "}" not in shown
    assert "{" not in item.text()

    editor.body.setFocus()
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(editor.body, " Ditambahkan oleh dokter.")
    assert editor.flush()
    stored = next(c for c in svc.clauses.list(draft.id, kind="article")
                  if c.title == "Jangka Waktu").body
    assert stored.startswith("(1) Perjanjian ini berlaku untuk jangka waktu {duration_months} "
                             "({duration_words}) bulan{duration_days}, terhitung sejak tanggal "
                             "{start_date} sampai dengan tanggal {end_date}.")
    assert stored.endswith(" Ditambahkan oleh dokter.")
    assert agreements.printed_text(svc, draft.id, stored).startswith(
        "(1) Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) bulan, terhitung sejak "
        "tanggal 1 Januari 2027 sampai dengan tanggal 31 Desember 2027.")
