"""The credentialing form a BPJS branch office reads: identity, requirements with their evidence,
criteria with bobot, skor and skor × bobot, an empty column for the Tim Kredensialing, and the
statement to sign. Read back from the PDF as the officer would; drawn marks from the rendered
page.
"""

from __future__ import annotations

import functools
import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdfium2
import pytest
from pypdf import PdfReader

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.credentialing_form import (
    CredentialingFormError,
    credentialing_form,
)
from kemitraan_desktop.domain.documents import CriterionRow, ReadinessDocument, RequirementRow
from kemitraan_desktop.domain.numbers import format_number
from kemitraan_desktop.domain.readiness import technical_score, weighted_part
from kemitraan_desktop.reports.readiness import render_readiness

A4 = (595.28, 841.89)
F4 = (609.45, 935.43)


def sample_form(**changes) -> ReadinessDocument:
    doc = ReadinessDocument(
        title="FORMULIR KREDENSIALING",
        subtitle="FASILITAS KESEHATAN TINGKAT PERTAMA — PRAKTIK MANDIRI DOKTER",
        partnership_title="Kerja sama FKTP dengan BPJS Kesehatan",
        practice_name="Praktik Dokter Andi Wijaya",
        branch="BPJS Kesehatan Kantor Cabang Surabaya",
        generated_on=date(2026, 11, 22),
        identity=(
            ("Nama fasilitas kesehatan", "Praktik Dokter Andi Wijaya"),
            ("Kode faskes", "1305U012"),
            ("Nomor SIP", "503/771/SIP/436.7.2/2024"),
            ("SIP berlaku sampai dengan", "14 Maret 2029"),
            ("Nomor STR", "KKI 3578 1234 5678"),
            ("Masa berlaku STR", "Berlaku seumur hidup"),
            ("Jam praktik", "Senin–Sabtu 17.00–21.00"),
        ),
        requirements=(
            RequirementRow("Surat Izin Praktik (SIP) dokter yang masih berlaku", "",
                           "503/771/SIP/436.7.2/2024", "14 Maret 2029", True, ("sip-andi.jpg",)),
            RequirementRow("Nomor Pokok Wajib Pajak (NPWP)", "", "3578012345670001", "–", True,
                           ()),
            RequirementRow("Perjanjian kerja sama dengan apotek sebagai jejaring",
                           "PKS dengan Apotek Sehat Sentosa", "017/PKS/APT/III/2026",
                           "31 Desember 2026", True, ("pks-apotek.pdf",)),
        ),
        criteria=(
            CriterionRow("Sumber daya manusia", ("Dokter dengan STR dan SIP yang berlaku",
                                                 "Perawat pendamping"), 25, 85,
                         weighted_part(85, 25)),
            CriterionRow("Kelengkapan sarana prasarana", ("Ruang periksa",), 25, 70,
                         weighted_part(70, 25)),
            CriterionRow("Lingkup pelayanan", (), 25, 80, weighted_part(80, 25)),
            CriterionRow("Komitmen pelayanan", (), 25, 90, weighted_part(90, 25)),
        ),
        technical_score=81.25,
        missing=("Nomor Pokok Wajib Pajak (NPWP): pindaian atau foto dokumen belum dilampirkan.",),
        statement="Dengan ini saya menyatakan bahwa keterangan dalam formulir ini adalah benar.",
        place="Surabaya",
        signer_name="dr. Andi Wijaya",
        signer_line="SIP. 503/771/SIP/436.7.2/2024",
    )
    return replace(doc, **changes)


def _pdf(doc: ReadinessDocument, paper: str = "a4") -> bytes:
    buffer = io.BytesIO()
    render_readiness(doc, buffer, paper=paper)
    return buffer.getvalue()


@functools.cache
def _sample_pdf() -> bytes:
    return _pdf(sample_form())


def _pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(data)).pages]


