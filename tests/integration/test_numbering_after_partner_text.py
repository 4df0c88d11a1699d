"""The practice's agenda numbers run on without a gap: a partner's own PKS recorded as signed
carries the numbers written on it and takes none of ours, and a refused finalize takes none
either. walker4 saw 003/PKS followed by 005/ADD with nothing of ours finalized between."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ready_to_finalize, write_partner_pks

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services import external_agreements as external
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo


def practice_number(svc: Services, agreement_id: int) -> str:
    return next(p.number for p in svc.agreement_parties.list(agreement_id)
                if p.party == "practice")


def test_a_partners_own_text_and_a_refused_finalize_take_no_number(
        svc: Services, tmp_path: Path) -> None:
    create_demo(svc)  # its apotek and laboratory PKS are 001 and 002
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    with pytest.raises(UserError):
        agreements.finalize_agreement(svc, draft.id)  # step 4 not complete yet

    midwife = svc.partners.create(name="Bidan Sari Lestari", partner_type="bidan")
    svc.partner_people.create(partner_id=midwife.id, name="Sari Lestari", job_title="Bidan",
                              signs=True)
    jejaring = partnerships.start_partnership(svc, "Jejaring bidan", "bidan", midwife.id)
    theirs = external.start_partner_agreement(svc, jejaring.id)
    svc.agreements.update(theirs.id, agreement_date=date(2026, 12, 1),
                          start_date=date(2027, 1, 1), end_date=date(2027, 12, 31))
    for party in svc.agreement_parties.list(theirs.id):
        svc.agreement_parties.update(party.id, number=f"12/{party.party}/BDN/2026")
    external.attach_record(svc, theirs.id, write_partner_pks(tmp_path / "bidan.pdf", 1))
    external.record_as_signed(svc, theirs.id)

    ready_to_finalize(svc, draft.id)
    svc.agreements.update(draft.id, agreement_date=date(2026, 12, 4))
    agreements.finalize_agreement(svc, draft.id)
    assert practice_number(svc, draft.id) == "003/PKS/DR-SR/XII/2026"
