"""The PKS states each fact as the data holds it: the term counted from its dates, each party
named by the label its template gives it, in the text, the lampiran, the addendum and the paraf.

A BPJS branch signs a PKS where BPJS Kesehatan is PIHAK KESATU and the practice PIHAK KEDUA; a
"PIHAK PERTAMA" anywhere in it names a party that does not exist there.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import steps_three_and_four
from pypdf import PdfReader

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import agreements, partnerships

START = date(2027, 1, 1)
END = date(2027, 12, 31)


def pdf_text(data: bytes) -> str:
    """The printed words, each line's spaces collapsed, pages joined."""
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    return "\n".join(" ".join(line.split()) for page in pages for line in page.splitlines())


def one_line(text: str) -> str:
    return " ".join(text.split())


def practice(svc):  # noqa: ANN001, ANN201
    return svc.practices.create(
        doctor_name="dr. Siti Rahmawati", clinic_name="Praktik Dokter Siti Rahmawati",
        nik="3404076208850003", npwp="3404076208850003", str_number="KKI 1234567890",
        kota="Kabupaten Sleman", sip_number="503/0123/SIP-DU/2022",
        sip_issued=date(2022, 3, 5), sip_expires=date(2029, 3, 4), number_unit="DR-SR",
    )


def sign_the_bpjs_signatory(svc, agreement_id: int) -> None:  # noqa: ANN001
    """What the branch gives the doctor: the Kepala Kantor Cabang's Keputusan Direksi and NPP."""
    for party in svc.agreement_parties.list(agreement_id):
        if party.party == "partner":
            svc.agreement_parties.update(
                party.id, number="1234/KTR/XI-02/1226", authority_number="0321/2025",
                authority_date=date(2025, 1, 2), signatory_id_number="01234567")


def jejaring_signed(svc, partner_type: str, name: str) -> None:  # noqa: ANN001
    """A signed PKS with an apotek or laboratorium: the credentialing needs both."""
    from tests.integration.workflow import png_file

    partner = svc.partners.create(name=name, partner_type=partner_type)
    svc.partner_people.create(partner_id=partner.id, name="Penanggung Jawab", signs=True,
                              job_title="Penanggung Jawab")
    svc.licences.create(partner_id=partner.id, name="Izin", number=f"503/{partner_type}/2024",
                        issued=date(2024, 2, 1))
    p = partnerships.start_partnership(svc, name, partner_type, partner.id)
    steps_three_and_four(svc, p.id)
    # In force from July 2026 to June 2027: on the first day of the BPJS PKS (1 Januari 2027)
    # and today, as a jejaring PKS must be to count for credentialing.
    draft = agreements.draft_agreement(svc, p.id, "pks", start=date(2026, 7, 1),
                                       signing=date(2026, 7, 1))  # printed and signed that day
    for party in svc.agreement_parties.list(draft.id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, signatory_id_number="3404016504850002")
    agreements.finalize_agreement(svc, draft.id)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        agreements.sign_agreement(svc, draft.id, date(2026, 7, 1), "Para pihak",
                                  png_file(Path(folder) / "scan.png"))


def credentialing_met(svc, pid: int) -> None:  # noqa: ANN001
    """Step 4 complete: the jejaring signed, the items the doctor ticks ticked, areas scored."""
    jejaring_signed(svc, "apotek", "Apotek Sehat Sentosa")
    jejaring_signed(svc, "laboratorium", "Laboratorium Prima Husada")
    for line in partnerships.readiness(svc, pid).lines:
        if line.category == "technical":
            svc.readiness_items.update(line.id, score=80)
        elif not line.derived:
            svc.readiness_items.update(line.id, met=True)


