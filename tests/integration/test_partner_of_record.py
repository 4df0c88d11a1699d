"""A signed partnership keeps its partner: step 2 can no longer untick, remove or replace the one
the PKS names, and the documents name the partner the agreement names.

The walker unticked "Dipilih" for the apotek of a signed PKS: the archive then printed
"Mitra —" and the BPJS credentialing form "PKS dengan Kerja sama pelayanan obat peserta JKN".
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from kemitraan_desktop.domain.errors import LockedError, UserError
from kemitraan_desktop.services import agreements, documents, partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.storage import models as m

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo(svc: Services) -> Services:
    create_demo(svc, today=TODAY)
    return svc


def _partnership(svc: Services, partner_type: str) -> int:
    return next(p.id for p in svc.partnerships.list() if p.partner_type == partner_type)


def _chosen(svc: Services, partnership_id: int):
    return next(c for c in svc.candidates.list(partnership_id) if c.chosen)


def _text(svc: Services, report: str, partnership_id: int) -> str:
    buffer = io.BytesIO()
    documents.render_report(svc, report, partnership_id, buffer)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_the_partner_of_a_signed_pks_cannot_be_unticked_removed_or_replaced(demo) -> None:
    apotek = _partnership(demo, "apotek")
    chosen = _chosen(demo, apotek)

    with pytest.raises(LockedError) as unticked:
        demo.candidates.update(chosen.id, chosen=False)
    assert unticked.value.message == (
        "Perjanjian 001/PKS/DR-SR/II/2026 (ditandatangani) menyebut Apotek Sehat Sentosa "
        "sebagai mitra, sehingga mitra tidak dapat dilepas, dihapus, atau diganti di sini. "
        "Untuk berganti mitra, buat adendum di langkah 5 atau mulai kemitraan baru.")
    with pytest.raises(LockedError):
        demo.candidates.delete(chosen.id)

    # The BPJS office may be listed as a candidate, but not ticked as a second partner.
    bpjs_office = next(p for p in demo.partners.list() if p.partner_type == "bpjs")
    listed = demo.candidates.create(partnership_id=apotek, partner_id=bpjs_office.id)
    with pytest.raises(LockedError):
        demo.candidates.update(listed.id, chosen=True)
    with pytest.raises(LockedError):
        demo.candidates.create(partnership_id=apotek,
                               partner_id=demo.partners.create(name="Apotek Lain",
                                                               partner_type="apotek").id,
                               chosen=True)
    # What is not printed stays free: scores, and removing a candidate never chosen.
    demo.candidates.update(listed.id, score_access=5)
    demo.candidates.delete(listed.id)

    assert [(c.partner_id, c.chosen) for c in demo.candidates.list(apotek)] == [
        (chosen.partner_id, True)]
    assert partnerships.ranked_candidates(demo, apotek)[0].partner_name == "Apotek Sehat Sentosa"


def test_a_draft_partner_can_still_be_changed(svc: Services) -> None:
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    first = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    second = svc.partners.create(name="Apotek Zamrud", partner_type="apotek")
    p = partnerships.start_partnership(svc, "Apotek", "apotek", first.id)
    agreements.draft_agreement(svc, p.id)  # a draft names no one for good

    svc.candidates.update(_chosen(svc, p.id).id, chosen=False)
    svc.candidates.create(partnership_id=p.id, partner_id=second.id, chosen=True)

    assert _chosen(svc, p.id).partner_id == second.id


def test_documents_name_the_partner_the_signed_agreement_names(demo) -> None:
    """Even where the tick was lost before this rule (an older data folder), the archive and the
    BPJS credentialing form name the apotek of the signed PKS, not "—" or the title."""
    apotek = _partnership(demo, "apotek")
    with demo.db.session() as session:
        for candidate in session.query(m.Candidate).filter_by(partnership_id=apotek):
            candidate.chosen = False

    archive = _text(demo, "archive", apotek)
    assert "Praktik Dokter Siti Rahmawati Mitra Apotek Sehat Sentosa Periode" in archive
    assert "Mitra — " not in archive
    form = _text(demo, "readiness", _partnership(demo, "bpjs"))
    assert ("PKS dengan Apotek Sehat Sentosa pks-ditandatangani.png 001/PKS/DR-SR/II/2026"
            in form)
    assert "PKS dengan Kerja sama pelayanan obat" not in form


def test_an_agreement_is_drafted_with_one_partner_of_the_partnerships_kind(svc: Services
                                                                           ) -> None:
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    office = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman",
                                 partner_type="bpjs")
    p = partnerships.start_partnership(svc, "Apotek", "apotek", apotek.id)
    ticked = svc.candidates.create(partnership_id=p.id, partner_id=office.id, chosen=True)

    with pytest.raises(UserError) as two:
        agreements.draft_agreement(svc, p.id)
    assert two.value.message == (
        "Langkah 2 mencentang 2 mitra (Apotek Sehat Sentosa, BPJS Kesehatan Kantor Cabang "
        "Sleman), padahal satu perjanjian hanya memiliki satu mitra. Lepaskan centang mitra "
        "yang bukan pihak perjanjian ini; untuk mitra lain, mulai kemitraan baru.")

    svc.candidates.update(_chosen(svc, p.id).id, chosen=False)  # the apotek unticked
    with pytest.raises(UserError) as kind:
        agreements.draft_agreement(svc, p.id)
    assert kind.value.message.startswith(
        "BPJS Kesehatan Kantor Cabang Sleman terdaftar sebagai “Kantor Cabang BPJS Kesehatan”, "
        "padahal kemitraan ini dengan “Apotek”")
    assert svc.agreements.list(p.id) == []

    svc.candidates.update(ticked.id, chosen=False)
    svc.candidates.update(next(c.id for c in svc.candidates.list(p.id)
                               if c.partner_id == apotek.id), chosen=True)
    draft = agreements.draft_agreement(svc, p.id)
    assert [x.organisation for x in svc.agreement_parties.list(draft.id)
            if x.party == "partner"] == ["Apotek Sehat Sentosa"]
