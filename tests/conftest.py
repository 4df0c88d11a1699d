"""Shared fixtures: every test gets its own data folder and database; Qt runs offscreen, on the
screens clinics' laptops have: 1366 × 768 (the first) and 1280 × 720 beside it
(fixtures/screens.json)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

SCREENS = Path(__file__).parent / "fixtures" / "screens.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREENS}")

import pytest  # noqa: E402

from kemitraan_desktop import i18n  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No test may touch the user's real data, cache or settings."""
    monkeypatch.setenv("KEMITRAAN_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("KEMITRAAN_PASSWORD", raising=False)  # a program password set outside
    monkeypatch.delenv("KEMITRAAN_NEW_PASSWORD", raising=False)
    monkeypatch.delenv("KEMITRAAN_USER", raising=False)  # a user signing in to a server
    # No server database from outside; and what `--database-url` sets in a test is undone after.
    monkeypatch.setenv("KEMITRAAN_DATABASE_URL", "")
    i18n.set_language("id")
    yield
    i18n.set_language("id")


@pytest.fixture
def english():
    """For tests that read a rule's English source wording rather than its translation."""
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path):
    from kemitraan_desktop.storage.database import Database

    database = Database.open(data_dir)
    yield database
    database.close()


@pytest.fixture
def svc(db):
    from kemitraan_desktop.services.app import Services

    return Services(db, actor="dr. Penguji")


@pytest.fixture
def window(qtbot, svc, tmp_path: Path):
    """The main window at 1280 × 800 over the demo data (``window.demo`` says what was made),
    with throw-away settings (``window.settings``)."""
    from PySide6.QtCore import QSettings

    from kemitraan_desktop.services.demo import create_demo
    from kemitraan_desktop.ui.main_window import MainWindow

    demo = create_demo(svc)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(svc, settings)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.demo = demo
    return main


def write_partner_pks(path: Path, pages: int = 2) -> Path:
    """A PKS as a BPJS branch hands it over: their own text, their PDF (not printed by us)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("PKS FKTP 2027")
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawCentredString(297, 780, "PERJANJIAN KERJA SAMA")
        canvas.drawCentredString(297, 764, "ANTARA BPJS KESEHATAN KANTOR CABANG SLEMAN")
        canvas.drawCentredString(297, 748, "DENGAN PRAKTIK DOKTER SITI RAHMAWATI")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, 720, "Nomor: 1234/KC-XI/PKS/1226")
        canvas.drawString(72, 700, f"Halaman {page} dari {pages}")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def partner_pks(tmp_path: Path) -> Path:
    """The BPJS branch's own PKS for 2027, as a PDF file the doctor received."""
    return write_partner_pks(tmp_path / "pks-bpjs-2027.pdf")


def start_bpjs_partnership(svc):  # noqa: ANN001, ANN201
    """The practice of dr. Siti Rahmawati in Kabupaten Sleman and its partnership "Menjadi FKTP
    BPJS" with the BPJS branch of Sleman, whose head Rina Marlina signs: where the tests of the
    partner's own PKS, the step-5 page and printing start."""
    from kemitraan_desktop.services import partnerships

    svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti",
                         kota="Kabupaten Sleman", nik="3404076208850003")
    branch = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman",
                                 partner_type="bpjs")
    svc.partner_people.create(partner_id=branch.id, name="Rina Marlina",
                              job_title="Kepala Kantor Cabang", signs=True)
    return partnerships.start_partnership(svc, "Menjadi FKTP BPJS", "bpjs", branch.id)


def steps_three_and_four(svc, partnership_id: int) -> None:  # noqa: ANN001
    """What a jejaring PKS cites from steps 3 and 4, as little as finalize asks for: a goal,
    a role of each party and one budget line (Rp150.000,00 borne by the partner)."""
    from decimal import Decimal

    svc.goals.create(partnership_id=partnership_id, description="Resep peserta JKN terlayani")
    svc.roles.create(partnership_id=partnership_id, party="practice",
                     description="Menulis resep sesuai Formularium Nasional")
    svc.roles.create(partnership_id=partnership_id, party="partner",
                     description="Melayani resep peserta JKN")
    svc.budget_lines.create(partnership_id=partnership_id, description="Leaflet",
                            quantity=Decimal(100), unit="lembar", unit_cost_sen=1_500_00,
                            funded_by="partner")


def ready_to_finalize(svc, agreement_id: int) -> None:  # noqa: ANN001
    """What a BPJS draft of the demo still waits for, given as the doctor would: the branch's
    signatory with the Keputusan Direksi and NPP, and step 4's credentialing complete."""
    from datetime import date

    from kemitraan_desktop.services import partnerships

    agreement = svc.agreements.get(agreement_id)
    for party in svc.agreement_parties.list(agreement_id):
        if party.party == "partner":
            svc.agreement_parties.update(
                party.id, signatory_name=party.signatory_name or "dr. Budi Santoso",
                signatory_position=party.signatory_position or "Kepala Kantor Cabang",
                authority_kind="keputusan_direksi", authority_number="0321/2025",
                authority_date=date(2025, 1, 2), id_kind="npp",
                signatory_id_number=party.signatory_id_number or "01234567")
    for line in partnerships.readiness(svc, agreement.partnership_id).lines:
        if line.category == "technical" and line.score is None:
            svc.readiness_items.update(line.id, score=80)
        elif line.category == "administrative" and not line.derived and not line.met:
            svc.readiness_items.update(line.id, met=True)


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throw-away PostgreSQL cluster for the whole run (tests/postgres_cluster.py). Without
    PostgreSQL the tests that need it are skipped, saying so; with KEMITRAAN_REQUIRE_POSTGRES=1
    (.ci/run) they fail."""
    from postgres_cluster import REQUIRE_ENV, find_binaries, start_cluster

    if find_binaries() is None:
        message = ("PostgreSQL binaries (initdb, pg_ctl) not found: install postgresql to run "
                   "the server-database tests")
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message + f" ({REQUIRE_ENV}=1)")
        pytest.skip(message)
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest):
    """The test runs twice: on the data folder's own SQLite file (None) and on a fresh database
    of a PostgreSQL server (its URL, as a person would type it)."""
    if request.param == "sqlite":
        yield None
        return
    cluster = request.getfixturevalue("postgres_cluster")
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield cluster.create_database(name)
    cluster.drop_database(name)


@pytest.fixture
def program_style():
    """The program's own style sheet on the application, as ui/app.py applies it (drop-down
    rows, the message bar's close button, spin box arrows, locked fields come from it)."""
    from PySide6.QtWidgets import QApplication

    from kemitraan_desktop import paths

    app = QApplication.instance()
    app.setStyleSheet(paths.resource_path("style.qss").read_text(encoding="utf-8"))
    yield
    app.setStyleSheet("")