def bpjs_partnership(svc, *, start: date = START, end: date = END) -> tuple[int, int]:  # noqa: ANN001
    """A BPJS partnership with a budget line and a work plan of each party; its draft PKS."""
    practice(svc)
    bpjs = svc.partners.create(
        name="BPJS Kesehatan Kantor Cabang Sleman", partner_type="bpjs",
        kota="Kabupaten Sleman")
    svc.partner_people.create(partner_id=bpjs.id, name="Drs. Bambang Hartono, M.M.",
                              job_title="Kepala Kantor Cabang", signs=True)
    p = partnerships.start_partnership(svc, "FKTP BPJS", "bpjs", bpjs.id)
    svc.budget_lines.create(partnership_id=p.id, description="Papan informasi peserta",
                            quantity=Decimal(2), unit="buah", unit_cost_sen=375_000_00,
                            funded_by="practice")
    svc.budget_lines.create(partnership_id=p.id, description="Sosialisasi peserta",
                            quantity=Decimal(1), unit="kali", unit_cost_sen=500_000_00,
                            funded_by="partner")
    svc.budget_lines.create(partnership_id=p.id, description="Pertemuan evaluasi",
                            quantity=Decimal(2), unit="kali", unit_cost_sen=250_000_00,
                            funded_by="both")
    svc.activities.create(partnership_id=p.id, name="Kunjungan monitoring BPJS",
                          start_date=date(2027, 6, 1), end_date=date(2027, 6, 2),
                          person_in_charge="Tim BPJS Kesehatan", party="partner",
                          planned_cost_sen=0)
    svc.activities.create(partnership_id=p.id, name="Pemasangan papan informasi",
                          start_date=date(2027, 1, 4), end_date=date(2027, 1, 8),
                          person_in_charge="dr. Siti Rahmawati", party="practice",
                          planned_cost_sen=750_000_00)
    svc.activities.create(partnership_id=p.id, name="Pertemuan evaluasi semester",
                          start_date=date(2027, 6, 15), end_date=date(2027, 6, 15),
                          person_in_charge="dr. Siti Rahmawati", party="both",
                          planned_cost_sen=250_000_00)
    draft = agreements.draft_agreement(svc, p.id, "pks", start=start, end=end)
    return p.id, draft.id


@pytest.fixture
def bpjs_pks(svc) -> str:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    return pdf_text(agreements.agreement_pdf(svc, agreement_id))


def test_a_calendar_year_is_twelve_months_in_the_term_article(bpjs_pks: str) -> None:
    assert ("jangka waktu 12 (dua belas) bulan, terhitung sejak tanggal 1 Januari 2027 sampai "
            "dengan tanggal 31 Desember 2027") in one_line(bpjs_pks)
    assert "11 (sebelas) bulan" not in bpjs_pks


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [(date(2027, 3, 15), date(2028, 3, 14), "12 (dua belas) bulan"),
     (date(2027, 1, 1), date(2027, 6, 30), "6 (enam) bulan"),
     (date(2027, 2, 1), date(2029, 1, 31), "24 (dua puluh empat) bulan")],
)
def test_the_term_is_counted_from_the_dates(svc, start: date, end: date, words: str) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc, start=start, end=end)
    assert f"jangka waktu {words}" in one_line(pdf_text(agreements.agreement_pdf(svc,
                                                                                 agreement_id)))


def test_a_draft_without_an_end_date_runs_to_the_day_before_a_year_later(svc) -> None:  # noqa: ANN001
    practice(svc)
    bpjs = svc.partners.create(name="BPJS Kesehatan KC Sleman", partner_type="bpjs")
    p = partnerships.start_partnership(svc, "FKTP", "bpjs", bpjs.id)
    draft = agreements.draft_agreement(svc, p.id, "pks", start=date(2027, 1, 1))
    assert svc.agreements.get(draft.id).end_date == date(2027, 12, 31)


def test_a_bpjs_pks_names_no_pihak_pertama_anywhere(bpjs_pks: str) -> None:
    assert "PIHAK PERTAMA" not in one_line(bpjs_pks)
    assert "PIHAK KESATU" in bpjs_pks and "PIHAK KEDUA" in bpjs_pks


def test_the_bpjs_lampiran_name_the_parties_as_the_pks_does(bpjs_pks: str) -> None:
    lampiran = one_line(bpjs_pks[bpjs_pks.index("LAMPIRAN 1"):])
    plan, budget = lampiran.split("LAMPIRAN 2")
    # The BPJS's own monitoring visit is done by BPJS, PIHAK KESATU; the practice's work by
    # PIHAK KEDUA; the shared meeting by both.
    assert "Kunjungan monitoring BPJS" in plan
    assert "Tim BPJS Kesehatan PIHAK KESATU" in plan
    assert "dr. Siti Rahmawati PIHAK KEDUA" in plan
    assert "PARA PIHAK" in plan
    assert "Rp750.000,00 PIHAK KEDUA" in budget
    assert "Rp500.000,00 PIHAK KESATU" in budget
    assert "Rp500.000,00 PARA PIHAK" in budget


