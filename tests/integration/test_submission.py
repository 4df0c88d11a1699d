"""The credentialing submission in one file: the cover list, the form, each requirement's
evidence in the branch's order, every page numbered as a whole, and what is still missing; the
surat pernyataan printed to sign over a meterai. From the demo: signed PKS with an apotek and a
laboratory (their signed scans), a BPJS partnership whose SIP, STR and NPWP scans are not yet
attached."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.reports.statement import render_statement
from kemitraan_desktop.services import credentialing, documents, partnerships, submission
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo, png_bytes

TODAY = date(2026, 11, 22)
BPJS, APOTEK = 3, 1


@pytest.fixture
def demo(svc: Services) -> Services:
    create_demo(svc, today=TODAY)
    return svc


def _item(svc: Services, code: str) -> int:
    return next(line.id for line in partnerships.readiness(svc, BPJS, TODAY).lines
                if line.code == code)


def _attach(svc: Services, tmp_path: Path, code: str, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    credentialing.attach_evidence(svc, _item(svc, code), path)


def _letter_pdf(*pages: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for text in pages:
        canvas.drawString(72, 720, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _bundle(svc: Services, **kw) -> list[str]:
    out = io.BytesIO()
    documents.render_report(svc, "submission", BPJS, out, **kw)
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def test_the_bundle_opens_with_its_cover_list_then_the_form_then_the_evidence(
        demo: Services, tmp_path: Path) -> None:
    _attach(demo, tmp_path, "sip", "SIP dr Siti.pdf",
            _letter_pdf("SURAT IZIN PRAKTIK halaman satu", "SURAT IZIN PRAKTIK halaman dua"))
    _attach(demo, tmp_path, "str", "STR.png", png_bytes(300, 200, (230, 220, 200)))
    pages = _bundle(demo)
    total = len(pages)
    cover = pages[0]
    assert cover.startswith("BERKAS PENGAJUAN KREDENSIALING")
    assert "Kepada BPJS Kesehatan Kantor Cabang Sleman" in cover
    # Each part in the order of the form's file, with the pages it takes.
    assert "1. Formulir kredensialing (penilaian mandiri) – 2–4 Terlampir" in cover
    assert ("2. Surat Izin Praktik (SIP) dokter yang masih berlaku SIP dr Siti.pdf 5–6 "
            "Terlampir") in cover
    assert "3. Surat Tanda Registrasi (STR) dokter STR.png 7 Terlampir" in cover
    assert "4. Nomor Pokok Wajib Pajak (NPWP) – 8 BELUM ADA" in cover
    assert ("5. Perjanjian kerja sama dengan apotek sebagai jejaring (PKS dengan Apotek Sehat "
            "Sentosa) pks-ditandatangani.png 9 Terlampir") in cover
    # The form follows the cover, without a page line of its own.
    assert pages[1].startswith("FORMULIR KREDENSIALING")
    assert "Halaman 1 dari 3" not in " ".join(pages[1:4])
    # The SIP's own PDF pages, as they are, then the STR photo on a page of its own.
    assert "SURAT IZIN PRAKTIK halaman satu" in pages[4]
    assert "SURAT IZIN PRAKTIK halaman dua" in pages[5]
    assert pages[6].startswith("3. Surat Tanda Registrasi (STR) dokter · STR.png")
    # Every page, scans included, numbered as a whole; past the cover each also names its
    # part of the cover list, so a page taken out of the stack says where it goes.
    for number, page in enumerate(pages, start=1):
        assert f"Berkas pengajuan kredensialing · Halaman {number} dari {total}" in page
    assert "Bagian" not in pages[0]
    assert "Halaman 2 dari" in pages[1] and "Bagian 1" in pages[1]
    assert f"Berkas pengajuan kredensialing · Halaman 5 dari {total} · Bagian 2" in pages[4]
    assert f"Berkas pengajuan kredensialing · Halaman 6 dari {total} · Bagian 2" in pages[5]
    assert f"Berkas pengajuan kredensialing · Halaman 7 dari {total} · Bagian 3" in pages[6]


def test_what_is_missing_is_said_on_the_cover_and_on_a_page_in_its_place(
        demo: Services) -> None:
    pages = _bundle(demo)
    cover = pages[0]
    assert ("Yang masih kurang • Surat Izin Praktik (SIP) dokter yang masih berlaku: pindaian "
            "atau foto dokumen belum dilampirkan.") in cover
    assert ("Surat pernyataan kesediaan mematuhi ketentuan program Jaminan Kesehatan Nasional "
            "(JKN): cetak, tanda tangani di atas meterai, lalu lampirkan pindaiannya.") in cover
    assert "Sertifikat akreditasi praktik: belum terpenuhi." in cover
    npwp = next(page for page in pages if page.startswith("4. Nomor Pokok Wajib Pajak"))
    assert "BELUM DILAMPIRKAN pindaian atau foto dokumen belum dilampirkan." in npwp


def _locked_pdf() -> bytes:
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(_letter_pdf("NPWP"))))
    locked.encrypt("rahasia")
    out = io.BytesIO()
    locked.write(out)
    return out.getvalue()


def _stored_unchecked(svc: Services, tmp_path: Path, code: str, name: str, data: bytes) -> None:
    """Evidence stored as a version before step 4 refused unreadable files did (or as a
    partner's package brings it): the binder must still say what it is."""
    from kemitraan_desktop.services.activities import store_file

    path = tmp_path / name
    path.write_bytes(data)
    item_id = _item(svc, code)
    with svc.db.session() as session:
        attachment = store_file(svc, session, BPJS, path)
        svc.readiness_evidence.create_in(
            session, {"readiness_item_id": item_id, "attachment_id": attachment.id})


def test_a_damaged_or_locked_file_is_refused_when_attached_and_nothing_is_kept(
        demo: Services, tmp_path: Path) -> None:
    """Walker4 F-q: a 3 KB random file named sip-rusak.pdf was taken as the SIP's evidence,
    counted, and bound as a page saying it could not be bound."""
    from kemitraan_desktop.domain.errors import UserError

    random_bytes = bytes((n * 37 + 11) % 256 for n in range(3000))
    refused = {}
    for code, name, data in (("sip", "sip-rusak.pdf", random_bytes),
                             ("npwp", "npwp.pdf", _locked_pdf()),
                             ("str", "str.jpg", b"\xff\xd8\xff\xe0 half a photo")):
        with pytest.raises(UserError) as error:
            _attach(demo, tmp_path, code, name, data)
        refused[name] = error.value.message
    assert refused == {
        "sip-rusak.pdf": "sip-rusak.pdf rusak atau bukan PDF yang dapat dibaca. Pindai ulang "
                         "dokumennya, lalu lampirkan berkas yang baru.",
        "npwp.pdf": "npwp.pdf terkunci dengan kata sandi, sehingga tidak dapat dijilid ke "
                    "berkas pengajuan kredensialing. Simpan ulang tanpa kata sandi, lalu "
                    "lampirkan.",
        "str.jpg": "str.jpg rusak atau bukan gambar yang dapat dibaca. Foto atau pindai ulang "
                   "dokumennya, lalu lampirkan berkas yang baru.",
    }
    # Nothing was attached: the three still say what is missing.
    needs = {need.code: need for need in credentialing.requirements(demo, BPJS, TODAY)}
    assert [needs[code].files for code in ("sip", "npwp", "str")] == [(), (), ()]
    assert needs["sip"].missing == "pindaian atau foto dokumen belum dilampirkan."


def test_a_damaged_or_locked_evidence_file_becomes_a_page_that_says_so(
        demo: Services, tmp_path: Path) -> None:
    _stored_unchecked(demo, tmp_path, "sip", "sip-rusak.pdf",
                      b"%PDF-1.4\nthis is not a pdf at all")
    _stored_unchecked(demo, tmp_path, "npwp", "npwp.pdf", _locked_pdf())
    _stored_unchecked(demo, tmp_path, "str", "str.jpg", b"\xff\xd8\xff\xe0 half a photo")
    pages = _bundle(demo)
    cover = pages[0]
    assert "sip-rusak.pdf 5 BERKAS RUSAK" in cover
    assert ("Nomor Pokok Wajib Pajak (NPWP): Berkas npwp.pdf terkunci dengan kata sandi, "
            "sehingga tidak dapat dijilid.") in cover
    sip = pages[4]
    assert sip.startswith("2. Surat Izin Praktik (SIP) dokter yang masih berlaku "
                          "BERKAS TIDAK DAPAT DIJILID Berkas sip-rusak.pdf rusak atau bukan PDF")
    assert "Berkas str.jpg rusak atau bukan gambar yang dapat dibaca." in pages[5]


def test_a_file_gone_from_the_data_folder_is_a_placeholder_not_a_crash(
        demo: Services, tmp_path: Path) -> None:
    _attach(demo, tmp_path, "npwp", "npwp.png", png_bytes(80, 50, (200, 200, 200)))
    sha = credentialing.requirements(demo, BPJS, TODAY)[2].files[0].sha256
    demo.db.attachments.path_for(sha).unlink()
    npwp = next(page for page in _bundle(demo) if page.startswith("4. Nomor Pokok"))
    assert "Berkas npwp.png hilang dari folder data atau isinya berubah sejak disimpan." in npwp


def test_the_scanned_pks_of_the_jejaring_is_a_page_with_its_picture(demo: Services) -> None:
    out = io.BytesIO()
    documents.render_report(demo, "submission", BPJS, out)
    bundle = pdfium.PdfDocument(out.getvalue())
    index = next(i for i in range(len(bundle))
                 if bundle[i].get_textpage().get_text_range().startswith("5. Perjanjian"))
    image = bundle[index].render(scale=0.5).to_pil().convert("L")
    width, height = image.size
    middle = image.crop((width // 4, height // 3, 3 * width // 4, 2 * height // 3))
    # The demo's signed scan is a grey chequer: drawn, not a white page.
    darkest, lightest = middle.getextrema()
    assert darkest < 215 and lightest > 235


def test_binding_reports_progress_and_a_cancelled_binding_writes_nothing(
        demo: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    target = tmp_path / "berkas.pdf"
    documents.render_report(demo, "submission", BPJS, target,
                            progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and len(seen) > 3
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    again = tmp_path / "batal.pdf"
    with pytest.raises(documents.ReportCancelled):
        documents.render_report(demo, "submission", BPJS, again, cancelled=lambda: True)
    assert not again.exists()


def test_the_surat_pernyataan_names_the_doctor_and_leaves_room_for_the_meterai(
        demo: Services) -> None:
    i18n.set_language("en")  # a statement to BPJS: Indonesian whatever the screen
    out = io.BytesIO()
    render_statement(submission.statement_document(demo, BPJS, TODAY), out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = " ".join((reader.pages[0].extract_text() or "").split())
    assert len(reader.pages) == 1
    assert text.startswith("SURAT PERNYATAAN Yang bertanda tangan di bawah ini: Nama : "
                           "dr. Siti Rahmawati")
    assert "Nomor SIP : 503/0123/SIP-DU/DPMPTSP/2022" in text
    assert "dengan ini menyatakan bahwa saya bersedia: 1. mematuhi ketentuan" in text
    assert "6. dilakukan kredensialing dan rekredensialing oleh BPJS Kesehatan." in text
    assert "Sleman, 22 November 2026 Yang membuat pernyataan, METERAI Rp10.000" in text
    assert text.endswith("dr. Siti Rahmawati SIP. 503/0123/SIP-DU/DPMPTSP/2022")
    # The meterai box is drawn (dashed) around its label, right of the page's middle, where
    # the signature goes: its left edge runs beside the label.
    page = pdfium.PdfDocument(out.getvalue())[0]
    image = page.render(scale=1).to_pil().convert("L")
    left, bottom, _right, top = next(box for word, box in _text_boxes(page)
                                    if word.startswith("METERAI"))
    height = image.size[1]
    beside = image.crop((int(left) - 45, height - int(top) - 4, int(left) - 4,
                         height - int(bottom) + 4))
    assert left > page.get_width() / 2 and beside.getextrema()[0] < 160


def _text_boxes(page):  # noqa: ANN001, ANN202
    text = page.get_textpage()
    for index in range(text.count_rects()):
        box = text.get_rect(index)
        yield text.get_text_bounded(*box).strip(), box


def test_only_a_bpjs_partnership_has_a_credentialing_form_submission_or_statement(
        demo: Services, tmp_path: Path) -> None:
    # Printed for the apotek partnership, the form was addressed "Kepada Apotek Sehat Sentosa".
    for kind in ("readiness", "submission", "statement"):
        out = tmp_path / f"{kind}.pdf"
        with pytest.raises(UserError) as refused:
            documents.render_report(demo, kind, APOTEK, out)
        assert refused.value.message == (
            "Berkas kredensialing (formulir, berkas pengajuan, dan surat pernyataannya) dibuat "
            "untuk kemitraan dengan BPJS Kesehatan; kemitraan ini dengan apotek."), kind
        assert not out.exists()


def test_the_cover_says_all_the_bound_form_says_is_still_missing(demo: Services) -> None:
    """The form's "D. Yang masih kurang" said the apotek and laboratory PKS end before the PKS
    with BPJS (walker #11); the cover of the berkas that binds that form did not. The demo's
    apotek PKS ends 21 Februari 2027, the laboratory's 21 Januari 2027, BPJS's 30 November
    2027."""
    out = io.BytesIO()
    bound = documents.render_report(demo, "submission", BPJS, out)
    cover = " ".join((PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
                      or "").split())
    apotek = ("PKS dengan Apotek Sehat Sentosa berakhir pada 21 Februari 2027, sebelum PKS dengan "
              "BPJS Kesehatan berakhir pada 30 November 2027: perpanjang dengan adendum agar "
              "jejaring tersedia selama jangka waktu kerja sama.")
    lab = ("PKS dengan Laboratorium Klinik Prima Husada berakhir pada 21 Januari 2027, sebelum "
           "PKS dengan BPJS Kesehatan berakhir pada 30 November 2027")
    assert apotek in cover and lab in cover
    # After what the evidence lacks, in the order the form says it.
    assert cover.index("Sertifikat akreditasi praktik: belum terpenuhi.") < cover.index(apotek)
    assert bound.missing[-2] == apotek and bound.missing[-1].startswith(lab)
    form = documents.readiness_document(demo, BPJS, TODAY)
    assert set(form.missing) <= set(bound.missing)
