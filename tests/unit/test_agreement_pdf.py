"""The doctor prints the PKS for the BPJS branch office and for the apotek, and reads it back.

Every assertion reads the PDF the way a person (or an office's clerk) would: the text on the
pages, the paper size, the fonts embedded so it prints the same anywhere.
"""

from __future__ import annotations

import functools
import gettext
import io
import json
import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.documents import (
    AgreementDocument,
    Article,
    ParentReference,
    PartyBlock,
    TableBlock,
)
from kemitraan_desktop.domain.money import format_rupiah, rupiah_with_words
from kemitraan_desktop.i18n import _
from kemitraan_desktop.reports.agreement import agreement_pdf_bytes, render_agreement
from kemitraan_desktop.reports.layout import clean_text, escape_text
from kemitraan_desktop.services.files import private_output

PENDING_CATALOG = Path(__file__).resolve().parents[2] / "i18n" / "pending" / "reports.json"
CONTENT_HASH = "9f2c4e1ab37d5c60e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"


# --- sample documents ---------------------------------------------------------------------

PRACTICE = PartyBlock(
    role="PIHAK KEDUA",
    organisation="Praktik Dokter Mandiri dr. Andi Wijaya",
    number="013/PKS/DR-X/XI/2026",
    signatory_name="dr. Andi Wijaya",
    signatory_position="Dokter Penanggung Jawab Praktik",
    authority="Surat Izin Praktik Nomor 503.446/1234/SIP-DU/436.7.2/2024 tanggal 5 Maret 2024",
    signatory_id_number="3578012207800003",
    address="Jalan Raya Darmo Nomor 45, Kelurahan Keputran, Kecamatan Tegalsari, Kota Surabaya",
)

BPJS = PartyBlock(
    role="PIHAK PERTAMA",
    organisation="BPJS Kesehatan Kantor Cabang Surabaya",
    number="1234/KTR/VII-05/1126",
    signatory_name="Hendra Gunawan, S.E., M.M.",
    signatory_position="Kepala Kantor Cabang Surabaya",
    authority="Keputusan Direksi BPJS Kesehatan Nomor 0321/2025 tanggal 2 Januari 2025",
    signatory_id_number="NPP. 01234567",
    address="Jalan Raya Dr. Soetomo Nomor 79-81, Kota Surabaya",
)

APOTEK = PartyBlock(
    role="PIHAK KEDUA",
    organisation="Apotek Sehat Sentosa",
    number="021/APT-SS/XI/2026",
    signatory_name="apt. Rina Kartika, S.Farm.",
    signatory_position="Apoteker Penanggung Jawab",
    authority="Surat Izin Apotek Nomor 440/567/SIA/436.7.2/2025 tanggal 10 Februari 2025",
    signatory_id_number="3578016504850002",
    address="Jalan Kedungdoro Nomor 12, Kota Surabaya",
)


