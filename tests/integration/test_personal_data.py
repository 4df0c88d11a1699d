"""Personal data (UU 27/2022): one person found everywhere, exported whole, erased where the law
lets us — never out of a signed agreement — in one transaction, and the audit trail told without
the person's NIK or the erased values."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from kemitraan_desktop.cli import main
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import audit, personal_data
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage import models as m

NIK = "3404076208850003"  # the demo doctor's NIK (and NPWP)
DOCTOR_VALUES = (NIK, "Siti Rahmawati", "0274895123", "praktik.siti@example.id",
                 "503/0123/SIP-DU/DPMPTSP/2022", "Jl. Kaliurang Km 9,5 No. 17")


def _audit_since(svc, after_id: int) -> list[tuple[str, str, str]]:
    with svc.db.session() as session:
        return [(entry.action, entry.entity, entry.summary) for entry in session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.id > after_id).order_by(m.AuditEntry.id))]


def _last_audit_id(svc) -> int:
    with svc.db.session() as session:
        return session.scalar(select(m.AuditEntry.id).order_by(m.AuditEntry.id.desc())) or 0


def _signed_party(svc, partner_type: str):
    """The practice's party of the signed agreement with the partner of *partner_type*."""
    for partnership in svc.partnerships.list():
        if partnership.partner_type == partner_type:
            agreement = svc.agreements.list(partnership.id)[-1]
            assert agreement.status == "signed"
            return next(p for p in svc.agreement_parties.list(agreement.id)
                        if p.party == "practice")
    raise AssertionError(partner_type)


@pytest.fixture
def demo(svc):
    create_demo(svc)
    return svc


# -- finding --------------------------------------------------------------------------------------
def test_a_name_is_found_in_its_own_records_and_in_every_text_that_mentions_it(demo):
    found = personal_data.find_person(demo, "dewi lestari")  # any case
    where = {(p.kind, p.field): p for p in found.places}
    # Her own record in the partner registry: the one who signs for the apotek.
    for field in ("name", "job_title", "authority"):
        assert where[("partner_person", field)].own and where[("partner_person", field)].erasable
    assert where[("partner_person", "name")].kind_label == "Orang dari mitra"
    assert where[("partner_person", "name")].field_label == "Nama"
    assert where[("partner_person", "name")].context == "Daftar mitra: Apotek Sehat Sentosa"
    assert ("partner", "phone") not in where  # the apotek's own telephone is not hers
    # Mentions: the person in charge of an activity, the participants and attendance lists.
    assert {("activity", "person_in_charge"), ("activity_report", "participants"),
            ("activity_report", "attendance")} <= set(where)
    report = where[("activity_report", "attendance")]
    assert not report.own and report.partnership_title == "Kerja sama pelayanan obat peserta JKN"
    assert "Dewi Lestari" in report.excerpt
    # She signed the apotek's PKS: that is kept, and the reason says so.
    signed = where[("agreement_party", "signatory_name")]
    assert not signed.erasable
    assert signed.reason == ("Disimpan: perjanjian versi 1 berstatus ditandatangani; "
                             "isinya terkunci.")
    assert found.kept and all(place.reason for place in found.kept)
    assert all(place.reason == "" for place in found.erasable)


def test_the_doctor_is_found_by_her_nik_with_every_mention_of_her_name(demo):
    by_nik = personal_data.find_person(demo, "3404 0762 0885 0003")
    by_name = personal_data.find_person(demo, "dr. Siti Rahmawati")
    assert {(p.kind, p.record_id, p.field) for p in by_nik.places} == \
        {(p.kind, p.record_id, p.field) for p in by_name.places}
    fields = {(p.kind, p.field) for p in by_nik.places}
    assert {("practice", "nik"), ("practice", "npwp"), ("practice", "doctor_name"),
            ("practice", "street"), ("practice", "phone"), ("practice", "email"),
            ("practice", "sip_number"), ("agreement_party", "signatory_id_number"),
            ("activity_report", "attendance"), ("key_assessment", "assessor"),
            ("action_item", "owner")} <= fields
    # What a person reads never shows the NIK in full.
    assert not any(NIK in place.excerpt for place in by_nik.places)
    nik = next(p for p in by_nik.places if p.field == "nik")
    assert nik.excerpt == "************0003"


