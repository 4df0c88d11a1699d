"""How fast the window opens and takes a click, against the floor of any Qt program.

    uv run python bench/bench_startup.py [runs] [--data-dir DIR]

Starts ``kemitraan-desktop --smoke`` (the main window over a data folder with the demo data, or
over DIR) and ``bench/floor_qt.py`` (import PySide6, create the application, show an empty main
window of the same size) in turn, each in a fresh process, offscreen unless QT_QPA_PLATFORM says
otherwise (``QT_QPA_PLATFORM=xcb`` with DISPLAY for a real X server). The program starts through
the entry-point script the install made, as a person's start does (the bundle too runs its entry
as a script; ``python -m`` would add runpy, which no start of a user pays). Every time is from the
moment this script starts the process, read on the monotonic clock both share. Prints medians,
and each ratio as the median of the ratios of a program run to the floor run right after it:
on a shared machine a slow spell hits both of a pair alike, where a ratio of two medians would
swing with whichever series it hit more.

Ready for a click: each process posts a mouse click as soon as its window is up (the program:
when ``MainWindow.opening`` has returned with the list painted; the floor: at its first paint)
and notes when the click reached its widget, as a person's click waits for the event loop.
Beside it the longest stretch the program's event loop did not wait for input between the list
shown and idle: what a click at the worst moment waits. Then ``bench/first_visits.py`` (fewer
runs, each over a fresh copy of the data): a click on the first partnership as soon as the
window is up, until the partnership is open and painted, and the first
visit of each other step, clicked in the stepper. Targets: first paint within 1.3× the floor's
first paint, the partnership list shown within 2.5×, ready for a click within 3.5×.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import child_env, compile_bytecode, fields, median, run_child  # noqa: E402

RUNS = int(next((a for a in sys.argv[1:] if a.isdigit()), "15"))
VISIT_RUNS = max(3, RUNS // 3)
PAINT, LIST, CLICK, IDLE, BUSY = range(5)


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, ...]:
    """Seconds from the start of the process to its first paint, list shown, click handled and
    idle; then the longest busy stretch of its event loop (the floor: none measured, 0)."""
    started = time.perf_counter()
    out = run_child(args, env).stdout
    clock = fields("smoke ", out)
    moments = tuple(float(clock[key]) - started
                    for key in ("clock_first_paint", "clock_list", "clock_click", "clock_idle"))
    return (*moments, float(clock.get("busy_ms", 0)) / 1000)


def _visits(data_dir: Path, env: dict[str, str]) -> tuple[float, int, dict[int, float]]:
    """One run of first_visits.py over a fresh copy of *data_dir*: seconds from the process
    start until the partnership clicked at once is open, its step, each other step's visit."""
    with tempfile.TemporaryDirectory(prefix="bench-visits-data-") as copy:
        folder = Path(copy) / "data"
        shutil.copytree(data_dir, folder, ignore=shutil.ignore_patterns("*.lock"))
        started = time.perf_counter()
        out = run_child([str(Path(__file__).resolve().parent / "first_visits.py"),
                         str(folder)], env).stdout
    line = fields("visits ", out)
    steps = {int(key[4:-3]): float(value) / 1000 for key, value in line.items()
             if key.startswith("step")}
    return float(line["clock_open"]) - started, int(line["open_step"]), steps


def _entry_point() -> list[str]:
    """The installed ``kemitraan-desktop`` script, run by this interpreter (or ``-m``)."""
    script = Path(sys.executable).with_name("kemitraan-desktop")
    return [str(script)] if script.is_file() else ["-m", "kemitraan_desktop"]


def main() -> None:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        data_dir = Path(folder) / "data"
        if "--data-dir" in sys.argv:
            data_dir = Path(sys.argv[sys.argv.index("--data-dir") + 1])
        else:
            run_child(["-m", "kemitraan_desktop", "--data-dir", str(data_dir), "demo"])
        env = child_env(HOME=folder, XDG_CONFIG_HOME=folder, XDG_CACHE_HOME=folder)
        app_args = [*_entry_point(), "--data-dir", str(data_dir), "--smoke"]
        floor_args = [str(Path(__file__).resolve().parent / "floor_qt.py")]
        for _warm_up in range(2):  # the disk cache, the compiled catalogs
            _timed(app_args, env)
            _timed(floor_args, env)
        app, floor = [], []
        for run in range(RUNS):  # each pair in turn program first, then floor first
            first, second = (app, floor) if run % 2 == 0 else (floor, app)
            for series in (first, second):
                series.append(_timed(app_args if series is app else floor_args, env))
        visits, floor_after = [], []
        for _run in range(VISIT_RUNS):
            visits.append(_visits(data_dir, env))
            floor_after.append(_timed(floor_args, env))
    floor_paint = median([run[PAINT] for run in floor])
    paint, shown, click, idle, busy = (median([run[i] for run in app]) for i in range(5))
    paint_ratio, shown_ratio, click_ratio, idle_ratio = (
        median([mine[i] / base[PAINT] for mine, base in zip(app, floor, strict=True)])
        for i in (PAINT, LIST, CLICK, IDLE))
    started_as = ("python -m kemitraan_desktop (no entry script found)" if app_args[0] == "-m"
                  else "the kemitraan-desktop script")
    platform = env.get("QT_QPA_PLATFORM", "offscreen").split(":")[0]
    print(f"start-up, median of {RUNS} fresh processes each ({platform}; started as "
          f"{started_as}):")
    print(f"  bare Qt floor (empty QMainWindow): first paint {floor_paint * 1000:.0f} ms, "
          f"a click posted then handled at {median([r[CLICK] for r in floor]) * 1000:.0f} ms")
    print(f"  Kemitraan Desktop: first paint {paint * 1000:.0f} ms "
          f"= {paint_ratio:.2f}x the floor, paired (target <= 1.3x); ratio of the medians "
          f"{paint / floor_paint:.2f}x")
    print(f"  partnership list shown {shown * 1000:.0f} ms "
          f"= {shown_ratio:.2f}x the floor, paired (target <= 2.5x); ratio of the medians "
          f"{shown / floor_paint:.2f}x")
    print(f"  READY FOR A CLICK (a click posted once the list showed, handled) "
          f"{click * 1000:.0f} ms = {click_ratio:.2f}x the floor, paired (target <= 3.5x); "
          f"ratio of the medians {click / floor_paint:.2f}x")
    print(f"  services attached, event loop idle {idle * 1000:.0f} ms = {idle_ratio:.2f}x; "
          f"the longest the event loop was busy after the list showed: {busy * 1000:.0f} ms")
    opened = median([run[0] for run in visits])
    open_steps = sorted({run[1] for run in visits})
    open_ratio = median([mine[0] / base[PAINT]
                         for mine, base in zip(visits, floor_after, strict=True)])
    print(f"first clicks, median of {VISIT_RUNS} fresh processes (bench/first_visits.py):")
    print(f"  the first partnership, clicked once the list showed, open at step "
          f"{'/'.join(map(str, open_steps))} and painted {opened * 1000:.0f} ms after the "
          f"start = {open_ratio:.2f}x the floor, paired")
    numbers = sorted({n for run in visits for n in run[2]})
    first_visits = ", ".join(
        f"{n}: {median([run[2][n] for run in visits if n in run[2]]) * 1000:.0f}"
        for n in numbers)
    print(f"  first visit of each step, clicked in the stepper until painted (ms): "
          f"{first_visits}")


if __name__ == "__main__":
    main()