def test_the_form_lists_identity_requirements_with_evidence_criteria_and_statement() -> None:
    pages = _pages(_sample_pdf())
    text = " ".join(pages)
    assert "FORMULIR KREDENSIALING" in text
    assert "Kepada BPJS Kesehatan Kantor Cabang Surabaya" in text
    assert "A. IDENTITAS FASILITAS KESEHATAN" in text
    assert "Kode faskes 1305U012" in text
    assert "Masa berlaku STR Berlaku seumur hidup" in text
    assert "Jam praktik Senin–Sabtu 17.00–21.00" in text
    assert "B. PERSYARATAN ADMINISTRASI" in text
    assert "Dokumen bukti" in text and "Masa berlaku" in text and "Tim Kredensialing" in text
    assert "503/771/SIP/436.7.2/2024 14 Maret 2029" in text
    assert "sip-andi.jpg" in text
    assert "PKS dengan Apotek Sehat Sentosa pks-apotek.pdf 017/PKS/APT/III/2026" in text
    assert "Belum dilampirkan" in text  # the NPWP has no scan yet
    assert "C. KRITERIA TEKNIS" in text
    assert "Skor × Bobot" in text
    assert "Sumber daya manusia a. Dokter dengan STR dan SIP yang berlaku b. Perawat" in text
    assert "25 85 21,25" in text and "25 70 17,50" in text and "25 90 22,50" in text
    assert "Jumlah 100 81,25" in text
    assert "Nilai kriteria teknis (penilaian mandiri): 81,25 dari 100" in text
    assert "D. YANG MASIH KURANG" in text
    assert "E. PERNYATAAN" in text
    assert "Surabaya, 22 November 2026" in text
    assert "(…………………………) dr. Andi Wijaya NPP. ………………………… SIP. 503/771/SIP/436.7.2/2024" in text
    assert f"Halaman 1 dari {len(pages)}" in pages[0]


def test_a_missing_administrative_requirement_is_said_where_the_scores_would_be() -> None:
    doc = sample_form(
        requirements=(
            *sample_form().requirements,
            RequirementRow("Sertifikat akreditasi praktik", "", "", "", False, ()),
        ),
        criteria=tuple(replace(row, score=None, weighted=None) for row in sample_form().criteria),
        technical_score=None,
    )
    text = " ".join(_pages(_pdf(doc)))
    assert ("Kriteria teknis belum dinilai: 1 persyaratan administrasi belum terpenuhi "
            "(lihat bagian B).") in text
    assert "21,25" not in text and "81,25" not in text
    assert "Jumlah 100 –" in text
    assert "Nilai kriteria teknis" not in text


def test_the_form_prints_in_indonesian_on_an_english_screen() -> None:
    i18n.set_language("en")
    text = " ".join(_pages(_pdf(sample_form())))
    assert "PERSYARATAN ADMINISTRASI" in text and "Halaman 1 dari" in text
    assert "Page 1" not in text and "Administrative" not in text


