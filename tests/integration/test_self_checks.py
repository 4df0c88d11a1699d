"""``--self-test`` and ``--smoke``: an installation checks itself, and says how fast it opens."""

from __future__ import annotations

from kemitraan_desktop.cli import main
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.self_test import SelfTestFailure, check_pdf


def test_the_self_test_passes_and_says_what_it_did(capsys) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "6." in out and "PDF" in out
    assert out.strip().splitlines()[-1].startswith(("Uji mandiri berhasil", "Self-test passed"))


def test_a_cut_pdf_fails_the_check() -> None:
    import pytest

    with pytest.raises(SelfTestFailure):
        check_pdf(b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n")
    with pytest.raises(SelfTestFailure):
        check_pdf(b"<html>not a pdf</html>")


def test_the_smoke_run_opens_the_window_and_reports_its_times(qtbot, svc, capsys) -> None:
    create_demo(svc)
    assert main(["--data-dir", str(svc.db.data_dir), "--smoke"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("smoke "))
    fields = dict(part.split("=") for part in line.split()[1:])
    assert int(fields["rows"]) == 3
    assert 0 < int(fields["first_paint_ms"]) <= int(fields["list_ms"]) <= int(fields["idle_ms"])
    # The click posted when the list showed was answered, before the window was idle.
    assert int(fields["list_ms"]) <= int(fields["click_ms"]) <= int(fields["idle_ms"])
    assert 0 < int(fields["busy_ms"]) <= int(fields["idle_ms"])


def test_the_self_test_fails_when_reportlab_prints_without_its_accelerator(
        capsys, monkeypatch) -> None:
    from reportlab.lib import rl_accel

    monkeypatch.setitem(rl_accel._py_funcs, "instanceStringWidthTTF", None)
    assert main(["--self-test"]) == 1
    assert "rl_accel" in capsys.readouterr().out
