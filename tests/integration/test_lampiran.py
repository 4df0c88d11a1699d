"""The lampiran agree with the text and with each other.

A Pasal that says prices are "dicantumkan dalam Lampiran" points at a lampiran the PKS prints,
by its number; the Penutup names exactly the lampiran printed; the work plan says how its total
stands against the budget (RAB); finalize lists an activity that the agreement's dates or
recitals contradict (a credentialing visit still to come where the recital says it is done).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from kemitraan_desktop.domain.lampiran import plan_against_budget
from kemitraan_desktop.services import agreements, partnerships
from tests.integration.test_agreement_facts import (
    bpjs_partnership,
    credentialing_met,
    one_line,
    pdf_text,
    practice,
    sign_the_bpjs_signatory,
)


def apotek_partnership(svc, *, plan: bool = True) -> int:  # noqa: ANN001
    """An apotek partnership's draft PKS; with *plan*, a budget line and an activity."""
    practice(svc)
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True,
                              job_title="Apoteker Penanggung Jawab")
    p = partnerships.start_partnership(svc, "Obat JKN", "apotek", apotek.id)
    if plan:
        svc.budget_lines.create(partnership_id=p.id, description="Rapat koordinasi",
                                quantity=Decimal(4), unit="kali", unit_cost_sen=350_000_00,
                                funded_by="both")
        svc.activities.create(partnership_id=p.id, name="Rapat koordinasi triwulanan",
                              start_date=date(2027, 2, 1), end_date=date(2027, 11, 1),
                              person_in_charge="apt. Dewi Lestari", party="both",
                              planned_cost_sen=1_400_000_00)
    return agreements.draft_agreement(svc, p.id, "pks", start=date(2027, 1, 1)).id


def _lampiran_pages(text: str) -> dict[int, str]:
    """Each lampiran's text by its number, as printed after the signatures."""
    parts = re.split(r"\nLAMPIRAN (\d+)\n", text)
    return {int(number): one_line(body) for number, body in zip(parts[1::2], parts[2::2],
                                                                 strict=True)}


def test_the_apotek_price_list_is_printed_where_its_pasal_cites_it(svc) -> None:  # noqa: ANN001
    text = pdf_text(agreements.agreement_pdf(svc, apotek_partnership(svc)))
    body = one_line(text[: text.index("\nLAMPIRAN 1\n")])
    assert ("ditetapkan berdasarkan kesepakatan PARA PIHAK dengan mengacu pada ketentuan "
            "peraturan perundang-undangan, dan dicantumkan dalam Lampiran 3 Perjanjian ini") in body
    assert "dalam Lampiran Perjanjian ini" not in body
    assert ("Lampiran 1 Rencana Kerja, Lampiran 2 Rencana Anggaran Biaya, dan Lampiran 3 Daftar "
            "Harga Obat dan Bahan Medis Habis Pakai merupakan bagian yang tidak terpisahkan "
            "dari Perjanjian ini.") in body
    lampiran = _lampiran_pages(text)
    assert sorted(lampiran) == [1, 2, 3]
    assert "DAFTAR HARGA OBAT DAN BAHAN MEDIS HABIS PAKAI" in lampiran[3]
    assert ("No. Nama Obat / Bahan Medis Habis Pakai Bentuk Sediaan Satuan Harga Satuan "
            "Keterangan 1 2 3") in lampiran[3]
    assert "Daftar ini diisi dan diparaf oleh PARA PIHAK" in lampiran[3]


def test_without_a_work_plan_the_price_list_is_lampiran_1(svc) -> None:  # noqa: ANN001
    text = pdf_text(agreements.agreement_pdf(svc, apotek_partnership(svc, plan=False)))
    body = one_line(text[: text.index("\nLAMPIRAN 1\n")])
    assert "dicantumkan dalam Lampiran 1 Perjanjian ini" in body
    assert ("Lampiran 1 Daftar Harga Obat dan Bahan Medis Habis Pakai merupakan bagian yang "
            "tidak terpisahkan") in body
    assert "rencana kerja kemitraan, merupakan" not in body
    assert sorted(_lampiran_pages(text)) == [1]


@pytest.mark.parametrize("partner_type", ["apotek", "laboratorium", "bidan", "puskesmas",
                                          "rumah_sakit", "bpjs", "klinik"])
def test_every_lampiran_the_text_cites_is_printed(svc, partner_type: str) -> None:  # noqa: ANN001
    practice(svc)
    partner = svc.partners.create(name="Mitra Sehat", partner_type=partner_type)
    p = partnerships.start_partnership(svc, "Kerja sama", partner_type, partner.id)
    svc.budget_lines.create(partnership_id=p.id, description="Sosialisasi", quantity=Decimal(1),
                            unit="kali", unit_cost_sen=500_000_00, funded_by="practice")
    draft = agreements.draft_agreement(svc, p.id, "pks", start=date(2027, 1, 1))
    text = pdf_text(agreements.agreement_pdf(svc, draft.id))
    body = one_line(text[: text.index("\nLAMPIRAN 1\n")])
    printed = _lampiran_pages(text)
    cited = {int(n) for n in re.findall(r"\bLampiran (\d+)\b", body)}
    assert cited and cited <= set(printed), (cited, sorted(printed))
    # No Pasal points at a lampiran without saying which.
    assert not re.search(r"dalam Lampiran (Perjanjian|Nota)", body)


