"""Import: the records of a checked package created through the same domain rules as a user's,
with new ids, in one transaction; the attachment files copied last."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.attachments import AttachmentStore

from .. import audit
from ..app import Services
from ..files import reason
from ..sealing import lifecycle_refusal
from .creating import Importer, at, refusal
from .errors import AlreadyImported, changed, not_a_package, unexpected_file
from .layout import ATTACHMENTS_DIR, BY_KEY, CHILD_TABLES, PACKAGE_JSON
from .merging import merge_assessments
from .parsing import Content, Row, check_format, lengths, parse_json, parse_package
from .progress import Steps
from .reading import CheckedStream, Reader, check_entries, open_zip, read_manifest, verify

# Agreement references set only once every agreement and attachment exists (and after the
# agreement's parties and clauses, which a final agreement would refuse).
_AGREEMENT_LATE_REFS = ("parent_id", "final_pdf_attachment_id", "signed_scan_attachment_id")


@dataclass(frozen=True)
class ImportSummary:
    partnership_id: int
    title: str
    records: dict[str, int]  # records created, per list (a reused practice or partner counts 0)
    attachments: int  # attachment files in the package
    # The package held a partnership already here: only the five-key scorings it has and this
    # database lacks were added (the partner filled theirs in on their copy and sent it back).
    merged: bool = False

    @property
    def total_records(self) -> int:
        return sum(self.records.values())

    @property
    def merged_message(self) -> str:
        return _("The partnership “{title}” is already here; the package brought {count} "
                 "five-key scoring(s) it did not have, and they were added.").format(
            title=self.title, count=self.records.get("key_assessments", 0))


def import_package(svc: Services, path: Path,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Add the partnership of an exchange package to this database, all or nothing.

    *progress(done, total)* hears how far the checking and copying is; when *cancelled()* turns
    true the import stops with ``ExchangeCancelled`` and nothing has changed."""
    svc.access.require(Action.EDIT)  # before the package is read: an observer imports nothing
    path = Path(path)
    steps = Steps(progress, cancelled, lambda: _("Cancelled: nothing was imported."))
    with open_zip(path) as archive:
        files, unexpected = check_entries(archive)
        if PACKAGE_JSON not in files:
            raise not_a_package()
        if unexpected:
            raise unexpected_file(unexpected[0])
        # Every entry is read once to check it, each attachment once more into the store. The
        # header sizes only size the progress bar: the reading itself does not trust them.
        steps.total = sum(info.file_size for info in files.values()) + sum(
            info.file_size for name, info in files.items() if name.startswith(ATTACHMENTS_DIR))
        reader = Reader(archive, steps)
        package_entry = reader.read(files[PACKAGE_JSON], keep=True)
        try:
            package = parse_json(package_entry.data or b"", PACKAGE_JSON)
        except UserError as error:
            package, parse_error = None, error
        else:
            parse_error = None
            check_format(package)
        manifest = read_manifest(reader, files)
        sizes = verify(reader, files, manifest, package_entry)
        if parse_error is not None:
            raise parse_error
        content = parse_package(package, sizes)
        try:
            return _store(svc, archive, files, path, content, package_entry.sha256, steps)
        except IntegrityError as error:
            raise UserError(
                _("The exchange package contains conflicting records (for example the same "
                  "partner twice among the candidates). Nothing was imported.")
            ) from error


def _store(svc: Services, archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo],
           path: Path, content: Content, package_sha256: str, steps: Steps) -> ImportSummary:
    added: list[str] = []  # files this import put in the store, removed again if it fails
    try:
        return _store_records(svc, archive, files, path, content, package_sha256, steps, added)
    except BaseException:
        for sha256 in added:
            with suppress(OSError):
                svc.db.attachments.path_for(sha256).unlink()
        raise


