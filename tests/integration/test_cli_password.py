"""The command line and the program password: every command that opens the data asks for it
(environment variable, else typed at a terminal, else a clear refusal with exit code 2), and
``password set|remove`` set, change and remove it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kemitraan_desktop import cli
from kemitraan_desktop.cli import main
from kemitraan_desktop.services import audit, password
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.opening import open_services

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def locked(data_dir: Path) -> Path:
    svc = open_services(data_dir)
    create_demo(svc)
    password.set_password(svc, "rahasia1", "rahasia1")
    svc.db.close()
    return data_dir


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def typed(monkeypatch):
    """Answers to getpass, in turn, as if typed at a terminal; no real waiting."""
    answers: list[str] = []
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    return answers


def test_without_a_password_commands_run_as_before(capsys, data_dir, no_terminal):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "demo")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "list")
    assert code == 0 and len(out.strip().splitlines()) == 3 and err == ""


def test_the_password_from_the_environment_opens_the_data(capsys, locked, monkeypatch,
                                                          no_terminal):
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rahasia1")
    code, out, err = run(capsys, "--data-dir", str(locked), "list")
    assert code == 0, err
    assert "Apotek Sehat Sentosa" in out


def test_a_wrong_password_from_the_environment_is_refused(capsys, locked, monkeypatch):
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "salah123")
    code, out, err = run(capsys, "--data-dir", str(locked), "list")
    assert code == 2 and out == ""
    assert err.strip() == ("Kesalahan: Kata sandi di variabel lingkungan KEMITRAAN_PASSWORD "
                           "salah.")


@pytest.mark.parametrize("command", [["list"], ["check"], ["demo"],
                                     ["report", "archive", "--partnership", "1", "--out", "x.pdf"],
                                     ["export", "--partnership", "1", "--out", "x.zip"],
                                     ["backup", "--out", "x.zip"], ["password", "set"],
                                     ["password", "remove"]])
def test_without_a_terminal_and_without_the_variable_every_command_refuses(
        capsys, locked, no_terminal, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(locked), *command)
    assert code == 2 and out == ""
    assert "dilindungi kata sandi program" in err and "KEMITRAAN_PASSWORD" in err
    assert not list(tmp_path.glob("x.*"))  # nothing was written


def test_at_a_terminal_the_password_is_typed_and_three_mistakes_end_it(capsys, locked, typed):
    typed += ["salah1", "rahasia1"]
    code, out, err = run(capsys, "--data-dir", str(locked), "list")
    assert code == 0 and "Apotek" in out
    assert err.count("Kata sandi salah.") == 1
    typed += ["salah1", "salah2", "salah3"]
    code, out, err = run(capsys, "--data-dir", str(locked), "list")
    assert code == 2 and out == ""
    assert "Kata sandi salah 3 kali." in err


def test_a_real_process_without_a_terminal_refuses_with_exit_code_2(locked):
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("KEMITRAAN_PASSWORD", "KEMITRAAN_NEW_PASSWORD")}
    done = subprocess.run([sys.executable, "-m", "kemitraan_desktop", "--data-dir", str(locked),
                           "list"], cwd=ROOT, env=environment, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert "Folder data ini dilindungi kata sandi program" in done.stderr


def test_password_set_change_and_remove(capsys, data_dir, monkeypatch, no_terminal):
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "rahasia1")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 0, err
    assert "Kata sandi program sudah dibuat." in out and "tidak dienkripsi" in out

    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "baru1234")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 2  # changing asks the current one first
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rahasia1")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 0 and "sudah diubah" in out, err

    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "remove")
    assert code == 2  # the variable still holds the old one
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "baru1234")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "remove")
    assert code == 0 and "sudah dihapus" in out, err
    monkeypatch.delenv("KEMITRAAN_PASSWORD")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "remove")
    assert code == 0 and out.strip() == "Belum ada kata sandi program."

    svc = open_services(data_dir)
    try:
        actions = [row.action for row in audit.list_entries(svc, 0, 100)
                   if row.entity == password.ENTITY]
    finally:
        svc.db.close()
    assert actions == ["delete", "update", "create"]


def test_a_short_new_password_is_refused(capsys, data_dir, monkeypatch, no_terminal):
    monkeypatch.setenv("KEMITRAAN_NEW_PASSWORD", "abc")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 2 and "sekurang-kurangnya 6 karakter" in err


def test_password_set_at_a_terminal_asks_twice(capsys, data_dir, typed):
    typed += ["rahasia1", "rahasia2"]
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 2 and "tidak sama" in err
    typed += ["rahasia1", "rahasia1"]
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 0, err
    typed += ["rahasia1", "baru1234", "baru1234"]  # the current one first, then the new twice
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 0 and "sudah diubah" in out, err


def test_without_a_terminal_a_new_password_must_come_from_the_environment(capsys, data_dir,
                                                                         no_terminal):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "password", "set")
    assert code == 2 and "KEMITRAAN_NEW_PASSWORD" in err


def test_a_forgotten_password_is_removed_from_the_command_line(capsys, locked, no_terminal):
    code, out, err = run(capsys, "--data-dir", str(locked), "password", "remove", "--forgotten")
    assert code == 0, err
    assert "sudah dihapus" in out and "Jejak audit" in out
    code, out, err = run(capsys, "--data-dir", str(locked), "list")
    assert code == 0 and "Apotek" in out


def test_restore_and_smoke_ask_before_they_touch_the_folder(capsys, locked, no_terminal,
                                                            tmp_path, monkeypatch):
    before = (locked / "kemitraan.sqlite3").read_bytes()
    code, out, err = run(capsys, "--data-dir", str(locked), "restore", str(tmp_path / "x.zip"))
    assert code == 2 and "dilindungi kata sandi" in err
    assert (locked / "kemitraan.sqlite3").read_bytes() == before

    opened = []
    monkeypatch.setattr("kemitraan_desktop.ui.smoke.run_smoke", lambda folder: opened.append(1))
    code, out, err = run(capsys, "--data-dir", str(locked), "--smoke")
    assert code == 2 and "dilindungi kata sandi" in err and opened == []
    monkeypatch.setenv("KEMITRAAN_PASSWORD", "rahasia1")
    main(["--data-dir", str(locked), "--smoke"])
    assert opened == [1]


def test_a_bundle_without_a_console_has_no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    assert cli._at_terminal()
    monkeypatch.setattr(sys, "stdin", None)
    assert not cli._at_terminal()
