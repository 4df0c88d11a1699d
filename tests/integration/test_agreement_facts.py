"""The PKS states each fact as the data holds it: the term counted from its dates, each party
named by the label its template gives it, in the text, the lampiran, the addendum and the paraf.

A BPJS branch signs a PKS where BPJS Kesehatan is PIHAK KESATU and the practice PIHAK KEDUA; a
"PIHAK PERTAMA" anywhere in it names a party that does not exist there.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

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
        nik="3404076208850003", kota="Kabupaten Sleman", sip_number="503/0123/SIP-DU/2022",
        number_unit="DR-SR",
    )


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

    for party in svc.agreement_parties.list(agreement_id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, number="1234/KTR/XI-02/1226")
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
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True)
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    svc.budget_lines.create(partnership_id=p.id, description="Leaflet", quantity=Decimal(100),
                            unit="lembar", unit_cost_sen=1_500_00, funded_by="partner")
    draft = agreements.draft_agreement(svc, p.id, "pks", start=START, end=END)
    text = one_line(pdf_text(agreements.agreement_pdf(svc, draft.id)))
    assert "PIHAK KESATU" not in text
    assert "PIHAK KEDUA menanggung Rp150.000,00 (seratus lima puluh ribu rupiah)" in text
    assert "Rp150.000,00 PIHAK KEDUA" in text  # the RAB's Sumber Dana
