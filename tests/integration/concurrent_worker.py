"""One of several programs working on the same database at once (test_concurrent_writers.py).

    python concurrent_worker.py DATA_DIR URL WORKER SEED

URL is "" for the data folder's own SQLite file. The worker opens the database as a second
computer would, prints ``READY`` and waits for a line on stdin, so that all workers start
together. Then, in an order of its own, it finalizes every draft agreement, records an edit
after each (a new activity, and its own partnership's idea changed), and signs every final
agreement. Each outcome the services confirmed is one line, flushed at once:

    FINALIZED <agreement id> <number>    this worker's finalize succeeded
    ALREADY_FINAL <agreement id>         told it was already final
    SIGNED <agreement id>                this worker's signing succeeded
    ALREADY_SIGNED <agreement id>        told it was already signed
    ACTIVITY <id> <name>                 an activity created (must be there afterwards)
    IDEA <partnership id> <value>        the idea changed (the last one must be there)
    ERROR <kind> <message>               anything else: a failure of the test

and ``DONE`` at the end.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path


def say(line: str) -> None:
    sys.stdout.write(line.replace("\n", " ") + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    data_dir, url, worker, seed = Path(argv[0]), argv[1] or None, int(argv[2]), int(argv[3])
    from kemitraan_desktop.domain.errors import LockedError
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.services.app import Services
    from kemitraan_desktop.storage.database import Database

    database = Database.open(data_dir, url)
    svc = Services(database, actor=f"worker-{worker}")
    rng = random.Random(seed)
    partnerships = sorted(p.id for p in svc.partnerships.list())
    own = partnerships[worker % len(partnerships)]
    drafts = [a.id for p in partnerships for a in svc.agreements.list(p)
              if a.status == "draft"]
    say("READY")
    sys.stdin.readline()

    def attempt(action, *args):  # noqa: ANN001, ANN202
        try:
            return action(*args)
        except LockedError:
            return None
        except Exception as error:  # noqa: BLE001 - every other outcome is reported
            say(f"ERROR {type(error).__name__} {error}")
            return False

    rng.shuffle(drafts)
    for step, agreement_id in enumerate(drafts):
        result = attempt(agreements.finalize_agreement, svc, agreement_id)
        if result is None:
            say(f"ALREADY_FINAL {agreement_id}")
        elif result is not False:
            number = next(p.number for p in svc.agreement_parties.list(agreement_id)
                          if p.party == "practice")
            say(f"FINALIZED {agreement_id} {number}")
        name = f"w{worker}-{step}"
        activity = attempt(lambda name=name: svc.activities.create(partnership_id=own, name=name))
        if activity:
            say(f"ACTIVITY {activity.id} {name}")
        idea = f"idea-w{worker}-{step}"
        if attempt(lambda idea=idea: svc.partnerships.update(own, idea=idea)) is not False:
            say(f"IDEA {own} {idea}")
    rng.shuffle(drafts)
    for agreement_id in drafts:
        result = attempt(agreements.sign_agreement, svc, agreement_id, date.today(),
                         f"worker {worker}")
        if result is None:
            say(f"ALREADY_SIGNED {agreement_id}")
        elif result is not False:
            say(f"SIGNED {agreement_id}")
    database.close()
    say("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