def _articles(partner: str, service: str) -> tuple[Article, ...]:
    return (
        Article(
            "Ketentuan Umum",
            "Dalam Perjanjian ini yang dimaksud dengan:\n"
            "a. Jaminan Kesehatan Nasional, selanjutnya disingkat JKN, adalah jaminan berupa "
            "perlindungan kesehatan agar peserta memperoleh manfaat pemeliharaan kesehatan;\n"
            "b. Peserta adalah setiap orang yang telah membayar iuran atau iurannya dibayar oleh "
            "Pemerintah;\n"
            f"c. {service} adalah pelayanan yang diberikan sesuai Perjanjian ini.",
        ),
        Article(
            "Maksud dan Tujuan",
            "(1) Maksud Perjanjian ini adalah sebagai pedoman PARA PIHAK dalam melaksanakan "
            f"{service.lower()} bagi Peserta.\n"
            "(2) Tujuan Perjanjian ini adalah terselenggaranya pelayanan yang bermutu, efektif "
            "dan efisien.",
        ),
        Article(
            "Ruang Lingkup",
            f"Ruang lingkup Perjanjian ini meliputi {service.lower()}, pencatatan dan pelaporan, "
            "serta koordinasi antara PARA PIHAK.",
        ),
        Article(
            "Hak dan Kewajiban",
            "(1) Hak PIHAK PERTAMA:\n"
            "a. menerima laporan pelayanan setiap bulan;\n"
            "b. melakukan pemantauan mutu pelayanan.\n"
            "(2) Kewajiban PIHAK PERTAMA:\n"
            "a. membayar biaya pelayanan sesuai ketentuan;\n"
            "b. memberikan informasi kepesertaan yang diperlukan.\n"
            f"(3) Hak dan kewajiban {partner} diatur lebih lanjut dalam Lampiran Perjanjian ini.",
        ),
        Article(
            "Pelaksanaan",
            "Pelaksanaan kerja sama dilakukan sesuai rencana kerja yang tercantum dalam "
            "Lampiran 2 Perjanjian ini.\n\n"
            "Setiap kegiatan dilaporkan dan didokumentasikan oleh PARA PIHAK.",
        ),
        Article(
            "Pembiayaan dan Tata Cara Pembayaran",
            "(1) Biaya pelayanan dibayar dengan tarif kapitasi sebesar Rp8.800,00 (delapan ribu "
            "delapan ratus rupiah) per peserta per bulan.\n"
            "(2) Pembayaran dilakukan paling lambat tanggal 15 (lima belas) setiap bulan.",
        ),
        Article(
            "Jangka Waktu",
            "Perjanjian ini berlaku untuk jangka waktu 1 (satu) tahun terhitung sejak tanggal "
            "1 Januari 2027 sampai dengan tanggal 31 Desember 2027 dan dapat diperpanjang "
            "atas kesepakatan PARA PIHAK.",
        ),
        Article(
            "Monitoring dan Evaluasi",
            "PARA PIHAK melakukan monitoring dan evaluasi pelaksanaan Perjanjian ini paling "
            "sedikit 1 (satu) kali dalam 3 (tiga) bulan.",
        ),
        Article(
            "Kerahasiaan dan Pelindungan Data",
            "PARA PIHAK wajib menjaga kerahasiaan data Peserta sesuai Undang-Undang Nomor 27 "
            "Tahun 2022 tentang Pelindungan Data Pribadi.",
        ),
        Article(
            "Keadaan Kahar",
            "(1) Keadaan kahar adalah keadaan di luar kemampuan PARA PIHAK, antara lain bencana "
            "alam, wabah, kebakaran, dan huru-hara.\n"
            "(2) Pihak yang mengalami keadaan kahar memberitahukan secara tertulis kepada pihak "
            "lainnya paling lambat 7 (tujuh) hari kalender.",
        ),
        Article(
            "Penyelesaian Perselisihan",
            "(1) Perselisihan diselesaikan terlebih dahulu secara musyawarah untuk mufakat.\n"
            "(2) Apabila musyawarah tidak mencapai mufakat, PARA PIHAK sepakat menyelesaikannya "
            "melalui Pengadilan Negeri Surabaya.",
        ),
        Article(
            "Penutup",
            "Hal-hal yang belum diatur dalam Perjanjian ini akan diatur kemudian dalam addendum "
            "yang merupakan bagian tidak terpisahkan dari Perjanjian ini.",
        ),
    )


