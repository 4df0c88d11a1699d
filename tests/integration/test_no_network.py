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
from decimal import Decimal
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from network_guard import EXIT_NETWORK_USED, NetworkForbidden, NetworkGuard  # noqa: E402

TODAY = date.today()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch):
    """Forbid the network for the test; fail it, naming the caller, on any attempt."""
    guard = NetworkGuard()
    guard.install(monkeypatch.setattr)
    yield guard
    monkeypatch.undo()  # the guard's own report below must not trip over itself
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
def _png(path: Path) -> Path:
    from kemitraan_desktop.services.demo import png_bytes

    path.write_bytes(png_bytes(64, 48, (120, 170, 210), stripe=8))
    return path


def _whole_workflow(svc, tmp_path: Path) -> int:  # noqa: ANN001 - Services, imported late
    """Walk one apotek partnership through every step and every use case; return its id."""
    from kemitraan_desktop.domain.five_keys import STATEMENTS
    from kemitraan_desktop.services import (
        activities,
        agreements,
        audit,
        evaluation,
        listing,
        partnerships,
        settings,
    )

    practice = svc.practices.create(
        doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti", nik="3404076208850003",
        npwp="3404076208850003", phone="0274 895123", postal_code="55581",
        kota="Kabupaten Sleman", sip_number="503/0123/SIP", email="praktik@example.id",
        sip_issued=TODAY - timedelta(days=400), sip_expires=TODAY + timedelta(days=90),
        number_unit="DR-SR",
    )
    assert partnerships.current_practice(svc).id == practice.id
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek",
                                 contact_person="apt. Dewi Lestari", contact_position="APJ",
                                 email="apotek@example.id", kota="Kabupaten Sleman")
    other = svc.partners.create(name="Apotek Kedua", partner_type="apotek")
    svc.licences.create(partner_id=apotek.id, name="SIA", number="503/0456/SIA/2023",
                        issued=TODAY - timedelta(days=300), expires=TODAY + timedelta(days=700))

    # Step 1: the idea, both visions, the three principles.
    p = partnerships.start_partnership(svc, "Kerja sama pelayanan obat", "apotek", apotek.id)
    svc.partnerships.update(
        p.id, idea="Obat sesuai Fornas di apotek terdekat.", practice_vision="Sehat bersama.",
        practice_mission="Melayani.", partner_vision="Apotek terpercaya.",
        partner_mission="Obat lengkap.", kesetaraan_met=True, keterbukaan_met=True,
        saling_menguntungkan_met=True, kesetaraan_note="Setara.")
    # Step 2: candidates scored and ranked.
    svc.candidates.create(partnership_id=p.id, partner_id=other.id, score_shared_vision=3,
                          score_capacity=2, score_access=4, score_reputation=3,
                          score_acceptance=2)
    first = svc.candidates.list(p.id)[0]
    svc.candidates.update(first.id, score_shared_vision=5, score_capacity=4, score_access=5,
                          score_reputation=4, score_acceptance=5)
    assert partnerships.ranked_candidates(svc, p.id)[0].partner_name == "Apotek Sehat Sentosa"
    # Step 3: goals and roles.
    svc.goals.create(partnership_id=p.id, description="Resep terlayani", target="≥ 95%",
                     target_date=TODAY + timedelta(days=90))
    for party, text in (("practice", "Menulis resep sesuai Fornas"),
                        ("partner", "Menyediakan obat sesuai Fornas")):
        svc.roles.create(partnership_id=p.id, party=party, description=text)
    # Step 4: the budget (and a BPJS partnership's credentialing checklist, further down).
    svc.budget_lines.create(partnership_id=p.id, description="Rapat koordinasi",
                            quantity=Decimal(4), unit="kali", unit_cost_sen=350_000_00,
                            funded_by="both")
    assert partnerships.budget_summary(svc, p.id).totals_sen
    # Step 6 before 5, as a doctor may: the work plan feeds the agreement's Lampiran.
    activity = svc.activities.create(partnership_id=p.id, name="Sosialisasi alur resep",
                                     start_date=TODAY - timedelta(days=30), end_date=TODAY,
                                     person_in_charge="dr. Siti", party="both",
                                     planned_cost_sen=500_000_00)
    assert activities.plan_vs_budget(svc, p.id) is not None

    # Step 5: draft, print, edit, finalize, sign, verify, addendum.
    draft = agreements.draft_agreement(svc, p.id, "pks", start=TODAY - timedelta(days=10),
                                       end=TODAY + timedelta(days=355))
    assert agreements.agreement_pdf(svc, draft.id).startswith(b"%PDF-")
    clause = agreements.add_clause(svc, draft.id, "article", "Lain-lain", "Cukup jelas.")
    agreements.move_clause(svc, clause.id, -1)
    partner_party = next(x for x in svc.agreement_parties.list(draft.id) if x.party == "partner")
    svc.agreement_parties.update(partner_party.id, number="017/PKS/APT-SS/XI/2026")
    agreements.save_agreement_pdf(svc, draft.id, tmp_path / "draf.pdf")
    final = agreements.finalize_agreement(svc, draft.id, "f4")
    final_pdf = agreements.agreement_pdf(svc, draft.id)
    assert agreements.verify_document(svc, final_pdf).genuine
    assert not agreements.verify_document(svc, final_pdf + b" ").genuine
    agreements.sign_agreement(svc, final.id, TODAY, "Para pihak", _png(tmp_path / "scan.png"))
    addendum = agreements.start_addendum(svc, final.id)
    assert agreements.agreement_pdf(svc, addendum.id).startswith(b"%PDF-")
    svc.agreements.delete(addendum.id)

    # Step 7: an activity report with a photo.
    report = svc.reports.create(activity_id=activity.id, report_date=TODAY,
                                participants="dr. Siti; apt. Dewi", done="Sosialisasi.",
                                results="Alur disepakati.", problems="-", follow_up="Rapat lagi.",
                                actual_cost_sen=450_000_00)
    photo = activities.attach_file(svc, report.id, _png(tmp_path / "foto.png"), "Dokumentasi")
    assert activities.report_attachments(svc, report.id)[0].id == photo.id
    assert activities.viewing_copy(svc, photo).is_file()
    assert activities.actual_vs_planned(svc, p.id)

    # Step 8: indicators, both parties' scoring, the action items it calls for.
    indicator = svc.indicators.create(partnership_id=p.id, name="Resep terlayani", unit="%",
                                      baseline=Decimal(60), target=Decimal(95), direction="up",
                                      frequency="quarterly")
    for period, value in (("2026-Q1", 70), ("2026-Q2", 82)):
        svc.indicator_values.create(indicator_id=indicator.id, period=period,
                                    value=Decimal(value))
    assert evaluation.indicator_series(svc, p.id)[0].latest == Decimal(82)
    for party, score in (("practice", 4), ("partner", 2)):
        evaluation.save_assessment(svc, p.id, party, TODAY, "penilai",
                                   {s.code: score for s in STATEMENTS}, note="Catatan.")
    assert evaluation.key_summary(svc, p.id).both_scored
    evaluation.add_actions_for_flagged_keys(svc, p.id, TODAY + timedelta(days=30))

    # A BPJS partnership: the credentialing checklist and the readiness report.
    bpjs_partner = svc.partners.create(name="BPJS Kesehatan KC Sleman", partner_type="bpjs")
    bpjs = partnerships.start_partnership(svc, "FKTP", "bpjs", bpjs_partner.id)
    for line in partnerships.readiness(svc, bpjs.id).lines:
        if line.category == "technical":
            svc.readiness_items.update(line.id, score=80)
        else:
            svc.readiness_items.update(line.id, met=True)

    # Everything a person reads about the partnerships.
    assert len(partnerships.list_partnerships(svc)) == 2
    assert partnerships.dashboard(svc) is not None
    assert partnerships.step_progress(svc, p.id)
    assert listing is not None and settings is not None
    assert audit.check_chain(svc).intact
    return p.id


