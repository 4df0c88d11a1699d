"""Indonesian first: in the Indonesian program, no English is left where a doctor can read it.

The walk opens the main window on the demo data and reads every text a person can see: the menus,
the dashboard, each of the eight step pages of each demo partnership (every tab of every tab
widget), and the dialogs. Any word from a stop list of common interface English fails the test,
and the failure names every offending widget and its text.

The stop list holds only English words that never occur in Indonesian. Words that are also good
Indonesian are left out on purpose: ``status``, ``total``, ``data``, ``program``, ``target``,
``final``, ``format``, ``unit``, ``item``, ``volume``, ``monitoring``, ``demo``, ``menu``, ``per``,
``via``, ``edit`` (the menu the issue names "Edit"), ``folder`` (all in KBBI and used as such).
Paths, e-mail addresses, SHA-256 fingerprints and the ``{placeholders}`` of a number pattern are
codes, not words.
``No.`` followed by a full stop is the Indonesian abbreviation of *nomor*, not the English "no".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from kemitraan_desktop.services import partnerships, password
from kemitraan_desktop.ui.qt_translation import install_qt_translation

STOP_WORDS = frozenset("""
    the and of to in on at for from with without by into onto over under about between within
    is are was were be been being this that these those it its or not nor yes no none nothing
    all any each every some more most less least than then there here what which who whom whose
    when where why how your you yours our ours we they their them his her my me can cannot will
    would should must might has have had do does did done if else after before last next
    previous back only also out up down other same still yet already just please now new old so
    too very much many one two three four five six seven eight nine ten save saved saving
    delete deleted remove removed add added edited change changed update updated create created
    open opened close closed cancel print printed preview show hide view load loaded search
    find filter sort sorted apply reset clear undo redo cut paste quit exit help settings
    setting options language version file files path browse export import backup restore send
    receive write written read enter choose chosen select selected pick mark check checked
    confirm continue finish start started stop begin end ends ending ended expire expires
    expired expiring renew renewal sign signed signing signature signatures finalize finalized
    lock locked unlock verify verified verification record recorded report reports archive
    evaluation assessment readiness credentialing recredentialing step steps partner partners
    partnership partnerships practice practices agreement agreements draft drafts amend amended
    amendment date dates name names title number numbers code kind goal goals role roles budget
    activity activities missing complete completed incomplete progress empty unknown optional
    required needed needs later decide decided today month months year years day days week
    weeks quarter quarterly monthly yearly period periods value values baseline indicator
    indicators direction higher lower better worse frequency key keys team assessor assessed
    party parties first second witness witnesses place page pages paper size copies copy stamp
    seal initials doctor clinic pharmacy laboratory midwife hospital health community center
    centre patient patients visit claim capitation referral quality service services staff
    human resources facility facilities scope equipment administrative technical self score
    scores weight weights criteria criterion rank ranking candidate candidates shared equity
    openness mutual benefit principle principles responsibility responsible line lines price
    amount source funding funds both planned actual spent cost costs schedule timeline location
    purpose subject regarding concerning recital recitals whereas understanding letter
    statement declaration attachment attachments photo photos caption original scan registry
    licence licences license licenses invalid error warning notice reminder attention welcome
    click double row rows column columns table list chart legend profile address phone contact
    person position city regency province district village street postal idea vision mission
    result results problem problems follow general articles article clause clauses duty duties
    obligation obligations rights payment dispute force majeure term terms signatory dashboard
    home package exchange online offline guide user test type types general agreed plan plans
    work meeting meetings notes note minutes attendance participants participant done summary
    comparison scoring answer answers question questions statement statements action actions
    owner due overdue achieved reached trend chosen average january february march may june
    july august october december aug oct dec monday tuesday wednesday thursday friday saturday
    sunday mon tue wed thu fri sat sun addendum
