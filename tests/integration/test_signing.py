"""Recording the signing through the service: a day after today is refused at its field, and the
agreement stays final with nothing recorded, so the dialog can keep what was typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import steps_three_and_four

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services.app import Services


@pytest.fixture
def final(svc: Services):
    svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti",
                         nik="3404076208850003", sip_number="503/0123/SIP",
                         sip_issued=date(2022, 3, 5), kota="Kabupaten Sleman")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", signs=True,
                              job_title="Apoteker Penanggung Jawab")
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    steps_three_and_four(svc, p.id)
    draft = agreements.draft_agreement(svc, p.id)
    for party in svc.agreement_parties.list(draft.id):
        if party.party == "partner":  # what the apotek gives: its SIA and the apoteker's NIK
            svc.agreement_parties.update(party.id, authority_number="503/0456/SIA/2023",
                                         authority_date=date(2023, 5, 2),
                                         signatory_id_number="3404074508880002")
    return agreements.finalize_agreement(svc, draft.id)


def test_a_signing_date_after_today_is_refused_at_its_field_and_nothing_is_recorded(
        svc: Services, final, tmp_path):
    scan = tmp_path / "ttd.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(UserError) as refused:
        agreements.sign_agreement(svc, final.id, tomorrow, "dr. Siti dan apt. Dewi", scan)
    assert refused.value.field == "signed_on"
    assert "setelah hari ini" in refused.value.message
    assert "belum tiba" in refused.value.message
    kept = svc.agreements.get(final.id)
    assert (kept.status, kept.signed_on, kept.signed_by) == ("final", None, "")
    assert kept.signed_scan_attachment_id is None


def test_today_is_accepted_and_recorded(svc: Services, final):
    signed = agreements.sign_agreement(svc, final.id, date.today(), "dr. Siti dan apt. Dewi")
    assert (signed.status, signed.signed_on, signed.signed_by) == (
        "signed", date.today(), "dr. Siti dan apt. Dewi")
