"""Crash safety in numbers: kill a saving program with SIGKILL many times, then audit the folder.

    uv run python bench/crash_trials.py [--trials 200] [--seed N]

Prints one line per 20 kills and a summary: confirmed saves, saves found after the last kill,
temporary files cleaned and problems (must be 0). The harness is tests/integration/crash_harness.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from crash_harness import run_trials  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(summary) -> None:  # noqa: ANN001
        if summary.trials % 20 == 0:
            print(f"  {summary.line()}", flush=True)

    with tempfile.TemporaryDirectory() as folder:
        summary = run_trials(Path(folder) / "data", args.trials, args.seed, progress=progress)
    print(f"crash trials: {summary.line()} in {time.perf_counter() - started:.0f} s")
    for problem in summary.problems[:20]:
        print("  PROBLEM:", problem)
    return 1 if summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