""".split())  # noqa: SIM905

# Names and codes kept as they are, and English the design keeps on purpose: the five keys are
# shown as "Kerja sama (Cooperation)", and the language chooser offers "English" in English.
ALLOWED_PHRASES = (
    "Creation of a dynamic team", "Cooperation", "Coordination", "Collaboration", "Commitment",
    "SHA-256", "HbA1c", "Partnership Assessment Tool",
    "self assessment",  # BPJS Kesehatan's own term in its PKS and credentialing forms
    "password remove --forgotten",  # a command, typed exactly as shown
)
ALLOWED_WORDS = frozenset(
    "bpjs pks mou nik npwp sip str rab pdf a4 f4 faskes prolanis jkn".split(),  # noqa: SIM905
)
ALLOWED_TEXTS = frozenset({"English"})
_ADDRESS = re.compile(
    r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:png|jpe?g|pdf|zip|kemitraan)\b"
    r"|(?<!\w)(?:[A-Za-z]:)?[\\/][^\s,;]+|\{[^{}\s]*\}"
    r"|\b[0-9a-f]{64}\b"  # a SHA-256 fingerprint: its letters may spell "be" or "add"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_words(text: str) -> list[str]:
    """The stop-listed English words in *text*, lower case, in order."""
    if text.strip() in ALLOWED_TEXTS:
        return []
    text = _ADDRESS.sub(" ", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
    for phrase in ALLOWED_PHRASES:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    found = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in ALLOWED_WORDS or word not in STOP_WORDS:
            continue
        if word == "no" and text[match.end():match.end() + 1] == ".":
            continue  # "No." is the Indonesian abbreviation of "nomor"
        found.append(word)
    return found


# -- reading what a person sees -------------------------------------------------------------------


def path_of(widget: QWidget, stop: QWidget | None = None) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not stop:
        name = current.objectName()
        part = type(current).__name__ + (f"#{name}" if name and not name.startswith("qt_") else "")
        parts.append(part)
        current = current.parentWidget()
    return "/".join(reversed(parts[:5]))


def model_texts(view: QAbstractItemView, max_rows: int = 60) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    root = view.rootIndex()
    # A list model hides columnCount() (it is private in QAbstractListModel): one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for column in range(columns):
        if getattr(view, "isColumnHidden", lambda _c: False)(column):
            continue
        header = model.headerData(column, Qt.Orientation.Horizontal,
                                  Qt.ItemDataRole.DisplayRole)
        if header is not None:
            yield f"header {column}", str(header)
    for row in range(min(model.rowCount(root), max_rows)):
        for column in range(columns):
            index = model.index(row, column, root)
            for role, where in ((Qt.ItemDataRole.DisplayRole, "cell"),
                                (Qt.ItemDataRole.ToolTipRole, "cell tooltip")):
                value = index.data(role)
                if isinstance(value, str):
                    yield f"{where} {row},{column}", value


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    yield "tooltip", widget.toolTip()
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield "text", widget.text() if widget.textFormat() == Qt.TextFormat.PlainText \
            else _plain_html(widget.text())
    if isinstance(widget, QAbstractButton):
        yield "text", widget.text()
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield f"tab {index}", widget.tabText(index)
            yield f"tab {index} tooltip", widget.tabToolTip(index)
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QTextEdit):
        yield "placeholder", widget.placeholderText()
        if widget.isReadOnly():
            yield "text", widget.toPlainText()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield f"item {index}", widget.itemText(index)
    if isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            yield "prefix", widget.prefix()
            yield "suffix", widget.suffix()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget.parentWidget(), QComboBox) \
            and "QComboBox" not in type(widget.parentWidget()).__name__:
        yield from model_texts(widget)
    for action in QWidget.actions(widget):  # a page may name an attribute "actions"
        if not isinstance(widget, QMenu):
            yield "action", action.text()
            yield "action tooltip", action.toolTip()


def _plain_html(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ").replace("&amp;", "&")


class Walk:
    """Collects (where, text) pairs; each pair is kept once."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], None] = {}
        self.texts = 0

    def add(self, where: str, text: str) -> None:
        if not text:
            return
        self.texts += 1
        if english_words(text):
            self.found[(where, text)] = None

    def visible(self, root: QWidget, context: str) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            where = f"{context} :: {path_of(widget, root.parentWidget())}"
            for what, text in widget_texts(widget):
                self.add(f"{where} [{what}]", text)

    def everything(self, root: QWidget, context: str) -> None:
        """Read *root*, then each tab of every tab widget inside it (nested ones too)."""
        QApplication.processEvents()
        self.visible(root, context)
        done: set[int] = set()
        self._tabs(root, context, done)

    def _tabs(self, root: QWidget, context: str, done: set[int]) -> None:
        for tabs in root.findChildren(QTabWidget):
            if id(tabs) in done or not tabs.isVisible():
                continue
            done.add(id(tabs))
            original = tabs.currentIndex()
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                QApplication.processEvents()
                here = f"{context} > tab “{tabs.tabText(index)}”"
                self.visible(tabs.widget(index), here)
                self._tabs(tabs.widget(index), here, done)
            tabs.setCurrentIndex(original)

    def menus(self, actions: Iterable, context: str) -> None:
        for action in actions:
            if action.isSeparator():
                continue
            self.add(f"{context} [menu]", action.text())
            self.add(f"{context} [menu tooltip]", action.toolTip())
            self.add(f"{context} [status tip]", action.statusTip())
            menu = action.menu()
            if menu is not None:
                self.add(f"{context} [menu title]", menu.title())
                self.menus(menu.actions(), f"{context} > {action.text()}")

    def report(self) -> str:
        lines = [f"{where}: {text!r} (English: {', '.join(english_words(text))})"
                 for where, text in self.found]
        return f"{len(lines)} text(s) with English left:\n" + "\n".join(lines)


