"""Steps 6 and 7: the work plan's money against the budget, and what each activity really cost;
files that document an activity report, kept in the attachment store.
"""

from __future__ import annotations

import dataclasses
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.errors import StorageError, is_full_disk

from .app import Services
from .crud import Entities, conflicts_explained
from .files import (
    FileProblem,
    copy_for_viewing,
    disk_full_text,
    read_stored,
    readable_name,
    reason,
)
from .partnerships import budget_summary
from .records import to_record

NAME_LIMIT = 255
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})


# -- step 6: planned cost against the step-4 budget -----------------------------------------
@dataclass(frozen=True)
class PlanVsBudget:
    """The work plan's planned cost against the budget (RAB) of step 4, in total.

    Not per party: an activity names the party that carries it out (Pelaksana in Lampiran 1),
    a budget line the party that pays for it (Sumber Dana in Lampiran 2). Set side by side per
    party, a leaflet the practice pays for and both parties hand out read as the practice
    under its budget by Rp1.500.000,00 and both parties over theirs by Rp1.750.000,00.
    """

    budget_sen: int  # the RAB's total
    planned_sen: int  # the planned cost of all activities
    budget_lines: int = 0
    activities: int = 0

    @property
    def difference_sen(self) -> int:
        """Budget left over (positive) or the overrun (negative)."""
        return self.budget_sen - self.planned_sen

    @property
    def over_budget(self) -> bool:
        return self.planned_sen > self.budget_sen

    @property
    def empty(self) -> bool:
        """Neither a budget line nor a planned activity yet: nothing to compare."""
        return not self.budget_lines and not self.activities


def plan_vs_budget(svc: Services, partnership_id: int) -> PlanVsBudget:
    """The planned cost of the work plan (step 6) next to the budget (RAB) of step 4."""
    budget = budget_summary(svc, partnership_id)
    planned = svc.activities.list(partnership_id)
    return PlanVsBudget(budget.grand_total_sen, sum(a.planned_cost_sen for a in planned),
                        len(budget.lines), len(planned))


# -- step 7: what each activity really cost -------------------------------------------------
@dataclass(frozen=True)
class ActivityCost:
    activity_id: int
    name: str
    planned_sen: int
    actual_sen: int
    reports: int

    @property
    def difference_sen(self) -> int:
        """Planned minus actual: what is left (positive) or overspent (negative)."""
        return self.planned_sen - self.actual_sen


def actual_vs_planned(svc: Services, partnership_id: int) -> list[ActivityCost]:
    """For every activity of the work plan: its planned cost and the sum of its reports' costs."""
    rows = []
    for activity in svc.activities.list(partnership_id):
        reports = svc.reports.list(activity.id)
        rows.append(ActivityCost(activity.id, activity.name, activity.planned_cost_sen,
                                 sum(r.actual_cost_sen for r in reports), len(reports)))
    return rows


# -- attachments of a report ----------------------------------------------------------------
def _attachment_writer(svc: Services) -> Entities:
    # The shared attachment entity refuses sha256 and size (a user may never change them); the
    # use case that stored the file is the one place allowed to set them, on creation.
    spec = dataclasses.replace(svc.attachments.spec, read_only=frozenset())
    return Entities(svc.db, spec, lambda: svc.actor)


def _short_name(name: str) -> str:
    if len(name) <= NAME_LIMIT:
        return name
    suffix = Path(name).suffix[:20]
    return name[: NAME_LIMIT - len(suffix)] + suffix


def media_type_of(name: str) -> str:
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def store_file(svc: Services, session: Session, partnership_id: int, path: Path | str, *,
               report_id: int | None = None, caption: str = "") -> m.Attachment:
    """Copy the file at *path* into the attachment store and record it as a file of the
    partnership, inside the caller's transaction.

    The copy is what the program keeps: the original may be moved or deleted afterwards.
    """
    source = Path(path)
    if not source.is_file():
        raise NotFoundError(_("The file {name} cannot be found.").format(name=source.name))
    try:
        sha256, size = svc.db.attachments.add_file(source)
    except OSError as error:
        if is_full_disk(error):  # the copy into the data folder, not the reading, failed
            raise FileProblem(disk_full_text()) from error
        raise UserError(_("The file {name} cannot be read: {reason}").format(
            name=source.name, reason=reason(error))) from error
    name = readable_name(source.name)
    return _attachment_writer(svc).create_in(session, {
        "partnership_id": partnership_id,
        "report_id": report_id,
        "sha256": sha256,
        "size": size,
        "original_name": _short_name(name),
        "media_type": media_type_of(name),
        "caption": caption,
    })


def attach_file(svc: Services, report_id: int, path: Path | str, caption: str = "") -> Any:
    """Copy the file at *path* into the attachment store and attach it to the report."""
    report = svc.reports.get(report_id)
    activity = svc.activities.get(report.activity_id)
    with conflicts_explained(), svc.db.session() as session:
        return to_record(store_file(svc, session, activity.partnership_id, path,
                                    report_id=report_id, caption=caption))


def report_attachments(svc: Services, report_id: int) -> list[Any]:
    report = svc.reports.get(report_id)
    activity = svc.activities.get(report.activity_id)
    return svc.attachments.list(activity.partnership_id, report_id=report_id)


def stored_path(svc: Services, attachment: Any) -> Path:
    """Where the attachment's content lies in the store (to show or open it, never to change)."""
    try:
        path = svc.db.attachments.file_for(attachment.sha256)  # a server's: fetched first
    except StorageError:
        path = svc.db.attachments.path_for(attachment.sha256)
    if not path.exists():
        raise NotFoundError(
            _("The stored copy of {name} is missing. Restore a backup to get it back.").format(
                name=attachment.original_name))
    return path


def viewing_copy(svc: Services, attachment: Any) -> Path:
    """A copy of the attachment under its own name, for the system viewer (``copy_for_viewing``:
    private, read-only, removed when the data folder is closed).

    The store names files by their SHA-256 without an extension, so a viewer could not tell a
    photo from a PDF; and a viewer that saves changes must never alter the kept original. A
    missing or changed original is said so, never shown as if it were the file attached.
    """
    name = Path(attachment.original_name).name or attachment.sha256
    data = read_stored(svc.db.attachments, attachment.sha256,
                       _("The file {name}").format(name=name))
    return copy_for_viewing(svc, name, data)


def is_image(attachment: Any) -> bool:
    return (attachment.media_type.startswith("image/")
            or Path(attachment.original_name).suffix.lower() in IMAGE_SUFFIXES)


__all__ = [
    "ActivityCost",
    "PlanVsBudget",
    "actual_vs_planned",
    "attach_file",
    "is_image",
    "media_type_of",
    "plan_vs_budget",
    "report_attachments",
    "store_file",
    "stored_path",
    "viewing_copy",
]