def _budget() -> TableBlock:
    lines = [
        ("1", "Sosialisasi Program JKN kepada peserta terdaftar", "1", "kegiatan", 75_000_000),
        ("2", "Cetak leaflet edukasi Prolanis", "500", "lembar", 150_000),
        ("3", "Rapat koordinasi triwulanan", "4", "kali", 25_000_000),
        ("4", "Penyusunan laporan dan dokumentasi", "1", "paket", 45_000_000),
    ]
    rows = tuple(
        (no, what, volume, unit, format_rupiah(price), format_rupiah(price * int(volume)))
        for no, what, volume, unit, price in lines
    )
    total = sum(price * int(volume) for _no, _what, volume, _unit, price in lines)
    assert total == 295_000_000
    return TableBlock(
        title="Rencana Anggaran Biaya",
        header=("No.", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"),
        rows=rows,
        total=("Jumlah", format_rupiah(total)),
        note=f"Jumlah anggaran: {rupiah_with_words(total)}.",
    )


def _work_plan() -> TableBlock:
    return TableBlock(
        title="Rencana Kerja Kemitraan",
        header=("No.", "Kegiatan", "Waktu", "Penanggung Jawab", "Indikator", "Biaya"),
        rows=(
            (
                "1",
                "Sosialisasi kepada peserta",
                "Januari 2027",
                "PIHAK KEDUA",
                "100 peserta",
                format_rupiah(75_000_000),
            ),
            (
                "2",
                "Rapat koordinasi",
                "Maret, Juni, September, Desember 2027",
                "PARA PIHAK",
                "4 notulen",
                format_rupiah(100_000_000),
            ),
            (
                "3",
                "Pelaporan bulanan",
                "Setiap bulan",
                "PIHAK KEDUA",
                "12 laporan",
                format_rupiah(0),
            ),
        ),
    )


def bpjs_pks(**changes) -> AgreementDocument:
    """The PKS a BPJS branch office signs with an independent GP as a Faskes Tingkat 1."""
    document = AgreementDocument(
        document_id="a1b2c3d4-0001",
        kind="pks",
        version=1,
        title="Perjanjian Kerja Sama",
        subject="Pelayanan Kesehatan Tingkat Pertama bagi Peserta Program Jaminan Kesehatan",
        place="Kota Surabaya",
        agreement_date=date(2026, 11, 22),
        start_date=date(2027, 1, 1),
        end_date=date(2027, 12, 31),
        parties=(BPJS, PRACTICE),
        recitals=(
            "PIHAK PERTAMA adalah badan hukum publik yang dibentuk untuk menyelenggarakan "
            "program Jaminan Kesehatan",
            "Bahwa PIHAK KEDUA adalah praktik dokter mandiri yang memiliki Surat Izin Praktik "
            "yang masih berlaku;",
            "PARA PIHAK sepakat bekerja sama dalam penyelenggaraan pelayanan kesehatan tingkat "
            "pertama bagi Peserta.",
        ),
        articles=_articles("PIHAK KEDUA", "Pelayanan Kesehatan Tingkat Pertama"),
        attachments=(_budget(), _work_plan()),
        draft=False,
        content_hash=CONTENT_HASH,
    )
    return replace(document, **changes)


def apotek_pks(**changes) -> AgreementDocument:
    """The PKS between the practice and an apotek of its jejaring."""
    practice = replace(PRACTICE, role="PIHAK PERTAMA")
    document = AgreementDocument(
        document_id="a1b2c3d4-0002",
        kind="pks",
        version=1,
        title="PERJANJIAN KERJA SAMA",
        subject="Pelayanan Kefarmasian bagi Pasien Praktik Dokter",
        place="Kota Surabaya",
        agreement_date=date(2026, 11, 22),
        start_date=date(2027, 1, 1),
        end_date=date(2027, 12, 31),
        parties=(practice, APOTEK),
        recitals=(
            "PIHAK PERTAMA memerlukan jejaring apotek untuk pelayanan obat bagi pasiennya",
            "PIHAK KEDUA adalah apotek yang memiliki Surat Izin Apotek yang masih berlaku",
            "PARA PIHAK berkeinginan untuk bekerja sama",
        ),
        articles=_articles("PIHAK KEDUA", "Pelayanan Kefarmasian"),
        attachments=(_budget(), _work_plan()),
        draft=True,
    )
    return replace(document, **changes)


# --- reading back -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """Indonesian program chrome, from the catalog or (before it is merged) the pending strings."""
    if _("Page {page} of {pages}") != "Page {page} of {pages}" or not PENDING_CATALOG.exists():
        return
    messages = json.loads(PENDING_CATALOG.read_text(encoding="utf-8"))

    class Pending(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return messages.get(message, message)

    monkeypatch.setattr(i18n, "_translations", Pending())


def _pages(data: bytes) -> list[str]:
    """Each page's text, whitespace collapsed as a reader sees it."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


_FOOTER = re.compile(r"(?: ?Paraf .*?)+ Halaman \d+ dari \d+$")


def _text(data: bytes) -> str:
    """The document's running text across pages, without the paraf boxes and page numbers."""
    return " ".join(_FOOTER.sub("", page) for page in _pages(data))


@functools.cache
def _bpjs_pdf_once() -> bytes:
    return agreement_pdf_bytes(bpjs_pks())


@pytest.fixture
def bpjs_pdf() -> bytes:
    """The BPJS PKS, rendered once for the module (in the Indonesian set by ``indonesian``)."""
    return _bpjs_pdf_once()


def test_the_bpjs_pks_reads_like_the_agreement_the_office_signs(bpjs_pdf: bytes) -> None:
    first = _pages(bpjs_pdf)[0]
    text = _text(bpjs_pdf)
    assert first.startswith("PERJANJIAN KERJA SAMA ANTARA BPJS KESEHATAN KANTOR CABANG SURABAYA")
    assert "DENGAN PRAKTIK DOKTER MANDIRI DR. ANDI WIJAYA TENTANG PELAYANAN KESEHATAN" in first
    # Each number says whose agenda it is, by the label the party has in this PKS.
    assert "Nomor PIHAK PERTAMA: 1234/KTR/VII-05/1126" in first
    assert "Nomor PIHAK KEDUA: 013/PKS/DR-X/XI/2026" in first
    assert (
        "Pada hari ini, Minggu, tanggal dua puluh dua bulan November tahun dua ribu dua puluh "
        "enam (22-11-2026), bertempat di Kota Surabaya, yang bertanda tangan di bawah ini:"
    ) in first
    assert "selanjutnya disebut PIHAK PERTAMA." in text
    assert "selanjutnya disebut PIHAK KEDUA." in text
    assert (
        "PIHAK PERTAMA dan PIHAK KEDUA selanjutnya secara bersama-sama disebut PARA PIHAK." in text
    )
    assert (
        "dalam hal ini bertindak untuk dan atas nama BPJS Kesehatan Kantor Cabang Surabaya" in text
    )

    # Recitals: lettered, each "bahwa …;", whatever the user typed around them.
    assert "PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:" in text
    assert "a. bahwa PIHAK PERTAMA adalah badan hukum publik" in text
    assert "b. bahwa PIHAK KEDUA adalah praktik dokter mandiri" in text
    assert "masih berlaku;" in text and "bagi Peserta; Berdasarkan hal-hal tersebut di atas" in text
    assert "Bahwa" not in text and "berlaku;;" not in text
    assert "PARA PIHAK sepakat untuk mengadakan Perjanjian Kerja Sama dengan ketentuan" in text

    for number in range(1, 13):
        assert f"Pasal {number} " in text
    assert "Pasal 13" not in text
    assert "Pasal 4 Hak dan Kewajiban (1) Hak PIHAK PERTAMA: a. menerima laporan" in text

    assert (
        "Demikian Perjanjian Kerja Sama ini dibuat dalam rangkap 2 (dua), masing-masing "
        "bermeterai cukup dan mempunyai kekuatan hukum yang sama, ditandatangani oleh PARA "
        "PIHAK pada hari dan tanggal tersebut di atas."
    ) in text


def test_signatures_sit_over_meterai_beside_the_closing(bpjs_pdf: bytes) -> None:
    pages = _pages(bpjs_pdf)
    signature_pages = [i for i, page in enumerate(pages) if "METERAI Rp10.000" in page]
    assert len(signature_pages) == 1
    page = pages[signature_pages[0]]
    assert page.count("METERAI Rp10.000") == 2
    assert "Demikian Perjanjian Kerja Sama ini" in page
    for expected in (
        "PIHAK PERTAMA,",
        "PIHAK KEDUA,",
        "Hendra Gunawan, S.E., M.M.",
        "dr. Andi Wijaya",
        "Kepala Kantor Cabang Surabaya",
        "NPP. 01234567",
        "NIK. 3578012207800003",
    ):
        assert expected in page
    # The final version carries its id and the start of its hash next to a QR code.
    assert f"ID dokumen: a1b2c3d4-0001 · SHA-256 isi: {CONTENT_HASH[:16]}…" in page


def test_every_page_has_paraf_boxes_and_page_x_of_y(bpjs_pdf: bytes) -> None:
    pages = _pages(bpjs_pdf)
    count = len(pages)
    assert count >= 5
    for number, page in enumerate(pages, start=1):
        assert "Paraf PIHAK PERTAMA" in page and "Paraf PIHAK KEDUA" in page
        assert f"Halaman {number} dari {count}" in page
    assert f"Halaman 1 dari {count}" in pages[0]
    assert f"Halaman {count} dari {count}" in pages[-1]


def test_lampiran_follow_the_signatures_with_money_in_digits_and_words(bpjs_pdf: bytes) -> None:
    pages = _pages(bpjs_pdf)
    signature_page = next(i for i, page in enumerate(pages) if "METERAI" in page)
    budget = pages[signature_page + 1]
    assert budget.startswith("LAMPIRAN 1 Perjanjian Kerja Sama Nomor: 1234/KTR/VII-05/1126 dan")
    assert "RENCANA ANGGARAN BIAYA" in budget
    assert "Harga Satuan" in budget and "Rp750.000,00" in budget and "Rp1.000.000,00" in budget
    assert "Jumlah Rp2.950.000,00" in budget
    assert "Rp2.950.000,00 (dua juta sembilan ratus lima puluh ribu rupiah)" in budget
    work_plan = pages[signature_page + 2]
    assert work_plan.startswith("LAMPIRAN 2") and "RENCANA KERJA KEMITRAAN" in work_plan


def test_the_apotek_pks_is_a_draft_and_says_so() -> None:
    data = agreement_pdf_bytes(apotek_pks())
    pages = _pages(data)
    text = _text(data)
    watermark = _("DRAFT")
    assert watermark == "DRAF"
    assert all(watermark in page for page in pages)
    assert "TENTANG PELAYANAN KEFARMASIAN BAGI PASIEN PRAKTIK DOKTER" in pages[0]
    assert "Nomor PIHAK KEDUA: 021/APT-SS/XI/2026" in pages[0]
    assert "apt. Rina Kartika, S.Farm." in text
    # A draft is not the final version: no QR code, no content hash.
    assert "ID dokumen" not in text and "SHA-256" not in text


def test_the_final_version_has_no_draft_watermark(bpjs_pdf: bytes) -> None:
    assert not any("DRAF" in page for page in _pages(bpjs_pdf))


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("f4", (609.4, 935.4))])
def test_paper_sizes(paper: str, size: tuple[float, float]) -> None:
    data = agreement_pdf_bytes(bpjs_pks(attachments=()), paper=paper)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=1)


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        agreement_pdf_bytes(bpjs_pks(), paper="letter-ish")


