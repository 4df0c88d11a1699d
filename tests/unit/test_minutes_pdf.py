"""The evaluation with its period and the berita acara both parties sign; the archive with all
eight steps and both parties' "Mengetahui"; numbers with a decimal comma; no empty chart.

Read from the printed PDF (pypdf text), drawn things from the rendered page (pypdfium2).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pypdfium2
from pypdf import PdfReader
from test_archive_pdf import sample_archive, sample_evaluation

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.documents import (
    BeritaAcara,
    EvaluationDocument,
    IndicatorSeries,
    KeyScore,
    PartyBlock,
    Section,
    Signatories,
)
from kemitraan_desktop.reports.archive import render_archive
from kemitraan_desktop.reports.evaluation import render_evaluation

BPJS_SIDES = Signatories(
    parties=(
        PartyBlock("PIHAK KESATU", "BPJS Kesehatan Kantor Cabang Surabaya", "", "Drs. Bambang",
                   "Kepala Kantor Cabang", "", "", ""),
        PartyBlock("PIHAK KEDUA", "Praktik Dokter Mandiri dr. Andi Wijaya", "", "dr. Andi Wijaya",
                   "Dokter Penanggung Jawab Praktik", "", "", ""),
    ),
    practice_role="PIHAK KEDUA",
    partner_role="PIHAK KESATU",
)
MINUTES = BeritaAcara(
    place="Surabaya", held_on=date(2026, 11, 22),
    agreement="Perjanjian Kerja Sama Nomor 017/PKS/KC-SBY/I/2026 dan 001/PKS/DR-AW/I/2026 "
              "tanggal 2 Januari 2026",
    signatories=BPJS_SIDES, disputed_keys=("Kolaborasi",), open_actions=2,
    planned_activities=3, activity_reports=2, actual_cost_sen=1_250_000_00)


def _evaluation(**changes) -> EvaluationDocument:
    values = {"period_start": date(2026, 1, 2), "period_end": date(2026, 11, 22),
              "berita_acara": MINUTES, **changes}
    return replace(sample_evaluation(), **values)


def _pdf_of(render, doc) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    render(doc, buffer)
    return buffer.getvalue()


def _pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(data)).pages]


def _minutes(pages: list[str]) -> str:
    """The berita acara, from the page it begins on to the end, read as one text: each page's
    paraf strip and page line left out."""
    start = next(i for i, page in enumerate(pages) if page.startswith("BERITA ACARA"))
    return " ".join(re.sub(r" ?(Paraf PIHAK \w+ ?)+| ?Halaman \d+ dari \d+", "", page)
                    for page in pages[start:])


def test_the_evaluation_states_its_period_and_ends_with_a_berita_acara_both_parties_sign() -> None:
    pages = _pages(_pdf_of(render_evaluation, _evaluation()))
    assert "Periode 2 Januari 2026 – 22 November 2026" in pages[0]
    minutes = _minutes(pages)
    assert minutes.startswith("BERITA ACARA MONITORING DAN EVALUASI PELAKSANAAN KERJA SAMA")
    start = next(i for i, page in enumerate(pages) if page.startswith("BERITA ACARA"))
    assert all("BERITA ACARA" not in page for page in pages[:start])  # a page of its own
    assert ("Pada hari ini, Minggu, tanggal dua puluh dua bulan November tahun dua ribu dua "
            "puluh enam (22-11-2026), bertempat di Surabaya") in minutes
    assert ("1. Drs. Bambang, Kepala Kantor Cabang, BPJS Kesehatan Kantor Cabang Surabaya, "
            "selanjutnya disebut PIHAK KESATU;") in minutes
    assert "selanjutnya disebut PIHAK KEDUA;" in minutes
    assert ("atas pelaksanaan Perjanjian Kerja Sama Nomor 017/PKS/KC-SBY/I/2026 dan "
            "001/PKS/DR-AW/I/2026 tanggal 2 Januari 2026 untuk periode 2 Januari 2026 sampai "
            "dengan 22 November 2026") in minutes
    assert ("Indikator kerja sama: dari 2 (dua) indikator, 2 (dua) telah mencapai target "
            "(Peserta Prolanis terkendali: 5,3%, target 5%; Rasio rujukan rawat jalan "
            "non-spesialistik: 1,8%, target 2%).") in minutes
    assert ("rata-rata penilaian PIHAK KEDUA 4,04 dan PIHAK KESATU 3,40 pada skala 1 sampai 5; "
            "kunci yang dinilai sangat berbeda oleh PARA PIHAK dan perlu dibahas: "
            "Kolaborasi.") in minutes
    assert "Rencana tindak lanjut: 2 (dua) tindak lanjut belum selesai" in minutes
    assert ("1. Pelaksanaan kegiatan: dari 3 (tiga) kegiatan yang direncanakan, 2 (dua) laporan "
            "kegiatan tercatat pada periode ini, dengan biaya nyata Rp1.250.000,00 (satu juta "
            "dua ratus lima puluh ribu rupiah).") in minutes
    # Every target met, one key seen very differently, two follow-ups open: said as such.
    assert ("Kesimpulan Pelaksanaan kerja sama pada periode ini telah mencapai seluruh target "
            "yang disepakati. PARA PIHAK membahas kunci yang dinilainya sangat berbeda. PARA "
            "PIHAK menindaklanjutinya sesuai rencana tindak lanjut dalam laporan ini.") in minutes
    assert "Catatan PARA PIHAK" in minutes
    assert "ditandatangani oleh PARA PIHAK." in minutes
    assert ("PIHAK KESATU, PIHAK KEDUA, BPJS Kesehatan Kantor Cabang Surabaya Praktik Dokter "
            "Mandiri dr. Andi Wijaya Drs. Bambang dr. Andi Wijaya") in minutes


def test_the_berita_acara_prints_in_indonesian_on_an_english_screen() -> None:
    i18n.set_language("en")
    # The renderer on its own, outside the service that prints the whole evaluation in
    # Indonesian (test_legal_language): the berita acara is Indonesian regardless.
    pages = _pages(_pdf_of(render_evaluation, _evaluation()))
    minutes = _minutes(pages)
    assert "BERITA ACARA" in minutes and "Kesimpulan" in minutes
    assert "selanjutnya disebut PIHAK KESATU" in minutes
    assert not re.search(r"\b(the|and|parties|agreement)\b", minutes.split("Kesimpulan")[0])
    # The berita acara's page line is Indonesian too.
    assert pages[-1].endswith(f"Halaman {len(pages)} dari {len(pages)}")


def test_a_partnership_that_met_every_target_concludes_so() -> None:
    keys = tuple(replace(key, practice=4.5, partner=4.4, disagree=False)
                 for key in sample_evaluation().keys)
    doc = _evaluation(keys=keys, berita_acara=replace(MINUTES, disputed_keys=(),
                                                      open_actions=0, done_actions=2))
    minutes = _minutes(_pages(_pdf_of(render_evaluation, doc)))
    assert ("Kesimpulan Pelaksanaan kerja sama pada periode ini telah mencapai seluruh target "
            "yang disepakati, dan PARA PIHAK menilainya sejalan.") in minutes
    assert "tidak ada kunci yang dinilai sangat berbeda oleh PARA PIHAK" in minutes
    assert "2 (dua) tindak lanjut telah selesai" in minutes


def _top_of(page: pypdfium2.PdfPage, needle: str) -> float:
    text = page.get_textpage()
    found = text.search(needle).get_next()
    assert found is not None, needle
    return max(text.get_charbox(i)[3] for i in range(found[0], found[0] + found[1]))


def _room_below(data: bytes, title: str, next_heading: str) -> tuple[float, int]:
    """How far *next_heading* stands below *title* on the first page, and how many inked
    pixels lie in the gap between (past the title's two lines of text)."""
    page = pypdfium2.PdfDocument(data)[0]
    top, below = _top_of(page, title), _top_of(page, next_heading)
    scale = 2.0
    image = page.render(scale=scale).to_pil().convert("L")
    height = page.get_height()
    gap = image.crop((0, int((height - top + 40) * scale), image.width,
                      int((height - below - 4) * scale)))
    inked = sum(1 for value in gap.get_flattened_data() if value < 200) if gap.height > 0 else 0
    return top - below, inked


def test_an_indicator_without_values_is_said_not_drawn_as_an_empty_chart() -> None:
    measured = IndicatorSeries("Kunjungan peserta", "orang", 10.0, 50.0, "up",
                               (("2026-Q1", 12.0), ("2026-Q2", 20.0)))
    drawn = _pdf_of(render_evaluation, _evaluation(indicators=(measured,), berita_acara=None))
    said = _pdf_of(render_evaluation, _evaluation(indicators=(replace(measured, points=()),),
                                                  berita_acara=None))
    text = _pages(said)[0]
    assert ("Kunjungan peserta (orang) Awal: 10 orang · Target: 50 orang Belum dinilai: belum ada "
            "nilai yang dicatat untuk periode mana pun.") in text
    assert "Periode 2026" not in text  # no axis, no periods
    # Where the chart stood there is nothing drawn: the next heading follows the words.
    chart_room, chart_ink = _room_below(drawn, "Kunjungan peserta", "Lima kunci keberhasilan")
    room, ink = _room_below(said, "Kunjungan peserta", "Lima kunci keberhasilan")
    assert chart_room > 160 and chart_ink > 500
    assert room < 75 and ink == 0


def test_five_keys_nobody_scored_are_said_not_drawn_as_an_empty_radar() -> None:
    unscored = tuple(KeyScore(key.key, None, None, "", "", False)
                     for key in sample_evaluation().keys)
    data = _pdf_of(render_evaluation, _evaluation(keys=unscored, statements=None,
                                                  berita_acara=None))
    text = " ".join(_pages(data))
    assert ("Lima kunci keberhasilan Belum dinilai: belum ada pihak yang menilai lima kunci. "
            "Pernyataan Belum dinilai: belum ada pihak yang menilai lima kunci.") in text
    assert "Kolaborasi" not in text and "Selisih" not in text  # no radar, no table


def test_key_averages_and_differences_print_with_two_decimals_and_a_comma() -> None:
    text = " ".join(_pages(_pdf_of(render_evaluation, _evaluation(berita_acara=None))))
    assert "Kolaborasi (collaboration) 4,50 2,00 2,50 Perlu dibahas" in text
    assert "Kerja sama (cooperation) 4,30 4,00 0,30" in text
    assert not re.search(r"\d\.\d{1,2}\b", text.replace("2026", ""))


def test_the_archive_has_all_eight_steps_a_period_and_both_parties_mengetahui() -> None:
    doc = replace(
        sample_archive(reports=2),
        period_start=date(2026, 1, 2), period_end=date(2026, 11, 22),
        implementation=Section("Langkah 7: Melaksanakan kerja sama",
                               lines=(("Laporan", "2"),)),
        evaluation=Section("Langkah 8: Pemantauan dan penilaian",
                           lines=(("Periode", "2 Januari 2026 – 22 November 2026"),)),
        signatories=BPJS_SIDES,
    )
    pages = _pages(_pdf_of(render_archive, doc))
    assert "Periode 2 Januari 2026 – 22 November 2026" in pages[0]
    contents = pages[1]
    order = [contents.index(title) for title in (
        "Langkah 6", "Langkah 7: Melaksanakan kerja sama", "Laporan kegiatan",
        "Langkah 8: Pemantauan dan penilaian", "Indikator", "Lima kunci keberhasilan",
        "Rencana tindak lanjut", "Pengesahan PARA PIHAK", "Lampiran")]
    assert order == sorted(order)
    text = " ".join(pages)
    assert text.count("Langkah 7: Melaksanakan kerja sama") == 2  # the contents and the heading
    signed = next(page for page in pages[2:] if "Mengetahui," in page)
    assert ("Mengetahui, PIHAK KESATU, PIHAK KEDUA, BPJS Kesehatan Kantor Cabang Surabaya Praktik "
            "Dokter Mandiri dr. Andi Wijaya Drs. Bambang dr. Andi Wijaya Kepala Kantor Cabang "
            "Dokter Penanggung Jawab Praktik") in signed
    # The list of every file follows the signatures, as a lampiran does.
    assert text.index("Mengetahui,") < text.rindex("SHA-256:")


def test_a_period_with_nothing_carried_out_says_its_one_day_once() -> None:
    """An evaluation printed the day the partnership began: 1 Januari 2027 is said once."""
    doc = _evaluation(period_start=date(2027, 1, 1), period_end=date(2027, 1, 1))
    pages = _pages(_pdf_of(render_evaluation, doc))
    text = " ".join(pages)
    assert "Periode 1 Januari 2027 Tanggal" in pages[0]
    assert "1 Januari 2027 – 1 Januari 2027" not in text
    assert "untuk periode sampai dengan tanggal 1 Januari 2027, dengan hasil" in _minutes(pages)
    assert "sampai dengan 1 Januari 2027 sampai" not in text
    archive = _pages(_pdf_of(render_archive, replace(
        sample_archive(), period_start=date(2027, 1, 1), period_end=date(2027, 1, 1))))
    assert "Periode 1 Januari 2027 Dibuat pada" in archive[0]


def test_the_conclusion_names_the_targets_missed_or_what_is_not_judged_yet() -> None:
    """Never "not reached or not yet assessed": the berita acara says which it is."""
    short = IndicatorSeries("Kunjungan peserta", "orang", 10.0, 50.0, "up",
                            (("2026-Q3", 20.0), ("2026-Q4", 35.0)))
    doc = _evaluation(indicators=(short, *sample_evaluation().indicators))
    minutes = _minutes(_pages(_pdf_of(render_evaluation, doc)))
    assert ("Kesimpulan Pelaksanaan kerja sama pada periode ini belum mencapai seluruh target "
            "yang disepakati: 1 (satu) dari 3 (tiga) indikator belum mencapai target. PARA "
            "PIHAK menindaklanjutinya sesuai rencana tindak lanjut dalam laporan ini.") in minutes

    nothing = _evaluation(indicators=(), keys=(), statements=None, action_items=None,
                          berita_acara=replace(MINUTES, disputed_keys=(), open_actions=0,
                                               planned_activities=2, activity_reports=0,
                                               actual_cost_sen=0))
    minutes = _minutes(_pages(_pdf_of(render_evaluation, nothing)))
    assert ("1. Pelaksanaan kegiatan: dari 2 (dua) kegiatan yang direncanakan, belum ada yang "
            "dilaporkan pada periode ini.") in minutes
    assert ("Kesimpulan Pelaksanaan kerja sama pada periode ini belum dapat dinilai "
            "seluruhnya: belum ada kegiatan yang dilaporkan; belum ada indikator yang "
            "ditetapkan; lima kunci keberhasilan belum dinilai oleh PARA PIHAK. PARA PIHAK "
            "menuangkan tindak lanjutnya dalam Catatan PARA PIHAK.") in minutes
    assert "belum mencapai" not in minutes


def test_a_long_berita_acara_keeps_its_closing_with_the_signatures_and_is_initialled() -> None:
    """Walker4 F-k: the signatures stood alone on the last page, no line of the berita acara
    above them, and the page before carried no paraf: a signed page could be stapled to any
    text. Now the parties' notes and the closing sentence stand with the signatures, and every
    page of a berita acara over more than one page has both parties' paraf boxes."""
    many = tuple(IndicatorSeries(f"Cakupan pelayanan peserta program kesehatan nomor {n}",
                                 "%", 80.0, 50.0 + n, "up", (("2026-Q3", 60.0 + n),))
                 for n in range(1, 41))
    pages = _pages(_pdf_of(render_evaluation, _evaluation(indicators=many)))
    start = next(i for i, page in enumerate(pages) if page.startswith("BERITA ACARA"))
    minutes = pages[start:]
    assert len(minutes) >= 2
    for page in minutes:
        assert "Paraf PIHAK KESATU" in page and "Paraf PIHAK KEDUA" in page, page[-120:]
    assert not any("Paraf" in page for page in pages[:start])  # the report itself is not signed
    last = minutes[-1]
    assert "Catatan PARA PIHAK" in last
    assert ("Demikian Berita Acara ini dibuat dengan sebenarnya dalam rangkap 2 (dua), "
            "masing-masing mempunyai kekuatan hukum yang sama, dan ditandatangani oleh "
            "PARA PIHAK. Surabaya, 22 November 2026") in last
    assert last.index("Catatan PARA PIHAK") < last.index("Demikian") < last.index("Drs. Bambang")

    # A berita acara on one page carries its signatures: no paraf strip is added to it.
    one = _pages(_pdf_of(render_evaluation, _evaluation()))
    assert one[-1].startswith("BERITA ACARA") and "Paraf" not in " ".join(one)
