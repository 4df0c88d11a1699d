"""The exchange package's progress and cancel, which the window shows with its Job dialog.

A package may hold hundreds of megabytes of photos and scans: export and import report how far
they are (per mille) and stop when the person cancels. A cancelled export leaves no file; a
cancelled import leaves the data and the attachment store exactly as they were, whether it was
still checking the package, writing the records, or copying the files into the store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from kemitraan_desktop import i18n
from kemitraan_desktop.services import exchange
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.exchange import (
    ExchangeCancelled,
    export_partnership,
    import_package,
)
from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.storage.database import Database


@pytest.fixture(autouse=True)
def english(_isolated: None) -> None:
    """Messages are matched in their English source text."""
    i18n.set_language("en")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    svc = Services(Database.open(tmp_path_factory.mktemp("source")), actor="dr. Siti")
    demo = create_demo(svc)
    # The partnership with the most attached files (scans, the final PDF, photos).
    with_files = max(demo.partnership_ids, key=lambda pid: len(svc.attachments.list(pid)))
    yield svc, with_files
    svc.db.close()


@pytest.fixture(scope="module")
def package(source, tmp_path_factory: pytest.TempPathFactory) -> Path:
    svc, partnership_id = source
    return export_partnership(svc, partnership_id,
                              tmp_path_factory.mktemp("out") / "paket.zip").path


def row_counts(svc: Services) -> dict[str, int]:
    with svc.db.session() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def stored_files(svc: Services) -> list[Path]:
    root = svc.db.attachments.root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_export_reports_its_progress_up_to_the_end(source, tmp_path: Path) -> None:
    svc, partnership_id = source
    reports: list[tuple[int, int]] = []
    summary = export_partnership(svc, partnership_id, tmp_path / "paket.zip",
                                 lambda done, total: reports.append((done, total)))
    assert summary.attachments >= 2
    assert {total for _done, total in reports} == {1000}
    done = [d for d, _total in reports]
    assert done == sorted(done) and done[-1] == 1000


def test_a_cancelled_export_leaves_no_file(source, tmp_path: Path) -> None:
    svc, partnership_id = source
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2  # after the first attachment has started

    with pytest.raises(ExchangeCancelled, match="no package was written"):
        export_partnership(svc, partnership_id, tmp_path / "paket.zip", None, cancelled)
    assert list(tmp_path.iterdir()) == []


def test_import_reports_its_progress_up_to_the_end(package: Path, svc: Services) -> None:
    reports: list[tuple[int, int]] = []
    import_package(svc, package, lambda done, total: reports.append((done, total)))
    done = [d for d, _total in reports]
    assert done == sorted(done) and done[-1] == 1000
    assert {total for _done, total in reports} == {1000}


@pytest.mark.parametrize("phase", ["checking", "records", "files"])
def test_a_cancelled_import_changes_nothing(package: Path, svc: Services, phase: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelled while reading the package, while writing the records (the transaction is
    rolled back), or while copying the files (the files already copied are removed)."""
    counts, files = row_counts(svc), stored_files(svc)
    stop = {"now": phase == "checking"}
    if phase == "records":
        create = exchange.creating.Importer.create

        def create_then_cancel(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            stop["now"] = True
            return create(self, *args, **kwargs)

        monkeypatch.setattr(exchange.creating.Importer, "create", create_then_cancel)
    if phase == "files":
        add_stream = svc.db.attachments.add_stream
        copied = []

        def copy_then_cancel(stream):  # noqa: ANN001, ANN202
            result = add_stream(stream)
            copied.append(result)
            stop["now"] = True  # the next file's first chunk stops the import
            return result

        monkeypatch.setattr(svc.db.attachments, "add_stream", copy_then_cancel)

    with pytest.raises(ExchangeCancelled, match="nothing was imported"):
        import_package(svc, package, None, lambda: stop["now"])

    assert row_counts(svc) == counts
    assert stored_files(svc) == files
    if phase == "files":
        assert len(copied) == 1  # one file had reached the store, and is gone again
    # Nothing is left half-done: the same package imports whole afterwards.
    assert import_package(svc, package).attachments >= 2
