"""The exchange package: the doctor exports a partnership, the other party imports the same record.

A package that is damaged, tampered with, unsafe or from a newer program is refused with a
message, and the receiving database is left exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import struct
import warnings
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import exchange, partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.exchange import export_partnership, import_package
from kemitraan_desktop.services.records import to_record
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.storage.database import DB_FILENAME, Database

PDF = b"%PDF-1.4\n% final agreement\n" + bytes(range(256)) * 40
SCAN = b"\xff\xd8\xff\xe0 signed scan " + bytes(range(255, -1, -1)) * 30
PHOTO = b"\x89PNG\r\n\x1a\n posyandu photo " + bytes(range(256)) * 20


@pytest.fixture(autouse=True)
def english(_isolated: None) -> None:
    """Messages are matched in their English source text, whatever the catalog holds."""
    i18n.set_language("en")


# -- building realistic data through the services ----------------------------------------------


def attach(svc: Services, partnership_id: int, data: bytes, name: str, media_type: str,
           report_id: int | None = None) -> int:
    """A file put in the store and described by an Attachment row (sha256 and size are set by
    the program, not typed by the user, so the row is built directly)."""
    sha256, size = svc.db.attachments.add_bytes(data)
    with svc.db.session() as session:
        attachment = m.Attachment(
            partnership_id=partnership_id, report_id=report_id, sha256=sha256, size=size,
            original_name=name, media_type=media_type, caption=f"Lampiran {name}",
        )
        session.add(attachment)
        session.flush()
        return attachment.id


def build_practice(svc: Services) -> Any:
    return svc.practices.create(
        doctor_name="Sari Wulandari", degree="dr.", clinic_name="Praktik dr. Sari",
        nik="3174054107850003", npwp="01.234.567.8-901.000", str_number="STR-123456",
        sip_number="SIP/446/2024", sip_issued=date(2024, 2, 1), sip_expires=date(2029, 2, 1),
        street="Jl. Kaliurang Km 5 No. 12", rt_rw="003/012", kelurahan="Caturtunggal",
        kecamatan="Depok", kota="Sleman", provinsi="DI Yogyakarta", postal_code="55281",
        phone="0812-3456-7890", email="sari@example.com", kode_faskes="0173U048",
        practice_hours="Senin–Sabtu 17.00–21.00", number_unit="DR-SW",
    )


def build_partnership(svc: Services, bpjs: Any, apotek: Any, title: str) -> int:
    """A BPJS partnership that went through all eight steps."""
    partnership = partnerships.start_partnership(svc, title, "bpjs", bpjs.id,
                                                 proposals=False)  # its own goals below
    pid = partnership.id
    svc.partnerships.update(
        pid, idea="Menjadi FKTP bagi peserta JKN di Caturtunggal.",
        practice_vision="Layanan primer yang dekat dan bermutu.",
        partner_vision="Peserta JKN terlayani dengan baik.", kesetaraan_met=True,
        keterbukaan_met=True, keterbukaan_note="Data kapitasi dibagi tiap bulan.",
        weight_capacity=4, weight_sdm=30, weight_sarana=20, current_step=8, status="active",
    )
    svc.candidates.create(partnership_id=pid, partner_id=apotek.id, score_access=5,
                          notes="Jejaring obat, bukan mitra utama.")
    goal = svc.goals.create(partnership_id=pid, position=0, description="Kredensialing lulus",
                            target="Skor teknis ≥ 80", target_date=date(2026, 12, 31))
    svc.goals.create(partnership_id=pid, position=1, description="Rasio rujukan rendah",
                     target="≤ 2%")
    svc.roles.create(partnership_id=pid, party="practice", description="Melayani peserta JKN")
    svc.roles.create(partnership_id=pid, party="partner", description="Membayar kapitasi")
    items = svc.readiness_items.list(pid)
    svc.readiness_items.update(items[0].id, met=True, note="SIP berlaku")
    technical = [item for item in items if item.category == "technical"]
    svc.readiness_items.update(technical[0].id, score=85)
    svc.budget_lines.create(partnership_id=pid, description="Tensimeter digital",
                            quantity=Decimal("2.5"), unit="buah", unit_cost_sen=45_000_000,
                            funded_by="practice", note="termasuk ongkir")
    svc.budget_lines.create(partnership_id=pid, position=1, description="Pelatihan Prolanis",
                            quantity=Decimal(1), unit="paket", unit_cost_sen=250_000_000,
                            funded_by="partner")

    agreement = svc.agreements.create(
        partnership_id=pid, kind="pks", template="bpjs", subject="Pelayanan kesehatan JKN",
        place="Sleman", agreement_date=date(2026, 1, 5), start_date=date(2026, 1, 5),
        end_date=date(2027, 1, 4),
    )
    svc.agreement_parties.create(agreement_id=agreement.id, ordinal=1, party="practice",
                                 organisation="Praktik dr. Sari", number="001/PKS/DR-SW/I/2026",
                                 signatory_name="dr. Sari Wulandari")
    svc.agreement_parties.create(agreement_id=agreement.id, ordinal=2, party="partner",
                                 organisation="BPJS Kesehatan KC Sleman",
                                 number="17/KC-SLM/0126", signatory_name="Budi Santoso")
    svc.clauses.create(agreement_id=agreement.id, kind="recital", position=0,
                       body="bahwa PIHAK PERTAMA adalah dokter praktik mandiri;")
    svc.clauses.create(agreement_id=agreement.id, kind="article", position=1,
                       title="Maksud dan Tujuan", body="Perjanjian ini dimaksudkan …")
    pdf_id = attach(svc, pid, PDF, "PKS-final.pdf", "application/pdf")
    scan_id = attach(svc, pid, SCAN, "PKS-ttd.jpg", "image/jpeg")
    with svc.db.session() as session:  # what finalising and signing record
        signed = session.get(m.Agreement, agreement.id)
        signed.status = "signed"
        signed.finalized_at = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
        signed.final_pdf_sha256 = hashlib.sha256(PDF).hexdigest()
        signed.final_pdf_attachment_id = pdf_id
        signed.signed_on = date(2026, 1, 6)
        signed.signed_by = "dr. Sari Wulandari; Budi Santoso"
        signed.signed_scan_attachment_id = scan_id
        addendum = m.Agreement(partnership_id=pid, parent_id=agreement.id, kind="addendum",
                               version=2, subject="Perubahan jam layanan")
        session.add(addendum)

    activity = svc.activities.create(
        partnership_id=pid, goal_id=goal.id, name="Senam Prolanis",
        start_date=date(2026, 2, 7), end_date=date(2026, 2, 7), person_in_charge="Perawat Rina",
        location="Balai RW 12", planned_cost_sen=50_000_000,
    )
    svc.activities.create(partnership_id=pid, position=1, name="Rapat evaluasi triwulan")
    report = svc.reports.create(activity_id=activity.id, report_date=date(2026, 2, 7),
                                participants="32 peserta Prolanis", done="Senam dan cek tensi",
                                actual_cost_sen=47_500_000)
    attach(svc, pid, PHOTO, "senam.png", "image/png", report_id=report.id)
    attach(svc, pid, PDF, "PKS-final (salinan).pdf", "application/pdf")  # same bytes twice

    indicator = svc.indicators.create(partnership_id=pid, name="Angka kontak", unit="per mil",
                                      baseline=Decimal("120.5"), target=Decimal(150))
    svc.indicator_values.create(indicator_id=indicator.id, period="2026-01",
                                value=Decimal("131.25"), note="naik")
    svc.indicator_values.create(indicator_id=indicator.id, period="2026-02", value=Decimal(152))
    for party, score in (("practice", 4), ("partner", 3)):
        assessment = svc.assessments.create(partnership_id=pid, party=party,
                                            assessed_on=date(2026, 6, 30), assessor=party)
        svc.key_answers.create(assessment_id=assessment.id, key="cooperation",
                               statement="coop_vision", score=score)
        svc.key_answers.create(assessment_id=assessment.id, key="commitment",
                               statement="commit_long_term", score=5)
    svc.action_items.create(partnership_id=pid, key="coordination",
                            description="Rapat bulanan tetap", owner="dr. Sari",
                            due_date=date(2026, 7, 31))
    return pid


def without_fsync(database: Database) -> Database:
    """These tests are not about power cuts: skip the flush to disk at every commit, which on a
    busy disk costs more than everything else here together."""
    event.listen(database.engine, "connect",
                 lambda connection, _record: connection.execute("PRAGMA synchronous = OFF"))
    database.engine.dispose()  # connections made before the listener reconnect with it
    return database


def build_source(data_dir: Path) -> tuple[Services, int, int]:
    svc = Services(without_fsync(Database.open(data_dir)), actor="dr. Sari")
    build_practice(svc)
    bpjs = svc.partners.create(name="BPJS Kesehatan KC Sleman", partner_type="bpjs",
                               phone="0274 512345", kota="Sleman", postal_code="55511")
    svc.partner_people.create(partner_id=bpjs.id, name="Budi Santoso", signs=True)
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek",
                                 email="apotek@example.com")
    svc.licences.create(partner_id=apotek.id, name="SIA", number="503/SIA/2023",
                        issued=date(2023, 3, 1), expires=date(2028, 3, 1))
    svc.partners.create(name="Laboratorium Tidak Terkait", partner_type="laboratorium")
    first = build_partnership(svc, bpjs, apotek, "Kemitraan FKTP dengan BPJS Sleman")
    second = build_partnership(svc, bpjs, apotek, "Kemitraan FKTP, periode kedua")
    return svc, first, second


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    svc, first, second = build_source(tmp_path_factory.mktemp("source"))
    yield svc, first, second
    svc.db.close()


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database file, copied for each test (migrating each time is slow)."""
    folder = tmp_path_factory.mktemp("empty")
    Database.open(folder).close()
    return folder / DB_FILENAME


