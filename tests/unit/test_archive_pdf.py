"""Both parties print the partnership archive, the evaluation and the readiness checklist.

Each test reads the PDF back as a person would (its text, its pages, its outline) or checks what
the person who pressed "Cancel" sees in their folder afterwards: nothing.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.documents import (
    ArchiveDocument,
    AttachmentLine,
    EvaluationDocument,
    IndicatorSeries,
    KeyScore,
    Photo,
    ReadinessDocument,
    ReportEntry,
    Section,
    TableBlock,
)
from kemitraan_desktop.reports.archive import PHOTO_MAX_PIXELS, render_archive
from kemitraan_desktop.reports.errors import RenderCancelled
from kemitraan_desktop.reports.evaluation import render_evaluation
from kemitraan_desktop.reports.readiness import render_readiness
from kemitraan_desktop.services.files import FileProblem, private_output

PENDING_CATALOG = Path(__file__).resolve().parents[2] / "i18n" / "pending" / "reports_archive.json"
A4 = (595.28, 841.89)
F4 = (609.45, 935.43)
HOSTILE = "A & B <C> <b>tebal</b> &amp; \x00\x07\x1b[31m שלום مرحبا 😀🏥 \u202egnirts\u202c"


@pytest.fixture(autouse=True)
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """Indonesian program text: the catalog, plus the strings of these reports still pending."""
    if not PENDING_CATALOG.exists():
        return
    pending = json.loads(PENDING_CATALOG.read_text(encoding="utf-8"))
    catalog = i18n._translations

    class Pending(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            if message in pending:
                return pending[message]
            return catalog.gettext(message)

    monkeypatch.setattr(i18n, "_translations", Pending())


# --- sample read models -------------------------------------------------------------------


def _jpeg(width: int, height: int, hue: int, label: str = "") -> bytes:
    image = Image.new("RGB", (width, height), (hue % 256, (hue * 3) % 256, 200))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, max(width // 8, 1)):
        draw.line((i, 0, width - i, height), fill=(255, 255, 255), width=3)
    draw.rectangle((width // 4, height // 4, width // 2, height // 2), fill=(30, 60, 90))
    if label:
        draw.text((10, 10), label, fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _png_with_alpha(width: int, height: int) -> bytes:
    image = Image.new("RGBA", (width, height), (200, 40, 40, 0))
    ImageDraw.Draw(image).ellipse((5, 5, width - 5, height - 5), fill=(200, 40, 40, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _photo(caption: str, data: bytes) -> Photo:
    return Photo(caption=caption, data=data, sha256=hashlib.sha256(data).hexdigest())


@functools.cache
def sample_photos() -> tuple[Photo, ...]:
    return (
        _photo("Penyuluhan diabetes di ruang tunggu praktik", _jpeg(800, 600, 40, "1")),
        _photo("Pemeriksaan gula darah bersama apoteker", _jpeg(600, 800, 90, "2")),
        _photo("Foto bersama peserta Prolanis", _jpeg(1024, 683, 150, "3")),
        _photo("Logo kegiatan (PNG transparan)", _png_with_alpha(300, 300)),
    )


ACTIVITIES = (
    "Penyuluhan diabetes melitus bagi peserta Prolanis",
    "Pemeriksaan gula darah puasa bersama Apotek Sehat Sentosa",
    "Rapat koordinasi bulanan praktik dan apotek",
    "Senam Prolanis dan edukasi gizi",
    "Kunjungan rumah pasien hipertensi",
    "Pelatihan penggunaan aplikasi rujukan",
    "Evaluasi stok obat program rujuk balik",
    "Penyuluhan kesehatan ibu hamil bersama bidan",
    "Pemeriksaan tekanan darah gratis di balai RW 05",
    "Rapat kaji ulang triwulan",
)


def sample_report(number: int, photos: tuple[Photo, ...] = ()) -> ReportEntry:
    activity = ACTIVITIES[(number - 1) % len(ACTIVITIES)]
    return ReportEntry(
        activity=f"{activity} ({number})" if number > len(ACTIVITIES) else activity,
        report_date=date(2026, 1 + (number - 1) % 12, 1 + (number * 3) % 27),
        participants=f"dr. Andi Wijaya, apt. Rina Kartika, {10 + number} peserta Prolanis",
        attendance=f"{20 + number} dari {25 + number} peserta hadir",
        done=(
            "Penyuluhan tentang pola makan dan aktivitas fisik, dilanjutkan pemeriksaan gula "
            "darah sewaktu dan konsultasi obat dengan apoteker."
        ),
        results=f"Hasil kegiatan nomor {number}: {12 + number} peserta gula darah terkendali.",
        problems="Sebagian peserta datang terlambat karena hujan; alat ukur cadangan kurang.",
        follow_up="Jadwal ulang pemeriksaan bulan depan; apotek menambah satu alat ukur.",
        actual_cost_sen=(750_000 + number * 12_500) * 100,
        photos=photos,
        other_files=("daftar-hadir.pdf", "notulen-rapat.docx") if number % 3 == 0 else (),
    )


def sample_sections() -> tuple[Section, ...]:
    return (
        Section(
            "Langkah 1 — Gagasan kemitraan",
            lines=(
                ("Gagasan", "Layanan Prolanis bersama apotek di dekat praktik"),
                ("Visi bersama", "Peserta JKN di Kelurahan Keputran sehat dan terkendali"),
            ),
            paragraphs=(
                "Praktik dan apotek sepakat bahwa kemitraan ini dibangun atas dasar kesetaraan, "
                "keterbukaan, dan saling menguntungkan.",
            ),
        ),
        Section(
            "Langkah 2 — Identifikasi calon mitra",
            tables=(
                TableBlock(
                    "Calon mitra",
                    ("No", "Nama", "Jenis", "Penilaian"),
                    (
                        ("1", "Apotek Sehat Sentosa", "Apotek", "Sangat sesuai"),
                        ("2", "Laboratorium Klinik Prima", "Laboratorium", "Sesuai"),
                    ),
                ),
            ),
        ),
        Section(
            "Langkah 3 — Tujuan dan peran",
            lines=(
                ("Tujuan", "Menurunkan angka rujukan non-spesialistik di bawah 2%"),
                ("Peran praktik", "Pemeriksaan dan edukasi peserta"),
                ("Peran apotek", "Penyediaan obat dan konseling"),
            ),
        ),
        Section(
            "Langkah 4 — Menyiapkan diri",
            tables=(
                TableBlock(
                    "Anggaran",
                    ("No", "Uraian", "Jumlah"),
                    (
                        ("1", "Alat ukur gula darah", "Rp1.500.000,00"),
                        ("2", "Bahan penyuluhan", "Rp450.000,00"),
                    ),
                    total=("Jumlah", "Rp1.950.000,00"),
                ),
            ),
        ),
        Section(
            "Langkah 5 — Perjanjian kerja sama",
            lines=(
                ("Perjanjian", "PKS Nomor 021/APT-SS/XI/2026, versi 1, ditandatangani"),
                ("SHA-256 isi", "9f2c4e1ab37d5c60e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"),
            ),
        ),
        Section(
            "Langkah 6 — Rencana kerja kemitraan",
            tables=(
                TableBlock(
                    "Rencana kegiatan",
                    ("No", "Kegiatan", "Waktu", "Penanggung jawab"),
                    (
                        ("1", "Penyuluhan Prolanis", "Setiap bulan", "dr. Andi Wijaya"),
                        ("2", "Pemeriksaan gula darah", "Setiap bulan", "apt. Rina Kartika"),
                    ),
                ),
            ),
        ),
    )


def sample_indicators() -> tuple[IndicatorSeries, ...]:
    return (
        IndicatorSeries(
            "Peserta Prolanis terkendali",
            "%",
            baseline=3.0,
            target=5.0,
            direction="up",
            points=(("Jan 2026", 3.2), ("Feb 2026", 3.9), ("Mar 2026", 4.4), ("Apr 2026", 5.3)),
        ),
        IndicatorSeries(
            "Rasio rujukan rawat jalan non-spesialistik",
            "%",
            baseline=3.1,
            target=2.0,
            direction="down",
            points=(("Triwulan I", 2.9), ("Triwulan II", 2.4), ("Triwulan III", 1.8)),
        ),
    )


def sample_keys() -> tuple[KeyScore, ...]:
    return (
        KeyScore("Kerja sama (cooperation)", 4.3, 4.0, "green", "green", False),
        KeyScore("Koordinasi (coordination)", 3.7, 3.3, "amber", "amber", False),
        KeyScore("Kolaborasi (collaboration)", 4.5, 2.0, "green", "red", True),
        KeyScore("Tim yang dinamis", 3.0, None, "amber", "", False),
        KeyScore("Komitmen (commitment)", 4.7, 4.3, "green", "green", False),
    )


def sample_actions() -> TableBlock:
    return TableBlock(
        "Rencana tindak lanjut",
        ("No", "Tindakan", "Penanggung jawab", "Batas waktu"),
        (
            ("1", "Bahas pembagian biaya alat ukur", "dr. Andi Wijaya", "30 April 2026"),
            ("2", "Tambah jadwal konseling obat", "apt. Rina Kartika", "15 Mei 2026"),
        ),
    )


def sample_archive(reports: int = 4, photo_every: int = 2) -> ArchiveDocument:
    photos = sample_photos()
    entries = tuple(
        sample_report(n, photos[: 1 + n % 4] if n % photo_every == 0 else ())
        for n in range(1, reports + 1)
    )
    attachments = tuple(
        AttachmentLine(
            photo.caption and f"foto-{i}.jpg", photo.caption, len(photo.data), photo.sha256
        )
        for i, photo in enumerate(photos, start=1)
    ) + (
        AttachmentLine(
            "daftar-hadir.pdf",
            "Daftar hadir penyuluhan",
            183_412,
            hashlib.sha256(b"daftar hadir").hexdigest(),
        ),
    )
    return ArchiveDocument(
        title="Kemitraan Prolanis dr. Andi Wijaya dengan Apotek Sehat Sentosa",
        practice_name="Praktik Dokter Mandiri dr. Andi Wijaya",
        partner_names="Apotek Sehat Sentosa",
        generated_on=date(2026, 11, 22),
        sections=sample_sections(),
        reports=entries,
        indicators=sample_indicators(),
        keys=sample_keys(),
        action_items=sample_actions(),
        attachments=attachments,
    )


def sample_evaluation() -> EvaluationDocument:
    return EvaluationDocument(
        title="Kemitraan Prolanis dr. Andi Wijaya dengan Apotek Sehat Sentosa",
        practice_name="Praktik Dokter Mandiri dr. Andi Wijaya",
        partner_names="Apotek Sehat Sentosa",
        generated_on=date(2026, 11, 22),
        indicators=sample_indicators(),
        keys=sample_keys(),
        statements=TableBlock(
            "Pernyataan dan skor",
            ("Kunci", "Pernyataan", "Praktik", "Mitra"),
            (
                ("Kerja sama", "Kedua pihak memiliki visi dan misi yang sama.", "4", "4"),
                ("Kolaborasi", "Biaya dan kontribusi dibagi sesuai kesepakatan.", "5", "2"),
                ("Komitmen", "Kedua pihak menjalankan tugas yang disepakati.", "5", "4"),
            ),
        ),
        action_items=sample_actions(),
    )


def sample_readiness() -> ReadinessDocument:
    from test_credentialing_form import sample_form

    return sample_form()


# --- reading back -------------------------------------------------------------------------


def _pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _archive_bytes(doc: ArchiveDocument, **kwargs) -> bytes:
    buffer = io.BytesIO()
    render_archive(doc, buffer, **kwargs)
    return buffer.getvalue()


@functools.cache
def _sample_archive_pdf() -> bytes:
    return _archive_bytes(sample_archive())


@pytest.fixture
def archive_pdf() -> bytes:
    return _sample_archive_pdf()


def _font_dicts(reader: PdfReader):
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            yield font
            for descendant in font.get("/DescendantFonts", []):
                yield descendant.get_object()
        # Fonts used inside form XObjects (the contents' page numbers) count too.
        xobjects = _resolve(page["/Resources"].get_object().get("/XObject", {}))
        for ref in xobjects.values():
            inner = _resolve(ref.get_object().get("/Resources", {}))
            for font_ref in _resolve(inner.get("/Font", {})).values():
                yield font_ref.get_object()


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _assert_fonts_embedded(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for font in _font_dicts(reader):
        if font["/Subtype"] == "/Type0":
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        names.add(str(font["/BaseFont"]).split("+")[-1])
    # The serif family, and Noto Naskh Arabic where a name is written in Arabic script.
    embedded = ("LiberationSerif", "NotoNaskhArabic")
    assert names and all(name.startswith(embedded) for name in names), names
    assert b"Helvetica" not in data


def _image_xobjects(data: bytes) -> dict:
    reader = PdfReader(io.BytesIO(data))
    images = {}
    for page in reader.pages:
        xobjects = _resolve(page["/Resources"].get_object().get("/XObject", {}))
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                images[ref.idnum] = xobject
    return images


# --- the archive --------------------------------------------------------------------------


def test_the_archive_has_a_cover_contents_and_every_section(archive_pdf: bytes) -> None:
    pages = _pages(archive_pdf)
    text = " ".join(pages)
    assert "ARSIP KEMITRAAN" in pages[0]
    assert "Kemitraan Prolanis dr. Andi Wijaya dengan Apotek Sehat Sentosa" in pages[0]
    assert "Praktik Dokter Mandiri dr. Andi Wijaya" in pages[0]
    assert "Apotek Sehat Sentosa" in pages[0]
    assert "22 November 2026" in pages[0]
    assert "salinan yang sama" in pages[0]
    assert "Daftar isi" in pages[1]
    for title in [s.title for s in sample_sections()] + [
        "Laporan kegiatan",
        "Indikator",
        "Lima kunci keberhasilan",
        "Rencana tindak lanjut",
        "Lampiran",
    ]:
        assert title in pages[1], title  # listed in the contents
        assert text.count(title) >= 2, title  # and printed where it starts


def test_the_contents_gives_the_page_each_heading_starts_on(archive_pdf: bytes) -> None:
    pages = _pages(archive_pdf)
    for title in ("Laporan kegiatan", "Lima kunci keberhasilan", "Lampiran"):
        match = re.search(re.escape(title) + r" (\d+)", pages[1])
        assert match, title
        page = int(match[1])
        assert title in pages[page - 1], (title, page)
        assert all(title not in p for p in pages[2 : page - 1]), title


def test_the_outline_lists_the_sections_and_every_report(archive_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(archive_pdf))
    titles = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    names = [t for t, _page in titles]
    assert names[0] == "Langkah 1 — Gagasan kemitraan"
    assert "Laporan kegiatan" in names
    assert "1. Penyuluhan diabetes melitus bagi peserta Prolanis" in names
    pages = _pages(archive_pdf)
    for title, page in titles:
        assert title.split(". ", 1)[-1][:30] in pages[page - 1], (title, page)


def test_every_activity_report_prints_its_fields_and_cost(archive_pdf: bytes) -> None:
    text = " ".join(_pages(archive_pdf))
    for n in range(1, 5):
        entry = sample_report(n)
        for value in (
            entry.activity,
            entry.participants,
            entry.attendance,
            entry.problems,
            entry.follow_up,
            entry.results,
        ):
            assert value in text, value
    assert "Rp762.500,00 (tujuh ratus enam puluh dua ribu lima ratus rupiah)" in text
    assert "daftar-hadir.pdf" in text
    for label in ("Peserta", "Kehadiran", "Hasil", "Kendala", "Tindak lanjut", "Biaya nyata"):
        assert label in text


def test_every_attachment_is_listed_with_its_fingerprint(archive_pdf: bytes) -> None:
    text = " ".join(_pages(archive_pdf))
    for line in sample_archive().attachments:
        assert line.sha256[:16] in text
        assert line.sha256 in text.replace(" ", "")


def test_every_page_says_halaman_x_dari_n(archive_pdf: bytes) -> None:
    pages = _pages(archive_pdf)
    count = len(pages)
    assert count >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {count}" in page


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("f4", F4)])
def test_the_archive_prints_on_a4_and_f4(paper: str, size: tuple[float, float]) -> None:
    data = _archive_bytes(sample_archive(reports=2), paper=paper)
    for page in PdfReader(io.BytesIO(data)).pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=1)


def test_all_fonts_of_the_archive_are_embedded(archive_pdf: bytes) -> None:
    _assert_fonts_embedded(archive_pdf)


def test_photos_are_embedded_once_each_and_large_ones_scaled_down() -> None:
    big = _photo("Foto asli dari kamera", _jpeg(3200, 2400, 10))
    broken = Photo("Berkas rusak", b"\xff\xd8\xff\xe0 not really a jpeg", "0" * 64)
    photos = sample_photos()
    reports = (
        sample_report(1, (photos[0], big, broken)),
        sample_report(2, (photos[0], photos[3])),  # the same first photo again
    )
    data = _archive_bytes(replace(sample_archive(reports=0), reports=reports))
    images = _image_xobjects(data)
    assert len(images) == 3  # photos[0], big, the PNG; the broken one prints a placeholder
    assert all(
        max(int(i["/Width"]), int(i["/Height"])) <= PHOTO_MAX_PIXELS for i in images.values()
    )
    assert any(int(i["/Width"]) == PHOTO_MAX_PIXELS for i in images.values())
    text = " ".join(_pages(data))
    assert "Gambar tidak dapat dibaca" in text
    assert "Foto asli dari kamera" in text


def test_hostile_text_prints_literally_and_does_not_crash() -> None:
    huge = "Laporan sangat panjang. " * 4_200  # about 100,000 characters
    entry = replace(
        sample_report(1, (replace(sample_photos()[0], caption=HOSTILE),)),
        activity=HOSTILE,
        done=huge,
        participants=HOSTILE,
    )
    doc = replace(
        sample_archive(reports=0),
        title=HOSTILE,
        practice_name=huge[:5_000],
        sections=(Section(HOSTILE, lines=((HOSTILE, HOSTILE),), paragraphs=(HOSTILE, huge)),),
        reports=(entry,),
        indicators=(
            IndicatorSeries(
                HOSTILE,
                HOSTILE,
                float("nan"),
                float("inf"),
                "up",
                ((HOSTILE, 1.0), ("x" * 300, float("nan"))),
            ),
        ),
        keys=(KeyScore(HOSTILE, None, None, "purple", "", True),),
        attachments=(AttachmentLine(HOSTILE, HOSTILE, -5, HOSTILE),),
    )
    data = _archive_bytes(doc)
    text = " ".join(_pages(data))
    assert "A & B <C> <b>tebal</b> &amp;" in text
    assert text.count("Laporan sangat panjang.") >= 4_000
    _assert_fonts_embedded(data)


def test_cancelling_leaves_no_file_behind(tmp_path: Path) -> None:
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 15

    target = tmp_path / "arsip.pdf"
    with pytest.raises(RenderCancelled), private_output(target) as out:
        render_archive(sample_archive(reports=12), out, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("phase", ["building", "laying out", "numbering pages"])
def test_cancelling_at_any_point_keeps_the_previous_copy(tmp_path: Path, phase: str) -> None:
    target = tmp_path / "arsip.pdf"
    target.write_bytes(b"the copy printed last week")
    state = {"done": 0, "total": 1}

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)

    def cancelled() -> bool:
        done, total = state["done"], state["total"]
        if phase == "building":
            return done >= 3
        if phase == "laying out":
            return done > total // 2 + 3
        return done >= total - 1  # layout is over; only the page numbers are left

    with pytest.raises(RenderCancelled), private_output(target) as out:
        render_archive(sample_archive(reports=12), out, progress=progress, cancelled=cancelled)
    assert target.read_bytes() == b"the copy printed last week"
    assert [p.name for p in tmp_path.iterdir()] == ["arsip.pdf"]


def test_a_cancelled_render_writes_nothing_to_a_stream() -> None:
    buffer = io.BytesIO()
    with pytest.raises(RenderCancelled):
        render_archive(sample_archive(reports=3), buffer, cancelled=lambda: True)
    assert buffer.getvalue() == b""


def test_progress_grows_to_the_total() -> None:
    seen: list[tuple[int, int]] = []
    doc = sample_archive(reports=12)
    buffer = io.BytesIO()
    render_archive(doc, buffer, progress=lambda done, total: seen.append((done, total)))
    totals = {total for _done, total in seen}
    assert len(totals) == 1
    total = totals.pop()
    values = [done for done, _total in seen]
    assert values == sorted(set(values))  # strictly increasing
    assert values[-1] == total
    assert len(values) >= 2 * len(doc.reports)  # built and laid out, each report
    assert buffer.getvalue().startswith(b"%PDF")


def test_an_archive_with_nothing_yet_still_prints() -> None:
    doc = ArchiveDocument("", "", "", date(2026, 1, 1), (), (), (), (), None, ())
    text = " ".join(_pages(_archive_bytes(doc)))
    assert "ARSIP KEMITRAAN" in text
    assert "Belum ada yang dicatat." in text


# --- the evaluation -----------------------------------------------------------------------


@functools.cache
def _evaluation_pdf(paper: str = "a4") -> bytes:
    buffer = io.BytesIO()
    render_evaluation(sample_evaluation(), buffer, paper=paper)
    return buffer.getvalue()


def test_the_evaluation_shows_indicators_keys_statements_and_actions() -> None:
    pages = _pages(_evaluation_pdf())
    text = " ".join(pages)
    assert "EVALUASI KEMITRAAN" in text
    for title in ("Indikator", "Lima kunci keberhasilan", "Pernyataan", "Rencana tindak lanjut"):
        assert title in text
    assert "Peserta Prolanis terkendali (%)" in text
    assert "Awal: 3%" in text and "target tercapai" in text
    assert "Kolaborasi (collaboration)" in text
    assert "Perlu dibahas" in text  # the key the parties see differently
    assert "Biaya dan kontribusi dibagi sesuai kesepakatan." in text
    assert "Bahas pembagian biaya alat ukur" in text
    assert f"Halaman 1 dari {len(pages)}" in pages[0]


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("f4", F4)])
def test_the_evaluation_prints_on_a4_and_f4(paper: str, size: tuple[float, float]) -> None:
    page = PdfReader(io.BytesIO(_evaluation_pdf(paper))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(size[0], abs=1)
    assert float(page.mediabox.height) == pytest.approx(size[1], abs=1)
    _assert_fonts_embedded(_evaluation_pdf(paper))


def test_the_evaluation_survives_hostile_text_and_leaves_no_file_on_failure(
    tmp_path: Path,
) -> None:
    doc = replace(
        sample_evaluation(),
        title=HOSTILE,
        keys=(KeyScore(HOSTILE, 4.0, None, "green", "", False),),
        statements=TableBlock(HOSTILE, (HOSTILE,), ((HOSTILE,),)),
    )
    target = tmp_path / "evaluasi.pdf"
    with private_output(target) as out:
        render_evaluation(doc, out)
    assert "A & B <C> <b>tebal</b>" in " ".join(_pages(target.read_bytes()))
    with pytest.raises(ValueError, match="paper"), private_output(tmp_path / "lain.pdf") as out:
        render_evaluation(doc, out, paper="letter-ish")
    assert [p.name for p in tmp_path.iterdir()] == ["evaluasi.pdf"]


# --- the charts ---------------------------------------------------------------------------


def _strings(drawing) -> list[str]:
    from reportlab.graphics.shapes import Group, String

    found: list[str] = []

    def walk(node) -> None:
        for item in getattr(node, "contents", ()):
            if isinstance(item, String):
                found.append(item.text)
            elif isinstance(item, Group):
                walk(item)

    walk(drawing)
    return found


def test_a_crowded_progress_chart_thins_its_period_labels() -> None:
    from kemitraan_desktop.reports.charts import progress_chart

    points = tuple((f"Minggu ke-{n}", float(n % 7)) for n in range(1, 61))
    series = IndicatorSeries("Kunjungan", "orang", 2.0, 6.0, "up", points)
    labels = [t for t in _strings(progress_chart(series, 450, 150)) if t.startswith("Minggu")]
    assert 3 <= len(labels) < 30
    assert "Minggu ke-60" in labels  # the latest period is always named


def test_the_radar_skips_keys_a_party_has_not_scored() -> None:
    from reportlab.graphics.shapes import Polygon

    from kemitraan_desktop.reports.charts import radar_chart

    keys = sample_keys()  # the partner has not scored "Tim yang dinamis"
    drawing = radar_chart(keys, 400, 250)
    filled = [s for s in drawing.contents if isinstance(s, Polygon) and s.fillColor is not None]
    assert len(filled) == 1  # only the practice, which scored all five, is a closed shape
    assert {"Praktik", "Mitra"} <= set(_strings(drawing))
    for count in (0, 1, 2):
        radar_chart(keys[:count], 400, 250)  # too few axes for a shape: still a drawing


def test_charts_cope_with_empty_flat_and_odd_series() -> None:
    odd = (
        IndicatorSeries("Belum diukur", "%", 3.0, 5.0, "up", ()),
        IndicatorSeries("Satu nilai", "", 0.0, 0.0, "", (("Jan", 0.0),)),
        IndicatorSeries("Rata", "kali", 4.0, 4.0, "down", (("A", 4.0), ("B", 4.0))),
        IndicatorSeries("Negatif", "Rp juta", -2.5, 1e9, "up", (("A", -3.0), ("B", 2.0))),
    )
    doc = replace(sample_evaluation(), indicators=odd, keys=(), statements=None, action_items=None)
    buffer = io.BytesIO()
    render_evaluation(doc, buffer)
    text = " ".join(_pages(buffer.getvalue()))
    assert "Belum dinilai: belum ada nilai yang dicatat untuk periode mana pun." in text
    assert "Belum ada yang dicatat." in text
    _assert_fonts_embedded(buffer.getvalue())


def test_a_failed_readiness_or_evaluation_render_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kemitraan_desktop.reports.evaluation import EvaluationRenderer
    from kemitraan_desktop.reports.readiness import ReadinessRenderer

    def broken_page_number(self, canv, page: int, pages: int) -> None:
        raise OSError("disk full")  # fails while the pages are being written

    for renderer in (EvaluationRenderer, ReadinessRenderer):
        monkeypatch.setattr(renderer, "draw_page_number", broken_page_number)
    (tmp_path / "evaluasi.pdf").write_bytes(b"last week's copy")
    with pytest.raises(FileProblem), private_output(tmp_path / "evaluasi.pdf") as out:
        render_evaluation(sample_evaluation(), out)
    with pytest.raises(FileProblem), private_output(tmp_path / "kesiapan.pdf") as out:
        render_readiness(sample_readiness(), out)
    stream = io.BytesIO()
    with pytest.raises(OSError, match="disk full"):
        render_readiness(sample_readiness(), stream)
    assert stream.getvalue() == b""
    assert [p.name for p in tmp_path.iterdir()] == ["evaluasi.pdf"]
    assert (tmp_path / "evaluasi.pdf").read_bytes() == b"last week's copy"
