"""The child of the crash-safety harness: saves through the services in a loop until killed.

    python crash_worker.py DATA_DIR SEED SCRATCH_DIR

It opens DATA_DIR through ``open_services`` like the window does, makes sure there is a practice,
a partnership, an activity and a report to work on, prints ``READY`` and then saves for ever:
new activity reports, changes to text fields and new attachments (through
``activities.attach_file``). After each save the service confirmed (the call returned, so the
transaction committed) it prints one line, flushed at once:

    OK report/<id> <value>              a new report whose ``done`` is <value>
    OK partnership/<id>/idea <value>    a text field changed to <value>
    OK activity/<id>/description <value>
    OK attachment/<id> <sha256>         a file stored and attached

Before changing a field it prints ``TRY <field> <value>``: when the kill falls between the
commit and the ``OK`` line, the stored value may be that one. Values never hold spaces.
The parent (``crash_harness.py``) kills this process with SIGKILL at a random moment.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()  # one write(2) per line: what was said survives the kill in the pipe


def _value(rng: random.Random, number: int) -> str:
    # Indonesian letters, an accent and a symbol outside Latin-1: text must come back as typed.
    return f"{number}-{rng.getrandbits(48):012x}-é—"


def _setup(svc):  # noqa: ANN001, ANN202
    """Idempotent: a kill during the set-up leaves something the next run completes."""
    from kemitraan_desktop.services import partnerships

    if partnerships.current_practice(svc) is None:
        svc.practices.create(doctor_name="dr. Uji Ketahanan", kota="Kabupaten Sleman")
    rows = partnerships.list_partnerships(svc)
    partnership_id = (min(rows, key=lambda r: r.id).id if rows else
                      partnerships.start_partnership(svc, "Uji ketahanan", "apotek").id)
    activity_list = svc.activities.list(partnership_id)
    activity = (activity_list[0] if activity_list else
                svc.activities.create(partnership_id=partnership_id, name="Kegiatan uji"))
    report_list = svc.reports.list(activity.id)
    report = (report_list[0] if report_list else
              svc.reports.create(activity_id=activity.id, report_date=date.today()))
    return partnership_id, activity.id, report.id


def main(argv: list[str]) -> int:
    data_dir, seed, scratch = Path(argv[0]), int(argv[1]), Path(argv[2])
    rng = random.Random(seed)
    from kemitraan_desktop.services import activities
    from kemitraan_desktop.services.opening import open_services

    svc = open_services(data_dir)
    svc.actor = "crash-worker"
    partnership_id, activity_id, report_id = _setup(svc)
    scratch.mkdir(parents=True, exist_ok=True)  # the parent empties it after each kill
    say(f"READY {os.getpid()}")
    number = 0
    while True:
        number += 1
        value = _value(rng, number)
        roll = rng.random()
        if roll < 0.4:
            report = svc.reports.create(
                activity_id=activity_id,
                report_date=date.today() - timedelta(days=rng.randrange(400)),
                done=value, actual_cost_sen=rng.randrange(10**9))
            report_id = report.id
            say(f"OK report/{report.id} {value}")
        elif roll < 0.55:
            field = f"partnership/{partnership_id}/idea"
            say(f"TRY {field} {value}")
            svc.partnerships.update(partnership_id, idea=value)
            say(f"OK {field} {value}")
        elif roll < 0.7:
            field = f"activity/{activity_id}/description"
            say(f"TRY {field} {value}")
            svc.activities.update(activity_id, description=value)
            say(f"OK {field} {value}")
        else:
            # From a few bytes to 3 MB, so that some kills land while the file is copied.
            size = rng.choice((rng.randrange(1, 4096), rng.randrange(1, 3 * 1024 * 1024)))
            source = scratch / f"berkas-{number}.bin"
            source.write_bytes(rng.randbytes(size))
            attachment = activities.attach_file(svc, report_id, source, caption=value)
            source.unlink()
            say(f"OK attachment/{attachment.id} {attachment.sha256}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
