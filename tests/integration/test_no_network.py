"""The program never opens a network connection: the whole workflow runs with sockets forbidden.

Three walks, each under :mod:`network_guard` (every Internet socket, connect, send and name
look-up refused and written down; a test fails on any attempt, even one the program swallowed):

1. every use case through the services, as the window and the command line call them: a practice
   and its partnership through all eight steps, the agreement drafted, printed, finalized, signed
   and verified, activity reports with a photo, indicators, both parties' five-key scoring, the
   three reports, an exchange package exported and imported, a backup made and restored, checks;
2. the real command line in fresh processes (the guard installed before the program's first
   import), command by command, with ``--self-test`` and the window's ``--smoke`` run;
3. the main window on demo data: every step page of every partnership, the dialogs, and the
   three reports printed from the Laporan menu's background workers.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from network_guard import EXIT_NETWORK_USED, NetworkForbidden, NetworkGuard  # noqa: E402
from workflow import png_file, whole_workflow  # noqa: E402

TODAY = date.today()


@pytest.fixture
def no_network():
    """Forbid the network for the test; fail it, naming the caller, on any attempt."""
    guard = NetworkGuard()
    with pytest.MonkeyPatch.context() as patch:
        guard.install(patch.setattr)
        yield guard
    assert not guard.attempts, guard.report()


# -- the guard itself ------------------------------------------------------------------------------
def test_the_guard_refuses_and_records_every_door(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without this, a guard that silently let everything through would pass every walk."""
    import urllib.request

    guard = NetworkGuard()
    guard.install(monkeypatch.setattr)
    doors = [
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM),
        lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM),
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=0.1),
        lambda: socket.getaddrinfo("example.com", 443),
        lambda: socket.gethostbyname("example.com"),
        lambda: urllib.request.urlopen("http://192.0.2.1/", timeout=0.1),
    ]
    for door in doors:
        with pytest.raises(OSError):  # urllib wraps the refusal in its URLError, an OSError
            door()
    assert len(guard.attempts) == len(doors)
    assert "urlopen" in guard.attempts[-1]  # the record names the code that knocked
    # What never leaves the machine stays allowed.
    left, right = socket.socketpair(socket.AF_UNIX)
    left.close()
    right.close()
    assert socket.gethostname()
    assert len(guard.attempts) == len(doors)


def test_a_swallowed_refusal_still_fails_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = NetworkGuard()
    guard.install(monkeypatch.setattr)
    with contextlib.suppress(NetworkForbidden):  # a program that hides the error …
        socket.create_connection(("192.0.2.1", 80))
    # … is still caught by the record.
    assert len(guard.attempts) == 1
    assert "create_connection" in guard.report()


# -- 1. every use case through the services ------------------------------------------------------
def test_every_use_case_through_the_services_without_the_network(
        no_network: NetworkGuard, svc, tmp_path: Path) -> None:
    from kemitraan_desktop.services import backup, documents, exchange, maintenance
    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.storage.database import Database

    pid = whole_workflow(svc, tmp_path)
    bpjs = max(p.id for p in svc.partnerships.list())

    for kind, partnership in (("archive", pid), ("evaluation", pid), ("readiness", bpjs)):
        out = tmp_path / f"{kind}.pdf"
        documents.render_report(svc, kind, partnership, out)
        assert out.read_bytes().startswith(b"%PDF-")

    # The exchange package: the other party archives the same record.
    package = tmp_path / "apotek.zip"
    exchange.export_partnership(svc, pid, package)
    theirs = Services(Database.open(tmp_path / "mitra"), actor="apt. Dewi")
    try:
        summary = exchange.import_package(theirs, package)
        assert summary.title == "Kerja sama pelayanan obat"
        assert maintenance.check(theirs).ok
    finally:
        theirs.db.close()

    # A backup carried away and restored into an empty folder; an automatic one beside it.
    assert backup.automatic_backup(svc, force=True) is not None
    carried = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    assert maintenance.check(svc).ok
    restored_dir = tmp_path / "dipulihkan"
    backup.restore(restored_dir, carried)
    again = Services(Database.open(restored_dir), actor="dr. Siti")
    try:
        assert maintenance.check(again).ok
        assert {p.title for p in again.partnerships.list()} == {
            p.title for p in svc.partnerships.list()}
    finally:
        again.db.close()
    # The demo data and the self-test are walked by the command line and the window below.

