"""Step 4, the credentialing evidence: the doctor clicks the button beside a requirement, attaches
the scan of the SIP, sees it, removes a wrong one (and brings it back), then binds the submission
from the Laporan menu and finds the scan in the file, in its place."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from reportlab.pdfgen.canvas import Canvas

from kemitraan_desktop.domain.enums import PartnerType
from kemitraan_desktop.services import credentialing
from kemitraan_desktop.services.demo import png_bytes
from kemitraan_desktop.ui import report_actions, save_pdf
from kemitraan_desktop.ui.dialogs.evidence import EvidenceDialog


def _sip_pdf(path: Path) -> Path:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "SURAT IZIN PRAKTIK DOKTER 503/0123/SIP-DU/2022")
    canvas.showPage()
    canvas.save()
    path.write_bytes(out.getvalue())
    return path


def _bpjs(window) -> int:  # noqa: ANN001
    return next(pid for pid in window.demo.partnership_ids
                if window.svc.partnerships.get(pid).partner_type == PartnerType.BPJS)


def _step4(window, qtbot, pid: int):  # noqa: ANN001, ANN202
    window.list.select(pid)
    window.wizard.go_to(4)
    qtbot.wait(1)
    page = window.wizard.page(4)
    return page, {row.code: row for row in page.admin_rows}


def _in_the_dialog(qtbot, steps) -> dict:  # noqa: ANN001
    """Run *steps(dialog, seen)* inside the modal evidence dialog, then close it."""
    seen: dict = {}

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, EvidenceDialog), dialog
            steps(dialog, seen)
        except BaseException as error:  # noqa: BLE001 - said after the dialog has closed
            seen["error"] = error
        finally:
            if dialog is not None:
                dialog.reject()

    QTimer.singleShot(0, run)
    return seen


def test_the_doctor_attaches_the_sip_scan_in_step_4_and_the_menu_binds_it(
        window, qtbot, tmp_path: Path, monkeypatch) -> None:
    svc = window.svc
    pid = _bpjs(window)
    page, rows = _step4(window, qtbot, pid)
    sip_button = rows["sip"].evidence
    assert not sip_button.isHidden()
    assert sip_button.text() == "Lampirkan bukti…"

    scan = _sip_pdf(tmp_path / "SIP dr Siti.pdf")
    wrong = tmp_path / "foto KTP.png"
    wrong.write_bytes(png_bytes(200, 120, (200, 210, 220)))
    word = tmp_path / "SIP.docx"
    word.write_bytes(b"PK\x03\x04 not a scan")
    chosen = [[str(scan), str(word)], [str(wrong)]]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kw: (chosen.pop(0), "")))

    def attach_then_remove_the_wrong_one(dialog: EvidenceDialog, seen: dict) -> None:
        assert dialog.windowTitle() == "Bukti: SIP (Surat Izin Praktik) yang masih berlaku"
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
        seen["listed"] = [dialog.files.item(n).text() for n in range(dialog.files.count())]
        seen["refused"] = dialog.problem.text()
        seen["pages shown"] = dialog.preview.page_count
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
        seen["after the photo"] = dialog.files.count()
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)  # the photo
        seen["removed"] = dialog.problem.text()
        seen["stored after removal"] = [f.name for f in credentialing.evidence_files(
            svc, rows["sip"].id)]
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
        seen["stored after undo"] = [f.name for f in credentialing.evidence_files(
            svc, rows["sip"].id)]
        dialog.files.setCurrentRow(1)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)

    seen = _in_the_dialog(qtbot, attach_then_remove_the_wrong_one)
    qtbot.mouseClick(sip_button, Qt.MouseButton.LeftButton)
    assert "error" not in seen, seen.get("error")
    assert seen["listed"] == ["SIP dr Siti.pdf"]
    assert seen["refused"] == ("SIP.docx tidak dapat dimasukkan ke berkas pengajuan "
                               "kredensialing: lampirkan pindaian atau foto berupa PDF, JPG, "
                               "atau PNG.")
    assert seen["pages shown"] == 1
    assert seen["after the photo"] == 2
    assert seen["removed"] == "Dihapus: foto KTP.png"
    assert seen["stored after removal"] == ["SIP dr Siti.pdf"]
    assert seen["stored after undo"] == ["SIP dr Siti.pdf", "foto KTP.png"]
    # Read back from the database: the one scan that is the SIP's.
    assert [f.name for f in credentialing.evidence_files(svc, rows["sip"].id)] == [
        "SIP dr Siti.pdf"]
    assert sip_button.text() == "Bukti: 1 berkas…"

    # The jejaring PKS comes from its partnership, shown here, never removed here.
    def look_at_the_apotek_pks(dialog: EvidenceDialog, seen: dict) -> None:
        seen["listed"] = [dialog.files.item(n).text() for n in range(dialog.files.count())]
        seen["removable"] = dialog.remove_button.isEnabled()

    seen = _in_the_dialog(qtbot, look_at_the_apotek_pks)
    qtbot.mouseClick(rows["pks_apotek"].evidence, Qt.MouseButton.LeftButton)
    assert "error" not in seen, seen.get("error")
    assert seen["listed"] == [
        "pks-ditandatangani.png (dari kemitraan: PKS dengan Apotek Sehat Sentosa)"]
    assert seen["removable"] is False

    # Laporan > Berkas pengajuan kredensialing: a background job, then what is still missing.
    out = tmp_path / "Berkas pengajuan.pdf"
    monkeypatch.setattr(save_pdf.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (str(out), "")))
    told: list[str] = []
    monkeypatch.setattr(report_actions, "_finished", lambda parent, title, path, bound=None:
                        told.append(report_actions.finished_text(path, bound)))
    laporan = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Laporan")
    action = next(a for a in laporan.actions()
                  if a.text() == "&Berkas pengajuan kredensialing (satu berkas)…")
    action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=120_000)
    # STR, NPWP, surat pernyataan, accreditation, and the demo's apotek and laboratory PKS
    # that end before the PKS with BPJS (as the form bound in it says); not the PKS with a
    # bidan "jika ada".
    assert told[0].startswith(f"Tersimpan: {out}\n\nMasih kurang (6 butir)")
    assert "PKS dengan Apotek Sehat Sentosa berakhir pada " in told[0]
    assert "PKS dengan Laboratorium Klinik Prima Husada berakhir pada " in told[0]
    assert "bidan" not in told[0]
    assert "Surat Tanda Registrasi (STR) dokter: pindaian atau foto dokumen belum " \
           "dilampirkan." in told[0]
    assert "Surat Izin Praktik (SIP)" not in told[0]
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    cover = pages[0]
    assert "Surat Izin Praktik (SIP) dokter yang masih berlaku SIP dr Siti.pdf" in cover
    assert any("SURAT IZIN PRAKTIK DOKTER 503/0123/SIP-DU/2022" in text for text in pages)
    assert all(f"Halaman {n} dari {len(pages)}" in text
               for n, text in enumerate(pages, start=1))
