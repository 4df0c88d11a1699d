"""How long the printed documents take, through the services, on a temporary database.

    uv run python bench/bench_documents.py [reports] [photos]

1. One PKS: as a whole new process (``kemitraan-desktop report mou`` on the demo data: start,
   import, open the database, print) and warm, in one process (``agreement_pdf`` of a draft,
   which prints afresh each time). Target: under 60 ms warm.
2. The archive of a partnership with 1,000 activity reports and 200 photos (a few of them 12 MP
   camera originals and PNGs), stored through the services (``attach_file``), printed with
   ``render_report`` in a fresh process: the time, and the peak memory of that process; first
   with no scaled photos cached (the first print), then again with them. Targets: under 15 s
   and 400 MB.

Prints medians and figures only; nothing is asserted.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from measure import child_env, compile_bytecode, fields, median, run_child, sizes  # noqa: E402

REPORTS, PHOTOS = sizes(1_000, 200)
WARM_RUNS = 15
PROCESS_RUNS = 5


def _services(data_dir: Path):  # noqa: ANN202
    from kemitraan_desktop.services.opening import open_services

    return open_services(data_dir)


def make_demo(data_dir: Path) -> None:
    run_child(["-m", "kemitraan_desktop", "--data-dir", str(data_dir), "demo"])


def _draft_agreement(svc) -> tuple[int, int]:  # noqa: ANN001
    from kemitraan_desktop.services.partnerships import list_partnerships

    for row in list_partnerships(svc):
        for agreement in svc.agreements.list(row.id):
            if agreement.status == "draft":
                return row.id, agreement.id
    raise SystemExit("the demo data has no draft agreement")


def pks_figures(data_dir: Path, env: dict[str, str]) -> None:
    from kemitraan_desktop.services.agreements import agreement_pdf

    svc = _services(data_dir)
    partnership_id, agreement_id = _draft_agreement(svc)
    data = agreement_pdf(svc, agreement_id)  # warm-up: imports, fonts
    times = []
    for _ in range(WARM_RUNS):
        started = time.perf_counter()
        agreement_pdf(svc, agreement_id)
        times.append(time.perf_counter() - started)
    svc.db.close()
    pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page")
    warm = median(times)
    print(f"PKS (draft of the demo BPJS partnership, {pages} pages, {len(data) // 1024} KiB):")
    print(f"  warm, through agreement_pdf, median of {WARM_RUNS}: {warm * 1000:.0f} ms "
          f"(target < 60 ms: {'met' if warm < 0.060 else 'NOT met'})")
    whole = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pks.pdf"
        args = ["-m", "kemitraan_desktop", "--data-dir", str(data_dir), "report", "mou",
                "--partnership", str(partnership_id), "--out", str(out)]
        run_child(args, env)  # warm-up: the disk cache
        for _ in range(PROCESS_RUNS):
            started = time.perf_counter()
            run_child(args, env)
            whole.append(time.perf_counter() - started)
    print(f"  whole process (kemitraan-desktop report mou), median of {PROCESS_RUNS}: "
          f"{median(whole) * 1000:.0f} ms")


def build_archive_partnership(data_dir: Path) -> int:
    """The demo apotek partnership, given REPORTS activity reports and PHOTOS photos."""
    from bench_archive_render import _picture

    from kemitraan_desktop.services.activities import attach_file

    svc = _services(data_dir)
    started = time.perf_counter()
    partnership_id = next(p.id for p in svc.partnerships.list() if p.partner_type == "apotek")
    activities = svc.activities.list(partnership_id)
    first = date(2024, 1, 1)
    with svc.db.session() as session:
        report_ids = [
            svc.reports.create_in(session, {
                "activity_id": activities[n % len(activities)].id,
                "report_date": first + timedelta(days=n % 900),
                "participants": f"dr. Siti Rahmawati, apoteker mitra, dan {10 + n % 30} peserta",
                "attendance": f"{20 + n % 10} dari {30 + n % 10} peserta hadir",
                "done": "Penyuluhan, pemeriksaan dan konsultasi obat berjalan sesuai rencana. "
                        * (1 + n % 3),
                "results": f"{12 + n % 9} peserta gula darah terkendali.",
                "problems": "Sebagian peserta datang terlambat karena hujan." if n % 2 else "",
                "follow_up": "Pemeriksaan ulang bulan depan.",
                "actual_cost_sen": (500_000 + (n * 7_919) % 1_500_000) * 100,
            }).id
            for n in range(REPORTS)
        ]
    rng = random.Random(20261123)
    with tempfile.TemporaryDirectory() as folder:
        for index in range(1, PHOTOS + 1):
            kind, data = _picture(index, rng)
            path = Path(folder) / f"foto-{index}.{kind}"
            path.write_bytes(data)
            # Photos go to the first reports, one to three each.
            attach_file(svc, report_ids[(index - 1) * 2 // 3 % len(report_ids)], path,
                        f"Foto kegiatan nomor {index}")
    svc.db.close()
    print(f"  built through the services in {time.perf_counter() - started:.1f} s: "
          f"{REPORTS} reports, {PHOTOS} photos")
    return partnership_id


def render_archive_child(data_dir: Path, partnership_id: int, out: Path) -> None:
    """In a fresh process: print the archive, say how long it took."""
    from kemitraan_desktop.services.documents import render_report

    svc = _services(data_dir)
    started = time.perf_counter()
    render_report(svc, "archive", partnership_id, out)
    elapsed = time.perf_counter() - started
    data = out.read_bytes()
    print(f"elapsed={elapsed:.3f} pages={data.count(b'/Type /Page') - data.count(b'/Type /Pages')}"
          f" bytes={len(data)}")


def archive_figures(data_dir: Path) -> None:
    print(f"Archive ({REPORTS} activity reports, {PHOTOS} photos):")
    partnership_id = build_archive_partnership(data_dir)
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as folder:
        env = child_env(XDG_CACHE_HOME=cache, HOME=cache)
        for label in ("first print (no scaled photos cached)", "printed again (photos cached)"):
            out = Path(folder) / "arsip.pdf"
            child = run_child([__file__, "--render-archive", str(data_dir), str(partnership_id),
                               str(out)], env)
            figures = fields("elapsed=", child.stdout)
            elapsed = float(figures["elapsed"])
            print(f"  {label}: {elapsed:.1f} s, peak memory {child.peak_rss_mb:.0f} MB, "
                  f"{figures['pages']} pages, {int(figures['bytes']) / 1e6:.1f} MB "
                  f"(targets < 15 s: {'met' if elapsed < 15 else 'NOT met'}; "
                  f"< 400 MB: {'met' if child.peak_rss_mb < 400 else 'NOT met'})")


def main() -> None:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as folder:
        data_dir = Path(folder) / "data"
        env = child_env(XDG_CACHE_HOME=folder, HOME=folder)
        os.environ.update(XDG_CACHE_HOME=folder)
        make_demo(data_dir)
        pks_figures(data_dir, env)
        archive_figures(data_dir)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--render-archive":
        render_archive_child(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