# -- the walk -------------------------------------------------------------------------------------


@pytest.fixture
def indonesian_qt(qapp):
    previous = QLocale()
    install_qt_translation(qapp, "id")
    yield
    install_qt_translation(qapp, "en")
    QLocale.setDefault(previous)


@pytest.fixture(autouse=True)
def _closing_never_waits_for_an_answer(monkeypatch):
    from kemitraan_desktop.ui.dialogs import partner_registry, practice_profile

    for module in (practice_profile, partner_registry):
        monkeypatch.setattr(module, "ask_close_with_errors", lambda parent: True)
        monkeypatch.setattr(module, "ask_close_unsaved", lambda parent, why: True)


def _searched(dialog, text: str):  # noqa: ANN001, ANN202
    """The personal data dialog showing what a search for *text* found (or why it could not)."""
    dialog.query.setText(text)
    dialog.search()
    return dialog


def _exchange_messages(svc, partnership_id, folder, window, export_done_box,  # noqa: ANN001, ANN202
                       import_done_box, refused_box, already_here_box):
    """The messages of Berkas → Ekspor / Impor paket pertukaran…: written, imported, refused,
    already here."""
    from kemitraan_desktop.domain.errors import UserError
    from kemitraan_desktop.services.exchange import (
        AlreadyImported,
        ImportSummary,
        export_partnership,
        import_package,
    )

    written = export_partnership(svc, partnership_id, folder / "paket.zip")
    imported = ImportSummary(partnership_id, "Kerja sama apotek", written.records,
                             written.attachments)
    not_a_package = folder / "surat.zip"
    not_a_package.write_text("bukan paket", encoding="utf-8")
    refusals = []
    for path in (not_a_package, written.path):
        try:
            import_package(svc, path)
        except UserError as error:
            refusals.append(error)
    refused, already = refusals
    assert isinstance(already, AlreadyImported)
    boxes = [
        ("exchange package written", export_done_box(window, written)),
        ("exchange package imported", import_done_box(window, imported, written.path)),
        ("exchange package refused", refused_box(window, refused)),
        ("exchange package already here", already_here_box(window, already)),
    ]
    for _name, box in boxes:  # the walk closes them, and qtbot once more at the end
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return boxes


def test_the_stop_list_finds_english_and_spares_names_codes_and_indonesian():
    assert english_words("Save the agreement") == ["save", "the", "agreement"]
    assert english_words("&Print…") == ["print"]
    assert english_words("Kerja sama (Cooperation)") == []
    assert english_words("Tim yang dinamis (Creation of a dynamic team)") == []
    assert english_words("Cetak PKS (A4, 2 rangkap), SHA-256, NIK, BPJS, HbA1c") == []
    assert english_words("Jl. Kaliurang Km 9,5 No. 17; praktik.siti@example.id") == []
    assert english_words("Status: Ditandatangani. Total: Rp1.000") == []
    assert english_words("Yes / No") == ["yes", "no"]
    assert english_words("English") == []
    assert english_words("Folder data: /home/dokter/Kemitraan/data, C:\\Users\\dokter") == []
    assert english_words("Isian: {seq:03d}/{kind}/{year}") == []
    assert english_words("SHA-256: 53248d51a9034c7f415b07ab2c45b34e"
                         "83e0d0527dd8e2397af4dd77e7be0add") == []
    assert english_words("Pilih folder / file") == ["file"]