def test_the_work_plan_states_how_its_total_differs_from_the_budget(svc) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    lampiran = _lampiran_pages(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert "RENCANA KERJA" in lampiran[1] and "RENCANA ANGGARAN BIAYA" in lampiran[2]
    assert ("Jumlah biaya Rencana Kerja sebesar Rp1.000.000,00 lebih kecil Rp750.000,00 (tujuh "
            "ratus lima puluh ribu rupiah) daripada jumlah Rencana Anggaran Biaya pada "
            "Lampiran 2 sebesar Rp1.750.000,00; selisih tersebut merupakan anggaran yang belum "
            "dirinci ke dalam kegiatan Rencana Kerja.") in lampiran[1]


def test_a_work_plan_that_matches_the_budget_says_so(svc) -> None:  # noqa: ANN001
    agreement_id = apotek_partnership(svc)
    pid = svc.agreements.get(agreement_id).partnership_id
    svc.budget_lines.create(partnership_id=pid, description="Leaflet", quantity=Decimal(1),
                            unit="paket", unit_cost_sen=0, funded_by="partner")
    activity = svc.activities.list(pid)[0]
    svc.activities.update(activity.id, planned_cost_sen=1_400_000_00)
    lampiran = _lampiran_pages(pdf_text(agreements.agreement_pdf(svc, agreement_id)))
    assert ("Jumlah biaya Rencana Kerja sama dengan jumlah Rencana Anggaran Biaya pada "
            "Lampiran 2, yaitu Rp1.400.000,00 (satu juta empat ratus ribu rupiah).") in lampiran[1]


def test_more_planned_than_budgeted_is_said_too() -> None:
    assert plan_against_budget(2_000_000_00, 1_750_000_00, 2) == (
        "Jumlah biaya Rencana Kerja sebesar Rp2.000.000,00 lebih besar Rp250.000,00 (dua ratus "
        "lima puluh ribu rupiah) daripada jumlah Rencana Anggaran Biaya pada Lampiran 2 sebesar "
        "Rp1.750.000,00; selisih tersebut belum dianggarkan dalam Rencana Anggaran Biaya.")
    assert plan_against_budget(0, None, 2) == ""


def test_finalize_lists_a_credentialing_visit_after_the_signing_day(svc) -> None:  # noqa: ANN001
    pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    credentialing_met(svc, pid)
    svc.agreements.update(agreement_id, agreement_date=date(2026, 12, 20))
    assert agreements.finalize_problems(svc, agreement_id) == []
    svc.activities.create(partnership_id=pid, name="Visitasi kredensialing oleh BPJS",
                          start_date=date(2027, 1, 10), end_date=date(2027, 1, 10),
                          person_in_charge="Tim Kredensialing", party="partner",
                          planned_cost_sen=0)
    assert agreements.finalize_problems(svc, agreement_id) == [
        "Rencana kerja: “Visitasi kredensialing oleh BPJS” direncanakan pada 10/01/2027, "
        "setelah hari penandatanganan 20/12/2026, padahal perjanjian menyatakan kredensialing "
        "telah dilakukan. Jadwalkan sebelum hari penandatanganan, atau hapus kegiatan itu."]
    # Re-credentialing near the end of the term is what the PKS itself asks: no problem.
    activity = next(a for a in svc.activities.list(pid) if "kredensialing" in a.name)
    svc.activities.update(activity.id, name="Rekredensialing oleh BPJS",
                          start_date=date(2027, 9, 1), end_date=date(2027, 9, 1))
    assert agreements.finalize_problems(svc, agreement_id) == []


def test_finalize_lists_an_activity_outside_the_term(svc) -> None:  # noqa: ANN001
    agreement_id = apotek_partnership(svc)
    pid = svc.agreements.get(agreement_id).partnership_id
    activity = svc.activities.list(pid)[0]
    svc.activities.update(activity.id, end_date=date(2028, 2, 1))
    problems = agreements.finalize_problems(svc, agreement_id)
    assert ("Rencana kerja: “Rapat koordinasi triwulanan” (01/02/2027 – 01/02/2028) berada di "
            "luar jangka waktu perjanjian (01/01/2027 – 31/12/2027).") in problems
    with pytest.raises(Exception, match="di luar jangka waktu perjanjian"):
        agreements.finalize_agreement(svc, agreement_id)