def test_the_cost_sharing_sentence_names_the_parties_by_their_labels() -> None:
    from kemitraan_desktop.domain.clauses import build_context, template_for

    context = build_context(budget_practice_sen=750_000_00, budget_partner_sen=500_000_00,
                            budget_shared_sen=500_000_00, template=template_for("bpjs"))
    assert context.budget_per_party == (
        "PIHAK KESATU menanggung Rp500.000,00 (lima ratus ribu rupiah), PIHAK KEDUA menanggung "
        "Rp750.000,00 (tujuh ratus lima puluh ribu rupiah), dan PARA PIHAK menanggung bersama "
        "Rp500.000,00 (lima ratus ribu rupiah)")


def test_the_paraf_strip_and_signatures_follow_the_bpjs_labels(bpjs_pks: str) -> None:
    assert "Paraf PIHAK KESATU" in bpjs_pks and "Paraf PIHAK KEDUA" in bpjs_pks
    opening = one_line(bpjs_pks[: bpjs_pks.index("PARA PIHAK terlebih dahulu")])
    # BPJS is identified first, as PIHAK KESATU; the practice second.
    assert opening.index("Drs. Bambang Hartono") < opening.index("dr. Siti Rahmawati")
    assert "selanjutnya disebut PIHAK KESATU" in opening


def _signed(svc, agreement_id: int, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.integration.workflow import png_file

    sign_the_bpjs_signatory(svc, agreement_id)
    credentialing_met(svc, svc.agreements.get(agreement_id).partnership_id)
    agreements.finalize_agreement(svc, agreement_id)
    agreements.sign_agreement(svc, agreement_id, date.today(), "Para pihak",
                              png_file(tmp_path / "scan.png"))


def test_a_bpjs_addendum_keeps_bpjs_as_pihak_kesatu(svc, tmp_path: Path) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    _signed(svc, agreement_id, tmp_path)
    addendum = agreements.start_addendum(svc, agreement_id)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, addendum.id)))
    assert "PIHAK PERTAMA" not in text
    assert "1 (satu) rangkap untuk PIHAK KESATU dan 1 (satu) rangkap untuk PIHAK KEDUA" in text
    assert "Paraf PIHAK KESATU" in text


def test_an_apotek_pks_keeps_the_practice_as_pihak_pertama(svc) -> None:  # noqa: ANN001
    practice(svc)
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True,
                              job_title="Apoteker Penanggung Jawab")
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    svc.budget_lines.create(partnership_id=p.id, description="Leaflet", quantity=Decimal(100),
                            unit="lembar", unit_cost_sen=1_500_00, funded_by="partner")
    draft = agreements.draft_agreement(svc, p.id, "pks", start=START, end=END)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, draft.id)))
    assert "PIHAK KESATU" not in text
    assert "PIHAK KEDUA menanggung Rp150.000,00 (seratus lima puluh ribu rupiah)" in text
    assert "Rp150.000,00 PIHAK KEDUA" in text  # the RAB's Sumber Dana


# --- facts filled when printed; finalize checks what was typed by hand ---------------------


def test_a_renamed_partner_is_named_anew_in_the_draft(svc) -> None:  # noqa: ANN001
    practice(svc)
    apotek = svc.partners.create(name="Apotek Lama", partner_type="apotek")
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    draft = agreements.draft_agreement(svc, p.id, "pks", start=START, end=END)
    svc.partners.update(apotek.id, name="Apotek Sehat Sentosa")
    text = one_line(pdf_text(agreements.agreement_pdf(svc, draft.id)))
    assert "bahwa PIHAK KEDUA adalah Apotek Sehat Sentosa, apotek yang" in text
    assert "atas nama Apotek Sehat Sentosa, selanjutnya disebut PIHAK KEDUA" in text
    assert "Apotek Lama" not in text


def test_changed_dates_change_the_term_article(svc) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    svc.agreements.update(agreement_id, end_date=date(2027, 6, 30))
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert ("jangka waktu 6 (enam) bulan, terhitung sejak tanggal 1 Januari 2027 sampai dengan "
            "tanggal 30 Juni 2027") in text


