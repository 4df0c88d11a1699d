"""The parent of the crash-safety harness: kill a saving process at random, then audit the folder.

Each trial starts ``crash_worker.py`` on the same data folder, lets it save for a random while
and kills it with SIGKILL (no clean-up, no atexit, no flush: what a crash or a killed task does).
Then it opens the folder as the program would and checks that

* SQLite finds the file sound (``PRAGMA integrity_check`` through ``maintenance.check``), the
  audit chain is intact and every attachment row's file has the content its name promises;
* every save the worker confirmed (an ``OK`` line), in this trial and every earlier one, is there
  with its value; a field changed while the kill fell may hold the value being saved (``TRY``);
* the attachment store holds no half file under a final name: every file is named by the
  SHA-256 of its content; temporary ``.incoming-*`` files may be left by a kill, are not
  counted as data, and are removed by ``AttachmentStore.remove_stale_incoming``.

A SIGKILL tests the program's own crash safety (transactions, temporary name and rename). It does
not simulate a power cut, where the operating system's buffers are lost too.

Used by ``test_crash_safety.py`` (a few dozen trials) and ``bench/crash_trials.py`` (hundreds).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

WORKER = Path(__file__).resolve().with_name("crash_worker.py")
DB_FILENAME = "kemitraan.sqlite3"
TEMP_DIRNAME = ".tmp"  # storage/scratch.py: the private scratch folder
ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60.0
INCOMING_PREFIX = ".incoming-"


@dataclass
class Ledger:
    """Everything the workers confirmed so far: what must be found after every kill."""

    reports: dict[int, str] = field(default_factory=dict)  # report id -> done
    attachments: dict[int, str] = field(default_factory=dict)  # attachment id -> sha256
    fields: dict[str, set[str]] = field(default_factory=dict)  # "kind/id/field" -> allowed


@dataclass
class Summary:
    trials: int = 0
    killed_before_ready: int = 0  # while importing, opening or migrating
    killed_while_saving: int = 0
    confirmed: int = 0  # OK lines over all trials
    verified_last: int = 0  # confirmed saves checked after the last kill (all of them)
    in_flight_updates: int = 0  # kills that fell between a field's TRY and its OK
    incoming_left: int = 0  # temporary files found after a kill (and removed)
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.trials} kills ({self.killed_while_saving} while saving, "
                f"{self.killed_before_ready} while starting); {self.confirmed} confirmed saves, "
                f"all {self.verified_last} found after the last kill; "
                f"{self.in_flight_updates} kills between TRY and OK; "
                f"{self.incoming_left} temporary .incoming-* files cleaned; "
                f"{len(self.problems)} problem(s)")


def _drain(stream, sink: list[str]) -> None:  # noqa: ANN001
    for raw in iter(stream.readline, b""):
        sink.append(raw.decode("utf-8", "replace").rstrip("\n"))
    stream.close()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


def run_trial(data_dir: Path, scratch: Path, rng: random.Random, ledger: Ledger,
              summary: Summary, max_delay: float = 0.6, early_share: float = 0.2) -> None:
    """One start, one random SIGKILL, one audit. Problems are added to *summary*."""
    number = summary.trials + 1
    lines: list[str] = []
    errors = scratch.with_name(scratch.name + ".stderr")
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(WORKER), str(data_dir), str(rng.getrandbits(32)), str(scratch)],
            stdout=subprocess.PIPE, stderr=stderr, env=_environment(), cwd=str(ROOT))
        reader = threading.Thread(target=_drain, args=(process.stdout, lines), daemon=True)
        reader.start()
        early = rng.random() < early_share
        if early:
            time.sleep(rng.uniform(0.0, 0.7))
        else:
            deadline = time.monotonic() + READY_TIMEOUT
            while not any(line.startswith("READY") for line in list(lines)):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, max_delay))
        exited_by_itself = process.poll() is not None
        if not exited_by_itself:
            process.send_signal(signal.SIGKILL)
        code = process.wait()
        reader.join(10)
    summary.trials = number
    if exited_by_itself:
        summary.problems.append(
            f"trial {number}: the worker stopped by itself (exit {code}): "
            + errors.read_text("utf-8", "replace")[-2000:])
    elif code != -signal.SIGKILL:
        summary.problems.append(f"trial {number}: unexpected exit status {code}")
    ready = any(line.startswith("READY") for line in lines)
    if ready:
        summary.killed_while_saving += 1
    else:
        summary.killed_before_ready += 1
    in_flight = _record(lines, ledger, summary)
    summary.in_flight_updates += in_flight
    _audit(data_dir, ledger, summary, number)
    shutil.rmtree(scratch, ignore_errors=True)
    errors.unlink(missing_ok=True)


def _record(lines: list[str], ledger: Ledger, summary: Summary) -> int:
    """Add the trial's confirmed saves to the ledger; return 1 if a field was in flight."""
    pending: dict[str, str] = {}
    for line in lines:
        word, _space, rest = line.partition(" ")
        if word == "TRY":
            name, value = rest.split(" ", 1)
            pending[name] = value
        elif word == "OK":
            name, value = rest.split(" ", 1)
            summary.confirmed += 1
            kind = name.split("/")[0]
            if kind == "report":
                ledger.reports[int(name.split("/")[1])] = value
            elif kind == "attachment":
                ledger.attachments[int(name.split("/")[1])] = value
            else:
                ledger.fields[name] = {value}
                pending.pop(name, None)
    for name, value in pending.items():  # killed between TRY and OK: either value is right
        # A field never confirmed before still holds what the set-up gave it: empty text.
        ledger.fields.setdefault(name, {""}).add(value)
    return len(pending)