def test_names_match_whole_words_only_and_a_too_short_search_is_refused(demo):
    pid = demo.partnerships.list()[0].id
    activity = demo.activities.create(partnership_id=pid, name="Penyuluhan",
                                      person_in_charge="Dewi Lestariningsih")
    found = personal_data.find_person(demo, "Dewi Lestari")
    assert activity.id not in {p.record_id for p in found.places if p.kind == "activity"}
    with pytest.raises(UserError, match="tiga huruf"):
        personal_data.find_person(demo, "ab")
    with pytest.raises(UserError, match="16 angka"):
        personal_data.find_person(demo, "0003")
    assert personal_data.find_person(demo, "Nama Yang Tidak Ada").places == ()


# -- export ---------------------------------------------------------------------------------------
def test_the_export_holds_everything_about_the_person_and_the_log_not_her_nik(demo, tmp_path):
    before = _last_audit_id(demo)
    out = tmp_path / "data-pribadi.json"
    summary = personal_data.export_person(demo, NIK, out)

    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "kemitraan-desktop/personal-data"
    practice = next(r for r in document["records"] if r["kind"] == "practice")
    values = {f["field"]: f["value"] for f in practice["fields"]}
    assert values["nik"] == NIK and values["npwp"] == NIK  # her own copy: in full
    assert values["doctor_name"] == "dr. Siti Rahmawati" and values["email"]
    assert {"nik", "npwp", "doctor_name", "phone"} <= set(practice["their_fields"])
    assert next(f for f in practice["fields"] if f["field"] == "nik")["label"] == "NIK"
    signed = [r for r in document["records"] if r["kind"] == "agreement_party"
              and r["agreement_status"] == "Ditandatangani"]
    assert len(signed) == 2
    attendance = [x for x in document["mentions"] if x["field"] == "attendance"]
    assert attendance and "Siti Rahmawati\nDewi Lestari" in attendance[0]["text"]
    assert summary.records == len(document["records"])
    assert summary.mentions == len(document["mentions"])

    logged = _audit_since(demo, before)
    assert [(action, entity) for action, entity, _summary in logged] == [("export", "person")]
    assert NIK not in logged[0][2] and "Siti" not in logged[0][2]
    assert json.loads(logged[0][2])["file"] == str(out)


def test_a_nik_in_the_chosen_file_name_is_not_written_into_the_log(demo, tmp_path):
    before = _last_audit_id(demo)
    personal_data.export_person(demo, NIK, tmp_path / f"{NIK}.json")
    (_action, _entity, summary), = _audit_since(demo, before)
    assert NIK not in summary and "************0003.json" in summary


# -- erasure --------------------------------------------------------------------------------------
def test_erasing_changes_what_may_change_and_keeps_the_signed_agreements(demo):
    signed_before = _signed_party(demo, "apotek")
    assert signed_before.signatory_id_number == NIK
    found = personal_data.find_person(demo, "Siti Rahmawati")

    result = personal_data.erase_person(demo, "Siti Rahmawati", expected=len(found.erasable))

    assert result.places == len(found.erasable) and result.records == found.records
    practice = demo.practices.list()[0]
    assert practice.doctor_name == "[dihapus]"
    assert (practice.nik, practice.npwp, practice.phone, practice.email, practice.street) == \
        ("", "", "", "", "")
    assert practice.sip_expires is None
    assert practice.clinic_name == "Praktik Dokter [dihapus]"
    # The BPJS PKS is still a draft: its party is erased too.
    bpjs = next(p for p in demo.partnerships.list() if p.partner_type == "bpjs")
    draft = demo.agreements.list(bpjs.id)[-1]
    assert draft.status == "draft"
    party = next(p for p in demo.agreement_parties.list(draft.id) if p.party == "practice")
    assert (party.signatory_name, party.signatory_id_number) == ("[dihapus]", "")
    # The signed agreements are exactly as they were signed.
    assert _signed_party(demo, "apotek") == signed_before
    assert _signed_party(demo, "laboratorium").signatory_name == "dr. Siti Rahmawati"
    # The mentions: her name replaced, everybody else's kept.
    for report in demo.reports.list():
        assert "Siti Rahmawati" not in report.participants + report.attendance
    apotek_report = next(r for r in demo.reports.list() if "Dewi Lestari" in r.attendance)
    assert apotek_report.attendance.startswith("[dihapus]\nDewi Lestari")
    assert apotek_report.participants == "[dihapus]; apt. Dewi Lestari; 2 petugas apotek"

    left = personal_data.find_person(demo, "Siti Rahmawati")
    assert left.places and not left.erasable  # only the locked agreements hold her still
    assert {p.kind for p in left.places} <= {"agreement", "agreement_party", "clause"}
    assert len(result.kept) == len(left.places)

    message = result.message
    assert "Dihapus di" in message
    assert "dokumen hukum" in message and "UU 27/2022" in message
    assert "Jejak audit" in message and "Cadangan" in message