def _font_dicts(reader: PdfReader):
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            yield font
            for descendant in font.get("/DescendantFonts", []):
                yield descendant.get_object()


def test_all_fonts_are_embedded(bpjs_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(bpjs_pdf))
    names = set()
    for font in _font_dicts(reader):
        if font["/Subtype"] == "/Type0":
            continue  # its descendant carries the descriptor
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        names.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= names


def test_the_same_document_gives_the_same_bytes(bpjs_pdf: bytes) -> None:
    assert agreement_pdf_bytes(bpjs_pks()) == bpjs_pdf


def test_pdf_metadata_names_the_agreement(bpjs_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(bpjs_pdf)).metadata
    assert meta.title.startswith("PERJANJIAN KERJA SAMA ANTARA BPJS Kesehatan Kantor Cabang")
    assert "BPJS Kesehatan Kantor Cabang Surabaya" in meta.author
    assert "Praktik Dokter Mandiri dr. Andi Wijaya" in meta.author
    assert meta.subject.startswith("Pelayanan Kesehatan Tingkat Pertama")


def test_render_to_a_path_and_to_a_file(tmp_path: Path, bpjs_pdf: bytes) -> None:
    target = tmp_path / "pks.pdf"
    with private_output(target) as out:
        render_agreement(bpjs_pks(), out)
    buffer = io.BytesIO()
    render_agreement(bpjs_pks(), buffer)
    assert target.read_bytes() == buffer.getvalue() == bpjs_pdf


