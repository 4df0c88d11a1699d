"""The signing date: the agreement's own date is proposed once it has come, a day after today is
refused with the reason, and a date other than the printed one is questioned (not refused)."""

from __future__ import annotations

from datetime import date

from kemitraan_desktop.domain.signing import (
    proposed_signing_date,
    signing_date_refusal,
    signing_date_remark,
)

TODAY = date(2026, 12, 3)


def test_the_agreement_date_is_proposed_once_that_day_has_come():
    assert proposed_signing_date(date(2026, 11, 22), TODAY) == date(2026, 11, 22)
    assert proposed_signing_date(TODAY, TODAY) == date(2026, 12, 3)


def test_an_agreement_dated_ahead_or_undated_proposes_today():
    assert proposed_signing_date(date(2027, 1, 1), TODAY) == date(2026, 12, 3)
    assert proposed_signing_date(None, TODAY) == date(2026, 12, 3)


def test_a_day_after_today_is_refused_and_the_message_says_why():
    assert signing_date_refusal(date(2027, 1, 1), TODAY) == (
        "Jumat, 1 Januari 2027 jatuh setelah hari ini (Kamis, 3 Desember 2026): perjanjian "
        "tidak mungkin sudah ditandatangani pada hari yang belum tiba. Catat penandatanganan "
        "setelah kedua pihak menandatanganinya.")
    assert signing_date_refusal(TODAY, TODAY) == ""
    assert signing_date_refusal(date(2026, 1, 5), TODAY) == ""


def test_the_printed_date_being_ahead_is_said_before_ok():
    assert signing_date_remark(TODAY, date(2027, 1, 1), TODAY) == (
        "Perjanjian menyatakan ditandatangani pada Jumat, 1 Januari 2027, hari yang belum tiba. "
        "Bila para pihak menandatangani pada hari lain, tanggal yang tercetak berbeda dengan "
        "penandatanganan yang Anda catat; bila tidak, catat penandatanganan pada hari itu atau "
        "sesudahnya.")


def test_a_signing_on_another_day_than_the_printed_one_is_questioned():
    assert signing_date_remark(date(2026, 11, 25), date(2026, 11, 22), TODAY) == (
        "Perjanjian menyatakan ditandatangani pada Minggu, 22 November 2026, bukan pada Rabu, "
        "25 November 2026. Periksa tanggal pada salinan yang ditandatangani: tanggal yang "
        "tercetak dan penandatanganan yang dicatat akan berbeda.")
    assert signing_date_remark(date(2026, 11, 22), date(2026, 11, 22), TODAY) == ""
    assert signing_date_remark(date(2026, 11, 22), None, TODAY) == ""
