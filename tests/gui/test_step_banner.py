"""What a step still lacks stands above the page without ever moving it, and no empty band sits
between it and the page. Seen at 1366×768 in Langkah 4: the two-line "Masih kurang …" became one
line after the first work-plan row and every field moved 16 px up under the pointer; and a band
of ~45 px, kept for messages, stood empty above each step's first heading."""

from __future__ import annotations

from PySide6.QtCore import QPoint


def test_the_banner_keeps_its_height_and_stands_right_above_the_page(
        qtbot, window, svc, program_style):
    window.move(0, 0)
    window.resize(1366, 728)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(4, remember=False)
    wizard, page = window.wizard, window.wizard.pages[4]
    banner = wizard.missing
    assert banner.isVisible()
    assert banner.text().startswith("Masih kurang: ")
    first = page.body.mapToGlobal(QPoint(0, 0))
    height = banner.height()
    # Two lines of what is missing, then one: the banner and the page stay where they were.
    banner.setText("Masih kurang: " + "persyaratan administrasi kredensialing belum terpenuhi; "
                   * 4)
    qtbot.wait(20)
    assert banner.height() == height and page.body.mapToGlobal(QPoint(0, 0)) == first
    wizard.refresh_states()
    banner.setText("Langkah ini sudah selesai.")
    qtbot.wait(20)
    assert banner.height() == height and page.body.mapToGlobal(QPoint(0, 0)) == first
    two_lines = banner.fontMetrics().lineSpacing() * 2
    assert height >= two_lines
    # No empty band: the page begins right under the banner.
    banner_bottom = banner.mapToGlobal(QPoint(0, banner.height())).y()
    page_top = page.scroll_area.viewport().mapToGlobal(QPoint(0, 0)).y()
    assert 0 <= page_top - banner_bottom <= 8
    # A message lies over the banner for a moment, and moves nothing either.
    page.bar.show_info("“Kegiatan baru” dihapus.")
    qtbot.waitUntil(page.bar.isVisible)
    assert page.bar.geometry().intersects(page.bar.place.geometry())
    assert page.body.mapToGlobal(QPoint(0, 0)) == first