def test_every_use_case_through_the_services_without_the_network(
        no_network: NetworkGuard, svc, tmp_path: Path) -> None:
    from kemitraan_desktop.services import backup, documents, exchange, maintenance
    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.storage.database import Database

    pid = _whole_workflow(svc, tmp_path)
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
    scan = _png(tmp_path / "ttd.png")
    steps: list[tuple[tuple[str, ...], int]] = [
        (("--data-dir", str(ours), "demo"), 0),
        (("--data-dir", str(ours), "list"), 0),
        (("--data-dir", str(ours), "check"), 0),
        # The demo's BPJS partnership (#3) has a draft: print, finalize, verify, sign it.
        (("--data-dir", str(ours), "report", "mou", "--partnership", "3",
          "--out", str(tmp_path / "draf.pdf")), 0),
        (("--data-dir", str(ours), "agreement", "finalize", "--partnership", "3",
          "--paper", "f4"), 0),
        (("--data-dir", str(ours), "report", "mou", "--partnership", "3",
          "--out", str(tmp_path / "pks.pdf"), "--paper", "f4"), 0),
        (("--data-dir", str(ours), "verify", str(tmp_path / "pks.pdf")), 0),
        (("--data-dir", str(ours), "agreement", "sign", "--partnership", "3",
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
        no_network: NetworkGuard, qtbot, svc, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QDesktopServices

    from kemitraan_desktop.services.demo import create_demo
    from kemitraan_desktop.ui import report_actions
    from kemitraan_desktop.ui.dialogs.audit_log import AuditLogDialog
    from kemitraan_desktop.ui.dialogs.backups import AutomaticBackupsDialog
    from kemitraan_desktop.ui.dialogs.help import HelpDialog
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerRegistryDialog
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog
    from kemitraan_desktop.ui.dialogs.settings import SettingsDialog
    from kemitraan_desktop.ui.main_window import MainWindow

    # Opening a file hands a URL to the desktop: it must always be a local file's.
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toString()) or True))

    demo = create_demo(svc)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.list.show_dashboard()
    for partnership_id in demo.partnership_ids:
        window.list.select(partnership_id)
        assert window.wizard is not None
        for number in range(1, 9):
            window.wizard.go_to(number, remember=False)
            qtbot.wait(1)

    # The three reports as the Laporan menu prints them: in a background worker.
    finished: list[object] = []
    monkeypatch.setattr(report_actions, "_finished", lambda parent, title, path:
                        finished.append(path))
    monkeypatch.setattr(report_actions, "_failed", lambda parent, title, error:
                        finished.append(error))
    for partnership_id, kind in zip(demo.partnership_ids, ("readiness", "archive", "evaluation"),
                                    strict=True):
        out = tmp_path / f"{kind}.pdf"
        monkeypatch.setattr(report_actions.QFileDialog, "getSaveFileName",
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
