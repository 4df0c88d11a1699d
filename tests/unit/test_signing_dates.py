"""The signing date of a final agreement, one rule: the date its opening prints is proposed and
recorded; a day after today, or before the printed day, is refused with the reason and what to
do; a day after the printed one is recorded only when the person states the parties signed
later (walker #13: a PKS printing "Pada hari ini … 1 Januari 2027" was recorded as signed on
4 Desember 2026 after a second OK)."""

from __future__ import annotations

from datetime import date

from kemitraan_desktop.domain.signing import (
    later_statement,
    proposed_signing_date,
    signing_date_refusal,
)

TODAY = date(2026, 12, 3)
PRINTED = date(2026, 11, 22)  # a Sunday, passed


def test_the_printed_date_is_proposed_and_today_only_when_none_is_printed():
    assert proposed_signing_date(PRINTED, TODAY) == date(2026, 11, 22)
    assert proposed_signing_date(date(2027, 1, 1), TODAY) == date(2027, 1, 1)  # said at once
    assert proposed_signing_date(None, TODAY) == date(2026, 12, 3)


def test_a_day_after_today_is_refused_and_the_message_says_why():
    assert signing_date_refusal(date(2027, 1, 1), TODAY, date(2027, 1, 1)) == (
        "Jumat, 1 Januari 2027 jatuh setelah hari ini (Kamis, 3 Desember 2026): perjanjian "
        "tidak mungkin sudah ditandatangani pada hari yang belum tiba. Catat penandatanganan "
        "setelah kedua pihak menandatanganinya.")
    assert signing_date_refusal(TODAY, TODAY) == ""
    assert signing_date_refusal(date(2026, 1, 5), TODAY) == ""  # nothing printed to agree with


def test_the_printed_day_is_the_signing():
    assert signing_date_refusal(PRINTED, TODAY, PRINTED) == ""
    assert signing_date_refusal(TODAY, TODAY, TODAY) == ""


def test_a_day_before_the_printed_one_is_refused_with_how_to_put_it_right():
    assert signing_date_refusal(TODAY, TODAY, date(2027, 1, 1)) == (
        "Kamis, 3 Desember 2026 jatuh sebelum Jumat, 1 Januari 2027, hari yang disebut "
        "pembukaan perjanjian sebagai hari penandatanganannya (“Pada hari ini …”): catatan akan "
        "berbeda dengan naskah yang ditandatangani. Catat penandatanganan pada Jumat, 1 Januari "
        "2027 atau sesudahnya, setelah kedua pihak menandatanganinya. Tanggal yang tercetak "
        "diubah pada draf sebelum finalisasi; setelah ditandatangani, dengan adendum.")
    # Stating a later signing does not make an earlier day right.
    assert signing_date_refusal(date(2026, 11, 20), TODAY, PRINTED, later_stated=True) != ""


def test_a_day_after_the_printed_one_needs_the_statement():
    assert signing_date_refusal(date(2026, 11, 25), TODAY, PRINTED) == (
        "Rabu, 25 November 2026 jatuh setelah Minggu, 22 November 2026, hari yang disebut "
        "pembukaan perjanjian sebagai hari penandatanganannya. Bila para pihak menandatangani "
        "lebih lambat daripada hari yang tercetak, nyatakan hal itu (kotak di bawah tanggal; "
        "pada baris perintah --signed-after-printed-date): catatan lalu menyimpan kedua hari "
        "itu.")
    assert signing_date_refusal(date(2026, 11, 25), TODAY, PRINTED, later_stated=True) == ""
    assert later_statement(date(2026, 11, 25), PRINTED) == (
        "Para pihak menandatangani pada Rabu, 25 November 2026, setelah tanggal yang tercetak "
        "pada perjanjian (Minggu, 22 November 2026)")
