"""Every kind of event the law asks to be traceable lands in the audit log, sealed in its chain:
create, change, delete, finalize, sign, export, import, backup and restore."""

from __future__ import annotations

from pathlib import Path

from kemitraan_desktop.services import audit, backup
from kemitraan_desktop.services.agreements import save_agreement_pdf
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.documents import render_report
from kemitraan_desktop.services.exchange import export_partnership, import_package
from kemitraan_desktop.services.opening import open_services


def _actions(svc) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in audit.list_entries(svc, 0, audit.count_entries(svc)):
        found.setdefault(row.action, set()).add(row.entity)
    return found


def test_every_kind_of_event_is_logged(svc, data_dir, tmp_path: Path):
    create_demo(svc)  # creates, finalizes and signs agreements
    partnership = svc.partnerships.list()[0]
    svc.partnerships.update(partnership.id, idea="Obat dekat pasien")
    partner = svc.partners.create(name="Apotek Sementara", partner_type="apotek")
    svc.partners.delete(partner.id)
    package = export_partnership(svc, partnership.id, tmp_path / "paket.zip").path
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    render_report(svc, "readiness", bpjs.id, tmp_path / "kesiapan.pdf")
    agreement = svc.agreements.list(partnership.id)[-1]
    save_agreement_pdf(svc, agreement.id, tmp_path / "perjanjian.pdf")
    backup.automatic_backup(svc)
    saved = backup.backup_to_file(svc, tmp_path / "cadangan.zip")
    svc.db.close()
    backup.restore(data_dir, saved)

    restored = open_services(data_dir)
    try:
        found = _actions(restored)
        assert {"create", "update", "delete", "finalize", "sign", "export", "backup",
                "restore"} <= set(found)
        assert {"partnership", "report_readiness", "agreement"} <= found["export"]
        assert "agreement" in found["finalize"] and "agreement" in found["sign"]
        assert audit.check_chain(restored).intact
    finally:
        restored.db.close()

    elsewhere = open_services(tmp_path / "mitra")
    try:
        import_package(elsewhere, package)
        assert "import" in _actions(elsewhere)
        assert audit.check_chain(elsewhere).intact
    finally:
        elsewhere.db.close()


def test_two_writers_at_once_keep_one_unbroken_chain(data_dir):
    """A report in the background and the window saving, or a command beside the window: the
    entries interleave, but each is sealed on the one truly before it."""
    import threading

    first, second = open_services(data_dir), open_services(data_dir)
    try:
        def work(svc, name):
            for number in range(100):
                audit.record_export(svc, "database", None, f"{name}-{number}")

        threads = [threading.Thread(target=work, args=(svc, name))
                   for svc, name in ((first, "a"), (second, "b"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        check = audit.check_chain(first)
        assert check.entries == 200 and check.intact
    finally:
        first.db.close()
        second.db.close()
