"""An adendum states what it changes, from the data (walker #18).

The walker signed an apotek PKS running to 14 Desember 2027, made an adendum, moved its end date
to 31 Desember 2027 and printed it: Pasal 1 read "ketentuan Pasal ………… Perjanjian Induk diubah
sehingga berbunyi …: “…………”", Pasal 2 said the adendum ran to 31 Desember 2027 "sesuai dengan
jangka waktu Perjanjian Induk" (which ended on the 14th), and recital a dated the Induk 10
Desember 2026 though its signing was recorded on the 4th. Recital a now cites the date the
Induk's own opening prints, as the berita acara does: the officer finds it on the paper
(walker3 #3 and walker4 F-l read the recorded day as a second date of one PKS).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from conftest import steps_three_and_four
from pypdf import PdfReader

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.five_keys import STATEMENTS
from kemitraan_desktop.services import agreements, documents, evaluation, partnerships
from tests.integration.workflow import png_file


def printed(svc, agreement_id: int) -> str:  # noqa: ANN001
    """The printed words of the agreement on one line, as an officer reads them."""
    reader = PdfReader(io.BytesIO(agreements.agreement_pdf(svc, agreement_id)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def signed_apotek_pks(svc, tmp_path: Path) -> int:  # noqa: ANN001
    """The walker's apotek PKS: dated 10 November 2026, 15 Desember 2026 – 14 Desember 2027,
    signed at the branch two days later, as the doctor stated at the signing (the walker
    recorded 4 November 2026, before the day its opening prints: refused now, domain.signing)."""
    svc.practices.create(
        doctor_name="dr. Budi Santoso", clinic_name="Praktik Dokter Budi Santoso",
        nik="3404011503850001", kota="Kabupaten Sleman", sip_number="503/0123/SIP-DU/2024",
        sip_issued=date(2024, 3, 15), number_unit="DR-BS")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True,
                              job_title="Apoteker Penanggung Jawab")
    svc.licences.create(partner_id=apotek.id, name="SIPA", number="503/0456/SIPA/2023",
                        issued=date(2023, 5, 10))
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    steps_three_and_four(svc, p.id)
    draft = agreements.draft_agreement(svc, p.id, "pks", start=date(2026, 12, 15),
                                       end=date(2027, 12, 14), signing=date(2026, 11, 10))
    for party in svc.agreement_parties.list(draft.id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, signatory_id_number="3404065508900003")
    agreements.finalize_agreement(svc, draft.id)
    agreements.sign_agreement(svc, draft.id, date(2026, 11, 12), "Para pihak",
                              png_file(tmp_path / "scan.png"), later_stated=True)
    return draft.id


def test_an_adendum_moving_the_end_date_states_the_new_term_pasal(svc, tmp_path: Path) -> None:  # noqa: ANN001
    induk = signed_apotek_pks(svc, tmp_path)
    induk_text = printed(svc, induk)
    # The Induk's term is its Pasal 8 ayat (1).
    assert ("Pasal 8 Jangka Waktu (1) Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) "
            "bulan, terhitung sejak tanggal 15 Desember 2026 sampai dengan tanggal 14 Desember "
            "2027.") in induk_text
    number = next(p.number for p in svc.agreement_parties.list(induk) if p.party == "practice")
    assert number == "001/PKS/DR-BS/XI/2026"

    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20))
    svc.agreements.update(adendum.id, end_date=date(2027, 12, 31))
    text = printed(svc, adendum.id)
    # The Induk is cited by the date its own opening prints (10 November), as the berita acara
    # cites it, not by the day its signing was recorded (walker3 #3, walker4 F-l).
    assert ("a. bahwa PARA PIHAK telah membuat dan menandatangani Perjanjian Kerja Sama Nomor "
            "001/PKS/DR-BS/XI/2026 tanggal 10 November 2026, yang selanjutnya disebut Perjanjian "
            "Induk;") in text
    assert ("(1) PARA PIHAK sepakat mengubah ketentuan dalam Perjanjian Induk sebagai berikut: "
            "Ketentuan Pasal 8 ayat (1) Perjanjian Induk diubah sehingga berbunyi sebagai "
            "berikut: “Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) bulan 17 (tujuh "
            "belas) hari, terhitung sejak tanggal 15 Desember 2026 sampai dengan tanggal 31 "
            "Desember 2027.” (2)") in text
    # The goals are the Induk's, cited, not step 3's list as it is today.
    assert ("(2) Perubahan sebagaimana dimaksud pada ayat (1) dilakukan untuk mencapai tujuan "
            "bersama PARA PIHAK sebagaimana tercantum dalam Perjanjian Induk.") in text
    assert "Resep peserta JKN terlayani" not in text
    assert ("Adendum ini berlaku sejak tanggal ditandatangani oleh PARA PIHAK sampai dengan "
            "berakhirnya jangka waktu Perjanjian Induk sebagaimana diubah dengan Adendum ini, "
            "yaitu tanggal 31 Desember 2027.") in text
    assert "Pasal …………" not in text and "“…………”" not in text
    assert "sesuai dengan jangka waktu Perjanjian Induk" not in text

    agreements.finalize_agreement(svc, adendum.id)
    # The archive states both versions' terms by the same count as the Pasal.
    archive = io.BytesIO()
    documents.render_report(svc, "archive", svc.agreements.get(induk).partnership_id, archive,
                            "a4")
    archived = " ".join(" ".join((page.extract_text() or "").split())
                        for page in PdfReader(io.BytesIO(archive.getvalue())).pages)
    assert "Berlaku: 15 Desember 2026 – 14 Desember 2027; Jangka waktu: 12 (dua belas) bulan;" \
        in archived
    # The archive gives both dates of the Induk where its signing was recorded on another day.
    assert "Tanggal perjanjian: 10 November 2026; Berlaku: 15 Desember 2026" in archived
    assert "Ditandatangani: 12 November 2026" in archived
    assert ("Berlaku: 15 Desember 2026 – 31 Desember 2027; Jangka waktu: 12 (dua belas) bulan "
            "17 (tujuh belas) hari;") in archived
    final = printed(svc, adendum.id)
    assert "Nomor PIHAK PERTAMA: 002/ADD/DR-BS/XI/2026" in final
    assert ("Ketentuan Pasal 8 ayat (1) Perjanjian Induk diubah sehingga berbunyi sebagai "
            "berikut: “Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) bulan 17 (tujuh "
            "belas) hari, terhitung sejak tanggal 15 Desember 2026 sampai dengan tanggal 31 "
            "Desember 2027.”") in final


def test_an_adendum_that_changes_no_date_is_not_finalized_with_a_blank(svc, tmp_path: Path) -> None:  # noqa: ANN001
    induk = signed_apotek_pks(svc, tmp_path)
    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20))
    text = printed(svc, adendum.id)
    # The draft marks what is still to be written: nothing of the data changed.
    assert ("(1) PARA PIHAK sepakat mengubah ketentuan dalam Perjanjian Induk sebagai berikut: "
            "………… Paraf") in text
    with pytest.raises(UserError) as refused:
        agreements.finalize_agreement(svc, adendum.id)
    assert ("Pasal 1 (Perubahan Ketentuan): perubahan yang dibuat adendum (tanggal atau tarif "
            "kapitasi di tab Umum, atau bunyi baru suatu Pasal yang diketik di sini) belum "
            "diisi.") in refused.value.message
    assert svc.agreements.get(adendum.id).status == "draft"

    # Typed by hand in place of the list, the change is the user's own wording.
    article = next(c for c in svc.clauses.list(adendum.id, kind="article")
                   if c.title == "Perubahan Ketentuan")
    svc.clauses.update(article.id, body=article.body.replace(
        "{amendments}", "ketentuan Pasal 6 ayat (2) Perjanjian Induk diubah sehingga berbunyi "
        "sebagai berikut: “Pembayaran dilakukan paling lambat 30 (tiga puluh) hari.”"))
    agreements.finalize_agreement(svc, adendum.id)
    assert "Pasal 6 ayat (2) Perjanjian Induk diubah" in printed(svc, adendum.id)


def test_a_blank_left_in_the_text_stops_finalize(svc, tmp_path: Path) -> None:  # noqa: ANN001
    """An adendum drafted from the older template kept "ketentuan Pasal …………" in its text."""
    induk = signed_apotek_pks(svc, tmp_path)
    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20))
    svc.agreements.update(adendum.id, end_date=date(2027, 12, 31))
    article = next(c for c in svc.clauses.list(adendum.id, kind="article")
                   if c.title == "Perubahan Ketentuan")
    svc.clauses.update(article.id, body=article.body.replace(
        "{amendments}", "{amendments}\nb. di antara Pasal ………… dan Pasal ………… Perjanjian Induk "
        "disisipkan 1 (satu) pasal."))
    with pytest.raises(UserError) as refused:
        agreements.finalize_agreement(svc, adendum.id)
    assert ("Pasal 1 (Perubahan Ketentuan): teks masih memuat isian kosong “…………” yang harus "
            "diisi.") in refused.value.message


def test_a_work_plan_and_budget_changed_after_signing_are_amended_with_the_term(
        svc, tmp_path: Path) -> None:  # noqa: ANN001
    """Walker #16: after the signing the work plan changed freely and nothing said so. The
    adendum that follows lists each lampiran it prints otherwise than the Induk, after the
    Pasal it rewords."""
    induk = signed_apotek_pks(svc, tmp_path)
    pid = svc.agreements.get(induk).partnership_id
    svc.activities.create(partnership_id=pid, name="Sosialisasi alur resep", party="both",
                          start_date=date(2027, 2, 1), end_date=date(2027, 2, 1),
                          person_in_charge="dr. Budi Santoso", planned_cost_sen=150_000_00)
    leaflet = next(line for line in svc.budget_lines.list(pid))
    svc.budget_lines.update(leaflet.id, quantity=200)
    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20), end=date(2027, 12, 31))
    text = printed(svc, adendum.id)
    assert ("sebagai berikut: a. ketentuan Pasal 8 ayat (1) Perjanjian Induk diubah sehingga "
            "berbunyi sebagai berikut: “Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) "
            "bulan 17 (tujuh belas) hari, terhitung sejak tanggal 15 Desember 2026 sampai dengan "
            "tanggal 31 Desember 2027.”; b. Rencana Kerja sebagaimana tercantum dalam Lampiran 1 "
            "Adendum ini ditambahkan sebagai lampiran yang merupakan bagian tidak terpisahkan "
            "dari Perjanjian Induk; dan c. Lampiran 1 Rencana Anggaran Biaya Perjanjian Induk "
            "diubah sehingga menjadi sebagaimana tercantum dalam Lampiran 2 Adendum ini.") in text
    agreements.finalize_agreement(svc, adendum.id)


def test_the_adendum_cites_a_monitoring_and_evaluation_only_when_step_8_holds_one(
        svc, tmp_path: Path) -> None:  # noqa: ANN001
    """walker3 #5: recital b said "berdasarkan hasil monitoring dan evaluasi" for a partnership
    whose steps 7 and 8 were empty."""
    induk = signed_apotek_pks(svc, tmp_path)
    partnership_id = svc.agreements.get(induk).partnership_id
    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20))
    svc.agreements.update(adendum.id, end_date=date(2027, 12, 31))
    assert ("b. bahwa dalam pelaksanaan Perjanjian Induk, PARA PIHAK memandang perlu mengubah "
            "beberapa ketentuan dalam Perjanjian Induk;") in printed(svc, adendum.id)
    assert "monitoring" not in printed(svc, adendum.id).split("c. bahwa")[0]

    # An indicator measured in November: a monitoring, no evaluation yet.
    indicator = svc.indicators.create(partnership_id=partnership_id, name="Waktu tunggu resep")
    svc.indicator_values.create(indicator_id=indicator.id, period="2026-11", value=12)
    assert ("b. bahwa berdasarkan hasil monitoring pelaksanaan Perjanjian Induk, PARA PIHAK "
            "memandang perlu mengubah beberapa ketentuan dalam Perjanjian Induk;"
            ) in printed(svc, adendum.id)

    # The five keys scored after the signing: the evaluation is cited, and stays in the final.
    evaluation.save_assessment(svc, partnership_id, "practice", date(2026, 11, 18),
                               "dr. Budi Santoso",
                               {statement.code: 4 for statement in STATEMENTS})
    cited = ("b. bahwa berdasarkan hasil monitoring dan evaluasi pelaksanaan Perjanjian Induk, "
             "PARA PIHAK memandang perlu mengubah beberapa ketentuan dalam Perjanjian Induk;")
    assert cited in printed(svc, adendum.id)
    agreements.finalize_agreement(svc, adendum.id)
    assert cited in printed(svc, adendum.id)


def test_an_old_draft_adendum_loses_the_evaluation_nobody_did(svc, tmp_path: Path) -> None:  # noqa: ANN001
    """A draft made before the recital followed step 8 still held the old words."""
    induk = signed_apotek_pks(svc, tmp_path)
    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20))
    recital_b = svc.clauses.list(adendum.id, kind="recital")[0]
    svc.clauses.update(recital_b.id, body=(
        "bahwa berdasarkan hasil monitoring dan evaluasi pelaksanaan Perjanjian Induk, PARA "
        "PIHAK memandang perlu mengubah beberapa ketentuan dalam Perjanjian Induk;"))
    assert ("b. bahwa dalam pelaksanaan Perjanjian Induk, PARA PIHAK memandang perlu mengubah "
            "beberapa ketentuan dalam Perjanjian Induk;") in printed(svc, adendum.id)


def test_a_lampiran_dropped_since_the_induk_is_struck_out_by_the_adendum(
        svc, tmp_path: Path) -> None:  # noqa: ANN001
    """The closing note of 2026-12-04: the adendum said nothing of a lampiran the Induk was
    signed with and the data no longer print (the RAB's only line deleted)."""
    induk = signed_apotek_pks(svc, tmp_path)
    assert "Lampiran 1 Rencana Anggaran Biaya" in printed(svc, induk)
    pid = svc.agreements.get(induk).partnership_id
    for line in svc.budget_lines.list(pid):
        svc.budget_lines.delete(line.id)
    adendum = agreements.start_addendum(svc, induk, date(2026, 11, 20), end=date(2027, 12, 31))
    text = printed(svc, adendum.id)
    assert ("sebagai berikut: a. ketentuan Pasal 8 ayat (1) Perjanjian Induk diubah sehingga "
            "berbunyi sebagai berikut: “Perjanjian ini berlaku untuk jangka waktu 12 (dua belas) "
            "bulan 17 (tujuh belas) hari, terhitung sejak tanggal 15 Desember 2026 sampai dengan "
            "tanggal 31 Desember 2027.”; dan b. Lampiran 1 Rencana Anggaran Biaya Perjanjian "
            "Induk dihapus dan dinyatakan tidak berlaku. (2)") in text
    # The price list is filled in by hand on the Induk's own lampiran: the adendum keeps it.
    assert "Daftar Harga Obat" in printed(svc, induk)
    assert "Daftar Harga Obat" not in text