def test_a_term_past_whole_months_states_its_days(svc) -> None:  # noqa: ANN001
    """1 Januari – 15 Juli 2027 printed "6 (enam) bulan": half a month unsaid."""
    _pid, agreement_id = bpjs_partnership(svc)
    svc.agreements.update(agreement_id, end_date=date(2027, 7, 15))
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert ("jangka waktu 6 (enam) bulan 15 (lima belas) hari, terhitung sejak tanggal 1 "
            "Januari 2027 sampai dengan tanggal 15 Juli 2027") in text


def test_a_term_ayat_without_the_days_is_refused_for_a_term_past_whole_months(svc) -> None:  # noqa: ANN001
    """A draft made from the older template said only the months."""
    pid, agreement_id = bpjs_partnership(svc, end=date(2027, 7, 15))
    sign_the_bpjs_signatory(svc, agreement_id)
    credentialing_met(svc, pid)
    term = _article(svc, agreement_id, "Jangka Waktu")
    svc.clauses.update(term.id, body=term.body.replace("bulan{duration_days},", "bulan,"))
    problems = agreements.finalize_problems(svc, agreement_id)
    assert ("Pasal 11 (Jangka Waktu): hari jangka waktu di luar bulan penuh tertulis “jangka "
            "waktu 6 (enam) bulan”; menurut data “jangka waktu 6 (enam) bulan 15 (lima belas) "
            "hari”.") in problems


def _article(svc, agreement_id: int, title: str):  # noqa: ANN001, ANN202
    return next(c for c in svc.clauses.list(agreement_id, kind="article") if c.title == title)


def test_a_term_typed_over_its_placeholder_stops_finalize_with_the_place(svc) -> None:  # noqa: ANN001
    pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    credentialing_met(svc, pid)
    term = _article(svc, agreement_id, "Jangka Waktu")
    assert "{duration_months} ({duration_words}) bulan" in term.body  # stored as placeholders
    svc.clauses.update(term.id, body=term.body.replace(
        "{duration_months} ({duration_words})", "11 (sebelas)").replace(
        "{end_date}", "30 November 2027"))
    with pytest.raises(UserError) as refused:
        agreements.finalize_agreement(svc, agreement_id)
    message = refused.value.message
    assert "Pasal 11 (Jangka Waktu): jangka waktu dalam bulan tertulis “11”; menurut data “12”" \
        in message
    assert "tanggal berakhir tertulis “30 November 2027”; menurut data “31 Desember 2027”" \
        in message
    assert svc.agreements.get(agreement_id).status == "draft"
    # Typing what the data say is accepted: the text agrees with the data.
    svc.clauses.update(term.id, body=term.body.replace(
        "{duration_months} ({duration_words})", "12 (dua belas)"))
    assert agreements.finalize_problems(svc, agreement_id) == []


def test_a_final_agreement_keeps_what_it_said_when_the_data_change(svc, tmp_path) -> None:  # noqa: ANN001
    pid, agreement_id = bpjs_partnership(svc)
    _signed(svc, agreement_id, tmp_path)
    before = pdf_text(agreements.agreement_pdf(svc, agreement_id, "f4"))
    partner_id = svc.partnerships.get(pid)
    for candidate in svc.candidates.list(pid):
        svc.partners.update(candidate.partner_id, name="BPJS Kesehatan Kantor Cabang Baru")
    svc.practices.update(partnerships.current_practice(svc).id, clinic_name="Klinik Lain")
    after = pdf_text(agreements.agreement_pdf(svc, agreement_id, "f4"))
    assert partner_id is not None
    assert after == before
    assert "KANTOR CABANG SLEMAN" in after and "Klinik Lain" not in after


def test_a_bpjs_pks_claiming_credentialing_waits_for_step_4(svc) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    problems = agreements.finalize_problems(svc, agreement_id)
    assert "Langkah 4 masih kurang persyaratan kredensialing: Akreditasi praktik." in problems
    assert ("Langkah 4 masih kurang persyaratan kredensialing: PKS dengan apotek yang sudah "
            "ditandatangani.") in problems
    with pytest.raises(UserError):
        agreements.finalize_agreement(svc, agreement_id)


