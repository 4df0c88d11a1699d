"""Issue 16, items 6 and 7: a full disk and missing files; personal data left behind.

6. A full disk is said in Indonesian everywhere and leaves nothing half written; a final PDF
   missing or changed in ``lampiran/`` is refused with what and where, not a traceback and not
   printed as if it were the document agreed.
7. Temporary copies live in the data folder's private ``.tmp`` and what a kill leaves there goes
   at the next start; files opened for viewing go when the data folder is closed; no planted link
   is followed; every file written is 0600 whatever the umask; the error log holds no personal
   data.

The full disk is made without root: SQLite's own limit on a database's pages
(``PRAGMA max_page_count``) gives its real "database or disk is full", and the operating system's
ENOSPC is raised by the call that would have met it (``os.fsync``, the zip writer) at that point.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.services.opening import open_services
from kemitraan_desktop.storage import database as storage_database

ROOT = Path(__file__).resolve().parents[2]
DISK_FULL = "Disk tempat folder data sudah penuh"
INTERNAL = "terjadi masalah di dalam program"
POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _over_quota(*_args, **_kwargs):  # the account's share of a shared computer's disk is used up
    raise OSError(getattr(errno, "EDQUOT", errno.ENOSPC), "Disk quota exceeded")


FULL = pytest.mark.parametrize("refusal", [_no_space, _over_quota], ids=["ENOSPC", "EDQUOT"])


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    from kemitraan_desktop.services.demo import create_demo

    folder = tmp_path_factory.mktemp("demo") / "data"
    svc = open_services(folder)
    try:
        create_demo(svc)
    finally:
        svc.db.close()
    return folder


def _copy_of_demo(demo_folder: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    return folder


# -- 6. a full disk ---------------------------------------------------------------------------
def _working_copies_fill_up(monkeypatch, pages: int) -> None:
    """The working copy the demo is made in can grow by only *pages* pages: SQLite then says
    "database or disk is full" exactly as on a full disk."""
    pragmas = storage_database._sqlite_pragmas

    def full_after_a_while(connection, record):
        pragmas(connection, record)
        path = connection.execute("PRAGMA database_list").fetchone()[2]
        if "salinan-kerja" in path:
            count = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {count + pages}")

    monkeypatch.setattr(storage_database, "_sqlite_pragmas", full_after_a_while)


def test_demo_on_a_full_disk_says_so_in_indonesian_and_leaves_the_folder_empty(
        tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    with monkeypatch.context() as patch:
        _working_copies_fill_up(patch, pages=12)
        assert main(["--data-dir", str(folder), "demo"]) == 2
    error = capsys.readouterr().err
    assert DISK_FULL in error and INTERNAL not in error and "disk is full" not in error
    svc = open_services(folder)
    try:
        # Not 41 of 65 clauses that check calls OK: nothing of the demo at all.
        assert svc.practices.list() == [] and svc.partnerships.list() == []
    finally:
        svc.db.close()
    assert list((folder / ".tmp").iterdir()) == []
    assert main(["--data-dir", str(folder), "demo"]) == 0  # and it can be tried again
    assert main(["--data-dir", str(folder), "check"]) == 0


@FULL
def test_a_backup_on_a_full_disk_is_said_in_indonesian_and_leaves_no_file(
        refusal, demo_folder, tmp_path, monkeypatch, capsys):
    folder = _copy_of_demo(demo_folder, tmp_path)
    out = tmp_path / "usb" / "cadangan.zip"
    monkeypatch.setattr(zipfile.ZipFile, "write", refusal)

    assert main(["--data-dir", str(folder), "backup", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "disk penuh" in error and "No space left" not in error and "quota" not in error
    assert list(out.parent.iterdir()) == []  # no half backup, no temporary file
    assert list((folder / ".tmp").iterdir()) == []  # the database copy went too


def test_an_import_with_a_large_attachment_on_a_full_disk_is_said_and_imports_nothing(
        tmp_path, monkeypatch, capsys):
    from kemitraan_desktop.services import activities, partnerships
    from kemitraan_desktop.services.exchange import export_partnership

    source = open_services(tmp_path / "asal")
    try:
        source.practices.create(doctor_name="dr. Pengirim")
        pid = partnerships.start_partnership(source, "Kerja sama apotek", "apotek").id
        activity = source.activities.create(partnership_id=pid, name="Penyuluhan")
        report = source.reports.create(activity_id=activity.id, report_date=date(2026, 11, 2))
        photo = tmp_path / "foto-besar.jpg"
        photo.write_bytes(os.urandom(2_600_000))
        activities.attach_file(source, report.id, photo)
        package = export_partnership(source, pid, tmp_path / "paket.zip").path
    finally:
        source.db.close()
    folder = tmp_path / "data"
    open_services(folder).db.close()

    from kemitraan_desktop.storage import attachments

    monkeypatch.setattr(attachments.os, "fsync", _no_space)
    assert main(["--data-dir", str(folder), "import", str(package)]) == 2
    error = capsys.readouterr().err
    assert "disk penuh" in error and INTERNAL not in error and "No space left" not in error
    svc = open_services(folder)
    try:
        assert svc.partnerships.list() == []
    finally:
        svc.db.close()
    leftovers = [p for p in (folder / "lampiran").rglob("*") if p.is_file()] \
        if (folder / "lampiran").exists() else []
    assert leftovers == []


@FULL
def test_a_report_on_a_full_disk_is_said_and_keeps_the_copy_printed_before(
        refusal, demo_folder, tmp_path, monkeypatch, capsys):
    folder = _copy_of_demo(demo_folder, tmp_path)
    out = tmp_path / "arsip.pdf"
    out.write_bytes(b"the copy printed last week")
    from kemitraan_desktop.storage import permissions

    monkeypatch.setattr(permissions.os, "fsync", refusal)
    assert main(["--data-dir", str(folder), "report", "archive", "--partnership", "1",
                 "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "disk penuh" in error and "No space left" not in error and "quota" not in error
    assert out.read_bytes() == b"the copy printed last week"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no .part


def test_sqlite_full_inside_any_command_is_the_same_indonesian_sentence(tmp_path, monkeypatch,
                                                                        capsys):
    """The one place that turns a full disk into words: SQLite's own error too."""
    from kemitraan_desktop.services import partnerships

    folder = tmp_path / "data"
    open_services(folder).db.close()
    pragmas = storage_database._sqlite_pragmas

    def full(connection, record):
        pragmas(connection, record)
        count = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {count}")

    monkeypatch.setattr(storage_database, "_sqlite_pragmas", full)
    svc = open_services(folder)
    try:
        from kemitraan_desktop.services.files import problem_text

        with pytest.raises(Exception) as failed:
            for number in range(200):
                svc.partners.create(name=f"Apotek {number} " + "x" * 180, partner_type="apotek",
                                    street="Jl. " + "y" * 180)
        assert problem_text(failed.value).startswith(DISK_FULL)
        assert partnerships.list_partnerships(svc) == []
    finally:
        svc.db.close()


