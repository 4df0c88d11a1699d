"""Does the window stay responsive while the archive prints?

    uv run python bench/bench_responsiveness.py [reports] [photos]

Builds the partnership of ``bench_documents.py`` (1,000 activity reports, 200 photos) through the
services, then, in a fresh offscreen Qt process with the real main window open over that data,
prints its archive through the Laporan menu's ``start_report`` (worker thread, progress dialog),
while a QTimer ticks every 10 ms on the GUI thread, and for a second after the report is done
(whatever the work left behind for the garbage collector would show there). A tick that comes
late means the event loop was stalled: the longest gap between ticks is how long the window could
not answer a click. Target: no stall over 100 ms. Then the person's next action (the partnership
is opened): the full garbage collection a job puts off comes there, so every collection is
timed, during the print and after, and the longest full one printed (ui/responsive.py). Measured
three times: with no scaled photos cached (the first print) and twice with them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from measure import child_env, compile_bytecode, fields, run_child  # noqa: E402

TICK_MS = 10
AFTER_MS = 1000  # the ticks go on this long after the report is done
NEXT_ACTION_MS = 500  # then the partnership is opened, and this long is waited


def measure_child(data_dir: Path, partnership_id: int, out: Path) -> None:
    import gc

    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from kemitraan_desktop import i18n
    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.ui import report_actions
    from kemitraan_desktop.ui.main_window import MainWindow
    from kemitraan_desktop.ui.responsive import long_lived_frozen

    app = QApplication(sys.argv[:1])
    i18n.set_language("id")
    svc = open_services(data_dir)
    settings = QSettings(str(out.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(svc, settings)
    window.resize(1280, 800)
    window.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    finished: list[float] = []
    # Every collection, how long it took, in which phase: the full collection a job puts off
    # comes after it, at the person's next action (here: opening the partnership).
    collections: list[tuple[str, int, float]] = []
    phase = ["print"]
    collection_started = [0.0]

    def watch(event: str, info: dict) -> None:
        if event == "start":
            collection_started[0] = time.perf_counter()
        else:
            collections.append((phase[0], info["generation"],
                                time.perf_counter() - collection_started[0]))

    def next_action() -> None:
        timer.stop()  # opening a partnership is the person's own wait, not a stall
        phase[0] = "next action"
        window.open_partnership(partnership_id)
        QTimer.singleShot(NEXT_ACTION_MS, lambda: app.exit(0))

    def done(_title: object, _path: object) -> None:  # instead of the "Saved" message box
        finished.append(time.perf_counter())
        phase[0] = "after"
        QTimer.singleShot(AFTER_MS, next_action)

    def failed(_parent: object, _title: object, error: BaseException) -> None:
        print(f"failed: {error!r}")
        app.exit(1)

    report_actions._finished = lambda _parent, title, path: done(title, path)  # noqa: SLF001
    report_actions._failed = failed  # noqa: SLF001
    jobs = []
    started = time.perf_counter()
    timer.start()
    QTimer.singleShot(0, lambda: jobs.append(report_actions.start_report(
        window, svc, settings, "archive", partnership_id, out)))
    gc.callbacks.append(watch)
    with long_lived_frozen():  # as ui/app.py's run() does once the window is open
        code = app.exec()
    gc.callbacks.remove(watch)
    timer.stop()
    elapsed = (finished[0] if finished else time.perf_counter()) - started
    svc.db.close()
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    worst = gaps[-1] if gaps else 0.0
    p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
    over = sum(1 for gap in gaps if gap > 0.1)
    full = [(where, seconds) for where, generation, seconds in collections if generation == 2]
    longest_full = max(full, key=lambda item: item[1], default=("none", 0.0))
    longest_any = max((seconds for _where, _generation, seconds in collections), default=0.0)
    print(f"code={code} elapsed={elapsed:.3f} ticks={len(ticks)} worst={worst:.4f} p99={p99:.4f} "
          f"over100={over} collections={len(collections)} full={len(full)} "
          f"longest_full={longest_full[1]:.4f} longest_full_in={longest_full[0].replace(' ', '_')} "
          f"longest_any={longest_any:.4f}")


def main() -> None:
    from bench_documents import build_archive_partnership, make_demo

    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-responsiveness-") as folder:
        data_dir = Path(folder) / "data"
        make_demo(data_dir)
        print("Archive printed from the Laporan menu (start_report, background Job) in the main "
              "window while a 10 ms QTimer ticks, and 1 s after; then the partnership is opened "
              "(offscreen):")
        partnership_id = build_archive_partnership(data_dir)
        with tempfile.TemporaryDirectory() as cache:
            env = child_env(XDG_CACHE_HOME=cache, HOME=cache)
            for label in ("first print (no scaled photos cached)", "printed again", "and again"):
                child = run_child([__file__, "--measure", str(data_dir), str(partnership_id),
                                   str(Path(folder) / "arsip.pdf")], env)
                f = fields("code=", child.stdout)
                worst = float(f["worst"])
                print(f"  {label}: {float(f['elapsed']):.1f} s; longest stall "
                      f"{worst * 1000:.0f} ms, 99th percentile gap {float(f['p99']) * 1000:.0f} ms,"
                      f" {f['over100']} gaps over 100 ms (target: none over 100 ms: "
                      f"{'met' if worst <= 0.1 else 'NOT met'})")
                print(f"    garbage collections: {f['collections']}, of them full: {f['full']}; "
                      f"longest full {float(f['longest_full']) * 1000:.0f} ms "
                      f"({f['longest_full_in'].replace('_', ' ')}), longest of any "
                      f"{float(f['longest_any']) * 1000:.0f} ms")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        measure_child(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