# -- 2. the real command line, in fresh processes -------------------------------------------------
def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "KEMITRAAN_DATA_DIR": str(tmp_path / "default-data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, str(HERE / "network_guard.py"), *args], env=env,
                          capture_output=True, text=True, timeout=180)


def test_the_command_line_never_touches_the_network(tmp_path: Path) -> None:
    ours, theirs, restored = tmp_path / "ours", tmp_path / "theirs", tmp_path / "restored"
    scan = png_file(tmp_path / "ttd.png")
    steps: list[tuple[tuple[str, ...], int]] = [
        (("--data-dir", str(ours), "demo"), 0),
        (("--data-dir", str(ours), "list"), 0),
        (("--data-dir", str(ours), "check"), 0),
        # The demo's BPJS partnership (#3) has a draft that still waits for step 4 and the
        # branch's signatory: printed, checked and refused with the list (exit 2).
        (("--data-dir", str(ours), "report", "mou", "--partnership", "3",
          "--out", str(tmp_path / "draf.pdf")), 0),
        (("--data-dir", str(ours), "agreement", "check", "--partnership", "3"), 1),
        (("--data-dir", str(ours), "agreement", "finalize", "--partnership", "3",
          "--paper", "f4"), 2),
        # The apotek's signed PKS (#1) gets an addendum that moves its end: draft, finalize,
        # verify, sign it.
        (("--data-dir", str(ours), "agreement", "addendum", "--partnership", "1",
          "--end", (TODAY + timedelta(days=800)).isoformat(),
          "--out", str(tmp_path / "adendum-draf.pdf")), 0),
        (("--data-dir", str(ours), "agreement", "finalize", "--partnership", "1",
          "--paper", "f4"), 0),
        (("--data-dir", str(ours), "report", "mou", "--partnership", "1",
          "--out", str(tmp_path / "pks.pdf"), "--paper", "f4"), 0),
        (("--data-dir", str(ours), "verify", str(tmp_path / "pks.pdf")), 0),
        (("--data-dir", str(ours), "agreement", "sign", "--partnership", "1",
          "--date", TODAY.isoformat(), "--scan", str(scan), "--by", "Para pihak"), 0),
        (("--data-dir", str(ours), "report", "archive", "--partnership", "1",
          "--out", str(tmp_path / "arsip.pdf")), 0),
        (("--data-dir", str(ours), "report", "evaluation", "--partnership", "2",
          "--out", str(tmp_path / "evaluasi.pdf")), 0),
        (("--data-dir", str(ours), "report", "readiness", "--partnership", "3",
          "--out", str(tmp_path / "kesiapan.pdf")), 0),
        (("--data-dir", str(ours), "export", "--partnership", "1",
          "--out", str(tmp_path / "apotek.zip")), 0),
        (("--data-dir", str(theirs), "import", str(tmp_path / "apotek.zip")), 0),
        (("--data-dir", str(theirs), "check"), 0),
        (("--data-dir", str(ours), "backup", "--out", str(tmp_path / "cadangan.zip")), 0),
        (("--data-dir", str(restored), "restore", str(tmp_path / "cadangan.zip")), 0),
        (("--data-dir", str(restored), "check"), 0),
        (("--data-dir", str(ours), "screenshots", str(tmp_path / "gambar"),
          "--partnership", "2"), 0),
        # A mistake is one line and exit 2, still without the network.
        (("--data-dir", str(ours), "import", str(tmp_path / "tidak-ada.zip")), 2),
        (("--self-test",), 0),
        (("--data-dir", str(ours), "--smoke"), 0),
    ]
    for args, expected in steps:
        done = _cli(tmp_path, *args)
        assert done.returncode != EXIT_NETWORK_USED, f"{args}:\n{done.stderr}"
        assert done.returncode == expected, f"{args} → {done.returncode}:\n{done.stderr}"
    assert (tmp_path / "pks.pdf").read_bytes().startswith(b"%PDF-")
    assert list((tmp_path / "gambar").glob("*.png"))


