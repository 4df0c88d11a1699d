"""How the benchmarks measure: compiled bytecode, fresh child processes, medians.

The clinic laptops run the bundle, whose modules are compiled; a source checkout on a machine
with ``PYTHONDONTWRITEBYTECODE`` would compile every module on every start. So the package is
compiled once here before anything is timed (site-packages: ``UV_COMPILE_BYTECODE=1 uv sync``).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_bytecode() -> None:
    for folder in ("kemitraan_desktop", "bench"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    env.update(extra)
    return env


@dataclass(frozen=True)
class ChildRun:
    stdout: str
    stderr: str
    returncode: int
    peak_rss_mb: float  # the child's own peak resident memory (Linux and macOS)


def run_child(args: list[str], env: dict[str, str] | None = None) -> ChildRun:
    """Run ``python args…`` and collect its output and its own peak memory."""
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env or child_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    peak = 0.0
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        # Linux reports kilobytes, macOS bytes.
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    else:  # pragma: no cover - Windows: no per-child peak here
        process.wait()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{stderr}")
    return ChildRun(stdout, stderr, process.returncode, peak)


def sizes(*defaults: int) -> list[int]:
    """The sizes a benchmark was given on its command line (the numbers among its arguments,
    in order), each missing one its default."""
    given = [int(a) for a in sys.argv[1:] if a.isdigit()]
    return given[:len(defaults)] + list(defaults[len(given):])


def median(values: list[float]) -> float:
    return statistics.median(values)


def fields(line_start: str, text: str) -> dict[str, str]:
    """``key=value`` pairs of the first line of *text* that starts with *line_start*."""
    for line in text.splitlines():
        if line.startswith(line_start):
            return dict(part.split("=", 1) for part in line.split() if "=" in part)
    raise SystemExit(f"no line starting {line_start!r} in:\n{text}")