def _locate(page: pypdfium2.PdfPage, needle: str, nth: int = 0
            ) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) of the *nth* occurrence of *needle* on the page."""
    text = page.get_textpage()
    search = text.search(needle)
    for _ in range(nth + 1):
        found = search.get_next()
        assert found is not None, needle
    index, count = found
    boxes = [text.get_charbox(i) for i in range(index, index + count)]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def test_the_team_columns_are_left_empty_and_the_self_assessment_is_ticked() -> None:
    """On the rendered page: a green tick under "Penilaian mandiri" in every requirement row,
    nothing at all under "Tim Kredensialing" (the officer writes there)."""
    document = pypdfium2.PdfDocument(_sample_pdf())
    page = document[0]
    scale = 2.0
    image = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_height()
    # The header's "Kredensialing" (the note above the table says it first).
    team = _locate(page, "Kredensialing", nth=2)
    own = _locate(page, "Penilaian")
    first_row = _locate(page, "Surat Izin Praktik (SIP)")
    last_row = _locate(page, "Perjanjian kerja sama dengan apotek")

    def crop(left: float, right: float):  # noqa: ANN202
        top = height - (first_row[3] + 2)
        bottom = height - (last_row[1] - 20)
        return image.crop((int(left * scale), int(top * scale), int(right * scale),
                           int(bottom * scale)))

    # Inside the team's column (clear of its vertical grid lines) only the rules between rows
    # cross it: every line of pixels is one colour, paper or rule, with no mark or letter.
    team_column = crop(team[0] + 4, team[2] - 4)
    width = team_column.width
    lines = [list(team_column.crop((0, y, width, y + 1)).get_flattened_data())
             for y in range(team_column.height)]
    assert all(max(map(sum, line)) - min(map(sum, line)) < 30 for line in lines)
    assert sum(1 for line in lines if min(map(sum, line)) > 735) > 0.8 * len(lines)
    greens = [p for p in crop(own[0] - 4, own[2] + 4).get_flattened_data()
              if p[1] > 110 and p[0] < 90 and p[2] < 90]
    assert len(greens) > 30


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("f4", F4)])
def test_the_form_prints_on_a4_and_f4_with_its_fonts_embedded(paper, size) -> None:
    data = _pdf(sample_form(), paper)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(size[0], abs=1)
    assert float(page.mediabox.height) == pytest.approx(size[1], abs=1)
    assert b"Helvetica" not in data


def test_hostile_text_in_the_form_prints_as_typed() -> None:
    hostile = "A & B <C> <b>tebal</b> \x00\x07 مرحبا 😀"
    doc = sample_form(
        branch=hostile, signer_name=hostile, missing=(hostile, "x" * 20_000),
        requirements=(RequirementRow(hostile, hostile, hostile, hostile, False, (hostile,)),),
        criteria=(CriterionRow(hostile, (hostile,) * 30, 100, None, None),),
        technical_score=None,
    )
    text = " ".join(_pages(_pdf(doc)))
    assert "A & B <C> <b>tebal</b>" in text


# --- the figures ---------------------------------------------------------------------------


def test_skor_times_bobot_adds_up_to_the_technical_score() -> None:
    assert weighted_part(85, 25) == Decimal("21.25")
    assert weighted_part(None, 25) is None
    scores = {"sdm": 85, "sarana": 70, "lingkup": 80, "komitmen": 90}
    weights = {"sdm": 25, "sarana": 25, "lingkup": 25, "komitmen": 25}
    assert technical_score(scores, weights).weighted == 81.25
    # Weights that do not add up to 100 are weighed by their sum: (34 + 17,5) / 65 × 100.
    assert technical_score({"sdm": 85, "sarana": 70}, {"sdm": 40, "sarana": 25}).weighted == 79.23
    assert technical_score({"sdm": None}, weights).weighted == 0.0


def test_numbers_print_with_a_decimal_comma() -> None:
    assert format_number(3, 2, fixed=True) == "3,00"
    assert format_number(81.25, 1) == "81,3"
    assert format_number(81.2) == "81,2"
    assert format_number(1500) == "1.500"
    assert format_number(Decimal("17.5"), 2, fixed=True) == "17,50"
    assert format_number(0.125) == "0,13"
    assert format_number(-0.001) == "0"
    assert format_number(None) == "–" and format_number(float("nan")) == "–"


# --- the form's words ------------------------------------------------------------------------


def test_the_form_template_names_every_requirement_and_criterion() -> None:
    form = credentialing_form()
    assert form.requirement("str") == "Surat Tanda Registrasi (STR) dokter"
    assert form.str_validity == "Berlaku seumur hidup"
    assert form.criteria["sdm"].name == "Sumber daya manusia"
    assert len(form.criteria["komitmen"].sub_criteria) == 4
    assert form.bundle_order[0] == "form"
    assert form.bundle_order.index("sip") < form.bundle_order.index("surat_pernyataan")
    assert form.surat_pernyataan.title == "SURAT PERNYATAAN"


def test_a_damaged_form_template_names_the_file(tmp_path) -> None:
    broken = tmp_path / "formulir.json"
    broken.write_text('{"title": "X"}', encoding="utf-8")
    with pytest.raises(CredentialingFormError, match="formulir.json"):
        credentialing_form(broken)
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CredentialingFormError, match="not valid JSON"):
        credentialing_form(broken)
