"""Several computers saving into one database at once: the data folder's SQLite file and a
PostgreSQL server (issue 15).

    uv run python bench/bench_server.py [clients] [saves]

N client processes (4 by default) each open the database as a second computer would, wait until
all are ready, then save M times (200 by default): an autosave of their own partnership's idea
(the typing the window saves) and, every tenth save, a new activity. Each save is timed from
the call to its commit. Printed for each database: every save's p50 and p95 in ms, the slowest,
saves per second over the whole run, and whether every save is there afterwards (lost: 0).

The PostgreSQL server is a throw-away cluster (tests/postgres_cluster.py; needs the PostgreSQL
binaries), with fsync on, as a real server would run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from measure import sizes  # noqa: E402

CLIENTS, SAVES = sizes(4, 200)


def client(data_dir: str, url: str, number: int, saves: int) -> None:
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(Path(data_dir), url or None)
    own = sorted(p.id for p in svc.partnerships.list())[number]
    print("READY", flush=True)
    sys.stdin.readline()
    times = []
    started = time.perf_counter()
    for n in range(saves):
        begin = time.perf_counter()
        if n % 10 == 9:
            svc.activities.create(partnership_id=own, name=f"Kegiatan {number}-{n}")
        else:
            svc.partnerships.update(own, idea=f"Gagasan {number} versi {n}")
        times.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    svc.db.close()
    print(json.dumps({"times": times, "elapsed": elapsed}), flush=True)


def prepare(data_dir: Path, url: str | None, clients: int) -> None:
    from kemitraan_desktop.services import partnerships
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(data_dir, url)
    svc.practices.create(doctor_name="dr. Siti Rahmawati",
                         clinic_name="Praktik Dokter Siti Rahmawati", kota="Sleman")
    apotek = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    for n in range(clients):
        partnerships.start_partnership(svc, f"Kerja sama obat {n}", "apotek", apotek.id)
    svc.db.close()


def count(data_dir: Path, url: str | None) -> tuple[int, list[str]]:
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(data_dir, url)
    try:
        activities = len(svc.activities.list())
        ideas = [p.idea for p in sorted(svc.partnerships.list(), key=lambda p: p.id)]
        return activities, ideas
    finally:
        svc.db.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(name: str, data_dir: Path, url: str | None) -> None:
    prepare(data_dir, url, CLIENTS)
    processes = [subprocess.Popen(
        [sys.executable, __file__, "--client", str(data_dir), url or "", str(n), str(SAVES)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for n in range(CLIENTS)]
    for process in processes:
        assert process.stdout.readline().strip() == "READY"
    started = time.perf_counter()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [json.loads(process.communicate(timeout=900)[0]) for process in processes]
    wall = time.perf_counter() - started
    times = [t for result in results for t in result["times"]]
    activities, ideas = count(data_dir, url)
    expected_ideas = [f"Gagasan {n} versi {SAVES - 1 - (1 if (SAVES - 1) % 10 == 9 else 0)}"
                      for n in range(CLIENTS)]
    lost = (CLIENTS * (SAVES // 10) - activities) + sum(
        1 for got, want in zip(ideas, expected_ideas, strict=True) if got != want)
    p50 = percentile(times, .5) * 1000
    print(f"{name:10s} {CLIENTS} clients x {SAVES} saves: p50 {p50:6.1f} ms"
          f"  p95 {percentile(times, .95) * 1000:6.1f} ms  max {max(times) * 1000:6.1f} ms"
          f"  {len(times) / wall:6.0f} saves/s  lost: {lost}")


def main() -> None:
    if sys.argv[1:2] == ["--client"]:
        client(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    from postgres_cluster import start_cluster

    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", Path(folder) / "sqlite", None)
        cluster = start_cluster(durable=True)
        try:
            measure("PostgreSQL", Path(folder) / "server", cluster.create_database("bench"))
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