def test_identification_states_each_partys_authority_and_number(svc) -> None:  # noqa: ANN001
    pid, agreement_id = bpjs_partnership(svc)
    problems = agreements.finalize_problems(svc, agreement_id)
    assert ("PIHAK KESATU: nomor identitas penanda tangan (NIK, NPP, atau NIP) belum diisi."
            in problems)
    sign_the_bpjs_signatory(svc, agreement_id)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert ("Drs. Bambang Hartono, M.M., selaku Kepala Kantor Cabang, berdasarkan Keputusan "
            "Direksi Badan Penyelenggara Jaminan Sosial Kesehatan Nomor 0321/2025 tanggal "
            "2 Januari 2025") in text
    assert ("dr. Siti Rahmawati, selaku Dokter Penanggung Jawab Praktik, berdasarkan Surat Izin "
            "Praktik Nomor 503/0123/SIP-DU/2022 tanggal 5 Maret 2022") in text
    assert ("dalam hal ini bertindak untuk dan atas nama sendiri selaku penyelenggara Praktik "
            "Dokter Siti Rahmawati, selanjutnya disebut PIHAK KEDUA") in text
    assert ("secara bersama-sama disebut PARA PIHAK dan masing-masing disebut PIHAK.") in text
    assert "NPP. 01234567" in text and "NIK. 3404076208850003" in text
    assert "Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan" in text
    assert "Peraturan Menteri Kesehatan Nomor 3 Tahun 2023" in text
    assert "Peraturan Badan Penyelenggara Jaminan Sosial Kesehatan Nomor 7 Tahun 2019" in text


def test_a_draft_from_before_placeholders_follows_the_data_again(svc) -> None:  # noqa: ANN001
    """A draft written by the old filler (the facts in its text, 11 bulan for a year) upgrades:
    what the program wrote becomes placeholders; a name the user typed is checked."""
    from kemitraan_desktop.domain.clauses import FillContext, filled_clauses, template_for
    from kemitraan_desktop.storage import models as m

    pid, agreement_id = bpjs_partnership(svc)
    old = FillContext(practice_name="Praktik Dokter Siti Rahmawati",
                      doctor_name="dr. Nama Lama", start_date="1 Januari 2027",
                      end_date="31 Desember 2027", duration_months="11",
                      duration_words="sebelas", city="Kabupaten Sleman",
                      capitation_rate="Rp8.800,00 (delapan ribu delapan ratus rupiah)",
                      payment_days="15 (lima belas)", notice_days="30 (tiga puluh)",
                      vision_statement="PIHAK KEDUA memiliki visi “Sehat”")
    recitals, articles = filled_clauses(template_for("bpjs"), old)
    with svc.db.session() as session:
        agreement = session.get(m.Agreement, agreement_id)
        agreement.text_format = 1
        for clause in agreement.clauses:
            if clause.kind == "recital":
                clause.body = recitals[clause.position]
            else:
                clause.title, clause.body = articles[clause.position]
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert "jangka waktu 12 (dua belas) bulan" in text
    assert "Pengadilan Negeri Sleman" in text
    assert "{duration_months} ({duration_words})" in _article(svc, agreement_id,
                                                              "Jangka Waktu").body
    # The doctor's name the old draft holds is not the profile's: finalize names the place.
    problems = agreements.finalize_problems(svc, agreement_id)
    assert any("nama dokter tertulis “dr. Nama Lama”; menurut data “dr. Siti Rahmawati”"
               in problem for problem in problems), problems
    assert pid


def test_a_party_label_the_agreement_does_not_have_is_refused(svc) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    agreements.add_clause(svc, agreement_id, "article", "Lain-lain",
                          "PIHAK PERTAMA menyediakan papan informasi.")
    problems = agreements.finalize_problems(svc, agreement_id)
    assert any("“PIHAK PERTAMA” — pihak yang tidak ada dalam perjanjian ini" in problem
               for problem in problems), problems


def test_the_bpjs_cover_says_whose_number_each_line_is(svc) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    text = pdf_text(agreements.agreement_pdf(svc, agreement_id))
    cover = text.split("Pada hari ini")[0]
    assert "Nomor PIHAK KESATU: 1234/KTR/XI-02/1226" in cover
    assert "Nomor PIHAK KEDUA: …………" in cover
    assert "Nomor:" not in cover