def test_nothing_a_doctor_reads_in_the_indonesian_program_is_english(
        qtbot, svc, tmp_path: Path, indonesian_qt, window):
    from kemitraan_desktop.ui.dialogs.audit_log import AuditLogDialog
    from kemitraan_desktop.ui.dialogs.backups import AutomaticBackupsDialog
    from kemitraan_desktop.ui.dialogs.help import HelpDialog
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor, PartnerRegistryDialog
    from kemitraan_desktop.ui.dialogs.password import (
        PasswordDialog,
        RemovePasswordDialog,
        SetPasswordDialog,
    )
    from kemitraan_desktop.ui.dialogs.personal_data import PersonalDataDialog
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog
    from kemitraan_desktop.ui.dialogs.settings import SettingsDialog
    from kemitraan_desktop.ui.dialogs.signing import SignDialog
    from kemitraan_desktop.ui.exchange_actions import (
        already_here_box,
        export_done_box,
        import_done_box,
        refused_box,
    )

    demo, settings = window.demo, window.settings
    walk = Walk()

    walk.menus(window.menuBar().actions(), "menu bar")
    window.list.show_dashboard()
    walk.everything(window, "main window, dashboard")
    walk.add("main window [status bar]", window.statusBar().currentMessage())

    for partnership_id in demo.partnership_ids:
        title = svc.partnerships.get(partnership_id).title
        window.list.select(partnership_id)
        assert window.wizard is not None
        for number in range(1, 9):
            window.wizard.go_to(number, remember=False)
            walk.everything(window.wizard, f"“{title}”, step {number}")
    walk.everything(window, "main window, a partnership open")

    apotek = next(p for p in svc.partners.list() if p.partner_type == "apotek")
    dialogs = [
        ("practice profile", PracticeProfileDialog(svc, window)),
        ("partner registry", PartnerRegistryDialog(svc, window)),
        ("partner editor (a partner with a licence)", PartnerEditor(svc, apotek.id, window)),
        ("partner editor (new)", PartnerEditor(svc, None, window)),
        ("new partnership", NewPartnershipDialog(svc, window)),
        ("settings", SettingsDialog(svc, settings, window)),
        ("record the signing", SignDialog(svc, svc.agreements.list()[-1], window)),
        ("audit trail", AuditLogDialog(svc, window)),
        ("automatic backups", AutomaticBackupsDialog(svc, window)),
        ("personal data, a search", _searched(PersonalDataDialog(svc, window), "Siti Rahmawati")),
        ("personal data, a refused search", _searched(PersonalDataDialog(svc, window), "ab")),
        *[(f"help, step {step}", HelpDialog(step, window)) for step in range(9)],
        ("program password at start (three wrong tries)",
         PasswordDialog(lambda typed: False, svc.db.data_dir)),
        ("set the program password (a mistake)", SetPasswordDialog(svc, window)),
        ("settings, a program password set", lambda: SettingsDialog(svc, settings, window)),
        ("change the program password", lambda: SetPasswordDialog(svc, window)),
        ("remove the program password (a mistake)", lambda: RemovePasswordDialog(svc, window)),
        *_exchange_messages(svc, demo.partnership_ids[0], tmp_path, window, export_done_box,
                            import_done_box, refused_box, already_here_box),
    ]
    for name, dialog in dialogs:
        if callable(dialog) and not isinstance(dialog, QWidget):  # made once a password is set
            if not password.password_is_set(svc):
                password.set_password(svc, "rahasia1", "rahasia1")
            dialog = dialog()
        qtbot.addWidget(dialog)
        dialog.show()
        if isinstance(dialog, NewPartnershipDialog):  # the BPJS note shows for a BPJS partner
            dialog.partner_type.setCurrentIndex(dialog.partner_type.findData("bpjs"))
        if isinstance(dialog, PasswordDialog):  # the message, and the wait after three
            for _ in range(3):
                dialog.password.setText("salah123")
                dialog.accept()
        if isinstance(dialog, SetPasswordDialog | RemovePasswordDialog) and "mistake" in name:
            for field in (dialog.current, getattr(dialog, "new", None)):
                if field is not None:
                    field.setText("salah")
            dialog.accept()
        walk.everything(dialog, name)
        dialog.close()
    window.close()

    assert walk.texts > 500, "the walk read too little: did the pages load?"
    assert not walk.found, walk.report()
    assert partnerships.list_partnerships(svc)  # the demo data was there all along
