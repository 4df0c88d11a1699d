"""Several programs on one database at once: finalizing the same drafts, taking numbers,
editing and signing, then ``check`` (issue 15.5).

What one program alone would make must come out: each agreement finalized once (one final PDF,
one "finalize" in the audit log, the other programs told it is already final), every agreement
number once, the audit chain unbroken (no two entries after the same one), every confirmed
edit in the database.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

WORKER = Path(__file__).with_name("concurrent_worker.py")
ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3
DRAFTS = 10
TODAY = date.today()


def _prepare(svc) -> list[int]:  # noqa: ANN001
    """A practice and an apotek with everything a PKS names; DRAFTS partnerships, each with a
    draft that can be finalized. Returns the drafts' ids."""
    from conftest import steps_three_and_four

    from kemitraan_desktop.services import agreements, partnerships

    svc.practices.create(
        doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti", nik="3404076208850003",
        npwp="3404076208850003", phone="0274 895123", postal_code="55581",
        kota="Kabupaten Sleman", sip_number="503/0123/SIP",
        sip_issued=TODAY - timedelta(days=400), sip_expires=TODAY + timedelta(days=90),
        number_unit="DR-SR")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek",
                                 kota="Kabupaten Sleman")
    svc.partner_people.create(partner_id=apotek.id, name="apt. Dewi Lestari", job_title="APJ",
                              signs=True, nik="3404074508880002")
    svc.licences.create(partner_id=apotek.id, name="SIA", number="503/0456/SIA/2023",
                        issued=TODAY - timedelta(days=300), expires=TODAY + timedelta(days=700))
    drafts = []
    for n in range(1, DRAFTS + 1):
        p = partnerships.start_partnership(svc, f"Kerja sama obat {n}", "apotek", apotek.id)
        steps_three_and_four(svc, p.id)
        drafts.append(agreements.draft_agreement(
            svc, p.id, "pks", start=TODAY - timedelta(days=10),
            end=TODAY + timedelta(days=355)).id)
    assert agreements.finalize_problems(svc, drafts[0]) == []
    return drafts


