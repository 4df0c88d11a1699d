"""The demo's apotek PKS, as the officer reads it: its goals state their targets in words, and
each party's basis of authority is written out in one form (kind, Nomor, tanggal)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from kemitraan_desktop.domain.identity import authority_phrase
from kemitraan_desktop.services import agreements
from kemitraan_desktop.services.demo import create_demo


def _apotek_pks_text(svc) -> str:  # noqa: ANN001
    create_demo(svc, today=date(2026, 11, 22))
    apotek = next(p for p in svc.partnerships.list() if p.partner_type == "apotek")
    [pks] = [a for a in svc.agreements.list(apotek.id) if a.kind == "pks"]
    reader = PdfReader(io.BytesIO(agreements.agreement_pdf(svc, pks.id)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_apotek_pks_states_its_targets_in_words_not_symbols(svc) -> None:  # noqa: ANN001
    text = _apotek_pks_text(svc)
    assert ("Resep peserta JKN terlayani di apotek mitra, dengan target paling sedikit 95% "
            "(sembilan puluh lima persen) resep terlayani lengkap") in text
    assert ("Waktu tunggu obat singkat, dengan target paling lama 15 (lima belas) menit per "
            "resep") in text
    assert "≥" not in text and "≤" not in text


def test_the_apoteker_s_authority_is_written_out_as_the_doctor_s_is(svc) -> None:  # noqa: ANN001
    """The coordinator, 2026-12-04: "berdasarkan SIPA 503/0457/SIPA/2023" beside PIHAK
    PERTAMA's "Surat Izin Praktik Nomor … tanggal …"."""
    text = _apotek_pks_text(svc)
    assert ("apt. Dewi Lestari, S.Farm., selaku Apoteker Penanggung Jawab, berdasarkan Surat "
            "Izin Apotek Nomor 503/0456/SIA/2023 tanggal 22 Mei 2024 dan Surat Izin Praktik "
            "Apoteker Nomor 503/0457/SIPA/2023 tanggal 10 Mei 2023") in text
    assert "berdasarkan SIPA" not in text


def test_an_authority_typed_again_beside_its_kind_prints_once() -> None:
    """walker4 F-c: the typed Keputusan Direksi stayed beside the one chosen by kind, number and
    date, and the PKS said it twice, joined by "dan"."""
    assert authority_phrase(
        "keputusan_direksi", "123/KEP/DIR/2025", date(2025, 1, 2),
        "Keputusan Direksi BPJS Kesehatan Nomor 123 Tahun 2025 tanggal 2 Januari 2025") == (
        "berdasarkan Keputusan Direksi Badan Penyelenggara Jaminan Sosial Kesehatan Nomor "
        "123/KEP/DIR/2025 tanggal 2 Januari 2025")
    assert authority_phrase("", "", None, "SIPA 503/0457/SIPA/2023") == (
        "berdasarkan Surat Izin Praktik Apoteker Nomor 503/0457/SIPA/2023")
    assert authority_phrase("other", "", None, "Izin Nomor 1") == "berdasarkan Izin Nomor 1"
