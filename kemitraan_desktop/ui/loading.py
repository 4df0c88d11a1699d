"""The services' modules load on a worker thread while the window already answers the person.

SQLAlchemy, our models and the services take longer to import than Qt takes to show the window
and its list (about half a second here, 60 % of the whole start). Imported on the GUI thread
they kept the event loop busy: a click on the shown list waited until everything had loaded.
Imported on a worker thread they leave it free: the window repaints and moves, a click selects
a partnership (opened as soon as the services are there, ``MainWindow._restore_view``), a typed
search waits in its field, the window can be closed.

The modules named here are Qt-free (services, storage, domain): the worker never touches a
widget. Whatever the GUI thread imports meanwhile it imports itself; Python's import locks let
each module be executed once, by one of the two.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QThread

from .responsive import background_work

# What opening the data folder and the first screen need (app.run: recovery and its dialogs;
# the dashboard and the list through the services; the SQLite dialect, which SQLAlchemy loads
# only when the engine is made), then what the step pages call: a partnership reopened at its
# step, or clicked at once, opens without importing them first (step 5's agreements and
# documents alone took 120-190 ms).
SERVICE_MODULES = (
    "kemitraan_desktop.services.recovery",
    "kemitraan_desktop.services.partnerships",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "kemitraan_desktop.services.agreements",
    "kemitraan_desktop.services.external_agreements",
    "kemitraan_desktop.services.activities",
    "kemitraan_desktop.services.evaluation",
)


def load_services() -> None:
    """Import the services' modules and build what their first query would (Qt-free)."""
    for name in SERVICE_MODULES:
        importlib.import_module(name)
    from kemitraan_desktop.services.app import prepare

    prepare()


class _Worker(QThread):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.work = work

    def run(self) -> None:
        # A failure here the GUI thread meets again when it opens the folder, and reports
        # there as it always has.
        with contextlib.suppress(Exception):
            self.work()


def import_while_answering(work: Callable[[], None] = load_services) -> None:
    """Run *work* (the services' imports) on a worker thread; the event loop runs meanwhile."""
    loop = QEventLoop()
    worker = _Worker(work)
    worker.finished.connect(loop.quit)  # queued: the worker emits it from its own thread
    with background_work():  # the GIL handed to the window after 1 ms, no full collection
        worker.start()
        if not worker.isFinished():
            loop.exec()
        worker.wait()