def test_the_command_line_guard_catches_a_program_that_calls_out(tmp_path: Path) -> None:
    """The subprocess walk proves something only if a call out would fail it: make one."""
    code = ("import socket, sys\n"
            "sys.path.insert(0, sys.argv[1])\n"
            "import network_guard\n"
            "from kemitraan_desktop import cli\n"
            "def calling_home(argv):\n"
            "    try:\n"
            "        socket.create_connection(('192.0.2.1', 443), timeout=0.1)\n"
            "    except OSError:\n"
            "        pass  # swallowed: the guard's record still tells\n"
            "    return 0\n"
            "cli.main = calling_home\n"
            "sys.exit(network_guard.run_command_line(['list']))\n")
    done = subprocess.run([sys.executable, "-c", code, str(HERE)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == EXIT_NETWORK_USED, done.stderr
    assert "create_connection(('192.0.2.1', 443))" in done.stderr
    assert "calling_home" in done.stderr


# -- 3. the window, on demo data ------------------------------------------------------------------
def test_the_window_on_demo_data_never_touches_the_network(
        no_network: NetworkGuard, window, qtbot, svc, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QDesktopServices

    from kemitraan_desktop.ui import report_actions, save_pdf
    from kemitraan_desktop.ui.dialogs.audit_log import AuditLogDialog
    from kemitraan_desktop.ui.dialogs.backups import AutomaticBackupsDialog
    from kemitraan_desktop.ui.dialogs.help import HelpDialog
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerRegistryDialog
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog
    from kemitraan_desktop.ui.dialogs.settings import SettingsDialog

    # Opening a file hands a URL to the desktop: it must always be a local file's.
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toString()) or True))

    demo, settings = window.demo, window.settings
    window.list.show_dashboard()
    for partnership_id in demo.partnership_ids:
        window.list.select(partnership_id)
        assert window.wizard is not None
        for number in range(1, 9):
            window.wizard.go_to(number, remember=False)
            qtbot.wait(1)

    # The three reports as the Laporan menu prints them: in a background worker.
    finished: list[object] = []
    monkeypatch.setattr(report_actions, "_finished", lambda parent, title, path, bound=None:
                        finished.append(path))
    monkeypatch.setattr(report_actions, "_failed", lambda parent, title, error:
                        finished.append(error))
    for partnership_id, kind in zip(demo.partnership_ids, ("readiness", "archive", "evaluation"),
                                    strict=True):
        out = tmp_path / f"{kind}.pdf"
        monkeypatch.setattr(save_pdf.QFileDialog, "getSaveFileName",
                            staticmethod(lambda *args, _out=out, **kw: (str(_out), "")))
        window.list.select(partnership_id)
        count = len(finished)
        window.report(kind)
        qtbot.waitUntil(lambda count=count: len(finished) > count, timeout=120_000)
        assert finished[-1] == out, finished[-1]
        assert out.read_bytes().startswith(b"%PDF-")

    dialogs = [PracticeProfileDialog(svc, window), PartnerRegistryDialog(svc, window),
               NewPartnershipDialog(svc, window), SettingsDialog(svc, settings, window),
               AuditLogDialog(svc, window), AutomaticBackupsDialog(svc, window),
               HelpDialog(1, window)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(1)
        dialog.close()
    window.close()
    assert all(url.startswith("file:") for url in opened), opened