@pytest.fixture
def svc(empty_database: Path, data_dir: Path):
    """The receiving side: a fresh database of its own."""
    data_dir.mkdir(parents=True)
    shutil.copyfile(empty_database, data_dir / DB_FILENAME)
    database = without_fsync(Database.open(data_dir))
    yield Services(database, actor="Apoteker Penerima")
    database.close()


@pytest.fixture(scope="module")
def package(source, tmp_path_factory: pytest.TempPathFactory) -> Path:
    svc, first, _second = source
    return export_partnership(svc, first, tmp_path_factory.mktemp("out") / "kemitraan.zip").path


# -- comparing two databases ---------------------------------------------------------------------

# Each reference column and the list it points to.
REFERENCES = {
    "practice_id": "practice", "partner_id": "partners", "partnership_id": "partnership",
    "goal_id": "goals", "activity_id": "activities", "report_id": "activity_reports",
    "agreement_id": "agreements", "parent_id": "agreements",
    "final_pdf_attachment_id": "attachments", "signed_scan_attachment_id": "attachments",
    "indicator_id": "indicators", "assessment_id": "key_assessments",
}
IGNORED = {"id", "created_at", "updated_at", "imported_from"}


def snapshot(db: Database, uid: str, times: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The records of one partnership, references written as positions instead of ids (and
    without the times of creation and change, unless *times*)."""
    ignored = {"id", "imported_from"} if times else IGNORED
    with db.session() as session:
        def rows(model: type[Base], *conditions: Any) -> list[Any]:
            return list(session.scalars(select(model).where(*conditions).order_by(model.id)))

        partnership = session.scalar(select(m.Partnership).where(m.Partnership.uid == uid))
        pid = partnership.id
        candidates = rows(m.Candidate, m.Candidate.partnership_id == pid)
        partner_ids = [c.partner_id for c in candidates]
        agreements = rows(m.Agreement, m.Agreement.partnership_id == pid)
        activities = rows(m.Activity, m.Activity.partnership_id == pid)
        indicators = rows(m.Indicator, m.Indicator.partnership_id == pid)
        assessments = rows(m.KeyAssessment, m.KeyAssessment.partnership_id == pid)
        tables = {
            "practice": [partnership.practice],
            "partners": rows(m.Partner, m.Partner.id.in_(partner_ids)),
            "partner_licences": rows(m.PartnerLicence,
                                     m.PartnerLicence.partner_id.in_(partner_ids)),
            "partnership": [partnership],
            "candidates": candidates,
            "goals": rows(m.Goal, m.Goal.partnership_id == pid),
            "roles": rows(m.Role, m.Role.partnership_id == pid),
            "readiness_items": rows(m.ReadinessItem, m.ReadinessItem.partnership_id == pid),
            "budget_lines": rows(m.BudgetLine, m.BudgetLine.partnership_id == pid),
            "agreements": agreements,
            "agreement_parties": rows(m.AgreementParty, m.AgreementParty.agreement_id.in_(
                [a.id for a in agreements])),
            "clauses": rows(m.Clause, m.Clause.agreement_id.in_([a.id for a in agreements])),
            "activities": activities,
            "activity_reports": rows(m.ActivityReport, m.ActivityReport.activity_id.in_(
                [a.id for a in activities])),
            "attachments": rows(m.Attachment, m.Attachment.partnership_id == pid),
            "indicators": indicators,
            "indicator_values": rows(m.IndicatorValue, m.IndicatorValue.indicator_id.in_(
                [i.id for i in indicators])),
            "key_assessments": assessments,
            "key_answers": rows(m.KeyAnswer, m.KeyAnswer.assessment_id.in_(
                [a.id for a in assessments])),
            "action_items": rows(m.ActionItem, m.ActionItem.partnership_id == pid),
        }
        position = {key: {row.id: index for index, row in enumerate(found)}
                    for key, found in tables.items()}
        result = {}
        for key, found in tables.items():
            result[key] = []
            for row in found:
                record = vars(to_record(row))
                result[key].append({
                    name: (position[REFERENCES[name]][value]
                           if name in REFERENCES and value is not None else value)
                    for name, value in record.items() if name not in ignored
                })
        return result


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def stored_files(db: Database) -> list[Path]:
    root = db.attachments.root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def partnership_uid(db: Database, partnership_id: int) -> str:
    with db.session() as session:
        return session.get(m.Partnership, partnership_id).uid


# -- the round trip ------------------------------------------------------------------------------


def test_the_other_party_imports_the_same_record(source, package: Path, svc: Services) -> None:
    origin, first, _second = source
    uid = partnership_uid(origin.db, first)

    summary = import_package(svc, package)

    assert summary.title == "Kemitraan FKTP dengan BPJS Sleman"
    assert summary.attachments == 3  # the PDF is attached twice but travels once
    expected = snapshot(origin.db, uid)
    imported = snapshot(svc.db, uid)
    for key in expected:
        assert imported[key] == expected[key], key
    assert snapshot(svc.db, uid, times=True) == snapshot(origin.db, uid, times=True)
    assert len(expected["attachments"]) == 4
    assert len(expected["agreements"]) == 2 and len(expected["readiness_items"]) == 12
    assert summary.records["goals"] == 2 and summary.records["partners"] == 2
    assert summary.records["partner_licences"] == 1
    with svc.db.session() as session:
        partnership = session.get(m.Partnership, summary.partnership_id)
        assert partnership.imported_from == "kemitraan.zip"
        assert partnership.practice.uid == expected["practice"][0]["uid"]
        for attachment in session.scalars(select(m.Attachment)):
            original = origin.db.attachments.read_bytes(attachment.sha256)
            assert svc.db.attachments.read_bytes(attachment.sha256) == original
        names = {p.name for p in session.scalars(select(m.Partner))}
        assert "Laboratorium Tidak Terkait" not in names  # not a candidate: not exported
        assert session.scalars(select(m.AuditEntry).where(
            m.AuditEntry.action == "import")).one().partnership_id == summary.partnership_id
    with origin.db.session() as session:
        assert session.scalars(select(m.AuditEntry).where(
            m.AuditEntry.action == "export")).first() is not None


def test_the_package_layout(source, package: Path) -> None:
    origin, first, _second = source
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))["files"]
        content = json.loads(archive.read("package.json"))
        for name in names:
            if name != "manifest.json":
                assert manifest[name] == hashlib.sha256(archive.read(name)).hexdigest()
    assert sorted(manifest) == sorted(set(names) - {"manifest.json"})
    assert content["format"] == "kemitraan-exchange" and content["format_version"] == 1
    assert datetime.fromisoformat(content["exported_at"]).tzinfo is not None
    assert content["partnership"]["id"] == first
    assert content["budget_lines"][0]["quantity"] == "2.5000"
    assert content["budget_lines"][0]["unit_cost_sen"] == 45_000_000
    assert content["goals"][0]["target_date"] == "2026-12-31"
    assert {p["name"] for p in content["partners"]} == {"BPJS Kesehatan KC Sleman",
                                                       "Apotek Sehat Sentosa"}
    again = export_partnership(origin, first, package.parent / "again.zip")
    assert again.sha256 == hashlib.sha256(again.path.read_bytes()).hexdigest()
    assert again.records["attachments"] == 4 and again.attachments == 3
    assert again.records["partners"] == 2 and again.records["partnership"] == 1
    assert not list(package.parent.glob(".*.part"))  # no temporary file left behind


def test_a_second_partnership_reuses_the_practice_and_partners(
    source, package: Path, svc: Services, tmp_path: Path
) -> None:
    origin, _first, second = source
    import_package(svc, package)
    other = export_partnership(origin, second, tmp_path / "second.zip").path

    summary = import_package(svc, other)

    assert summary.records["practice"] == 0 and summary.records["partners"] == 0
    assert summary.records["partner_licences"] == 0  # the registry keeps its own licences
    counts = row_counts(svc.db)
    assert counts["practice"] == 1 and counts["partner"] == 2 and counts["partnership"] == 2
    uid = partnership_uid(origin.db, second)
    assert snapshot(svc.db, uid) == snapshot(origin.db, uid)


def test_importing_the_same_partnership_twice_is_refused(package: Path, svc: Services) -> None:
    import_package(svc, package)
    before = row_counts(svc.db)
    with pytest.raises(UserError, match="already in this database"):
        import_package(svc, package)
    assert row_counts(svc.db) == before


def test_exporting_a_missing_partnership_or_into_a_missing_folder(source, tmp_path: Path) -> None:
    origin, first, _second = source
    with pytest.raises(UserError, match="not found"):
        export_partnership(origin, 999_999, tmp_path / "x.zip")
    with pytest.raises(UserError, match="does not exist"):
        export_partnership(origin, first, tmp_path / "no-such-folder" / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_a_failed_export_leaves_no_half_written_package(source, tmp_path, monkeypatch) -> None:
    origin, first, _second = source
    target = tmp_path / "export.zip"
    target.write_bytes(b"an older package, kept if the new one cannot be written")

    def disk_full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange.writing, "write_attachment", disk_full)
    with pytest.raises(UserError, match="could not be written: the disk is full"):
        export_partnership(origin, first, target)
    assert target.read_bytes().startswith(b"an older package")
    assert [p.name for p in tmp_path.iterdir()] == ["export.zip"]


# -- refused packages ----------------------------------------------------------------------------


def entries_of(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def write_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]],
              compress: int = zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names, on purpose
        with zipfile.ZipFile(path, "w", compression=compress) as archive:
            for info, data in entries:
                archive.writestr(info, data)
    return path


def raw(change):
    """Mark a change as working on the bytes of package.json rather than on its content."""
    change.raw = True
    return change


def repackaged(package: Path, target: Path, change=None, extra=(), manifest: bool = True) -> Path:
    """A copy of *package* with package.json changed by *change* (in place on the parsed JSON,
    or returning new JSON or bytes), *extra* entries added, and a manifest that matches unless
    told otherwise."""
    files = {info.filename: data for info, data in entries_of(package)}
    if change is not None and getattr(change, "raw", False):
        files["package.json"] = change(files["package.json"])
    elif change is not None:
        content = json.loads(files["package.json"])
        result = change(content)
        files["package.json"] = json.dumps(content if result is None else result).encode()
    if manifest:
        listing = {name: hashlib.sha256(data).hexdigest()
                   for name, data in files.items() if name != "manifest.json"}
        files["manifest.json"] = json.dumps({"files": listing}).encode()
    return write_zip(target, [*files.items(), *extra])


def assert_refused(svc: Services, path: Path, match: str) -> None:
    counts, files = row_counts(svc.db), stored_files(svc.db)
    with pytest.raises(UserError, match=match):
        import_package(svc, path)
    assert row_counts(svc.db) == counts
    assert stored_files(svc.db) == files


def test_a_tampered_byte_is_caught_by_the_manifest(package, svc, tmp_path) -> None:
    def tamper(data: bytes) -> bytes:
        at = data.index(b"Sari Wulandari")
        return data[:at] + b"M" + data[at + 1:]

    assert_refused(svc, repackaged(package, tmp_path / "t.zip", raw(tamper), manifest=False),
                   "does not match its checksum")
    flipped = bytearray(package.read_bytes())  # a byte flipped inside the compressed stream
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("package.json")
    flipped[info.header_offset + 30 + len(info.filename) + 200] ^= 0xFF
    (tmp_path / "flipped.zip").write_bytes(bytes(flipped))
    assert_refused(svc, tmp_path / "flipped.zip", "damaged|checksum|not valid")


@pytest.mark.parametrize(("name", "match"), [
    ("../evil", "unsafe file name"),
    ("attachments/../../evil", "unsafe file name"),
    ("/etc/evil", "unsafe file name"),
    ("C:/evil", "unsafe file name"),
    ("attachments\\evil", "unsafe file name"),
    ("notes.txt", "unexpected file"),
])
def test_unsafe_or_unexpected_names_are_refused(package, svc, tmp_path, name, match) -> None:
    assert_refused(svc, repackaged(package, tmp_path / "p.zip", extra=[(name, b"evil")]), match)


def test_a_duplicate_name_is_refused(package, svc, tmp_path) -> None:
    path = repackaged(package, tmp_path / "p.zip", extra=[("package.json", b"{}")])
    assert_refused(svc, path, "more than once")


def test_a_symbolic_link_is_refused(package, svc, tmp_path) -> None:
    link = zipfile.ZipInfo("attachments/" + "a" * 64)
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = repackaged(package, tmp_path / "p.zip", extra=[(link, b"/etc/passwd")])
    assert_refused(svc, path, "symbolic link")


def test_a_newer_or_unknown_format_is_refused(package, svc, tmp_path) -> None:
    newer = repackaged(package, tmp_path / "n.zip", lambda c: c.update(format_version=2))
    assert_refused(svc, newer, "format version 2.*Update Kemitraan Desktop")
    odd = repackaged(package, tmp_path / "o.zip", lambda c: c.update(format_version="1"))
    assert_refused(svc, odd, "unknown format version")
    other = repackaged(package, tmp_path / "x.zip", lambda c: c.update(format="something"))
    assert_refused(svc, other, "not a Kemitraan exchange package")


def test_a_file_that_is_not_a_zip_is_refused(svc, tmp_path) -> None:
    (tmp_path / "letter.zip").write_text("Dear partner, …")
    assert_refused(svc, tmp_path / "letter.zip", "not a zip file")
    assert_refused(svc, tmp_path / "nothing-here.zip", "could not be read")
    photos = write_zip(tmp_path / "photos.zip", [("IMG_001.jpg", PHOTO)])
    assert_refused(svc, photos, "not a Kemitraan exchange package")


def test_manifest_and_files_must_agree(package, svc, tmp_path) -> None:
    files = dict((i.filename, d) for i, d in entries_of(package))
    sha = next(n for n in files if n.startswith("attachments/"))
    listing = json.loads(files["manifest.json"])["files"]

    unlisted = {**listing}
    del unlisted[sha]
    unlisted_manifest = json.dumps({"files": unlisted}).encode()
    path = write_zip(tmp_path / "a.zip", [
        *((n, d) for n, d in files.items() if n != "manifest.json"),
        ("manifest.json", unlisted_manifest),
    ])
    assert_refused(svc, path, "manifest does not list")

    missing = write_zip(tmp_path / "b.zip", [(n, d) for n, d in files.items() if n != sha])
    assert_refused(svc, missing, "lacks a file its manifest lists")

    no_manifest = write_zip(tmp_path / "c.zip",
                            [(n, d) for n, d in files.items() if n != "manifest.json"])
    assert_refused(svc, no_manifest, "lacks its manifest")

    renamed = "attachments/" + "0" * 64  # bytes that do not match the name they travel under
    files[renamed] = b"x"
    files["manifest.json"] = json.dumps(
        {"files": {**listing, renamed: hashlib.sha256(b"x").hexdigest()}}).encode()
    assert_refused(svc, write_zip(tmp_path / "e.zip", list(files.items())), "checksum")


def drop(field: str, table: str, index: int = 0):
    def change(content: dict) -> None:
        target = content[table] if isinstance(content[table], dict) else content[table][index]
        del target[field]
    return change


def put(field: str, value: Any, table: str, index: int = 0):
    def change(content: dict) -> None:
        target = content[table] if isinstance(content[table], dict) else content[table][index]
        target[field] = value
    return change


@pytest.mark.parametrize(("change", "match"), [
    (raw(lambda data: data[:-10]), "not valid JSON"),
    (raw(lambda data: b'{"format": "kemitraan-exchange", "format": 1}'), "not valid JSON"),
    (raw(lambda data: data.replace(b'"2.5000"', b"NaN")), "not valid JSON"),
    (raw(lambda data: data.decode().encode("utf-16")), "not valid JSON"),
    (drop("title", "partnership"),
     r"not valid — Partnership: the field title is missing\. \(in the package: partnership\)"),
    (lambda c: c.__delitem__("goals"), "goals is missing"),
    (put("target_date", "31/12/2026", "goals"),
     r"Goal no\. 1: .*target_date must be a date.*\(in the package: goals\[0\]\)"),
    (put("quantity", 2.5, "budget_lines"), "quantity must be a number written as text"),
    (put("unit_cost_sen", "450000", "budget_lines"), "unit_cost_sen must be a whole number"),
    (put("unit_cost_sen", -5, "budget_lines"), "cannot be negative"),
    (put("kesetaraan_met", "yes", "partnership"), "kesetaraan_met must be true or false"),
    (put("party", "everyone", "roles"),
     r"Role no\. 1, .*unknown value.*\(in the package: roles\[0\]\.party\)"),
    (put("title", "", "partnership"), "must be filled in"),
    (put("goal_id", 424242, "activities"), "refers to a record the package does not contain"),
    (put("partner_id", 424242, "candidates"), "refers to a record"),
    (lambda c: c["goals"].append(c["goals"][0]), "used twice"),
    (put("size", 1, "attachments"), "size does not match"),
    (put("sha256", "0" * 64, "attachments"), "does not contain its file"),
    (put("status", "archived", "agreements"), "unknown value"),
    (put("position", 2**70, "goals"), "must be a whole number"),
    (lambda c: c["agreements"][0].update(parent_id=c["agreements"][1]["id"]), "circle"),
    (lambda c: c.update(partners={}), "partners must be a list"),
    (lambda c: c.update(partnership=[]), "partnership must be an object"),
    (lambda c: [], "not a Kemitraan exchange package"),
])
def test_malformed_content_is_refused_with_a_message(package, svc, tmp_path, change, match):
    assert_refused(svc, repackaged(package, tmp_path / "p.zip", change), match)


# -- limits: zip bombs and oversized packages ----------------------------------------------------


def test_a_zip_bomb_is_refused(package, svc, tmp_path) -> None:
    zeros = b"\0" * (4 * 1024 * 1024)  # deflates about a thousandfold
    sha = hashlib.sha256(zeros).hexdigest()
    path = repackaged(package, tmp_path / "bomb.zip", extra=[(f"attachments/{sha}", zeros)])
    assert_refused(svc, path, "zip bomb")


def test_the_size_and_count_limits(package, svc, tmp_path, monkeypatch) -> None:
    stored = write_zip(tmp_path / "stored.zip", [(i, d) for i, d in entries_of(package)],
                       compress=zipfile.ZIP_STORED)
    monkeypatch.setattr(exchange.limits, "MAX_ENTRY_SIZE", len(PHOTO) - 1)
    assert_refused(svc, stored, r"is larger than 0 MB\.")
    monkeypatch.undo()
    monkeypatch.setattr(exchange.limits, "MAX_TOTAL_SIZE", 20_000)
    assert_refused(svc, stored, "larger than 0 MB in all")
    monkeypatch.undo()
    monkeypatch.setattr(exchange.limits, "MAX_ENTRIES", 3)
    assert_refused(svc, stored, "more than 3 files")


def test_header_sizes_are_not_trusted(package, svc, tmp_path, monkeypatch) -> None:
    """An entry whose headers claim fewer bytes than it holds is caught while reading."""
    name = "attachments/" + hashlib.sha256(PHOTO).hexdigest()
    stored = write_zip(tmp_path / "stored.zip", [(i, d) for i, d in entries_of(package)],
                       compress=zipfile.ZIP_STORED)
    data = bytearray(stored.read_bytes())
    with zipfile.ZipFile(stored) as archive:
        info = archive.getinfo(name)
    # The uncompressed size, in the local header (offset 22) and the central directory (24).
    struct.pack_into("<I", data, info.header_offset + 22, 100)
    at = data.find(name.encode(), data.index(b"PK\x01\x02"))
    central = data.rindex(b"PK\x01\x02", 0, at)
    struct.pack_into("<I", data, central + 24, 100)
    (tmp_path / "liar.zip").write_bytes(bytes(data))
    assert_refused(svc, tmp_path / "liar.zip", "damaged")


def test_a_crafted_entry_count_is_refused_before_the_zip_is_read(svc, tmp_path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("package.json", b"{}")
    data = bytearray(buffer.getvalue())
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 60_000, 60_000)  # claims 60,000 entries
    (tmp_path / "many.zip").write_bytes(bytes(data))
    assert_refused(svc, tmp_path / "many.zip", "more than 10000 files")
