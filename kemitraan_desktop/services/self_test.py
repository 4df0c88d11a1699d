"""``kemitraan-desktop --self-test``: does this installation work, end to end, without a screen?

In a temporary data folder it creates the database, loads the demo data, finalizes an agreement
and prints the PKS, checks that the stored final PDF verifies, and prints the archive of a
partnership with photos. Each step is reported as it is done; the user's own data is never
touched. Meant for a freshly installed bundle (and CI), where a missing font, catalog, migration
or library shows up here instead of in front of a doctor.
"""

from __future__ import annotations

import re
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from kemitraan_desktop.domain.dates import add_months
from kemitraan_desktop.i18n import _

from .app import Services

Say = Callable[[str], None]
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


class SelfTestFailure(Exception):
    """A check that did not hold; the message says which, in the user's language."""


def run_self_test(say: Say) -> bool:
    """Run every step, telling *say* about each. True when all passed."""
    from kemitraan_desktop import __version__

    say(_("Kemitraan Desktop {version}: self-test").format(version=__version__))
    started = time.perf_counter()
    svc: Services | None = None
    with tempfile.TemporaryDirectory(prefix="kemitraan-self-test-",
                                     ignore_cleanup_errors=True) as folder:
        try:
            svc = _steps(Path(folder), say)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none escapes
            reason = str(error) if isinstance(error, SelfTestFailure) else (
                "".join(traceback.format_exception_only(error)).strip())
            say(_("Self-test FAILED: {reason}").format(reason=reason))
            if not isinstance(error, SelfTestFailure):
                say("".join(traceback.format_exception(error)))
            return False
        finally:
            if svc is not None:
                svc.db.close()
    say(_("Self-test passed in {seconds:.1f} s.").format(seconds=time.perf_counter() - started))
    return True


def _steps(folder: Path, say: Say) -> Services:
    from kemitraan_desktop.storage.database import SCHEMA_HEAD

    from . import agreements, documents
    from .demo import create_demo
    from .opening import open_services

    say(_("1. Temporary data folder: {folder}").format(folder=folder))
    svc = open_services(folder / "data")
    version = svc.db.schema_version()
    if version != SCHEMA_HEAD:
        raise SelfTestFailure(_("the new database has schema version {found}, not {expected}")
                              .format(found=version, expected=SCHEMA_HEAD))
    say(_("2. Database created; schema version {version}.").format(version=version))

    summary = create_demo(svc)
    say(_("3. Demo data created: {count} partnerships.").format(
        count=len(summary.partnership_ids)))

    from kemitraan_desktop.reports import accelerated

    if not accelerated():
        raise SelfTestFailure(_("ReportLab's C accelerator (rl_accel) is missing from this "
                                "installation: documents would print slowly"))
    # The demo's BPJS draft still waits for step 4 and the branch's signatory, as a practice's
    # would: the self-test finalizes an addendum of a signed agreement instead, one that
    # extends its term by a year (an addendum that changes nothing is not finalized).
    signed = next((a for pid in summary.partnership_ids for a in svc.agreements.list(pid)
                   if a.status == "signed"), None)
    if signed is None:
        raise SelfTestFailure(_("the demo data has no signed agreement to amend"))
    draft = agreements.start_addendum(
        svc, signed.id, end=add_months(signed.end_date, 12) if signed.end_date else None)
    final = agreements.finalize_agreement(svc, draft.id)
    pdf = agreements.agreement_pdf(svc, draft.id)
    pages = check_pdf(pdf)
    say(_("4. Agreement finalized and printed: {pages} pages, {size} KB.").format(
        pages=pages, size=len(pdf) // 1024))

    verification = agreements.verify_document(svc, pdf)
    if not verification.genuine or verification.sha256 != final.final_pdf_sha256:
        raise SelfTestFailure(_("the stored final PDF does not verify as genuine"))
    say(_("5. The stored final PDF verifies as genuine (SHA-256 {sha}…).").format(
        sha=verification.sha256[:16]))

    with_photos = _partnership_with_photos(svc, summary.partnership_ids)
    out = folder / "arsip.pdf"
    documents.render_report(svc, "archive", with_photos, out)
    archive = out.read_bytes()
    pages = check_pdf(archive)
    say(_("6. Archive printed: {pages} pages, {size} KB.").format(
        pages=pages, size=len(archive) // 1024))
    return svc


def _partnership_with_photos(svc: Services, partnership_ids: tuple[int, ...]) -> int:
    for pid in partnership_ids:
        if any(a.media_type.startswith("image/") for a in svc.attachments.list(pid)):
            return pid
    return partnership_ids[-1]


def check_pdf(data: bytes) -> int:
    """The number of pages of *data*, after checking it is a whole PDF that PDFium can open."""
    if not data.startswith(b"%PDF-"):
        raise SelfTestFailure(_("the file is not a PDF (it does not start with {marker})")
                              .format(marker="%PDF-"))
    if b"%%EOF" not in data[-64:]:
        raise SelfTestFailure(_("the PDF is cut short (it does not end with {marker})")
                              .format(marker="%%EOF"))
    counted = len(_PAGE.findall(data))
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
    finally:
        document.close()
    if pages < 1 or pages != counted:
        raise SelfTestFailure(_("the PDF has {pages} pages by PDFium and {counted} by its page "
                                "objects").format(pages=pages, counted=counted))
    return pages
