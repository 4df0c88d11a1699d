"""How long printing a PKS takes: warm in-process, and as a whole new process.

    uv run python bench/bench_pks.py

Prints figures only; nothing is asserted. The document is self-contained here (not borrowed
from the tests) so the whole-process figure does not include importing pytest.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kemitraan_desktop.domain.documents import (  # noqa: E402
    AgreementDocument,
    Article,
    PartyBlock,
    TableBlock,
)
from kemitraan_desktop.domain.money import format_rupiah, rupiah_with_words  # noqa: E402

WARM_RUNS = 10
PROCESS_RUNS = 5

_ARTICLE_TITLES = (
    "Ketentuan Umum",
    "Maksud dan Tujuan",
    "Ruang Lingkup",
    "Hak dan Kewajiban",
    "Pelaksanaan",
    "Pembiayaan dan Tata Cara Pembayaran",
    "Jangka Waktu",
    "Monitoring dan Evaluasi",
    "Kerahasiaan dan Pelindungan Data",
    "Keadaan Kahar",
    "Penyelesaian Perselisihan",
    "Penutup",
)
_CLAUSE = (
    "PARA PIHAK sepakat melaksanakan ketentuan ini dengan itikad baik sesuai peraturan "
    "perundang-undangan yang berlaku, dan setiap perubahan dituangkan secara tertulis"
)


def sample_pks() -> AgreementDocument:
    """A PKS of the size a BPJS branch office signs: 12 articles, 3 recitals, 2 lampiran."""
    bpjs = PartyBlock(
        "PIHAK PERTAMA",
        "BPJS Kesehatan Kantor Cabang Surabaya",
        "1234/KTR/VII-05/1126",
        "Hendra Gunawan, S.E., M.M.",
        "Kepala Kantor Cabang Surabaya",
        "Keputusan Direksi BPJS Kesehatan Nomor 0321/2025 tanggal 2 Januari 2025",
        "NPP. 01234567",
        "Jalan Raya Dr. Soetomo Nomor 79-81, Kota Surabaya",
    )
    practice = PartyBlock(
        "PIHAK KEDUA",
        "Praktik Dokter Mandiri dr. Andi Wijaya",
        "013/PKS/DR-X/XI/2026",
        "dr. Andi Wijaya",
        "Dokter Penanggung Jawab Praktik",
        "Surat Izin Praktik Nomor 503.446/1234/SIP-DU/436.7.2/2024 tanggal 5 Maret 2024",
        "3578012207800003",
        "Jalan Raya Darmo Nomor 45, Kota Surabaya",
    )
    articles = tuple(
        Article(
            title,
            f"(1) {_CLAUSE}.\n(2) Dalam hal {title.lower()}:\na. {_CLAUSE};\nb. {_CLAUSE}.\n"
            f"(3) {_CLAUSE}.",
        )
        for title in _ARTICLE_TITLES
    )
    prices = (75_000_000, 150_000, 25_000_000, 45_000_000)
    volumes = (1, 500, 4, 1)
    budget_rows = tuple(
        (
            str(i),
            f"Kegiatan kemitraan nomor {i}",
            str(v),
            "paket",
            format_rupiah(p),
            format_rupiah(p * v),
        )
        for i, (p, v) in enumerate(zip(prices, volumes, strict=True), start=1)
    )
    total = sum(p * v for p, v in zip(prices, volumes, strict=True))
    budget = TableBlock(
        "Rencana Anggaran Biaya",
        ("No.", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"),
        budget_rows,
        ("Jumlah", format_rupiah(total)),
        note=f"Jumlah anggaran: {rupiah_with_words(total)}.",
    )
    plan = TableBlock(
        "Rencana Kerja Kemitraan",
        ("No.", "Kegiatan", "Waktu", "Penanggung Jawab", "Biaya"),
        tuple(
            (str(m), f"Kegiatan bulan ke-{m}", f"Bulan {m}", "PARA PIHAK", format_rupiah(0))
            for m in range(1, 13)
        ),
    )
    return AgreementDocument(
        document_id="bench-0001",
        kind="pks",
        version=1,
        title="PERJANJIAN KERJA SAMA",
        subject="Pelayanan Kesehatan Tingkat Pertama bagi Peserta Program Jaminan Kesehatan",
        place="Kota Surabaya",
        agreement_date=date(2026, 11, 22),
        start_date=date(2027, 1, 1),
        end_date=date(2027, 12, 31),
        parties=(bpjs, practice),
        recitals=(
            "PIHAK PERTAMA adalah badan hukum publik penyelenggara program Jaminan Kesehatan",
            "PIHAK KEDUA adalah praktik dokter mandiri yang memiliki Surat Izin Praktik",
            "PARA PIHAK sepakat bekerja sama dalam pelayanan kesehatan tingkat pertama",
        ),
        articles=articles,
        attachments=(budget, plan),
        draft=False,
        content_hash="9f2c4e1ab37d5c60e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
    )


def warm_median() -> tuple[float, int, int]:
    from kemitraan_desktop.reports.agreement import agreement_pdf_bytes

    document = sample_pks()
    data = agreement_pdf_bytes(document)  # warm-up: fonts registered, modules imported
    times = []
    for _ in range(WARM_RUNS):
        started = time.perf_counter()
        agreement_pdf_bytes(document)
        times.append(time.perf_counter() - started)
    pages = len(re.findall(rb"/Type /Page\b(?!s)", data))
    return statistics.median(times), len(data), pages


_ONE_SHOT = (
    "import sys; sys.path[:0] = [{root!r}, {bench!r}];"
    "from bench_pks import sample_pks;"
    "from kemitraan_desktop.reports.agreement import agreement_pdf_bytes;"
    "agreement_pdf_bytes(sample_pks())"
)


def process_median() -> float:
    code = _ONE_SHOT.format(root=str(ROOT), bench=str(ROOT / "bench"))
    times = []
    for _ in range(PROCESS_RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    warm, size, pages = warm_median()
    print(f"PKS: {pages} pages, {size / 1024:.0f} KiB")
    print(f"warm render, median of {WARM_RUNS}: {warm * 1000:.0f} ms")
    whole = process_median()
    print(
        f"whole process (start, import, render once), median of {PROCESS_RUNS}: "
        f"{whole * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