def test_the_copies_are_stated_once_in_the_penutup(bpjs_pks: str) -> None:
    text = one_line(bpjs_pks)
    assert text.count("rangkap 2 (dua)") == 1
    assert ("Perjanjian ini dibuat dalam rangkap 2 (dua) asli, masing-masing bermeterai cukup"
            in text)
    assert ("Demikian Perjanjian Kerja Sama ini ditandatangani oleh PARA PIHAK pada hari dan "
            "tanggal tersebut di atas.") in text


def test_the_credentialing_pasal_speaks_indonesian(bpjs_pks: str) -> None:
    text = one_line(bpjs_pks)
    assert "PIHAK KEDUA menyampaikan penilaian mandiri beserta dokumen yang dipersyaratkan" in text
    assert "self assessment" not in text


def test_one_role_is_a_sentence_not_a_numbered_list(bpjs_pks: str) -> None:
    text = one_line(bpjs_pks)
    assert ("PIHAK KEDUA mempunyai peran dan tanggung jawab sebagai berikut: Melayani Peserta "
            "JKN sesuai standar pelayanan FKTP. Di samping") in text
    assert "(1) Melayani Peserta JKN" not in text
    # Paying the capitation is the branch's obligation (a) and Pasal 8(1): not a role besides.
    assert "PIHAK KESATU berkewajiban: a. membayar Kapitasi dan klaim" in text
    assert "Membayar kapitasi" not in text


def test_a_recital_quotes_only_the_visions_step_1_holds(svc) -> None:  # noqa: ANN001
    pid, agreement_id = bpjs_partnership(svc)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert "visi" not in text.split("Pasal 1")[0]
    assert "mewujudkan pelayanan kesehatan yang bermutu" not in text
    assert ("g. bahwa PARA PIHAK sepakat bekerja sama berlandaskan prinsip kesetaraan, "
            "keterbukaan, dan saling menguntungkan;") in text

    svc.partnerships.update(pid, practice_vision="Pelayanan dokter keluarga yang dekat dan "
                                                 "bermutu")
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert ("bahwa PIHAK KEDUA memiliki visi “Pelayanan dokter keluarga yang dekat dan "
            "bermutu”;") in text
    assert "kesamaan visi" not in text


def test_a_kbk_target_is_worded_alike_in_the_goals_and_the_kbk_pasal(svc) -> None:  # noqa: ANN001
    """Step 3 proposes the KBK goals; Pasal 2 and Pasal Kapitasi Berbasis Kinerja state each
    target in one wording, the number in words, with the goal's date where it has one."""
    pid, agreement_id = bpjs_partnership(svc)
    goals = svc.goals.list(pid)
    svc.goals.update(goals[0].id, target_date=date(2027, 12, 31))
    printed = pdf_text(agreements.agreement_pdf(svc, agreement_id))
    # Each indicator of the KBK Pasal is a point of its own, on its own line.
    for letter, start in (("a", "angka kontak"), ("b", "rasio rujukan"), ("c", "rasio peserta")):
        assert re.search(rf"^\s*{letter}\.\s+{start}", printed, re.MULTILINE), letter
    text = one_line(printed)
    assert ("(1) Angka kontak, dengan target paling sedikit 150 (seratus lima puluh) per mil, "
            "dicapai paling lambat tanggal 31 Desember 2027;") in text
    assert ("(2) Rasio rujukan rawat jalan kasus nonspesialistik, dengan target paling tinggi 2% "
            "(dua persen); dan") in text
    assert ("a. angka kontak, dengan target paling sedikit 150 (seratus lima puluh) per mil; "
            "b. rasio rujukan rawat jalan kasus nonspesialistik, dengan target paling tinggi 2% "
            "(dua persen); dan c. rasio peserta Prolanis terkendali, dengan target paling "
            "sedikit 5% (lima persen).") in text
    assert "paling banyak 2%" not in text and "(paling sedikit 150 per mil)" not in text