# --- hostile and incomplete input ---------------------------------------------------------

HOSTILE = "A & B <C> </para>"


def test_user_text_is_printed_literally_never_as_markup() -> None:
    strange = replace(
        BPJS,
        organisation=HOSTILE,
        signatory_name="<b>Bukan tebal</b> &amp; <font size=40>",
        address="Jl. \"Kutip\" 'satu' \\ garis miring",
    )
    document = bpjs_pks(
        parties=(strange, PRACTICE),
        subject="Uji <i>miring</i> & lain-lain",
        articles=(Article("Judul <br/> & <unknown>", "(1) ayat <para> & </para>"),),
        attachments=(
            TableBlock("Tabel <x>", ("A & B", "<C>"), (("</td>", "Rp1.000,00"),), ("Σ <>",)),
        ),
    )
    text = _text(agreement_pdf_bytes(document))
    assert "ANTARA A & B <C> </PARA> DENGAN" in text
    assert f"atas nama {HOSTILE}, selanjutnya" in text
    assert "<b>Bukan tebal</b> &amp; <font size=40>" in text
    assert "Jl. \"Kutip\" 'satu' \\ garis miring" in text
    assert "Pasal 1 Judul <br/> & <unknown> (1) ayat <para> & </para>" in text
    assert "TABEL <X>" in text and "A & B" in text and "</td>" in text


