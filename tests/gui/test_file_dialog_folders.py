"""Every file dialog opens where the doctor last put or took a document of this practice.

Seen in the walk: the PKS was saved as PDF into the practice's folder, and then "Pilih berkas…"
for the scan of the signed copy opened in /root (the program's working folder), and so did the
photos of a report: each file was looked for again. The platform's dialog cannot be driven from
a test; a stand-in records the folder it is opened in and answers as the person does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kemitraan_desktop.ui.dialogs.signing import SignDialog


class Hand:
    """The person at the file dialogs: which folder each opened in, and the answers given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened_in: list[Path] = []
        self.answers: list[Path] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self.one)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.one)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self.many)

    def _seen(self, start: str) -> Path:
        start_path = Path(start)
        self.opened_in.append(start_path if start_path.is_dir() else start_path.parent)
        return self.answers.pop(0)

    def one(self, _parent, _title, start, *_rest):  # noqa: ANN001, ANN202
        return str(self._seen(start)), ""

    def many(self, _parent, _title, start, *_rest):  # noqa: ANN001, ANN202
        return [str(self._seen(start))], ""


def test_the_scan_and_the_photos_are_looked_for_where_the_pks_was_saved(
        qtbot, window, svc, tmp_path, monkeypatch):
    papers = tmp_path / "Dokumen praktik"
    photos = tmp_path / "Foto kegiatan"
    papers.mkdir()
    photos.mkdir()
    (papers / "pks-bertanda-tangan.pdf").write_bytes(b"%PDF-1.4 signed over meterai")
    photo = photos / "rapat.png"
    photo.write_bytes(
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db4"
                      "0000000049454e44ae426082"))
    hand = Hand(monkeypatch)

    # The first PDF of this practice: the dialog opens in the home folder.
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    step5 = window.wizard.pages[5]
    hand.answers.append(papers / "PKS BPJS.pdf")
    qtbot.mouseClick(step5.save_button, Qt.MouseButton.LeftButton)
    assert (papers / "PKS BPJS.pdf").read_bytes().startswith(b"%PDF-")
    assert hand.opened_in == [Path.home()]

    # Catat penandatanganan → Pilih berkas…: where the PKS went.
    dialog = SignDialog(svc, svc.agreements.get(svc.agreements.list(bpjs.id)[-1].id), step5,
                        step5.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    hand.answers.append(papers / "pks-bertanda-tangan.pdf")
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert hand.opened_in[-1] == papers
    assert dialog.scan.text() == str(papers / "pks-bertanda-tangan.pdf")
    dialog.reject()

    # Langkah 7 → Tambah berkas…: there too; the photo is taken from another folder.
    apotek = next(p for p in svc.partnerships.list() if p.partner_type == "apotek")
    window.list.select(apotek.id)
    window.wizard.go_to(7, remember=False)
    step7 = window.wizard.pages[7]
    step7.report_tabs.setCurrentIndex(1)
    assert step7.add_files_button.isVisible() and step7.add_files_button.isEnabled()
    hand.answers.append(photo)
    qtbot.mouseClick(step7.add_files_button, Qt.MouseButton.LeftButton)
    assert hand.opened_in[-1] == papers
    assert step7.attachment_list.count() >= 1

    # The next PDF is proposed beside that photo: the last folder used, whatever the document.
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    hand.answers.append(photos / "PKS BPJS (2).pdf")
    qtbot.mouseClick(step5.save_button, Qt.MouseButton.LeftButton)
    assert hand.opened_in[-1] == photos
    assert hand.answers == []