def test_finalize_refuses_a_pks_whose_goals_roles_and_budget_are_empty(svc) -> None:  # noqa: ANN001
    """Only the idea typed (walker #5): the final text would read "sebagai berikut:" over a
    stand-in sentence and "dengan pembagian: …………". Finalize names each missing fact, the
    draft stays a draft; once steps 3 and 4 hold them it finalizes."""
    practice(svc)
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True,
                              job_title="Apoteker Penanggung Jawab")
    svc.licences.create(partner_id=apotek.id, name="SIA", number="503/SIA/2024",
                        issued=date(2024, 2, 1))
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    svc.partnerships.update(p.id, idea="Obat peserta JKN tersedia di apotek dekat praktik")
    draft = agreements.draft_agreement(svc, p.id, "pks", start=START, end=END)
    for party in svc.agreement_parties.list(draft.id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, signatory_id_number="3404016504850002")
    problems = agreements.finalize_problems(svc, draft.id)
    assert problems == [
        "Pasal 2 (Maksud dan Tujuan): tujuan (langkah 3) belum diisi.",
        "Pasal 4 (Hak dan Kewajiban PIHAK PERTAMA): peran praktik (langkah 3) belum diisi.",
        "Pasal 5 (Hak dan Kewajiban PIHAK KEDUA): peran mitra (langkah 3) belum diisi.",
        "Pasal 7 (Pembiayaan dan Tata Cara Pembayaran): pembagian anggaran (langkah 4) belum "
        "diisi.",
    ]
    with pytest.raises(UserError, match="tujuan \\(langkah 3\\) belum diisi"):
        agreements.finalize_agreement(svc, draft.id)
    assert svc.agreements.get(draft.id).status == "draft"

    svc.goals.create(partnership_id=p.id, description="Resep peserta JKN terlayani lengkap")
    svc.roles.create(partnership_id=p.id, party="practice", description="Menulis resep")
    svc.roles.create(partnership_id=p.id, party="partner", description="Melayani resep")
    svc.budget_lines.create(partnership_id=p.id, description="Leaflet", quantity=Decimal(100),
                            unit="lembar", unit_cost_sen=1_500_00, funded_by="partner")
    assert agreements.finalize_problems(svc, draft.id) == []
    agreements.finalize_agreement(svc, draft.id)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, draft.id)))
    assert "Rincian tujuan tersebut" not in text and "Rincian peran" not in text
    assert ("Tujuan bersama yang disepakati PARA PIHAK adalah sebagai berikut: Resep peserta "
            "JKN terlayani lengkap. Pasal 3") in text
    assert "dengan pembagian: PIHAK KEDUA menanggung Rp150.000,00" in text


def test_the_place_is_named_alike_in_the_opening_the_court_and_the_letters(bpjs_pks: str) -> None:
    """Signed "bertempat di Sleman", as the letters are dated "Sleman, …"; the court is
    "Pengadilan Negeri Sleman"; the address keeps the regency's full name."""
    text = one_line(bpjs_pks)
    assert ", bertempat di Sleman, yang bertanda tangan di bawah ini:" in text
    assert "Pengadilan Negeri Sleman" in text
    assert "bertempat di Kabupaten Sleman" not in text


def test_an_addendum_is_not_dated_before_the_pks_it_amends(svc, tmp_path: Path) -> None:  # noqa: ANN001
    """Seen in the walk: the PKS text was dated for the signing planned at the branch, the signing
    was recorded earlier (a day to come cannot be recorded), and 'Buat adendum' dated the adendum
    that earlier day: "Pada hari ini, Jumat, tanggal empat bulan Desember …" over a recital of
    the PKS "tanggal 10 Desember 2026". Such a signing is refused now (domain.signing); a record
    an earlier version kept that way still gets an adendum dated after the PKS."""
    from datetime import timedelta

    from sqlalchemy import update

    from kemitraan_desktop.storage import models as m

    _pid, agreement_id = bpjs_partnership(svc)
    planned = date.today() + timedelta(days=6)
    _signed(svc, agreement_id, tmp_path)  # recorded today, the printed day
    with svc.db.session() as session:  # as an earlier version left it: printed a day to come
        session.execute(update(m.Agreement).where(m.Agreement.id == agreement_id)
                        .values(agreement_date=planned))
    addendum = agreements.start_addendum(svc, agreement_id)
    assert svc.agreements.get(addendum.id).agreement_date == planned
    text = one_line(pdf_text(agreements.agreement_pdf(svc, addendum.id)))
    assert f"({planned:%d-%m-%Y}), bertempat di" in text
    assert f"({date.today():%d-%m-%Y}), bertempat di" not in text


