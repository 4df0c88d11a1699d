"""The evaluation's berita acara and the archive's "Mengetahui", from the demo partnerships: the
parties as their agreement names them, the period from the agreement, and figures with a
decimal comma wherever they print."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from kemitraan_desktop import i18n
from kemitraan_desktop.reports.berita_acara import conclusion_points
from kemitraan_desktop.services import documents
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo

TODAY = date(2026, 11, 22)
BPJS, APOTEK, LAB = 3, 1, 2  # the order create_demo makes them in


@pytest.fixture
def demo(svc: Services) -> Services:
    create_demo(svc, today=TODAY)
    return svc


def _text(svc: Services, kind: str, partnership_id: int) -> str:
    out = io.BytesIO()
    documents.render_report(svc, kind, partnership_id, out)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_the_berita_acara_names_the_signed_agreement_its_parties_and_period(demo) -> None:
    doc = documents.evaluation_document(demo, LAB, TODAY)
    assert (doc.period_start, doc.period_end) == (date(2026, 1, 22), TODAY)
    minutes = doc.berita_acara
    assert minutes.place == "Sleman"
    assert minutes.agreement == ("Perjanjian Kerja Sama Nomor 002/PKS/DR-SR/I/2026 dan "
                                 "045/PKS/LAB-PH/I/2026 tanggal 22 Januari 2026")
    assert [p.role for p in minutes.signatories.parties] == ["PIHAK PERTAMA", "PIHAK KEDUA"]
    assert minutes.signatories.parties[0].signatory_name == "dr. Siti Rahmawati"
    assert minutes.disputed_keys == ("Kolaborasi",)
    assert (minutes.open_actions, minutes.done_actions) == (1, 0)
    text = _text(demo, "evaluation", LAB)
    assert ("1. Pelaksanaan kegiatan: dari 1 (satu) kegiatan yang direncanakan, 1 (satu) laporan "
            "kegiatan tercatat pada periode ini, dengan biaya nyata Rp350.000,00 (tiga ratus "
            "lima puluh ribu rupiah).") in text
    assert ("Kesimpulan Pelaksanaan kerja sama pada periode ini belum mencapai seluruh target "
            "yang disepakati: 1 (satu) dari 2 (dua) indikator belum mencapai target.") in text


def test_a_bpjs_partnership_names_the_branch_pihak_kesatu_in_the_berita_acara_and_archive(
        demo) -> None:
    minutes = documents.evaluation_document(demo, BPJS, TODAY).berita_acara
    assert [p.role for p in minutes.signatories.parties] == ["PIHAK KESATU", "PIHAK KEDUA"]
    assert minutes.signatories.parties[0].organisation == "BPJS Kesehatan Kantor Cabang Sleman"
    assert minutes.agreement == ""  # the PKS is a draft: the berita acara names the partnership
    archive = _text(demo, "archive", BPJS)
    assert ("Mengetahui, PIHAK KESATU, PIHAK KEDUA, BPJS Kesehatan Kantor Cabang Sleman "
            "Praktik Dokter Siti Rahmawati") in archive


def test_the_berita_acara_keeps_its_indonesian_words_on_an_english_screen(demo) -> None:
    i18n.set_language("en")
    text = _text(demo, "evaluation", LAB)
    minutes = text[text.index("BERITA ACARA"):]
    assert "perlu dibahas: Kolaborasi." in minutes and "Lima kunci keberhasilan:" in minutes
    # The framework's English names stay on the screen: the documents print Indonesian alone.
    for english in ("Cooperation", "Coordination", "Collaboration", "dynamic team",
                    "Commitment"):
        assert english not in text
    # The evaluation before it is Indonesian too: both parties keep it with the PKS.
    assert text.startswith("EVALUASI KEMITRAAN")


def test_the_archive_holds_every_step_and_prints_figures_with_a_decimal_comma(demo) -> None:
    text = _text(demo, "archive", LAB)
    for number, title in ((7, "Melaksanakan kerja sama"), (8, "Pemantauan dan penilaian")):
        assert text.count(f"Langkah {number}: {title}") == 2  # in the contents and as heading
    assert "Periode 22 Januari 2026 – " in text  # to the day it is printed
    assert "Laboratorium Klinik Prima Husada Laboratorium 3,00 Ya" in text  # step 2's score
    assert "Pengambilan sampel terjadwal 1 Rp2.400.000,00 Rp350.000,00 Rp2.050.000,00" in text
    # No figure anywhere with a decimal point (times such as 07.00 are not in the archive).
    assert not re.findall(r"\b\d+\.\d{1,2}\b(?!\.)", text)
    evaluation = _text(demo, "evaluation", LAB)
    assert "Kolaborasi 3,67 1,67 2,00 Perlu dibahas" in evaluation
    assert "Komitmen 4,33 3,67 0,67" in evaluation  # two thirds, not 0,66
    assert not re.findall(r"\b\d+\.\d{1,2}\b(?!\.)", evaluation)


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_no_heading_of_the_archive_stays_behind_at_the_foot_of_a_page(demo, paper) -> None:
    """Step 8's "Indikator" prints on the page of its first chart, where the contents says it
    is; the five keys' table is never split with one key alone over the page."""
    out = io.BytesIO()
    documents.render_report(demo, "archive", LAB, out, paper=paper)
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(out.getvalue())).pages]

    def page_of(line: str) -> int:
        return next(number for number, text in enumerate(pages, start=1)
                    if line in text.splitlines() and "Daftar isi" not in text)

    first_chart = page_of("Pasien Prolanis DM diperiksa HbA1c (%)")
    assert page_of("Indikator") == first_chart
    contents = next(text for text in pages if "Daftar isi" in text)
    assert re.search(rf"Indikator\s*\.*\s*{first_chart}\b", contents)
    table = [number for number, text in enumerate(pages, start=1)
             if "Kunci Praktik Mitra Selisih Catatan" in " ".join(text.split())]
    assert len(table) == 1, table
    assert "Komitmen 4,33 3,67 0,67" in " ".join(pages[table[0] - 1].split())


