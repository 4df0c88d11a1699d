"""Kill the window while it is typed into, and count the characters lost (issue 16.8).

    uv run python bench/typing_kills.py [--trials 24] [--key-ms 40] [--seed N] [--old] [--cell]

Each trial types 30 keys into step 1's idea with real key events (the real window, offscreen),
one every KEY_MS, and is killed with SIGKILL at a random moment between the first key and
600 ms after the last. Prints one line per trial (keys typed, saved, lost, the age of the
oldest key lost) and a summary. ``--old`` runs the autosave's old timings (600 ms after the last
key, nothing while typing on) for comparison; ``--cell`` types into a table cell instead (a new
role of the practice in step 3, walker #3), its editor open until the kill. The trials are
tests/integration/typing_kills.py.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from typing_kills import prepare, run_trial  # noqa: E402

TEXT = " Apotek buka 24 jam di Sleman."
CELL_TEXT = "Membuat rujukan sesuai indikasi"  # a cell keeps no leading space


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--key-ms", type=int, default=40)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--old", action="store_true")
    parser.add_argument("--cell", action="store_true")
    args = parser.parse_args()
    text = CELL_TEXT if args.cell else TEXT
    rng = random.Random(args.seed)
    timings = (600, 10**6) if args.old else None
    started = time.perf_counter()
    total_typed = total_lost = 0
    lossy = 0
    oldest = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-typing-") as scratch:
        root = Path(scratch)
        template = prepare(root / "template")
        for number in range(1, args.trials + 1):
            kill_ms = rng.randint(args.key_ms, args.key_ms * (len(text) - 1) + 600)
            trial = run_trial(template, root / "trial", text, args.key_ms, kill_ms, timings,
                              cell=args.cell)
            total_typed += trial.typed
            total_lost += trial.lost
            lossy += trial.lost > 0
            oldest = max(oldest, trial.oldest_lost_ms)
            print(f"  trial {number:2}: killed at {kill_ms:4} ms, typed {trial.typed:2}, saved "
                  f"{trial.saved:2}, lost {trial.lost:2}, "
                  f"oldest lost {trial.oldest_lost_ms:5.0f} ms", flush=True)
    where = "a table cell" if args.cell else "a field"
    print(f"{args.trials} kills while typing into {where} "
          f"({'old timings' if args.old else 'now'}): "
          f"{lossy} lost something, {total_lost} of {total_typed} keys lost, the oldest key "
          f"lost was typed {oldest:.0f} ms before the kill ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
