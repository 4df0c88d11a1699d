"""A restore killed at its worst moment leaves a folder that check calls sound.

The database and the audit anchor file are two files. A restore killed after it had put the
restored database in place but before it renewed the anchor left an anchor naming the old
history's head: check then said "entries were deleted" of a folder nobody had touched, and kept
saying it (the held-out re-run of issue 16 hit it in 2 of 6 kills of ``restore``). And a restore
killed between the two renames it made (the old database away, the new one not yet in place)
left no database at all: the next start made a new empty one. The kill is stood in for by an
exception at the rename that puts the restored database in place, and after it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kemitraan_desktop.cli import main
from kemitraan_desktop.services import backup
from kemitraan_desktop.storage import aside


class Killed(BaseException):
    """What SIGKILL does to the rest of the function: nothing after it runs."""


@pytest.fixture(scope="module")
def demo_with_backup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("demo") / "data"
    assert main(["--data-dir", str(folder), "demo"]) == 0
    archive = folder.parent / "cadangan.zip"
    assert main(["--data-dir", str(folder), "backup", "--out", str(archive)]) == 0
    return folder, archive


def killed_restore(folder: Path, archive: Path, monkeypatch: pytest.MonkeyPatch,
                   at: str) -> None:
    real_replace, real_anchor = aside.os.replace, backup.write_anchor

    def move(current: Path, target: Path) -> None:
        if at == "before the swap" and Path(target).name == "kemitraan.sqlite3":
            raise Killed
        real_replace(current, target)

    def anchor(data_dir: Path, head, pending=None) -> None:  # noqa: ANN001
        if at == "after the swap" and pending is None:
            raise Killed
        real_anchor(data_dir, head, pending)

    monkeypatch.setattr(aside.os, "replace", move)
    monkeypatch.setattr(backup, "write_anchor", anchor)
    with pytest.raises(Killed):
        backup.restore(folder, archive)
    monkeypatch.undo()


@pytest.mark.parametrize("at", ["before the swap", "after the swap"])
def test_a_restore_killed_leaves_a_folder_that_checks_sound(
        demo_with_backup, tmp_path: Path, monkeypatch, capsys, at: str) -> None:
    demo, archive = demo_with_backup
    folder = tmp_path / "data"
    shutil.copytree(demo, folder, ignore=shutil.ignore_patterns("*.lock"))
    assert main(["--data-dir", str(folder), "check"]) == 0  # the anchor names this history
    capsys.readouterr()
    killed_restore(folder, archive, monkeypatch, at)

    code = main(["--data-dir", str(folder), "check"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "entri yang dihapus" not in out and "Basis data dalam kondisi baik." in out
    assert main(["--data-dir", str(folder), "list"]) == 0
    assert "Kerja sama pelayanan obat peserta JKN" in capsys.readouterr().out
