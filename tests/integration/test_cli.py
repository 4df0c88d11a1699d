"""The command line end to end: demo → list → export → import into an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.opening import open_services


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _records(data_dir: Path) -> dict[str, list]:
    """Every table's rows as comparable tuples (ids, uids and times left out)."""
    svc = open_services(data_dir)
    try:
        skip = {"id", "created_at", "updated_at", "imported_from", "finalized_at"}
        result = {}
        for name in ("goals", "roles", "budget_lines", "activities", "reports", "indicators",
                     "indicator_values", "key_answers", "action_items", "clauses",
                     "agreement_parties", "attachments"):
            entities = getattr(svc, name)
            rows = entities.list()
            result[name] = sorted(
                tuple((k, str(v)) for k, v in vars(r).items() if k not in skip
                      and not k.endswith("_id")) for r in rows)
        return result
    finally:
        svc.db.close()


def test_demo_list_export_import_round_trip(capsys, tmp_path: Path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    code, out, _err = run(capsys, "--data-dir", str(ours), "demo")
    assert code == 0 and "3" in out

    code, out, _err = run(capsys, "--data-dir", str(ours), "list")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3
    assert any("Apotek Sehat Sentosa" in line and "7" in line for line in lines)
    assert any("BPJS" in line and "5" in line for line in lines)

    code, _out, _err = run(capsys, "--data-dir", str(ours), "check")
    assert code == 0

    svc = open_services(ours)
    apotek = next(r for r in partnerships.list_partnerships(svc) if "Apotek" in r.partner_names)
    svc.db.close()
    package = tmp_path / "apotek.zip"
    code, out, _err = run(capsys, "--data-dir", str(ours), "export", "--partnership",
                          str(apotek.id), "--out", str(package))
    assert code == 0 and package.exists()

    code, out, _err = run(capsys, "--data-dir", str(theirs), "import", str(package))
    assert code == 0, _err
    code, out, _err = run(capsys, "--data-dir", str(theirs), "list")
    assert "Kerja sama pelayanan obat peserta JKN" in out

    mine = _records(ours)
    received = _records(theirs)
    svc = open_services(theirs)
    try:
        # The other doctor's practice is archived, but it does not become ours.
        assert partnerships.current_practice(svc) is None
        stored = {a.sha256 for a in svc.attachments.list()}
        assert stored and all(svc.db.attachments.verify(sha) for sha in stored)
    finally:
        svc.db.close()
    for table in ("goals", "roles", "budget_lines", "activities", "reports", "clauses",
                  "agreement_parties"):
        assert set(received[table]) <= set(mine[table]), table
        assert received[table], table
    code, _out, _err = run(capsys, "--data-dir", str(theirs), "check")
    assert code == 0

    code, _out, err = run(capsys, "--data-dir", str(theirs), "import", str(package))
    assert code == 2 and err.count("\n") == 1  # already there: one line, no traceback


@pytest.mark.parametrize("args", [
    ("export", "--partnership", "999", "--out", "x.zip"),
    ("report", "mou", "--partnership", "999", "--out", "x.pdf"),
    ("import", "tidak-ada.zip"),
    ("verify", "tidak-ada.pdf"),
    ("agreement", "sign", "--partnership", "1", "--date", "besok", "--scan", "x.pdf"),
])
def test_a_user_mistake_is_one_indonesian_line_and_a_nonzero_exit(capsys, tmp_path, args):
    code, out, err = run_safely(capsys, "--data-dir", str(tmp_path / "data"), *args)
    assert code == 2
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("Kesalahan")


def run_safely(capsys, *args: str) -> tuple[int, str, str]:
    try:
        return run(capsys, *args)
    except SystemExit as stop:  # argparse refuses a malformed argument this way
        captured = capsys.readouterr()
        return int(stop.code or 0), captured.out, captured.err


def test_the_installed_command_runs_as_a_separate_process(tmp_path: Path):
    env = {**os.environ, "KEMITRAAN_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "kemitraan_desktop", "list"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()  # "Belum ada kemitraan." or its English source


def test_help_and_a_mistyped_command_read_in_indonesian(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("pemakaian: kemitraan-desktop")
    assert "tampilkan bantuan ini lalu keluar" in shown
    assert "satu baris per kemitraan" in shown
    assert "show this help" not in shown and "positional arguments" not in shown

    with pytest.raises(SystemExit) as stopped:
        main(["lsit"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "'lsit' tidak dikenal" in error and "invalid choice" not in error


def test_help_in_english_when_asked(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert capsys.readouterr().out.startswith("usage: kemitraan-desktop")