def _evaluation_text(svc: Services, partnership_id: int, today: date) -> str:
    from kemitraan_desktop.i18n import printed_in_indonesian
    from kemitraan_desktop.reports.evaluation import render_evaluation

    out = io.BytesIO()
    with printed_in_indonesian():
        render_evaluation(documents.evaluation_document(svc, partnership_id, today), out)
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_the_period_holds_every_indicator_value_it_reports(demo) -> None:
    """Walker #15: a value for 2027-01 was reported "untuk periode 4 Desember 2026 sampai
    dengan 4 Desember 2026". A period wholly outside the span widens it to its first or last
    day; a quarter that overlaps the span (2026-Q1 from 1 Januari) leaves it as it was."""
    hba1c = next(i for i in demo.indicators.list(LAB) if "HbA1c" in i.name)
    demo.indicator_values.create(indicator_id=hba1c.id, period="2027-01", value=75)
    demo.indicator_values.create(indicator_id=hba1c.id, period="2025-12", value=38)
    doc = documents.evaluation_document(demo, LAB, TODAY)
    assert (doc.period_start, doc.period_end) == (date(2025, 12, 1), date(2027, 1, 31))
    text = _evaluation_text(demo, LAB, TODAY)
    assert "Periode 1 Desember 2025 – 31 Januari 2027" in text
    assert ("untuk periode 1 Desember 2025 sampai dengan 31 Januari 2027, dengan hasil "
            "sebagai berikut:") in text


def test_the_berita_acara_is_held_where_the_pks_says_and_dated_at_the_town(demo) -> None:
    """The PKS says "bertempat di Sleman" (the place name letters use, not the regency's
    "Kabupaten Sleman"): so does its berita acara, and its signatures are dated
    "Sleman, 22 November 2026"."""
    minutes = documents.evaluation_document(demo, LAB, TODAY).berita_acara
    assert (minutes.venue, minutes.place) == ("Sleman", "Sleman")
    text = _evaluation_text(demo, LAB, TODAY)
    assert "bertempat di Kabupaten Sleman" not in text
    assert ("tahun dua ribu dua puluh enam (22-11-2026), bertempat di Sleman, kami "
            "yang bertanda tangan di bawah ini:") in text
    assert "Sleman, 22 November 2026" in text


