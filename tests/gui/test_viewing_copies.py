"""Issue 16.7: what the window hands to the system's viewer stays private and goes away.

The agreement's PDF (step 5, "Buka di penampil") and an activity's photo (step 7) are copied into
the data folder's private scratch folder, never into the shared system temp folder where a link
planted under the same name was written through; the copies go when the data folder is closed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices


def test_the_agreement_opened_in_the_viewer_is_a_private_copy_gone_at_close(
        window, qtbot, svc, monkeypatch, tmp_path):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(Path(url.toLocalFile())) or True))
    bpjs = window.demo.partnership_ids[0]  # the PKS with BPJS, a draft at step 5
    window.list.select(bpjs)
    window.wizard.go_to(5, remember=False)
    page = window.wizard.page(5)
    qtbot.waitUntil(lambda: page.open_button.isEnabled())

    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)

    assert len(opened) == 1
    copy = opened[0]
    data_dir = svc.db.data_dir
    assert data_dir / ".tmp" in copy.parents and copy.suffix == ".pdf"
    assert copy.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o400
        assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700
    assert list(system_temp.iterdir()) == []
    svc.db.close()  # what the window does when it closes
    assert not copy.exists()
    assert list((data_dir / ".tmp").iterdir()) == []


def test_without_a_pdf_viewer_the_button_says_so(window, qtbot, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    window.list.select(window.demo.partnership_ids[0])
    window.wizard.go_to(5, remember=False)
    page = window.wizard.page(5)
    qtbot.waitUntil(lambda: page.open_button.isEnabled())

    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)

    assert page.bar.text == ("Tidak ada program di komputer ini yang dapat membuka "
                             "Kerja sama FKTP dengan BPJS Kesehatan v1.pdf.")
