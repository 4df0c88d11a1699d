"""Does the window stay responsive while the archive prints?

    uv run python bench/bench_responsiveness.py [reports] [photos]

Builds the partnership of ``bench_documents.py`` (1,000 activity reports, 200 photos) through the
services, then, in a fresh offscreen Qt process, prints its archive through ``ui/jobs.py``'s
``Job`` (worker thread, progress dialog) as the Laporan menu does, while a QTimer ticks every
10 ms on the GUI thread. A tick that comes late means the event loop was stalled: the longest
gap between ticks is how long the window could not answer a click. Target: no stall over 100 ms.
Measured twice: with no scaled photos cached (the first print) and with them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from measure import child_env, compile_bytecode, run_child  # noqa: E402

TICK_MS = 10


def measure_child(data_dir: Path, partnership_id: int, out: Path) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from kemitraan_desktop.services.documents import render_report
    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.ui.jobs import Job

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    svc = open_services(data_dir)
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        render_report(svc, "archive", partnership_id, out, "a4", progress, cancelled)
        return out

    job = Job(window, "Arsip kemitraan", work)
    job.done.connect(lambda _result: app.exit(0))
    job.error.connect(lambda error: (print(f"failed: {error!r}"), app.exit(1)))
    started = time.perf_counter()
    timer.start()
    QTimer.singleShot(0, job.start)
    code = app.exec()
    elapsed = time.perf_counter() - started
    timer.stop()
    svc.db.close()
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    worst = gaps[-1] if gaps else 0.0
    p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
    over = sum(1 for gap in gaps if gap > 0.1)
    print(f"code={code} elapsed={elapsed:.3f} ticks={len(ticks)} worst={worst:.4f} p99={p99:.4f} "
          f"over100={over}")


def main() -> None:
    from bench_documents import build_archive_partnership, make_demo

    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-responsiveness-") as folder:
        data_dir = Path(folder) / "data"
        make_demo(data_dir)
        print("Archive printed through ui/jobs.py Job while a 10 ms QTimer ticks (offscreen):")
        partnership_id = build_archive_partnership(data_dir)
        with tempfile.TemporaryDirectory() as cache:
            env = child_env(XDG_CACHE_HOME=cache, HOME=cache)
            for label in ("first print (no scaled photos cached)", "printed again"):
                child = run_child([__file__, "--measure", str(data_dir), str(partnership_id),
                                   str(Path(folder) / "arsip.pdf")], env)
                f = dict(p.split("=") for p in child.stdout.split() if "=" in p)
                worst = float(f["worst"])
                print(f"  {label}: {float(f['elapsed']):.1f} s; longest stall "
                      f"{worst * 1000:.0f} ms, 99th percentile gap {float(f['p99']) * 1000:.0f} ms,"
                      f" {f['over100']} gaps over 100 ms (target: none over 100 ms: "
                      f"{'met' if worst <= 0.1 else 'NOT met'})")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        measure_child(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
