"""How long the partnership archive takes at scale, and how much memory it needs.

    uv run python bench/bench_archive_render.py [reports] [photos]

Builds a synthetic archive (by default 1,000 activity reports and 200 photos of about 100 KB,
a few of them large camera originals and PNGs), then renders it to a temporary file in a fresh
process, so that the peak resident memory (``resource.getrusage``) is the render's own and not
that of making the pictures. Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from measure import sizes  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from kemitraan_desktop.domain.documents import (  # noqa: E402
    ArchiveDocument,
    AttachmentLine,
    IndicatorSeries,
    KeyScore,
    Photo,
    ReportEntry,
    Section,
    TableBlock,
)
from kemitraan_desktop.reports.archive import render_archive  # noqa: E402
from kemitraan_desktop.services.files import private_output  # noqa: E402

REPORTS, PHOTOS = sizes(1_000, 200)

_ACTIVITIES = (
    "Penyuluhan diabetes melitus bagi peserta Prolanis",
    "Pemeriksaan gula darah puasa bersama apotek",
    "Rapat koordinasi bulanan praktik dan mitra",
    "Senam Prolanis dan edukasi gizi seimbang",
    "Kunjungan rumah pasien hipertensi",
    "Evaluasi stok obat program rujuk balik",
)
_SENTENCE = (
    "Kegiatan berjalan sesuai rencana kerja; peserta mengikuti penyuluhan, pemeriksaan dan "
    "konsultasi obat bersama apoteker dengan tertib. "
)


def _picture(index: int, rng: random.Random) -> tuple[str, bytes]:
    """A photo-like picture: mostly 1024 × 768 JPEG of about 100 KB; every 20th a 4000 × 3000
    camera original (scaled down by the renderer), every 25th a PNG with transparency."""
    if index % 20 == 0:
        size = (4000, 3000)
    elif index % 25 == 0:
        size = (900, 900)
    else:
        size = (1024, 768)
    w, h = size
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(w), rng.randrange(h)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + rng.randrange(20, w // 3), y + rng.randrange(20, h // 3)), colour)
    # A little grain, as a camera gives, so the JPEG is of a photo's size.
    grain = Image.effect_noise((w // 4, h // 4), 30).resize(size).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    out = io.BytesIO()
    if index % 25 == 0:
        image = image.convert("RGBA")
        image.putalpha(Image.new("L", size, 200))
        image.save(out, "PNG", compress_level=1)
        return "png", out.getvalue()
    image.save(out, "JPEG", quality=80)
    return "jpg", out.getvalue()


def build_archive() -> tuple[ArchiveDocument, int]:
    rng = random.Random(20261122)
    photos = []
    for i in range(1, PHOTOS + 1):
        kind, data = _picture(i, rng)
        photos.append(Photo(f"Foto kegiatan nomor {i}", data, hashlib.sha256(data).hexdigest()))
    # Photos go to the first reports, one to three each, until all are used.
    per_report: list[tuple[Photo, ...]] = []
    cursor = 0
    for n in range(REPORTS):
        take = min(1 + n % 3, len(photos) - cursor)
        per_report.append(tuple(photos[cursor : cursor + take]))
        cursor += take
    start = date(2024, 1, 1)
    reports = tuple(
        ReportEntry(
            activity=f"{_ACTIVITIES[n % len(_ACTIVITIES)]} ke-{n + 1}",
            report_date=start + timedelta(days=n),
            participants=f"dr. Andi Wijaya, apt. Rina Kartika, dan {10 + n % 30} peserta Prolanis",
            attendance=f"{20 + n % 10} dari {30 + n % 10} peserta hadir",
            done=_SENTENCE * (1 + n % 3),
            results=f"{12 + n % 9} peserta gula darah terkendali; materi diterima dengan baik.",
            problems="Sebagian peserta datang terlambat karena hujan." if n % 2 else "",
            follow_up="Pemeriksaan ulang bulan depan; apotek menambah satu alat ukur.",
            actual_cost_sen=(500_000 + (n * 7_919) % 1_500_000) * 100,
            photos=per_report[n],
            other_files=("daftar-hadir.pdf",) if n % 4 == 0 else (),
        )
        for n in range(REPORTS)
    )
    attachments = tuple(
        AttachmentLine(f"foto-{i}.jpg", p.caption, len(p.data), p.sha256)
        for i, p in enumerate(photos, start=1)
    ) + tuple(
        AttachmentLine(
            f"daftar-hadir-{n}.pdf",
            "Daftar hadir",
            120_000 + n,
            hashlib.sha256(str(n).encode()).hexdigest(),
        )
        for n in range(0, REPORTS, 4)
    )
    sections = tuple(
        Section(
            f"Langkah {step}",
            lines=(("Ringkasan", _SENTENCE * 2), ("Penanggung jawab", "dr. Andi Wijaya")),
            tables=(
                TableBlock(
                    "Rincian",
                    ("No", "Uraian", "Jumlah"),
                    tuple((str(i), f"Butir {i}", f"Rp{i * 150}.000,00") for i in range(1, 15)),
                ),
            ),
        )
        for step in range(1, 7)
    )
    indicators = tuple(
        IndicatorSeries(
            f"Indikator {i}",
            "%",
            3.0,
            5.0,
            "up",
            tuple((f"Bulan {m}", 3 + m * 0.1 + i * 0.05) for m in range(1, 25)),
        )
        for i in range(1, 6)
    )
    keys = tuple(
        KeyScore(name, 4.0, 3.0 if i != 2 else 1.5, "green", "amber", i == 2)
        for i, name in enumerate(
            ("Kerja sama", "Koordinasi", "Kolaborasi", "Tim yang dinamis", "Komitmen")
        )
    )
    doc = ArchiveDocument(
        title="Kemitraan Prolanis dr. Andi Wijaya dengan Apotek Sehat Sentosa",
        practice_name="Praktik Dokter Mandiri dr. Andi Wijaya",
        partner_names="Apotek Sehat Sentosa",
        generated_on=date(2026, 11, 22),
        sections=sections,
        reports=reports,
        indicators=indicators,
        keys=keys,
        action_items=TableBlock(
            "Rencana tindak lanjut", ("No", "Tindakan"), (("1", "Bahas pembagian biaya"),)
        ),
        attachments=attachments,
    )
    return doc, sum(len(p.data) for p in photos)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def render_saved(saved: Path) -> None:
    """In the child process: load the archive, render it, print the figures."""
    with saved.open("rb") as handle:
        doc = pickle.load(handle)
    loaded = _peak_rss_mb()
    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1

    target = saved.with_name("arsip.pdf")
    started = time.perf_counter()
    with private_output(target) as out:
        render_archive(doc, out, progress=progress, cancelled=lambda: False)
    elapsed = time.perf_counter() - started
    data = target.read_bytes()
    pages = data.count(b"/Type /Page\n")
    print(
        f"rendered in {elapsed:.2f} s: {pages} pages, {len(data) / 1e6:.1f} MB, "
        f"{calls} progress calls"
    )
    print(
        f"peak RSS {_peak_rss_mb():.0f} MB (the process held {loaded:.0f} MB with the read model "
        "loaded, before rendering)"
    )


def build_and_save(saved: Path) -> None:
    """In the first child process: make the pictures and the read model, and save them."""
    started = time.perf_counter()
    doc, photo_bytes = build_archive()
    sizes = sorted(len(p.data) for e in doc.reports for p in e.photos)
    median = sizes[len(sizes) // 2] if sizes else 0
    print(
        f"built {len(doc.reports)} reports and {PHOTOS} photos ({photo_bytes / 1e6:.1f} MB of "
        f"image data, median {median / 1e3:.0f} KB) in {time.perf_counter() - started:.1f} s"
    )
    with saved.open("wb") as handle:
        pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)


def main() -> None:
    # Each half runs in its own process: getrusage's peak survives fork and exec, so a render
    # started from the process that made the pictures would report that process's peak.
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "archive.pickle"
        for step in ("--build", "--render"):
            subprocess.run(
                [sys.executable, __file__, step, str(saved), str(REPORTS), str(PHOTOS)],
                check=True,
                cwd=ROOT,
            )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--build":
        build_and_save(Path(sys.argv[2]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "--render":
        render_saved(Path(sys.argv[2]))
    else:
        main()
