"""How fast the window opens, against the floor of any Qt program.

    uv run python bench/bench_startup.py [runs] [--data-dir DIR]

Starts ``kemitraan-desktop --smoke`` (the main window over a data folder with the demo data, or
over DIR) and ``bench/floor_qt.py`` (import PySide6, create the application, show an empty main
window of the same size) in turn, each in a fresh process, offscreen. The program starts through
the entry-point script the install made, as a person's start does (the bundle too runs its entry
as a script; ``python -m`` would add runpy, which no start of a user pays). Every time is from the
moment this script starts the process, read on the monotonic clock both share. Prints medians,
and each ratio as the median of the ratios of a program run to the floor run right after it:
on a shared machine a slow spell hits both of a pair alike, where a ratio of two medians would
swing with whichever series it hit more. Targets: first paint within 1.3× the floor's first
paint, the partnership list shown within 2.5×.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import child_env, compile_bytecode, fields, median, run_child  # noqa: E402

RUNS = int(next((a for a in sys.argv[1:] if a.isdigit()), "15"))


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    started = time.perf_counter()
    out = run_child(args, env).stdout
    clock = fields("smoke ", out)
    return tuple(float(clock[key]) - started  # type: ignore[return-value]
                 for key in ("clock_first_paint", "clock_list", "clock_idle"))


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
    floor_paint = median([run[0] for run in floor])
    floor_idle = median([run[2] for run in floor])
    paint, shown, idle = (median([run[i] for run in app]) for i in range(3))
    paint_ratio, shown_ratio, idle_ratio = (
        median([mine[i] / base[0] for mine, base in zip(app, floor, strict=True)])
        for i in range(3))
    started_as = ("python -m kemitraan_desktop (no entry script found)" if app_args[0] == "-m"
                  else "the kemitraan-desktop script")
    print(f"start-up, median of {RUNS} fresh processes each (offscreen; started as "
          f"{started_as}):")
    print(f"  Qt floor (empty QMainWindow): first paint {floor_paint * 1000:.0f} ms, "
          f"idle {floor_idle * 1000:.0f} ms")
    print(f"  Kemitraan Desktop: first paint {paint * 1000:.0f} ms "
          f"= {paint_ratio:.2f}x the floor, paired (target <= 1.3x); ratio of the medians "
          f"{paint / floor_paint:.2f}x")
    print(f"  partnership list shown {shown * 1000:.0f} ms "
          f"= {shown_ratio:.2f}x the floor, paired (target <= 2.5x); ratio of the medians "
          f"{shown / floor_paint:.2f}x; idle {idle * 1000:.0f} ms = {idle_ratio:.2f}x")


if __name__ == "__main__":
    main()
