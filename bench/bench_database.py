"""How fast the lists answer on a big database, through the services.

    uv run python bench/bench_database.py [activities] [partnerships] [--server]

A temporary database with 100,000 activities (by default) spread over 10,000 partnerships of
one practice, each with its chosen partner among 500 (rows bulk-inserted through the storage
models, so building takes seconds, not hours), then, in a fresh process: the partnership list's
searches and filters through ``services.partnerships.list_partnerships`` (its first page, as the
window asks for it, and every match), a partnership's activities, its step progress, the
dashboard, and the Qt list model's first page (``ui/partnership_list.py``, offscreen).
Medians of several runs; target: every search and filter under 50 ms. With ``--server`` the
same again on a PostgreSQL server (a throw-away cluster, tests/postgres_cluster.py, fsync on;
issue 15.9: the same 50 ms target on the server).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from measure import child_env, compile_bytecode, median, run_child, sizes  # noqa: E402

ACTIVITIES, PARTNERSHIPS = sizes(100_000, 10_000)
PARTNERS = 500
RUNS = 9
TYPES = ("bpjs", "apotek", "laboratorium", "bidan", "rujukan", "other")
STATUSES = ("planning", "negotiating", "active", "evaluating", "ended")
SUBJECTS = ("pelayanan obat", "pemeriksaan lab", "rujukan", "Prolanis", "persalinan")
TOWNS = ("Sleman", "Bantul", "Kulon Progo", "Gunungkidul", "Yogyakarta", "Magelang", "Klaten")


def build(data_dir: Path, url: str | None = None) -> None:
    from sqlalchemy import insert, text

    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.storage import models as m

    started = time.perf_counter()
    svc = open_services(data_dir, url)
    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati",
                                    clinic_name="Praktik Dokter Siti Rahmawati", kota="Sleman")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with svc.db.session() as session:
        session.execute(insert(m.Partner), [
            {"id": n, "name": f"{('Apotek', 'Laboratorium', 'Bidan', 'Klinik')[n % 4]} "
                              f"{('Sehat', 'Sentosa', 'Prima', 'Husada', 'Mandiri')[n % 5]} "
                              f"{TOWNS[n % len(TOWNS)]} {n}",
             "partner_type": TYPES[n % len(TYPES)]}
            for n in range(1, PARTNERS + 1)])
        session.execute(insert(m.Partnership), [
            {"id": n, "practice_id": practice.id, "partner_type": TYPES[n % len(TYPES)],
             "title": f"Kerja sama {SUBJECTS[n % 5]} {TOWNS[n % len(TOWNS)]} nomor {n}",
             "status": STATUSES[n % len(STATUSES)], "current_step": 1 + n % 8,
             "updated_at": now + timedelta(minutes=n * 7 % 100_003)}
            for n in range(1, PARTNERSHIPS + 1)])
        session.execute(insert(m.Candidate), [
            {"partnership_id": n, "partner_id": 1 + n % PARTNERS, "chosen": True}
            for n in range(1, PARTNERSHIPS + 1)])
        session.execute(insert(m.Activity), [
            {"partnership_id": 1 + n % PARTNERSHIPS, "position": n // PARTNERSHIPS,
             "name": f"Kegiatan {('penyuluhan', 'pemeriksaan', 'rapat', 'senam')[n % 4]} {n}",
             "start_date": date(2025, 1, 1) + timedelta(days=n % 700),
             "end_date": date(2025, 1, 2) + timedelta(days=n % 700),
             "person_in_charge": "dr. Siti", "party": "both", "planned_cost_sen": 100_000_00}
            for n in range(ACTIVITIES)])
    if url:
        # What the server's autovacuum does within a minute of a bulk load: without statistics
        # PostgreSQL planned the 'prolanis' + status + type page as a nested loop over the
        # partner names (4 s instead of 20 ms).
        with svc.db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    svc.db.close()
    print(f"  built in {time.perf_counter() - started:.1f} s: {PARTNERSHIPS:,} partnerships, "
          f"{PARTNERS} partners, {ACTIVITIES:,} activities")


def _median_ms(call, runs: int = RUNS) -> float:  # noqa: ANN001
    call()  # warm-up: statements compiled and cached, pages in the disk cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return median(times) * 1000


def measure(data_dir: Path, url: str | None = None) -> None:
    from kemitraan_desktop.services import listing, partnerships
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(data_dir, url)
    page = listing.PAGE_SIZE  # what the window asks for at a time
    searches = [
        ("no filter", {}),
        ("search 'apotek' (title or partner)", {"search": "apotek"}),
        ("search 'sentosa kulon' (few matches)", {"search": "sentosa kulon"}),
        ("search 'nomor 7777' (one match)", {"search": "nomor 7777"}),
        ("search with no match", {"search": "tidak ada yang cocok"}),
        ("status 'active'", {"status": "active"}),
        ("partner type 'laboratorium'", {"partner_type": "laboratorium"}),
        ("search 'prolanis' + status + type", {"search": "prolanis", "status": "active",
                                               "partner_type": "bidan"}),
    ]
    worst = 0.0
    print(f"  list_partnerships (ms, median of {RUNS}):")
    for label, kwargs in searches:
        line = f"    {label:<40}"
        first = _median_ms(lambda kw=kwargs: partnerships.list_partnerships(
            svc, **kw, limit=page))
        worst = max(worst, first)
        line += f" first page of {page}: {first:5.1f}"
        every = _median_ms(lambda kw=kwargs: partnerships.list_partnerships(svc, **kw))
        rows = len(partnerships.list_partnerships(svc, **kwargs))
        print(f"{line}   every row ({rows:>6,}): {every:6.1f}")
    pid = PARTNERSHIPS // 2
    print(f"  activities of one partnership ({len(svc.activities.list(pid))} rows): "
          f"{_median_ms(lambda: svc.activities.list(pid)):.1f} ms")
    print(f"  step progress of one partnership: "
          f"{_median_ms(lambda: partnerships.step_progress(svc, pid)):.1f} ms")
    print(f"  dashboard (counts and reminders over all partnerships): "
          f"{_median_ms(lambda: partnerships.dashboard(svc), 3):.1f} ms")

    from PySide6.QtWidgets import QApplication

    from kemitraan_desktop.ui.partnership_list import PartnershipList

    app = QApplication.instance() or QApplication(sys.argv[:1])
    widget = PartnershipList(svc)
    model_ms = _median_ms(widget.refresh)
    print(f"  the list model's first page (PartnershipList.refresh, {widget.model.rowCount():,} "
          f"rows loaded): {model_ms:.1f} ms")
    widget.search.setText("sentosa")
    search_ms = _median_ms(widget.refresh)
    print(f"  the list model searching 'sentosa' ({widget.model.rowCount():,} rows loaded): "
          f"{search_ms:.1f} ms")
    worst = max(worst, model_ms, search_ms)
    print(f"  slowest search or filter the window makes: {worst:.1f} ms "
          f"(target < 50 ms: {'met' if worst < 50 else 'NOT met'})")
    del widget, app
    svc.db.close()


def main() -> None:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-database-") as folder:
        data_dir = Path(folder) / "data"
        print("Database lists (the data folder's SQLite file):")
        build(data_dir)
        print(run_child([__file__, "--measure", str(data_dir), str(ACTIVITIES), str(PARTNERSHIPS)],
                        child_env()).stdout, end="")
        if "--server" not in sys.argv:
            return
        from postgres_cluster import start_cluster

        cluster = start_cluster(durable=True)
        try:
            url = cluster.create_database("bench_lists")
            print("Database lists (a PostgreSQL server on this computer):")
            build(Path(folder) / "server", url)
            print(run_child([__file__, "--measure", str(Path(folder) / "server"),
                             str(ACTIVITIES), str(PARTNERSHIPS), url], child_env()).stdout,
                  end="")
        finally:
            cluster.stop()


if __name__ == "__main__":
    if len(sys.argv) in (5, 6) and sys.argv[1] == "--measure":  # sizes() reads the sizes
        measure(Path(sys.argv[2]), sys.argv[5] if len(sys.argv) == 6 else None)
    else:
        main()
