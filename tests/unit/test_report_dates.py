"""A step-7 report's date against its activity's schedule and today (walker #13)."""

from __future__ import annotations

from datetime import date

from kemitraan_desktop.domain.report_dates import report_date_refusal, report_date_remark

TODAY = date(2026, 12, 4)


def test_a_report_before_the_scheduled_start_is_questioned() -> None:
    assert report_date_remark(date(2026, 12, 4), date(2027, 1, 5)) == (
        "Tanggal laporan ini 4 Desember 2026, sebelum jadwal mulai kegiatan (5 Januari 2027). "
        "Periksa tanggalnya, atau ubah jadwal di langkah 6.")


def test_a_report_on_or_after_the_start_or_without_a_schedule_is_not() -> None:
    assert report_date_remark(date(2027, 1, 5), date(2027, 1, 5)) == ""
    assert report_date_remark(date(2027, 2, 1), date(2027, 1, 5)) == ""
    assert report_date_remark(date(2026, 12, 4), None) == ""


def test_a_report_dated_after_today_is_refused() -> None:
    assert report_date_refusal(date(2027, 1, 2), TODAY) == (
        "2 Januari 2027 setelah hari ini (4 Desember 2026): laporan menceritakan kegiatan yang "
        "sudah berlangsung. Isi tanggal kegiatan itu, atau hari ini.")
    assert report_date_refusal(TODAY, TODAY) == ""
    assert report_date_refusal(date(2026, 11, 30), TODAY) == ""
