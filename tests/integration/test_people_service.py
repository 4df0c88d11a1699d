"""People kept once: the doctor, the practice's people and each partner's, offered by every "who"
field; a new name typed there is kept on its side; a draft PKS takes its signatories from them;
the personal data search finds them."""

from __future__ import annotations

import pytest

from kemitraan_desktop.services import agreements, partnerships, people, personal_data


@pytest.fixture
def bpjs_partnership(svc):
    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati", degree="M.Kes.",
                                    clinic_name="Praktik Dokter Siti Rahmawati",
                                    nik="3404076208850003", sip_number="503/0123/SIP-DU/2022",
                                    kota="Kabupaten Sleman")
    svc.practice_people.create(practice_id=practice.id, name="Ns. Rini Astuti, S.Kep.",
                               job_title="Perawat")
    bpjs = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman", partner_type="bpjs")
    svc.partner_people.create(partner_id=bpjs.id, name="Rina Kusumawati",
                              job_title="Staf Kepesertaan")
    svc.partner_people.create(
        partner_id=bpjs.id, name="Drs. Bambang Hartono, M.M.", job_title="Kepala Kantor Cabang",
        staff_number="01234567", signs=True,
        authority="Keputusan Direksi BPJS Kesehatan Nomor 0321 Tahun 2025")
    other = svc.partners.create(name="Apotek Lain", partner_type="apotek")
    svc.partner_people.create(partner_id=other.id, name="apt. Orang Lain")
    return partnerships.start_partnership(svc, "Menjadi FKTP BPJS", "bpjs", bpjs.id)


def test_a_who_field_offers_the_doctor_the_practice_and_the_partners_signer_first(
        svc, bpjs_partnership):
    offered = people.people_of(svc, bpjs_partnership.id)
    assert [(p.side, p.name, p.job_title) for p in offered] == [
        ("practice", "dr. Siti Rahmawati, M.Kes.", "Dokter Penanggung Jawab Praktik"),
        ("practice", "Ns. Rini Astuti, S.Kep.", "Perawat"),
        ("partner", "Drs. Bambang Hartono, M.M.", "Kepala Kantor Cabang"),
        ("partner", "Rina Kusumawati", "Staf Kepesertaan"),
    ]
    assert offered[2].organisation == "BPJS Kesehatan Kantor Cabang Sleman"
    assert offered[2].id_number == "01234567"  # the NPP, printed beside the signature
    assert offered[0].id_number == "3404076208850003"  # the doctor's NIK
    # Without a partnership: the practice's people only.
    assert [p.name for p in people.people_of(svc)] == [
        "dr. Siti Rahmawati, M.Kes.", "Ns. Rini Astuti, S.Kep."]


def test_a_name_someone_already_has_is_not_kept_twice(svc, bpjs_partnership):
    before = len(svc.practice_people.list()) + len(svc.partner_people.list())
    for typed in ("Siti Rahmawati", "DR. SITI  RAHMAWATI", "bambang hartono", "Rini Astuti"):
        person = people.keep_person(svc, bpjs_partnership.id, typed, "partner")
        assert person is not None
    assert people.keep_person(svc, bpjs_partnership.id, "bambang hartono").name == \
        "Drs. Bambang Hartono, M.M."
    assert len(svc.practice_people.list()) + len(svc.partner_people.list()) == before


def test_a_new_name_is_kept_on_the_side_of_its_field(svc, bpjs_partnership):
    kept = people.keep_person(svc, bpjs_partnership.id, "  Hendra   Saputra ", "partner")
    assert (kept.side, kept.kind, kept.name) == ("partner", "partner_person", "Hendra Saputra")
    bpjs = partnerships.ranked_candidates(svc, bpjs_partnership.id)[0].partner_id
    assert [p.name for p in svc.partner_people.list(bpjs)] == [
        "Rina Kusumawati", "Drs. Bambang Hartono, M.M.", "Hendra Saputra"]
    kept = people.keep_person(svc, bpjs_partnership.id, "Dewi Anggraini", "practice")
    assert (kept.side, kept.kind) == ("practice", "practice_person")
    assert "Dewi Anggraini" in [p.name for p in people.people_of(svc, bpjs_partnership.id)]
    # Nothing to keep: no name, or a partner's person where the partnership has no partner.
    assert people.keep_person(svc, bpjs_partnership.id, "   ", "partner") is None
    alone = partnerships.start_partnership(svc, "Belum ada mitra", "apotek")
    assert people.keep_person(svc, alone.id, "Orang Baru", "partner") is None
    assert "Orang Baru" not in [p.name for p in svc.partner_people.list()]


def test_the_draft_pks_takes_each_signatory_from_the_people(svc, bpjs_partnership):
    draft = agreements.draft_agreement(svc, bpjs_partnership.id)
    parties = {p.party: p for p in svc.agreement_parties.list(draft.id)}
    bpjs, practice = parties["partner"], parties["practice"]
    assert (bpjs.signatory_name, bpjs.signatory_position, bpjs.signatory_id_number,
            bpjs.authority) == ("Drs. Bambang Hartono, M.M.", "Kepala Kantor Cabang", "01234567",
                                "Keputusan Direksi BPJS Kesehatan Nomor 0321 Tahun 2025")
    # The doctor's authority is the SIP of the profile, kept as its kind and number.
    assert (practice.signatory_name, practice.signatory_position,
            practice.signatory_id_number, practice.authority_kind,
            practice.authority_number) == (
        "dr. Siti Rahmawati, M.Kes.", "Dokter Penanggung Jawab Praktik", "3404076208850003",
        "sip", "503/0123/SIP-DU/2022")


def test_the_people_are_found_and_erased_as_personal_data(svc, bpjs_partnership):
    svc.practice_people.update(svc.practice_people.list()[0].id, nik="3404074503900002")
    found = personal_data.find_person(svc, "3404 0745 0390 0002")
    assert {(p.kind, p.field) for p in found.places} == {
        ("practice_person", "name"), ("practice_person", "job_title"),
        ("practice_person", "nik")}
    assert next(p for p in found.places if p.field == "nik").excerpt == "************0002"
    personal_data.erase_person(svc, "Rini Astuti")
    erased = svc.practice_people.list()[0]
    assert (erased.name, erased.job_title, erased.nik) == ("[dihapus]", "", "")
    # An erased person is offered nowhere.
    assert "[dihapus]" not in [p.name for p in people.people_of(svc, bpjs_partnership.id)]
