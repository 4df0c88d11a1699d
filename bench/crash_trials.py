"""Crash safety in numbers: kill a saving program with SIGKILL many times, then audit the folder.

    uv run python bench/crash_trials.py [--trials 200] [--seed N]
                                        [--list-kills 28] [--demo-kills 12]

Prints one line per 20 kills and a summary: confirmed saves, saves found after the last kill,
temporary files cleaned and problems (must be 0). Then the first creation of a database: ``list``
on a new folder and ``demo`` killed at random moments of their run, each folder audited (it
opens, its schema is current, ``check`` passes, the demo is whole or not begun; then every
command works on it: ``list``, ``check``, ``backup``, and ``demo`` where nothing was made yet).
The harness is tests/integration/crash_harness.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from crash_harness import run_creation_trials, run_trials  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--list-kills", type=int, default=28,
                        help="kills of `list` on a new folder")
    parser.add_argument("--demo-kills", type=int, default=12, help="kills of `demo`")
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(summary) -> None:  # noqa: ANN001
        if summary.trials % 20 == 0:
            print(f"  {summary.line()}", flush=True)

    problems: list[str] = []
    if args.trials:
        with tempfile.TemporaryDirectory() as folder:
            summary = run_trials(Path(folder) / "data", args.trials, args.seed,
                                 progress=progress)
        print(f"crash trials: {summary.line()} in {time.perf_counter() - started:.0f} s")
        problems += summary.problems
    if args.list_kills or args.demo_kills:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            creation = run_creation_trials(Path(folder), args.list_kills, args.demo_kills,
                                           args.seed, every_command=True, progress=progress)
        print(f"first creation: {creation.line()} in {time.perf_counter() - started:.0f} s")
        problems += creation.problems
    for problem in problems[:20]:
        print("  PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