def test_emoji_rtl_and_control_characters_do_not_crash() -> None:
    nasty = "Klinik 😷 שלום مرحبا \x00\x07\x1b[31m\u202e\ud800\ufffe\x85 akhir\r\nbaris baru"
    document = bpjs_pks(
        parties=(replace(BPJS, organisation=nasty, role="PIHAK\x00 PERTAMA"), PRACTICE),
        recitals=(nasty,),
        articles=(Article(nasty, nasty),),
        attachments=(TableBlock(nasty, (nasty,), ((nasty,),), note=nasty),),
        content_hash=nasty,
    )
    text = _text(agreement_pdf_bytes(document))
    assert "akhir baris baru" in text
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    # What the fonts cannot draw shows as a box, so the signer sees something was there.
    assert "KLINIK □" in text and "Klinik □" in text
    assert all("Paraf PIHAK PERTAMA" in page for page in _pages(agreement_pdf_bytes(document)))


def test_a_missing_date_and_empty_fields_leave_blanks_to_fill_in() -> None:
    empty = PartyBlock("PIHAK KEDUA", "", "", "", "", "", "", "")
    document = bpjs_pks(agreement_date=None, place="", parties=(BPJS, empty), recitals=(), copies=0)
    text = _text(agreement_pdf_bytes(document))
    assert "Pada hari ini, ……" in text and "bertempat di ……" in text
    assert "PARA PIHAK sepakat untuk mengadakan Perjanjian Kerja Sama dengan ketentuan" in text
    assert "NIK/NIP. ……" in text


