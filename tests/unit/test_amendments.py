"""An adendum's Pasal 1 states each change of the data in the Induk's own words."""

from __future__ import annotations

from kemitraan_desktop.domain.amendments import changes, changes_text

TERM_TEMPLATE = (
    "(1) Perjanjian ini berlaku untuk jangka waktu {duration_months} ({duration_words}) bulan, "
    "terhitung sejak tanggal {start_date} sampai dengan tanggal {end_date}.\n\n"
    "(2) Perjanjian ini dapat diperpanjang berdasarkan kesepakatan PARA PIHAK."
)
GOALS_TEMPLATE = "Tujuan bersama PARA PIHAK adalah sebagai berikut:\n\n{goals}"
RATE_TEMPLATE = (
    "(1) PIHAK KESATU membayar Kapitasi dengan tarif Kapitasi sebesar {capitation_rate} per "
    "Peserta per bulan.\n\n(2) Kapitasi dibayarkan setiap bulan."
)
INDUK_TERM = (
    "(1) Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) bulan, terhitung sejak "
    "tanggal 1 Januari 2027 sampai dengan tanggal 31 Desember 2027.\n\n"
    "(2) Perjanjian ini dapat diperpanjang berdasarkan kesepakatan PARA PIHAK."
)
# A goal due on the last day of the term: its date is the goal's, not the term.
INDUK_GOALS = (
    "Tujuan bersama PARA PIHAK adalah sebagai berikut:\n\n(1) Angka kontak, dicapai paling "
    "lambat tanggal 31 Desember 2027;\n(2) Rasio rujukan terkendali."
)
INDUK_RATE = (
    "(1) PIHAK KESATU membayar Kapitasi dengan tarif Kapitasi sebesar Rp8.800,00 (delapan ribu "
    "delapan ratus rupiah) per Peserta per bulan.\n\n(2) Kapitasi dibayarkan setiap bulan."
)
YEAR = {"start_date": "1 Januari 2027", "end_date": "31 Desember 2027",
        "duration_months": "12", "duration_words": "dua belas",
        "capitation_rate": "Rp8.800,00 (delapan ribu delapan ratus rupiah)"}
EIGHTEEN_MONTHS = {**YEAR, "end_date": "30 Juni 2028", "duration_months": "18",
                   "duration_words": "delapan belas"}
NEW_RATE = {**YEAR, "capitation_rate": "Rp9.000,00 (sembilan ribu rupiah)"}


def test_a_longer_term_rewords_the_term_ayat_and_leaves_the_goals_alone() -> None:
    found = changes([INDUK_GOALS, INDUK_TERM], [GOALS_TEMPLATE, TERM_TEMPLATE],
                    YEAR, YEAR, EIGHTEEN_MONTHS)
    assert changes_text(found) == (
        "Ketentuan Pasal 2 ayat (1) Perjanjian Induk diubah sehingga berbunyi sebagai berikut: "
        "“Perjanjian ini berlaku untuk jangka waktu 18 (delapan belas) bulan, terhitung sejak "
        "tanggal 1 Januari 2027 sampai dengan tanggal 30 Juni 2028.”")


def test_nothing_changed_is_no_change() -> None:
    assert changes([INDUK_TERM], [TERM_TEMPLATE], YEAR, YEAR, YEAR) == []
    assert changes_text([]) == ""


def test_two_changes_are_lettered_in_the_order_of_the_induk() -> None:
    both = {**EIGHTEEN_MONTHS, "capitation_rate": NEW_RATE["capitation_rate"]}
    found = changes([INDUK_RATE, INDUK_TERM], [RATE_TEMPLATE, TERM_TEMPLATE], YEAR, YEAR, both)
    assert changes_text(found) == (
        "a. ketentuan Pasal 1 ayat (1) Perjanjian Induk diubah sehingga berbunyi sebagai "
        "berikut: “PIHAK KESATU membayar Kapitasi dengan tarif Kapitasi sebesar Rp9.000,00 "
        "(sembilan ribu rupiah) per Peserta per bulan.”; dan\n"
        "b. ketentuan Pasal 2 ayat (1) Perjanjian Induk diubah sehingga berbunyi sebagai "
        "berikut: “Perjanjian ini berlaku untuk jangka waktu 18 (delapan belas) bulan, "
        "terhitung sejak tanggal 1 Januari 2027 sampai dengan tanggal 30 Juni 2028.”")


def test_a_term_ayat_the_doctor_wrote_is_reworded_where_its_facts_stand() -> None:
    written = ("Kerja sama ini berlangsung selama 12 (dua belas) bulan, yakni dari 1 Januari 2027 "
               "hingga 31 Desember 2027.")
    found = changes([written], [TERM_TEMPLATE], YEAR, YEAR, EIGHTEEN_MONTHS)
    assert changes_text(found) == (
        "Ketentuan Pasal 1 Perjanjian Induk diubah sehingga berbunyi sebagai berikut: “Kerja "
        "sama ini berlangsung selama 18 (delapan belas) bulan, yakni dari 1 Januari 2027 hingga "
        "30 Juni 2028.”")


def test_an_induk_the_partner_drafted_gets_the_change_in_plain_words() -> None:
    """Its text is the partner's PDF: no Pasal of ours to cite."""
    both = {**EIGHTEEN_MONTHS, "capitation_rate": NEW_RATE["capitation_rate"]}
    assert changes_text(changes([], [], YEAR, YEAR, both)) == (
        "a. jangka waktu Perjanjian Induk diubah menjadi 18 (delapan belas) bulan, terhitung "
        "sejak tanggal 1 Januari 2027 sampai dengan tanggal 30 Juni 2028; dan\n"
        "b. tarif Kapitasi dalam Perjanjian Induk diubah menjadi Rp9.000,00 (sembilan ribu "
        "rupiah) per Peserta per bulan.")


def test_a_second_adendum_rewords_the_induk_from_the_first_adendums_term() -> None:
    """The first adendum ran the term to 30 Juni 2028; the second moves it to 31 Desember 2028:
    the Induk's ayat, as signed, is quoted with the new dates."""
    two_years = {**YEAR, "end_date": "31 Desember 2028", "duration_months": "24",
                 "duration_words": "dua puluh empat"}
    found = changes([INDUK_TERM], [TERM_TEMPLATE], YEAR, EIGHTEEN_MONTHS, two_years)
    assert [(c.pasal, c.ayat) for c in found] == [(1, 1)]
    assert found[0].wording == (
        "Perjanjian ini berlaku untuk jangka waktu 24 (dua puluh empat) bulan, terhitung sejak "
        "tanggal 1 Januari 2027 sampai dengan tanggal 31 Desember 2028.")


def test_a_lampiran_printed_as_signed_is_no_change() -> None:
    from kemitraan_desktop.domain.amendments import lampiran_changes
    from kemitraan_desktop.domain.documents import TableBlock

    budget = TableBlock("Rencana Anggaran Biaya", ("No.", "Uraian"), (("1", "Leaflet"),),
                        ("", "Jumlah"))
    more = TableBlock("Rencana Anggaran Biaya", ("No.", "Uraian"),
                      (("1", "Leaflet"), ("2", "Poster")), ("", "Jumlah"))
    assert lampiran_changes([budget], [budget]) == []
    assert changes_text(lampiran_changes([budget], [more])) == (
        "Lampiran 1 Rencana Anggaran Biaya Perjanjian Induk diubah sehingga menjadi "
        "sebagaimana tercantum dalam Lampiran 1 Adendum ini.")
