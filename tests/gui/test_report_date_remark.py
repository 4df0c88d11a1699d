"""Walker #13: a step-7 report dated 04/12/2026 was accepted, without a word, for an activity
scheduled 05/01/2027 – 31/01/2027. The date is kept (the activity may have been brought
forward) but said beneath the field; a date after today is refused. (Dates here lie before
the day the tests run, so only the schedule is in question.)"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from table_walk import click, press, show, type_keys

REMARK = ("Tanggal laporan ini 4 Desember 2025, sebelum jadwal mulai kegiatan (5 Januari "
          "2026). Periksa tanggalnya, atau ubah jadwal di langkah 6.")


def _type_date(qtbot, page, text: str) -> None:
    click(qtbot, page.report_date)
    page.report_date.selectAll()
    type_keys(qtbot, text)
    press(qtbot, Qt.Key.Key_Tab)


def test_a_report_dated_before_its_activity_starts_is_said_at_the_date(qtbot, svc) -> None:
    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    practice = svc.practices.create(doctor_name="dr. Budi Santoso")
    partnership = svc.partnerships.create(practice_id=practice.id, title="Kerja sama FKTP",
                                          partner_type="bpjs")
    meeting = svc.activities.create(partnership_id=partnership.id,
                                    name="Sosialisasi Prolanis", start_date=date(2026, 1, 5),
                                    end_date=date(2026, 1, 31))
    page = show(qtbot, ImplementationPage(svc), 700, 470)  # the room a step page has at 1366x768
    page.show_partnership(partnership.id)
    click(qtbot, page.reports.add_button)
    _type_date(qtbot, page, "04/12/2025")
    assert page.date_remark.isVisible()
    assert page.date_remark.text() == REMARK
    qtbot.wait(20)
    remark = page.date_remark
    assert remark.height() >= remark.heightForWidth(remark.width())  # no line cut off
    below = page.done.mapTo(page.report_form, page.done.rect().topLeft()).y()
    assert remark.mapTo(page.report_form, remark.rect().bottomLeft()).y() < below
    [report] = svc.reports.list(meeting.id)
    assert report.report_date == date(2025, 12, 4)  # said, not refused

    # Opened again, the report still says it.
    again = show(qtbot, ImplementationPage(svc))
    again.show_partnership(partnership.id)
    assert again.date_remark.isVisible() and again.date_remark.text() == REMARK

    # On the first day of the activity nothing is said.
    _type_date(qtbot, again, "05/01/2026")
    assert again.date_remark.isHidden()
    assert svc.reports.get(report.id).report_date == date(2026, 1, 5)


def test_a_report_dated_after_today_is_refused_at_the_date(qtbot, svc) -> None:
    """What has not happened cannot be reported: the berita acara would state a period still to
    come. The typed date stays on screen with the message; the stored date is kept."""
    from PySide6.QtWidgets import QLabel

    from kemitraan_desktop.ui.pages.step7_implementation import ImplementationPage

    practice = svc.practices.create(doctor_name="dr. Budi Santoso")
    partnership = svc.partnerships.create(practice_id=practice.id, title="Kerja sama FKTP",
                                          partner_type="bpjs")
    meeting = svc.activities.create(partnership_id=partnership.id, name="Sosialisasi Prolanis",
                                    start_date=date(2026, 1, 5), end_date=date(2026, 1, 31))
    report = svc.reports.create(activity_id=meeting.id, report_date=date(2026, 1, 6),
                                done="Sosialisasi kepada 40 peserta")
    page = show(qtbot, ImplementationPage(svc), 700, 470)
    page.show_partnership(partnership.id)
    _type_date(qtbot, page, "02/01/2099")
    qtbot.wait(20)
    error = next(label for label in page.report_form.findChildren(QLabel)
                 if label.objectName() == "fieldError" and label.isVisible())
    assert error.text().startswith("2 Januari 2099 setelah hari ini (")
    assert error.text().endswith("): laporan menceritakan kegiatan yang sudah berlangsung. "
                                 "Isi tanggal kegiatan itu, atau hari ini.")
    assert page.report_date.text() == "02/01/2099"  # what was typed stays, to be corrected
    assert svc.reports.get(report.id).report_date == date(2026, 1, 6)
