"""Walker #12: the paper was locked once the PKS was final while the guide said a final PKS
prints on A4 or F4, and nothing on Langkah 5 said before finalizing that the choice is kept.
The final PDF keeps the paper chosen before finalizing; the sealed text still saves on the
other paper, and that print is verified, as the note under "Kertas" now says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_save_pdf_paper import F4, F4_TEXT, FileDialogHand, page_size

from kemitraan_desktop.services import agreements

DRAFT_A4 = ("Saat finalisasi, PDF final disimpan pada kertas yang dipilih di sini (A4) dan "
            "pilihan itu tetap. Teks final tetap dapat disimpan pada kertas F4 nanti (Simpan "
            "sebagai PDF…).")
DRAFT_F4 = ("Saat finalisasi, PDF final disimpan pada kertas yang dipilih di sini (F4) dan "
            "pilihan itu tetap. Teks final tetap dapat disimpan pada kertas A4 nanti (Simpan "
            "sebagai PDF…).")
FINAL_A4 = ("PDF final disimpan pada kertas A4, dan pilihan itu tetap. Untuk mencetak pada "
            "kertas F4, pilih jenis berkas “PDF, kertas F4” di Simpan sebagai PDF…: isinya "
            "sama, dan cetakan itu juga terverifikasi.")


def test_before_finalizing_the_page_says_the_paper_is_kept(qtbot, window, svc,
                                                           monkeypatch) -> None:
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    window.list.select(bpjs.id)
    window.wizard.go_to(5, remember=False)
    step5 = window.wizard.pages[5]
    assert step5.paper_note.isVisible() and step5.paper_note.text() == DRAFT_A4

    # The doctor picks F4 in the drop-down: the note follows.
    qtbot.mouseClick(step5.paper, Qt.MouseButton.LeftButton)
    qtbot.keyClick(step5.paper.view(), Qt.Key.Key_Down)
    qtbot.keyClick(step5.paper.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: step5.paper_note.text() == DRAFT_F4)
    assert svc.agreements.get(step5.agreement.id).paper == "f4"

    # The confirmation before finalizing says it too.
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text: (
        asked.append(text), QMessageBox.StandardButton.No)[1])
    monkeypatch.setattr(agreements, "finalize_problems", lambda _svc, _id: [])
    qtbot.mouseClick(step5.finalize_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and asked[0].endswith("Lakukan finalisasi sekarang?\n\n" + DRAFT_F4)


def test_a_final_pks_saves_on_the_other_paper_and_that_print_verifies(
        qtbot, window, svc, tmp_path: Path, monkeypatch) -> None:
    lab = next(p for p in svc.partnerships.list() if p.partner_type == "laboratorium")
    window.list.select(lab.id)
    window.wizard.go_to(5, remember=False)
    step5 = window.wizard.pages[5]
    assert step5.agreement.status == "signed" and step5.agreement.paper == "a4"
    assert not step5.paper.isEnabled()  # the final PDF's paper is kept
    assert step5.paper_note.text() == FINAL_A4

    FileDialogHand(monkeypatch, str(tmp_path / "PKS lab F4.pdf"), F4_TEXT)
    qtbot.mouseClick(step5.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "PKS lab F4.pdf"
    assert page_size(saved) == F4
    verdict = agreements.verify_document(svc, saved.read_bytes())
    assert verdict.genuine and verdict.paper == "f4"
    assert verdict.message.startswith("TERVERIFIKASI")