def _run_workers(data_dir: Path, url: str) -> list[list[str]]:
    processes = [
        subprocess.Popen([sys.executable, str(WORKER), str(data_dir), url, str(n), str(100 + n)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=str(ROOT), text=True)
        for n in range(WORKERS)
    ]
    for process in processes:  # all opened and waiting: then all start at once
        assert process.stdout.readline().strip() == "READY", process.stderr.read()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outputs.append(out.splitlines())
    return outputs


@pytest.fixture
def svc_both(data_dir: Path, database_url: str | None):
    """The services on the data folder's SQLite file, then on a PostgreSQL server."""
    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.storage.database import Database

    database = Database.open(data_dir, url=database_url)
    yield Services(database, actor="dr. Penguji")
    database.close()


def test_programs_finalizing_numbering_editing_and_signing_at_once_make_what_one_would(
        svc_both, data_dir: Path):
    svc = svc_both
    from kemitraan_desktop.services.maintenance import check
    from kemitraan_desktop.storage import models as m

    drafts = _prepare(svc)
    url = "" if svc.db.path is not None else svc.db.url
    outputs = _run_workers(data_dir, url)
    lines = [line.split(" ", 2) for output in outputs for line in output]
    said = Counter(words[0] for words in lines)

    errors = [words for words in lines if words[0] == "ERROR"]
    finalized = Counter(int(words[1]) for words in lines if words[0] == "FINALIZED")
    signed = Counter(int(words[1]) for words in lines if words[0] == "SIGNED")
    with svc.db.session() as session:
        numbers = session.scalars(select(m.AgreementParty.number).where(
            m.AgreementParty.party == "practice")).all()
        final_pdfs = session.scalar(select(func.count()).select_from(m.Attachment).where(
            m.Attachment.original_name.like("perjanjian-%"))) or 0
        finalize_entries = session.scalar(select(func.count()).select_from(m.AuditEntry).where(
            m.AuditEntry.action == "finalize")) or 0
        forks = session.scalar(select(func.count()).select_from(
            select(m.AuditEntry.prev_hash).group_by(m.AuditEntry.prev_hash)
            .having(func.count() > 1).subquery())) or 0
        activities = set(session.scalars(select(m.Activity.name)))
        ideas = {p.id: p.idea for p in session.scalars(select(m.Partnership))}
    created = {words[2] for words in lines if words[0] == "ACTIVITY"}
    last_idea = {int(words[1]): words[2] for words in lines if words[0] == "IDEA"}
    outcome = {
        "errors": len(errors),
        "drafts finalized more than once": sum(1 for n in finalized.values() if n > 1),
        "drafts signed more than once": sum(1 for n in signed.values() if n > 1),
        "told already final": said["ALREADY_FINAL"],
        "told already signed": said["ALREADY_SIGNED"],
        "final PDFs": final_pdfs,
        "finalize entries in the audit log": finalize_entries,
        "duplicate numbers": len(numbers) - len(set(numbers)),
        "audit chain forks": forks,
        "activities confirmed": len(created),
        "lost writes": len(created - activities) + sum(
            1 for pid, idea in last_idea.items() if ideas[pid] != idea),
    }
    print(outcome)
    assert outcome == {
        "errors": 0,
        "drafts finalized more than once": 0,
        "drafts signed more than once": 0,
        "told already final": (WORKERS - 1) * DRAFTS,
        "told already signed": (WORKERS - 1) * DRAFTS,
        "final PDFs": DRAFTS,
        "finalize entries in the audit log": DRAFTS,
        "duplicate numbers": 0,
        "audit chain forks": 0,
        "activities confirmed": WORKERS * DRAFTS,
        "lost writes": 0,
    }, errors[:3]
    assert all(output[-1] == "DONE" for output in outputs)
    assert set(finalized) == set(drafts) and set(signed) == set(drafts)
    # Every agreement number once: 001 … 010, in the practice's pattern.
    assert sorted(numbers) == [f"{n:03d}/PKS/DR-SR/{_roman(TODAY.month)}/{TODAY.year}"
                               for n in range(1, DRAFTS + 1)]
    assert len(last_idea) == WORKERS

    result = check(svc)
    assert result.audit_intact
    assert result.ok, (result.problems, result.schema_problems, result.bad_attachments,
                       result.seals, result.anchors)


@pytest.fixture
def svc_on_server(data_dir: Path, postgres_cluster):  # noqa: ANN001
    """The services on a fresh database of a PostgreSQL server (on SQLite finalize holds the
    file's write lock: no other computer can save while it runs)."""
    import uuid

    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.storage.database import Database

    name = f"test_{uuid.uuid4().hex[:12]}"
    database = Database.open(data_dir, url=postgres_cluster.create_database(name))
    yield Services(database, actor="dr. Penguji")
    database.close()
    postgres_cluster.drop_database(name)


def test_an_activity_saved_at_the_front_desk_while_the_doctor_finalizes_leaves_check_clean(
        svc_on_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The front desk adds the first step-6 activity (a work plan lampiran appears, the budget
    becomes Lampiran II) while finalize is writing the text: the text kept, its clause rows and
    the lampiran must come from one reading, or check reports the Pasal citing them "diubah di
    luar program" (seen once in three runs of the test above)."""
    svc = svc_on_server
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.services.maintenance import check
    from kemitraan_desktop.storage.database import Database

    drafts = _prepare(svc)
    partnership_id = svc.agreements.get(drafts[0]).partnership_id
    front_desk_db = Database.open(tmp_path / "front-desk", url=svc.db.url)
    front_desk = Services(front_desk_db, actor="staf meja depan")
    read_the_text = agreements._document
    saved = []

    def then_the_front_desk_saves(session, agreement, *args):  # noqa: ANN001, ANN002, ANN202
        document = read_the_text(session, agreement, *args)
        if not saved and agreement.status == "draft":
            saved.append(front_desk.activities.create(
                partnership_id=partnership_id, name="Penyuluhan penggunaan obat"))
        return document

    monkeypatch.setattr(agreements, "_document", then_the_front_desk_saves)
    try:
        agreements.finalize_agreement(svc, drafts[0])
    finally:
        front_desk_db.close()
    assert [a.name for a in svc.activities.list(partnership_id)] == [
        "Penyuluhan penggunaan obat"]

    result = check(svc)
    assert result.seals == ()
    assert result.ok, result.problems


def _roman(month: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month - 1]


def test_the_second_finalize_and_the_second_signing_on_the_command_line_are_refused(
        svc, data_dir: Path, tmp_path: Path, capsys):
    """The second is told it is already done, with a non-zero exit, and no second PDF."""
    from kemitraan_desktop.cli import main
    from kemitraan_desktop.domain.dates import long_date_id
    from kemitraan_desktop.storage import models as m
    from tests.integration.workflow import png_file

    drafts = _prepare(svc)
    partnership_id = svc.agreements.get(drafts[0]).partnership_id
    scan = png_file(tmp_path / "scan.png")
    base = ["--data-dir", str(data_dir), "agreement"]
    assert main([*base, "finalize", "--partnership", str(partnership_id)]) == 0
    capsys.readouterr()
    assert main([*base, "finalize", "--partnership", str(partnership_id)]) == 2
    assert capsys.readouterr().err == "Kesalahan: Perjanjian ini sudah final.\n"
    sign = [*base, "sign", "--partnership", str(partnership_id), "--date", TODAY.isoformat(),
            "--scan", str(scan), "--partner-number", "0123/KC-SLM/XII/2026"]
    assert main(sign) == 0
    capsys.readouterr()
    # The partner's number written on the signed copy is kept with its party.
    assert {p.party: p.number for p in svc.agreement_parties.list(drafts[0])}["partner"] == \
        "0123/KC-SLM/XII/2026"
    assert main(sign) == 2
    assert capsys.readouterr().err == (
        f"Kesalahan: Perjanjian ini sudah ditandatangani (pada {long_date_id(TODAY)}).\n")
    with svc.db.session() as session:
        assert session.scalar(select(func.count()).select_from(m.Attachment).where(
            m.Attachment.original_name.like("perjanjian-%"))) == 1
        assert session.scalar(select(func.count()).select_from(m.AuditEntry).where(
            m.AuditEntry.action.in_(("finalize", "sign")))) == 2