def test_the_log_of_an_erasure_holds_none_of_the_erased_values(demo):
    before = _last_audit_id(demo)
    personal_data.erase_person(demo, NIK)
    logged = _audit_since(demo, before)
    assert ("erase", "person") in [(action, entity) for action, entity, _s in logged]
    for _action, _entity, summary in logged:
        for value in DOCTOR_VALUES:
            assert value not in summary, (value, summary)
    erase = next(json.loads(s) for action, _e, s in logged if action == "erase")
    assert erase["places"] > 20 and erase["locked"] > 0
    assert audit.check_chain(demo).intact


def test_erasing_is_one_transaction(demo, monkeypatch):
    practice_before = demo.practices.list()[0]
    reports_before = demo.reports.list()
    before = _last_audit_id(demo)

    def broken(*_args, **_kwargs):
        raise UserError("the disk went away")

    # Action items are changed last: everything before them must be undone as well.
    monkeypatch.setattr(demo.action_items, "update_in", broken)
    with pytest.raises(UserError, match="disk went away"):
        personal_data.erase_person(demo, "Siti Rahmawati")

    assert demo.practices.list()[0] == practice_before
    assert demo.reports.list() == reports_before
    assert _audit_since(demo, before) == []


def test_nothing_is_erased_when_the_data_changed_since_the_search(demo):
    found = personal_data.find_person(demo, "Dewi Lestari")
    pid = demo.partnerships.list()[0].id
    demo.activities.create(partnership_id=pid, name="Rapat", person_in_charge="Dewi Lestari")
    with pytest.raises(UserError, match="Cari lagi"):
        personal_data.erase_person(demo, "Dewi Lestari", expected=len(found.erasable))
    assert demo.partner_people.list(2)[0].name == "apt. Dewi Lestari, S.Farm."


def test_a_person_held_only_in_signed_agreements_is_not_erased_and_told_why(demo):
    personal_data.erase_person(demo, "Agus Wibowo")
    before = _last_audit_id(demo)
    result = personal_data.erase_person(demo, "Agus Wibowo")
    assert result.places == 0 and result.kept
    assert result.message.startswith("Tidak ada yang dihapus.")
    assert "dokumen hukum" in result.message
    assert _audit_since(demo, before) == []
    with pytest.raises(UserError, match="Tidak ada data"):
        personal_data.erase_person(demo, "Nama Yang Tidak Ada")


# -- the command line -----------------------------------------------------------------------------
def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_line_finds_exports_and_erases_only_when_told_yes(capsys, tmp_path: Path):
    folder = str(tmp_path / "data")
    assert _run(capsys, "--data-dir", folder, "demo")[0] == 0

    code, out, _err = _run(capsys, "--data-dir", folder, "person", "find", "Siti", "Rahmawati")
    assert code == 0
    # The draft PKS names her through placeholders, filled when printed: not a copy to erase.
    assert out.startswith("Ditemukan di 43 tempat: 31 dapat dihapus, 12 tetap disimpan.")
    assert "************0003" in out and NIK not in out
    assert "Disimpan: perjanjian versi 1 berstatus ditandatangani" in out

    # Without --yes: what would change, and nothing changed.
    code, out, err = _run(capsys, "--data-dir", folder, "person", "erase", NIK)
    assert code == 1 and "hapus\tPraktik #1" in out and "--yes" in err
    svc = open_services(Path(folder))
    assert svc.practices.list()[0].nik == NIK
    svc.db.close()

    out_file = tmp_path / "siti.json"
    code, out, _err = _run(capsys, "--data-dir", folder, "person", "export", NIK,
                           "--out", str(out_file))
    assert code == 0 and "Ditulis" in out and out_file.exists()

    code, out, _err = _run(capsys, "--data-dir", folder, "person", "erase", NIK, "--yes")
    assert code == 0 and out.startswith("Dihapus di 31 tempat pada 9 catatan.")
    svc = open_services(Path(folder))
    assert svc.practices.list()[0].nik == ""
    svc.db.close()

    code, out, _err = _run(capsys, "--data-dir", folder, "person", "find", "Nobody", "Here")
    assert code == 1 and "Tidak ada data" in out
    code, _out, err = _run(capsys, "--data-dir", folder, "person", "find", "ab")
    assert code == 2 and "tiga huruf" in err


def test_list_and_check_never_print_a_nik(capsys, tmp_path: Path):
    folder = str(tmp_path / "data")
    _run(capsys, "--data-dir", folder, "demo")
    for command in ("list", "check"):
        code, out, err = _run(capsys, "--data-dir", folder, command)
        assert code == 0 and NIK not in out + err
