"""People kept once: the doctor, the practice's people and each partner's, offered by every "who"
field with the names already typed in such fields (never made anyone's person by typing); a draft
PKS takes its signatories from them; the personal data search finds them."""

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


def test_names_typed_in_who_fields_are_offered_and_are_nobodys_people(svc, bpjs_partnership):
    from datetime import date

    staff = [p.name for p in svc.practice_people.list()]
    officers = [p.name for p in svc.partner_people.list()]
    activity = svc.activities.create(partnership_id=bpjs_partnership.id, name="Sosialisasi",
                                     person_in_charge="  Hendra   Saputra ")
    svc.action_items.create(partnership_id=bpjs_partnership.id, description="Rapat",
                            owner="dr. Ahmad Wibisono dan Dra. Retno Kusumawati")
    svc.reports.create(activity_id=activity.id, report_date=date(2027, 2, 6),
                       attendance="Drs. Bambang Hartono, M.M. (Kepala Kantor Cabang)\n"
                                  "Joko Susilo\nDR. SITI RAHMAWATI")
    offered = people.people_of(svc, bpjs_partnership.id)
    assert [(p.side, p.kind, p.name) for p in offered[4:]] == [
        ("", "name_used", "Hendra Saputra"),
        ("", "name_used", "dr. Ahmad Wibisono"),
        ("", "name_used", "Dra. Retno Kusumawati"),
        ("", "name_used", "Joko Susilo"),
    ]  # Bambang and the doctor are people already: offered once, as themselves
    assert [p.name for p in svc.practice_people.list()] == staff
    assert [p.name for p in svc.partner_people.list()] == officers
    # A name used is nobody's signatory: the partner's is still its own.
    assert people.signer_of(offered, "partner").name == "Drs. Bambang Hartono, M.M."


def test_the_draft_pks_takes_each_signatory_from_the_people(svc, bpjs_partnership):
    draft = agreements.draft_agreement(svc, bpjs_partnership.id)
    parties = {p.party: p for p in svc.agreement_parties.list(draft.id)}
    bpjs, practice = parties["partner"], parties["practice"]
    # Their authority, typed with the person, is read as its kind and number: printed once.
    assert (bpjs.signatory_name, bpjs.signatory_position, bpjs.signatory_id_number,
            bpjs.authority_kind, bpjs.authority_number, bpjs.authority) == (
        "Drs. Bambang Hartono, M.M.", "Kepala Kantor Cabang", "01234567",
        "keputusan_direksi", "0321 Tahun 2025", "")
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