def _store_records(svc: Services, archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo],
                   path: Path, content: Content, package_sha256: str, steps: Steps,
                   added: list[str]) -> ImportSummary:
    partnership_row = content.partnership
    with svc.db.session() as session:
        existing = session.scalar(
            select(m.Partnership).where(m.Partnership.uid == partnership_row.values["uid"])
        )
        if existing is not None:
            merged = merge_assessments(svc, session, existing, content)
            if merged is not None:
                audit.log(
                    session, "import", "partnership", existing.id, partnership_id=existing.id,
                    changes={"file": path.name, "uid": partnership_row.values["uid"],
                             "package_sha256": package_sha256,
                             "records": sum(merged.values()), "attachments": 0},
                    actor=svc.actor,
                )
                return ImportSummary(existing.id, existing.title, merged, 0, merged=True)
            raise AlreadyImported(
                _("This partnership is already in this database (“{title}”). Importing it again "
                  "would make a second copy, so nothing was imported.").format(
                    title=existing.title),
                existing.id,
            )
        agreement_uids = [row.values["uid"] for row in content.tables["agreements"]]
        if agreement_uids and session.scalar(
            select(m.Agreement.id).where(m.Agreement.uid.in_(agreement_uids)).limit(1)
        ):
            raise UserError(
                _("An agreement in this package is already in this database, in another "
                  "partnership. Nothing was imported.")
            )
        importer = Importer(svc, session)

        practice = session.scalar(
            select(m.Practice).where(m.Practice.uid == content.practice.values["uid"])
        )
        if practice is None:
            practice = importer.create("practice", "practice", content.practice, {})
        else:
            importer.ids["practice"] = {content.practice.values["id"]: practice.id}

        new_partners: set[int] = set()
        importer.ids["partners"] = {}
        for row in content.partners:
            partner = session.scalar(select(m.Partner).where(m.Partner.uid == row.values["uid"]))
            if partner is None:
                importer.create("partners", "partner", row, {})
                new_partners.add(row.values["id"])
            else:
                importer.ids["partners"][row.values["id"]] = partner.id

        imported_from = path.name[: lengths(m.Partnership)["imported_from"]]
        partnership = importer.create(
            "partnership", "partnership",
            Row(partnership_row.where, {**partnership_row.values, "imported_from": imported_from}),
            {"practice_id": "practice"},
        )

        for table in CHILD_TABLES:
            importer.ids.setdefault(table.key, {})
            # An agreement is created as a draft, so its parties and clauses may be added.
            late = tuple(svc.agreements.spec.read_only) if table.key == "agreements" else ()
            for row in content.tables[table.key]:
                steps.advance(0)  # a cancellation here rolls the transaction back
                if table.key == "partner_licences" and row.values["partner_id"] not in new_partners:
                    continue  # a partner already in the registry keeps its own licences
                importer.create(table.key, table.kind, row, table.refs, late)

        # Now that parties, clauses and attachments exist, an agreement gets its lifecycle.
        agreements_table = BY_KEY["agreements"]
        for row in content.tables["agreements"]:
            agreement = session.get(m.Agreement, importer.ids["agreements"][row.values["id"]])
            values = {
                column: importer.new_id(agreements_table.refs[column], row.values[column])
                for column in _AGREEMENT_LATE_REFS
            }
            values.update({column: row.values[column]
                           for column in svc.agreements.spec.read_only
                           if column not in _AGREEMENT_LATE_REFS})
            values["updated_at"] = row.values["updated_at"]
            with at(row.where):
                importer.set_fixed("agreement", agreement, values, row.where)  # type: ignore[arg-type]
            problem = lifecycle_refusal(session, agreement,  # type: ignore[arg-type]
                                        packaged_reader(archive, files))
            if problem is not None:
                raise refusal(row.where, problem)

        # The files last: a record the rules refuse leaves nothing behind in the store.
        stored = _store_attachments(svc.db.attachments, archive, files, content, steps, added)

        title = partnership.title  # type: ignore[attr-defined]
        partnership_id = partnership.id  # type: ignore[attr-defined]
        records = {key: importer.created[key]
                   for key in ("practice", "partners", "partnership", *BY_KEY)}
        audit.log(
            session, "import", "partnership", partnership_id, partnership_id=partnership_id,
            changes={"file": path.name, "uid": partnership_row.values["uid"],
                     "package_sha256": package_sha256, "records": sum(records.values()),
                     "attachments": stored},
            actor=svc.actor,
        )
    return ImportSummary(partnership_id, title, records, stored)


def packaged_reader(archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo]
                    ) -> Callable[[str], bytes | None]:
    """An attachment of the package by its SHA-256 (its checksum already held against the
    manifest), for the rules that read a file: a final PDF must print its final text."""
    def read(sha256: str) -> bytes | None:
        info = files.get(ATTACHMENTS_DIR + sha256)
        if info is None:
            return None
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            return None
    return read


def _store_attachments(store: AttachmentStore, archive: zipfile.ZipFile,
                       files: dict[str, zipfile.ZipInfo], content: Content, steps: Steps,
                       added: list[str]) -> int:
    shas = sorted({row.values["sha256"] for row in content.tables["attachments"]})
    for sha256 in shas:
        info = files[ATTACHMENTS_DIR + sha256]
        new = not store.contains(sha256)
        try:
            with archive.open(info) as handle:
                stored, size = store.add_stream(
                    CheckedStream(handle, info.file_size, steps)  # type: ignore[arg-type]
                )
        except UserError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error) as error:
            raise changed() from error
        except OSError as error:
            raise UserError(
                _("The attached files could not be copied into the data folder: {error}")
                .format(error=reason(error))
            ) from error
        if new and stored == sha256:
            added.append(sha256)
        if stored != sha256 or size != info.file_size:
            raise changed()
    return len(shas)