# -- 6. a missing or changed final PDF ---------------------------------------------------------
def _final_pdf_of(folder: Path, partnership_id: int = 1) -> Path:
    svc = open_services(folder)
    try:
        agreement = svc.agreements.list(partnership_id)[-1]
        return svc.db.attachments.path_for(agreement.final_pdf_sha256)
    finally:
        svc.db.close()


@pytest.mark.parametrize("how", ["deleted", "altered"])
def test_report_mou_with_the_final_pdf_deleted_or_altered_says_which_file_and_prints_nothing(
        how, demo_folder, tmp_path, capsys):
    folder = _copy_of_demo(demo_folder, tmp_path)
    final = _final_pdf_of(folder)
    if how == "deleted":
        final.unlink()
    else:
        final.chmod(0o600)
        data = bytearray(final.read_bytes())
        data[len(data) // 2] ^= 0xFF
        final.write_bytes(bytes(data))
    out = tmp_path / "pks.pdf"

    assert main(["--data-dir", str(folder), "report", "mou", "--partnership", "1",
                 "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "FileNotFoundError" not in error and INTERNAL not in error
    assert "PDF final perjanjian (versi 1)" in error and str(final) in error
    assert ("hilang" if how == "deleted" else "diubah") in error
    assert "“check”" in error and "dicetak ulang" in error
    assert not out.exists()
    assert main(["--data-dir", str(folder), "check"]) == 1  # and check names it too
    assert final.name in capsys.readouterr().out


def test_opening_a_changed_attachment_for_viewing_is_refused(demo_folder, tmp_path):
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services.activities import viewing_copy

    folder = _copy_of_demo(demo_folder, tmp_path)
    svc = open_services(folder)
    try:
        attachment = next(a for a in svc.attachments.list(1) if a.media_type == "image/png")
        stored = svc.db.attachments.path_for(attachment.sha256)
        stored.chmod(0o600)
        stored.write_bytes(b"not the photo that was attached")
        with pytest.raises(UserError) as refused:
            viewing_copy(svc, attachment)
        assert "diubah" in refused.value.message and attachment.original_name in \
            refused.value.message
    finally:
        svc.db.close()


# -- 7. nothing left behind -----------------------------------------------------------------------
DIES_HOLDING_A_COPY = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from kemitraan_desktop.storage.scratch import Scratch
    scratch = Scratch(Path(sys.argv[1]), sys.argv[2])
    (scratch.path / "kemitraan.sqlite3").write_bytes(b"NIK 3404076208850003")
    print(scratch.path, flush=True)
    if sys.argv[3] == "die":
        os._exit(9)  # killed: no clean-up runs
    sys.stdin.read()  # still working, until told
""")


def test_what_a_killed_backup_or_restore_left_goes_at_the_next_start(demo_folder, tmp_path):
    folder = _copy_of_demo(demo_folder, tmp_path)
    left = []
    for purpose in ("cadangan", "pemulihan"):
        done = subprocess.run([sys.executable, "-c", DIES_HOLDING_A_COPY, str(folder), purpose,
                               "die"], cwd=ROOT, capture_output=True, text=True, check=False)
        left.append(Path(done.stdout.strip()))
        assert left[-1].exists()
    still_working = subprocess.Popen(
        [sys.executable, "-c", DIES_HOLDING_A_COPY, str(folder), "cadangan", "wait"], cwd=ROOT,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        working = Path(still_working.stdout.readline().strip())
        open_services(folder).db.close()
        assert not any(path.exists() for path in left)  # the killed runs' copies are gone
        assert working.exists()  # another running copy's work is left alone
    finally:
        still_working.communicate("")  # it ends (without tidying up, like a kill)
    open_services(folder).db.close()
    assert not working.exists()


def test_backup_and_restore_put_nothing_in_the_system_temporary_folder(
        demo_folder, tmp_path, monkeypatch):
    import tempfile

    from kemitraan_desktop.services import backup

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    folder = _copy_of_demo(demo_folder, tmp_path)
    svc = open_services(folder)
    seen = []
    original = backup._copy_database

    def copy_and_look(svc_, target):
        original(svc_, target)
        seen.append(target)

    monkeypatch.setattr(backup, "_copy_database", copy_and_look)
    try:
        out = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    finally:
        svc.db.close()
    assert seen and folder / ".tmp" in seen[0].parents  # the copy waited in the data folder
    backup.restore(folder, out)
    assert list(system_temp.iterdir()) == []
    assert list((folder / ".tmp").iterdir()) == []


def test_files_opened_for_viewing_are_private_and_gone_when_the_folder_closes(demo_folder,
                                                                             tmp_path):
    from kemitraan_desktop.services.activities import viewing_copy

    folder = _copy_of_demo(demo_folder, tmp_path)
    svc = open_services(folder)
    attachment = next(a for a in svc.attachments.list(1) if a.media_type == "image/png")
    copy = viewing_copy(svc, attachment)
    assert folder / ".tmp" in copy.parents and copy.name == attachment.original_name
    assert copy.read_bytes() == svc.db.attachments.read_bytes(attachment.sha256)
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert viewing_copy(svc, attachment) == copy  # opened twice: one copy
    svc.db.close()
    assert not copy.exists() and list((folder / ".tmp").iterdir()) == []


@POSIX
def test_a_link_planted_where_a_file_is_written_is_replaced_not_followed(demo_folder, tmp_path):
    folder = _copy_of_demo(demo_folder, tmp_path)
    victim = tmp_path / "korban.txt"
    victim.write_text("jangan ditimpa")
    out = tmp_path / "arsip.pdf"
    out.symlink_to(victim)
    if (folder / ".tmp").exists():
        (folder / ".tmp").rmdir()
    (folder / ".tmp").symlink_to(tmp_path)  # and one where the scratch folder belongs

    assert main(["--data-dir", str(folder), "report", "archive", "--partnership", "1",
                 "--out", str(out)]) == 0
    assert victim.read_text() == "jangan ditimpa"
    assert not out.is_symlink() and out.read_bytes().startswith(b"%PDF")
    assert not (folder / ".tmp").is_symlink()  # removed, never followed (nor emptied through)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arsip.pdf", "cache", "data",
                                                          "korban.txt"]


@POSIX
def test_every_file_written_is_private_whatever_the_umask(demo_folder, tmp_path, monkeypatch):
    from kemitraan_desktop.services import backup, documents

    folder = _copy_of_demo(demo_folder, tmp_path)
    out = tmp_path / "keluar"
    out.mkdir()
    previous = os.umask(0)
    try:
        for kind in ("archive", "evaluation", "readiness", "mou"):
            # The credentialing form is the BPJS partnership's (3); the others the laboratory's.
            partnership = "3" if kind == "readiness" else "2"
            assert main(["--data-dir", str(folder), "report", kind, "--partnership", partnership,
                         "--out", str(out / f"{kind}.pdf")]) == 0
        assert main(["--data-dir", str(folder), "backup", "--out", str(out / "c.zip")]) == 0
        assert main(["--data-dir", str(folder), "person", "export", "--out",
                     str(out / "orang.json"), "Siti"]) == 0
        svc = open_services(folder)
        try:
            backup.automatic_backup(svc, force=True)
            photo = next(a for a in svc.attachments.list(1) if a.media_type == "image/png")
            assert documents.scaled_photo(svc, photo.sha256)
        finally:
            svc.db.close()
    finally:
        os.umask(previous)
    cache = Path(os.environ["XDG_CACHE_HOME"])
    written = [*out.iterdir(), *(folder / "backups").iterdir(), *cache.rglob("*.jpg")]
    assert len(written) >= 8
    loose = {str(path): oct(stat.S_IMODE(path.stat().st_mode)) for path in written
             if stat.S_IMODE(path.stat().st_mode) != 0o600}
    assert loose == {}
    folders = [path for path in cache.rglob("*") if path.is_dir()]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o700 for path in folders
               if "foto" in path.parts)


def test_the_error_log_holds_no_personal_data(tmp_path, monkeypatch, capsys):
    from sqlalchemy import text

    from kemitraan_desktop import cli

    folder = tmp_path / "data"

    def a_defect(args):
        svc = cli._services(args)
        with svc.db.engine.begin() as connection:
            for _twice in range(2):  # the same id twice: an IntegrityError with parameters
                connection.execute(text(
                    "INSERT INTO practice (id, doctor_name, email, nik, sip_number, street) "
                    "VALUES (7, :name, :email, :nik, :sip, :street)"),
                    {"name": "dr. Siti Rahmawati", "email": "praktik.siti@example.id",
                     "nik": "3404076208850003", "sip": "503/0123/SIP-DU/DPMPTSP/2022",
                     "street": "Jl. Kaliurang Km 9,5 No. 17"})
        return 0

    monkeypatch.setitem(cli.COMMANDS, "list", a_defect)
    previous = os.umask(0)
    try:
        assert main(["--data-dir", str(folder), "list"]) == 1
    finally:
        os.umask(previous)
    assert INTERNAL in capsys.readouterr().err
    log = Path(os.environ["XDG_CACHE_HOME"]) / "KemitraanDesktop" / "kemitraan-error.log"
    if not log.exists():
        log = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("kemitraan-error.log"))
    text_of_log = log.read_text("utf-8")
    assert "IntegrityError" in text_of_log and "a_defect" in text_of_log  # still useful
    for personal in ("Siti", "Rahmawati", "praktik.siti", "3404076208850003", "0123/SIP",
                     "Kaliurang"):
        assert personal not in text_of_log, personal
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600