def test_finalize_refuses_a_signatory_without_a_position(svc) -> None:  # noqa: ANN001
    """The apoteker was registered without a jabatan: the final signature block printed
    "…………" under her name. Finalize says so; typed on the Para pihak tab it prints."""
    practice(svc)
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True)
    svc.licences.create(partner_id=apotek.id, name="SIA", number="503/SIA/2024",
                        issued=date(2024, 2, 1))
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    steps_three_and_four(svc, p.id)
    draft = agreements.draft_agreement(svc, p.id, "pks", start=START, end=END)
    partner = next(x for x in svc.agreement_parties.list(draft.id) if x.party == "partner")
    svc.agreement_parties.update(partner.id, signatory_id_number="3404016504850002")
    assert agreements.finalize_problems(svc, draft.id) == [
        "PIHAK KEDUA: jabatan penanda tangan belum diisi."]
    svc.agreement_parties.update(partner.id, signatory_position="Apoteker Penanggung Jawab")
    agreements.finalize_agreement(svc, draft.id)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, draft.id)))
    assert "apt. Dewi Lestari, selaku Apoteker Penanggung Jawab, berdasarkan" in text
    # The signature blocks side by side: each name, then each position.
    assert "Dokter Penanggung Jawab Praktik Apoteker Penanggung Jawab NIK." in text


def test_a_draft_says_where_it_claims_credentialing_that_step_four_lacks_it(svc) -> None:  # noqa: ANN001
    """Walker #4: recital f and the Kredensialing Pasal said PIHAK KEDUA "dinyatakan memenuhi
    persyaratan" while step 4 still showed requirements unmet. The draft says so beside both
    claims; once step 4 holds them the note is gone, and the final text has none."""
    pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    note = ("[catatan draf: Langkah 4 masih mencatat 4 (empat) persyaratan belum terpenuhi dan "
            "4 (empat) area teknis belum dinilai]")
    assert f"sebagai Fasilitas Kesehatan Tingkat Pertama {note};" in text
    assert f"lingkup pelayanan, serta komitmen pelayanan {note}." in text
    credentialing_met(svc, pid)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert "catatan draf" not in text
    assert "sebagai Fasilitas Kesehatan Tingkat Pertama; " in text
    agreements.finalize_agreement(svc, agreement_id)
    assert "catatan draf" not in one_line(pdf_text(agreements.agreement_pdf(svc, agreement_id)))


def test_the_joint_cost_is_quoted_as_the_rab_beside_a_work_plan_that_differs(svc) -> None:  # noqa: ANN001
    """Walker2 #6: Pasal 7(6) gave the RAB's Rp500.000,00 as the cost "dalam Rencana Kerja
    Kemitraan" while Lampiran 1 Rencana Kerja totalled Rp400.000,00."""
    practice(svc)
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    svc.budget_lines.create(partnership_id=p.id, description="Pertemuan koordinasi",
                            quantity=Decimal(2), unit="kali", unit_cost_sen=250_000_00,
                            funded_by="both")
    svc.activities.create(partnership_id=p.id, name="Pertemuan koordinasi", party="both",
                          start_date=date(2027, 3, 1), end_date=date(2027, 3, 1),
                          person_in_charge="dr. Siti Rahmawati", planned_cost_sen=400_000_00)
    draft = agreements.draft_agreement(svc, p.id, "pks", start=START, end=END)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, draft.id)))
    assert ("(6) Biaya kegiatan bersama dianggarkan dalam Rencana Anggaran Biaya pada Lampiran 2 "
            "sebesar Rp500.000,00 (lima ratus ribu rupiah), dengan pembagian: PARA PIHAK "
            "menanggung bersama Rp500.000,00 (lima ratus ribu rupiah).") in text
    assert "dalam Rencana Kerja Kemitraan direncanakan sebesar" not in text
    # The work plan's lampiran says the difference.
    assert ("Jumlah biaya Rencana Kerja sebesar Rp400.000,00 lebih kecil Rp100.000,00 (seratus "
            "ribu rupiah) daripada jumlah Rencana Anggaran Biaya pada Lampiran 2 sebesar "
            "Rp500.000,00") in text