def test_a_value_for_a_period_outside_the_pks_term_is_named_for_the_parties_to_check(
        demo) -> None:
    """Walker #15: a value recorded for a period outside the signed PKS is flagged. The demo
    laboratory's PKS runs from 22 Januari 2026 to 21 Januari 2027."""
    hba1c = next(i for i in demo.indicators.list(LAB) if "HbA1c" in i.name)
    demo.indicator_values.create(indicator_id=hba1c.id, period="2025-12", value=38)
    text = _evaluation_text(demo, LAB, TODAY)
    assert ("3. Nilai indikator yang dicatat untuk periode di luar jangka waktu perjanjian "
            "(periode 22 Januari 2026 sampai dengan 21 Januari 2027): Pasien Prolanis DM "
            "diperiksa HbA1c (2025-12); PARA PIHAK memeriksa kembali nilai tersebut. "
            "4. Lima kunci keberhasilan:") in text
    # 2027-Q1 begins inside the term (1 Januari 2027): it is not outside.
    demo.indicator_values.create(indicator_id=hba1c.id, period="2027-Q1", value=78)
    assert documents.evaluation_document(demo, LAB, TODAY).berita_acara.outside_term == (
        "Pasien Prolanis DM diperiksa HbA1c (2025-12)",)


def test_values_inside_the_term_name_nothing(demo) -> None:
    assert documents.evaluation_document(demo, LAB, TODAY).berita_acara.outside_term == ()
    assert "di luar jangka waktu perjanjian" not in _evaluation_text(demo, LAB, TODAY)


def test_a_value_for_a_period_not_begun_on_the_day_held_is_named(demo) -> None:
    """Walker2 #3: minutes of 4 Desember 2026 reported a value for 2027-01. The demo
    laboratory's PKS runs to 21 Januari 2027, so 2027-01 lies inside it, but not yet begun on
    22 November 2026."""
    hba1c = next(i for i in demo.indicators.list(LAB) if "HbA1c" in i.name)
    demo.indicator_values.create(indicator_id=hba1c.id, period="2027-01", value=74)
    text = _evaluation_text(demo, LAB, TODAY)
    assert ("3. Nilai indikator yang dicatat untuk periode yang belum dimulai pada tanggal "
            "berita acara ini: Pasien Prolanis DM diperiksa HbA1c (2027-01); PARA PIHAK "
            "memeriksa kembali nilai tersebut. 4. Lima kunci keberhasilan:") in text
    assert "di luar jangka waktu perjanjian" not in text


def test_minutes_held_before_the_term_begins_say_so(demo) -> None:
    """Walker2 #3: minutes dated 4 Desember 2026 evaluated a PKS whose term began on 1 Januari
    2027. The demo laboratory's PKS begins on 22 Januari 2026."""
    minutes = documents.evaluation_document(demo, LAB, date(2026, 1, 10)).berita_acara
    points, _conclusion = conclusion_points(minutes, (), ())
    assert points[0] == ("Berita acara ini dibuat sebelum jangka waktu perjanjian dimulai pada "
                         "tanggal 22 Januari 2026; monitoring dan evaluasi atas pelaksanaan "
                         "perjanjian dilakukan dalam jangka waktunya.")
    on_time = documents.evaluation_document(demo, LAB, TODAY).berita_acara
    assert not any("sebelum jangka waktu" in point
                   for point in conclusion_points(on_time, (), ())[0])


def test_the_evaluation_judges_each_key_as_step_8_does(demo) -> None:
    """walker4 F-j: step 8 said "Perlu perhatian" for a key the archive's note left empty."""
    evaluation = _text(demo, "evaluation", LAB)
    assert "Kerja sama 4,33 4,33 0,00 Baik" in evaluation
    assert "Koordinasi 3,67 3,67 0,00 Perlu perhatian" in evaluation
    assert "Kolaborasi 3,67 1,67 2,00 Perlu dibahas" in evaluation
    assert "Tim yang dinamis 3,67 3,67 0,00 Perlu perhatian" in evaluation
    archive = _text(demo, "archive", LAB)
    assert "Koordinasi 3,67 3,67 0,00 Perlu perhatian" in archive