def _audit(data_dir: Path, ledger: Ledger, summary: Summary, number: int) -> None:
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services.maintenance import check
    from kemitraan_desktop.services.opening import open_services

    def problem(text: str) -> None:
        summary.problems.append(f"trial {number}: {text}")

    try:
        svc = open_services(data_dir)
    except UserError as error:
        problem(f"the data folder no longer opens: {error.message}")
        return
    try:
        result = check(svc)
        if result.problems:
            problem(f"integrity check: {list(result.problems)[:5]}")
        if not result.audit_intact:
            problem("the audit chain is broken")
        if result.bad_attachments:
            problem(f"attachments missing or changed: {list(result.bad_attachments)[:5]}")
        verified = 0
        reports = {r.id: r.done for r in svc.reports.list()}
        for report_id, value in ledger.reports.items():
            verified += 1
            if reports.get(report_id) != value:
                problem(f"report {report_id}: expected {value!r}, found "
                        f"{reports.get(report_id)!r}")
        attachments = {a.id: a.sha256 for a in svc.attachments.list()}
        for attachment_id, sha256 in ledger.attachments.items():
            verified += 1
            if attachments.get(attachment_id) != sha256:
                problem(f"attachment {attachment_id}: expected {sha256}, found "
                        f"{attachments.get(attachment_id)!r}")
            elif not svc.db.attachments.verify(sha256):
                problem(f"attachment {attachment_id}: file {sha256} missing or changed")
        for name, allowed in ledger.fields.items():
            verified += 1
            kind, record_id, column = name.split("/")
            entities = {"partnership": svc.partnerships, "activity": svc.activities}[kind]
            stored = getattr(entities.get(int(record_id)), column)
            if stored not in allowed:
                problem(f"{name}: expected one of {sorted(allowed)!r}, found {stored!r}")
            ledger.fields[name] = {stored}
        summary.verified_last = verified
        temporary, bad = scan_store(svc.db.attachments.root)
        summary.incoming_left += len(temporary)
        for path in bad:
            problem(f"a file in the attachment store does not match its name: {path}")
        removed = svc.db.attachments.remove_stale_incoming(older_than=0)
        if removed != len(temporary) or scan_store(svc.db.attachments.root)[0]:
            problem(f"{len(temporary)} temporary files found, {removed} removed")
    finally:
        svc.db.close()


def scan_store(root: Path) -> tuple[list[Path], list[Path]]:
    """The temporary files, and the files whose content does not match their final name."""
    temporary: list[Path] = []
    bad: list[Path] = []
    if not root.exists():
        return temporary, bad
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        if path.name.startswith(INCOMING_PREFIX):
            temporary.append(path)
            continue
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        right_place = path.parent.parent == root and path.parent.name == path.name[:2]
        if digest.hexdigest() != path.name or not right_place:
            bad.append(path)
    return temporary, bad