def test_no_parties_at_all_still_prints_a_form() -> None:
    text = _text(agreement_pdf_bytes(bpjs_pks(parties=(), attachments=())))
    assert "PIHAK PERTAMA dan PIHAK KEDUA selanjutnya" in text


def test_a_100000_character_text_wraps_instead_of_failing() -> None:
    started = time.perf_counter()
    huge_word = "x" * 100_000
    document = bpjs_pks(
        articles=(Article("Panjang", huge_word), *_articles("PIHAK KEDUA", "Pelayanan")[:2]),
        parties=(replace(BPJS, organisation="O" * 3_000), PRACTICE),
        attachments=(TableBlock("Besar", ("No.", "Uraian"), (("1", "y" * 8_000),)),),
    )
    pages = _pages(agreement_pdf_bytes(document))
    assert len(pages) > 20
    assert "Pasal 3" in " ".join(pages)
    assert time.perf_counter() - started < 15


# --- other kinds ----------------------------------------------------------------------------


def test_a_mou_is_a_nota_kesepahaman() -> None:
    document = bpjs_pks(kind="mou", title="Nota Kesepahaman", attachments=())
    text = _text(agreement_pdf_bytes(document))
    assert text.startswith("NOTA KESEPAHAMAN ANTARA")
    assert "Demikian Nota Kesepahaman ini dibuat dalam rangkap 2 (dua)" in text


def test_an_addendum_recites_the_agreement_it_changes() -> None:
    document = bpjs_pks(
        kind="addendum",
        title="Adendum Pertama",
        parent=ParentReference(
            "Perjanjian Kerja Sama tentang Pelayanan Kesehatan Tingkat Pertama",
            ("1234/KTR/VII-05/1126", "013/PKS/DR-X/XI/2026"),
            date(2026, 11, 22),
        ),
        articles=(Article("Perubahan", "Ketentuan Pasal 7 diubah sehingga berbunyi: …"),),
        attachments=(),
        copies=3,
    )
    text = _text(agreement_pdf_bytes(document))
    assert text.startswith("ADENDUM PERTAMA ANTARA")
    assert (
        "a. bahwa PARA PIHAK telah membuat dan menandatangani Perjanjian Kerja Sama tentang "
        "Pelayanan Kesehatan Tingkat Pertama Nomor 1234/KTR/VII-05/1126 dan Nomor "
        "013/PKS/DR-X/XI/2026 tanggal 22 November 2026, yang selanjutnya disebut Perjanjian Induk;"
    ) in text
    assert "b. bahwa PIHAK PERTAMA adalah badan hukum publik" in text
    assert "Demikian Adendum ini dibuat dalam rangkap 3 (tiga)" in text


# --- escaping helpers ------------------------------------------------------------------------


def test_escape_text_escapes_markup_and_keeps_line_breaks() -> None:
    assert escape_text("A & B <C>\nbaris") == "A &amp; B &lt;C&gt;<br/>baris"
    assert escape_text(None) == ""


def test_clean_text_drops_control_characters_but_keeps_newline_and_tab() -> None:
    assert clean_text("a\x00b\x07c\td\r\ne\rf\ud800g\x85h") == "abc\td\ne\nfgh"
    assert clean_text("Rp2.950.000,00 😷") == "Rp2.950.000,00 😷"


def test_hanging_items_keep_their_markers_in_order() -> None:
    body = "(1) satu:\na. huruf a;\nb. huruf b.\n(2) dua.\n\nParagraf biasa."
    text = _text(agreement_pdf_bytes(bpjs_pks(articles=(Article("Isi", body),), attachments=())))
    assert re.search(r"\(1\) satu: a\. huruf a; b\. huruf b\. \(2\) dua\. Paragraf biasa\.", text)


def test_missing_fonts_fail_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kemitraan_desktop.reports import layout

    monkeypatch.setattr(layout, "_fonts_registered", False)
    monkeypatch.setattr(layout.paths, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(layout.FontsMissingError, match="LiberationSerif-Regular.ttf"):
        agreement_pdf_bytes(bpjs_pks())