def run_trials(data_dir: Path, trials: int, seed: int | None = None, max_delay: float = 0.6,
               progress=None) -> Summary:  # noqa: ANN001
    """*trials* kills on one data folder (created if needed); the summary says what survived."""
    rng = random.Random(seed)
    ledger = Ledger()
    summary = Summary()
    scratch = data_dir.parent / f".{data_dir.name}-worker"
    for _number in range(trials):
        run_trial(data_dir, scratch, rng, ledger, summary, max_delay)
        if progress is not None:
            progress(summary)
    return summary


# -- the first creation of a database ----------------------------------------------------------
# A kill while a new data folder gets its database (``list`` on a new folder) or while ``demo``
# fills it must leave either nothing or a whole database, and a demo either whole or not begun.
@dataclass
class CreationSummary:
    trials: int = 0
    by_command: dict[str, int] = field(default_factory=dict)
    finished_before_the_kill: int = 0
    no_database: int = 0  # the kill fell before the database was put in place
    empty_database: int = 0  # a whole database without a practice (the demo not begun, or undone)
    whole_demo: int = 0
    scratch_cleaned: int = 0  # kills that left a working copy in .tmp, removed by the next start
    demo_rerun: int = 0  # folders the demo was then made in, as a person would try again
    commands_worked: int = 0  # folders where every command then worked (with every_command)
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        commands = ", ".join(f"{count} {name}" for name, count in sorted(self.by_command.items()))
        return (f"{self.trials} kills during the first creation ({commands}); "
                f"{self.finished_before_the_kill} finished before the kill; after the kill: "
                f"{self.no_database} no database, {self.empty_database} a whole empty database, "
                f"{self.whole_demo} a whole demo; {self.scratch_cleaned} working copies cleaned; "
                f"{self.demo_rerun} demos made again afterwards; "
                f"every command then worked in {self.commands_worked}; "
                f"{len(self.problems)} problem(s)")


def _command(folder: Path, command: str) -> list[str]:
    return [sys.executable, "-m", "kemitraan_desktop", "--data-dir", str(folder), command]


def time_command(folder: Path, command: str) -> float:
    """How long *command* takes on a new folder here, uninterrupted (where to aim the kills)."""
    started = time.monotonic()
    subprocess.run(_command(folder, command), env=_environment(), cwd=str(ROOT), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def demo_counts(data_dir: Path) -> tuple[int, int, int]:
    """(partnerships, clauses, attachments) of a folder, to compare with a whole demo."""
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(data_dir)
    try:
        return _counts(svc)
    finally:
        svc.db.close()


def _counts(svc) -> tuple[int, int, int]:  # noqa: ANN001
    from sqlalchemy import func, select

    from kemitraan_desktop.storage import models as m

    with svc.db.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (m.Partnership, m.Clause, m.Attachment))


def _run_cli(*argv: str) -> tuple[int, str]:
    """One command of the command line in this process: (exit status, what it wrote)."""
    import contextlib
    import io

    from kemitraan_desktop.cli import main

    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(list(argv))
    return code, said.getvalue()


def _every_command_works(folder: Path, whole: tuple[int, int, int],
                         problem) -> bool:  # noqa: ANN001
    """What a person does next on the folder a kill left, through the command line: ``list``,
    ``check`` and ``backup``; ``demo`` where nothing was made yet (it refused to run on a half
    demo), then ``list`` and ``check`` again. Each must succeed; *problem* is told what did not."""
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(folder)
    try:
        empty = not svc.practices.list()
    finally:
        svc.db.close()
    base = ("--data-dir", str(folder))
    copy = folder.with_name(folder.name + "-cadangan.zip")
    runs = [("list",), ("check",), ("backup", "--out", str(copy))]
    if empty:
        runs += [("demo",), ("list",), ("check",)]
    worked = True
    try:
        for number, command in enumerate(runs):
            code, said = _run_cli(*base, *command)
            if code != 0:
                problem(f"`{' '.join(command)}` afterwards: exit {code}: {said.strip()[-300:]}")
                worked = False
            elif command == ("list",) and number > 3 and len(said.splitlines()) != whole[0]:
                problem(f"`list` after the demo printed {said.strip()!r}")  # one line each
                worked = False
        if worked and empty and demo_counts(folder) != whole:
            problem(f"the demo made again has {demo_counts(folder)}, a whole one {whole}")
            worked = False
    finally:
        copy.unlink(missing_ok=True)
    return worked


def run_creation_trial(folder: Path, command: str, delay: float, whole: tuple[int, int, int],
                       summary: CreationSummary, every_command: bool = False,
                       aimed: bool = False) -> None:
    """Start *command* on the new *folder*, SIGKILL it after *delay* seconds (*aimed*: after the
    database began to be made, when the first file of it appears), audit the folder; with
    *every_command*, then run the commands a person would (:func:`_every_command_works`)."""
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services.maintenance import check
    from kemitraan_desktop.services.opening import open_services
    from kemitraan_desktop.storage.database import SCHEMA_HEAD

    number = summary.trials + 1
    summary.trials = number
    summary.by_command[command] = summary.by_command.get(command, 0) + 1

    def problem(text: str) -> None:
        summary.problems.append(f"{command} trial {number}: {text}")

    process = subprocess.Popen(_command(folder, command), env=_environment(), cwd=str(ROOT),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if aimed:  # the delay counts from the moment the database starts being made
        deadline = time.monotonic() + READY_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline and not (
                (folder / DB_FILENAME).exists() or any((folder / TEMP_DIRNAME).glob("*"))):
            time.sleep(0.002)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    else:
        summary.finished_before_the_kill += 1
    code = process.wait()
    errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if code not in (0, -signal.SIGKILL):
        problem(f"exit status {code}: {errors[-500:]}")
    database = folder / DB_FILENAME
    had_database = database.exists()
    left_in_scratch = [path for path in (folder / TEMP_DIRNAME).glob("*")] \
        if (folder / TEMP_DIRNAME).exists() else []
    try:
        svc = open_services(folder)
    except UserError as error:
        problem(f"the folder no longer opens: {error.message}")
        return
    try:
        if svc.db.schema_version() != SCHEMA_HEAD:
            problem(f"schema version {svc.db.schema_version()!r}")
        result = check(svc)
        if not result.ok:
            problem(f"check: {list(result.problems)[:3]}, chain intact {result.audit_intact}")
        if left_in_scratch:
            if list((folder / TEMP_DIRNAME).glob("*")):
                problem(f"{len(left_in_scratch)} leftovers in {TEMP_DIRNAME} not cleaned")
            else:
                summary.scratch_cleaned += 1
        counts = _counts(svc)
        practices = len(svc.practices.list())
        if not had_database:
            summary.no_database += 1
        elif practices == 0 and counts == (0, 0, 0):
            summary.empty_database += 1
        elif command == "demo" and counts == whole:
            summary.whole_demo += 1
        else:
            problem(f"half made: {practices} practice(s), (partnerships, clauses, "
                    f"attachments) = {counts}, a whole demo has {whole}")
    finally:
        svc.db.close()
    if every_command and _every_command_works(folder, whole, problem):
        summary.commands_worked += 1
        if practices == 0:  # and the demo was made whole in it
            summary.demo_rerun += 1


def run_creation_trials(root: Path, list_trials: int, demo_trials: int, seed: int | None = None,
                        every_command: bool = False,
                        progress=None) -> CreationSummary:  # noqa: ANN001
    """Kill ``list`` on new folders and ``demo`` at random moments of their run; audit each (and
    with *every_command*, run every command on it afterwards)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    summary = CreationSummary()
    reference = root / "whole-demo"
    durations = {"list": time_command(root / "timed-list", "list"),
                 "demo": time_command(reference, "demo") if demo_trials or every_command else 0.0}
    whole = demo_counts(reference) if demo_trials or every_command else (0, 0, 0)
    plan = ["list"] * list_trials + ["demo"] * demo_trials
    rng.shuffle(plan)
    for number, command in enumerate(plan, start=1):
        folder = root / f"{command}-{number}"
        if command == "list" and number % 2:
            # Aimed at the making of the tables and the schema version: a few tenths of a
            # second, which a kill anywhere in the run would rarely hit.
            delay, aimed = rng.uniform(0.0, 0.4), True
        else:  # anywhere: the interpreter's start, the imports, the creation, the filling
            delay, aimed = rng.uniform(0.0, durations[command] * 1.05), False
        run_creation_trial(folder, command, delay, whole, summary, every_command, aimed)
        shutil.rmtree(folder, ignore_errors=True)
        if progress is not None:
            progress(summary)
    return summary
