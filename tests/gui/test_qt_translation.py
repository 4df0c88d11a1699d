"""Qt's own texts in Indonesian: context menus, standard buttons, Qt-drawn file and print dialogs.

The translator is installed for one test at a time and removed afterwards, with Qt's default locale
put back, so no other test sees it.
"""

from __future__ import annotations

import re
import sys

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QCalendarWidget,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from kemitraan_desktop import i18n
from kemitraan_desktop.ui.qt_translation import (
    QT_DOMAIN,
    CatalogTranslator,
    install_qt_translation,
)

Button = QDialogButtonBox.StandardButton


@pytest.fixture
def qt_language(qapp):
    """Install Qt's translation for a language; afterwards remove it and restore the locale."""
    previous_locale = QLocale()

    def install(language: str) -> None:
        install_qt_translation(qapp, language)

    yield install
    install_qt_translation(qapp, "en")
    QLocale.setDefault(previous_locale)


@pytest.fixture
def indonesian(qt_language):
    qt_language("id")


def plain(text: str) -> str:
    """A text as read: without its shortcut (after a tab) and without & mnemonics."""
    return text.split("\t")[0].replace("&", "")


def menu_texts(widget) -> list[str]:
    menu = widget.createStandardContextMenu()
    try:
        return [plain(action.text()) for action in menu.actions() if not action.isSeparator()]
    finally:
        menu.deleteLater()


def shown_texts(root: QWidget) -> list[str]:
    """Every text a person can read in *root*: titles, labels, buttons, lists, tabs, headers."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        found.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QGroupBox):
            found.append(widget.title())
        if isinstance(widget, QComboBox):
            found.extend(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QTabWidget):
            found.extend(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            found.extend(
                str(widget.model().headerData(i, widget.orientation()))
                for i in range(widget.count())
            )
        found.extend(action.text() for action in widget.actions())
    return [plain(text) for text in found if text]


def english_left(texts: list[str], words: list[str]) -> list[str]:
    return [text for text in texts for word in words if re.search(rf"\b{word}\b", text)]


# -- context menus ------------------------------------------------------------------------------


def test_a_line_edits_context_menu_is_indonesian(qtbot, indonesian):
    editor = QLineEdit("teks")
    qtbot.addWidget(editor)
    texts = menu_texts(editor)
    assert texts == ["Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus", "Pilih Semua"]
    assert not english_left(texts, ["Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select"])


def test_a_text_boxs_context_menu_is_indonesian(qtbot, indonesian):
    editor = QPlainTextEdit("teks")
    qtbot.addWidget(editor)
    texts = menu_texts(editor)
    assert {"Salin", "Tempel", "Potong", "Pilih Semua"} <= set(texts)
    assert not english_left(texts, ["Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select"])


def test_a_spin_boxs_context_menu_is_indonesian(qtbot, indonesian):
    spin = QSpinBox()
    qtbot.addWidget(spin)
    # A spin box builds its menu from its line edit's and adds its own entries.
    texts = menu_texts(spin.findChild(QLineEdit))
    assert "Salin" in texts
    assert QCoreApplication.translate("QAbstractSpinBox", "&Step up") == "&Naikkan"


# -- standard buttons and message boxes ---------------------------------------------------------


def test_standard_dialog_buttons_are_indonesian(qtbot, indonesian):
    box = QDialogButtonBox(Button.Ok | Button.Cancel)
    qtbot.addWidget(box)
    assert box.button(Button.Ok).text() == "OK"
    assert box.button(Button.Cancel).text() == "Batal"
    more = QDialogButtonBox(
        Button.Save | Button.Close | Button.Apply | Button.Open | Button.Help | Button.Discard
    )
    qtbot.addWidget(more)
    assert {plain(b.text()) for b in more.buttons()} == {
        "Simpan", "Tutup", "Terapkan", "Buka", "Bantuan", "Buang",
    }


def test_message_box_buttons_and_details_are_indonesian(qtbot, indonesian):
    box = QMessageBox(
        QMessageBox.Icon.Question, "Pertanyaan", "Lanjutkan?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setDetailedText("rincian")
    qtbot.addWidget(box)
    assert plain(box.button(QMessageBox.StandardButton.Yes).text()) == "Ya"
    assert plain(box.button(QMessageBox.StandardButton.No).text()) == "Tidak"
    texts = [plain(button.text()) for button in box.buttons()]
    assert "Tampilkan Detail..." in texts
    assert not english_left(texts, ["Yes", "No", "Show Details"])


# -- the Qt-drawn file dialog -------------------------------------------------------------------


@pytest.mark.parametrize(
    "mode", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave]
)
def test_the_qt_file_dialog_is_indonesian(qtbot, indonesian, tmp_path, mode):
    dialog = QFileDialog(None, "Pilih berkas", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(mode)
    qtbot.addWidget(dialog)
    texts = shown_texts(dialog)
    assert not english_left(texts, [
        "Look in", "File name", "Files of type", "Cancel", "Open", "Save", "All Files",
        "Back", "Forward", "Parent Directory", "Create New Folder", "List View", "Detail View",
        "Name", "Size", "Type", "Date Modified", "Show",
    ])
    assert {"Lihat di:", "Nama berkas:", "Jenis berkas:", "Batal"} <= set(texts)
    assert ("Buka" if mode == QFileDialog.AcceptMode.AcceptOpen else "Simpan") in texts
    assert {"Nama", "Ukuran", "Tipe", "Tanggal Diubah"} <= set(texts)


def test_the_file_dialogs_questions_are_indonesian(indonesian):
    asked = QCoreApplication.translate(
        "QFileDialog", "%1 already exists.\nDo you want to replace it?"
    )
    assert asked.replace("%1", "surat.pdf") == (
        "surat.pdf sudah ada.\nApakah Anda ingin menggantinya?"
    )


# -- the Qt-drawn print dialog ------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt draws its own print dialog "
                    "only on Linux; elsewhere the system's (already translated) one is used")
def test_the_qt_print_dialog_is_indonesian(qtbot, indonesian, tmp_path):
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "surat.pdf"))
    dialog = QPrintDialog(printer)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, True)
    qtbot.addWidget(dialog)
    texts = shown_texts(dialog)
    assert not english_left(texts, [
        "Print", "Properties", "Name", "Location", "Type", "Output file", "Preview",
        "Copies", "Collate", "Reverse", "Print range", "Print all", "Pages", "Current Page",
        "Selection", "Options", "Color", "Grayscale", "Double Sided", "Off", "Cancel",
        "Page Set", "All Pages", "Local file", "Write PDF",
    ])
    assert {"Cetak", "Salinan", "Susun", "Rentang cetak", "Halaman Saat Ini", "Batal"} <= set(texts)


def test_page_setup_texts_are_indonesian(indonesian):
    def tr(text: str) -> str:
        return QCoreApplication.translate("QPageSetupWidget", text)

    assert [tr("Paper"), tr("Page size:"), tr("Orientation"), tr("Portrait"), tr("Landscape"),
            tr("Margins")] == ["Kertas", "Ukuran kertas:", "Orientasi", "Potret", "Lanskap",
                               "Margin"]
    assert QCoreApplication.translate("QPrintPropertiesDialog", "Printer Properties") == (
        "Properti Printer"
    )


# -- locale, switching back, the translator and its catalog --------------------------------------


def test_indonesian_sets_qts_default_locale(qtbot, indonesian):
    assert QLocale().language() == QLocale.Language.Indonesian
    assert QLocale().territory() == QLocale.Country.Indonesia
    assert QLocale().monthName(3) == "Maret"
    calendar = QCalendarWidget()  # the date fields' calendar
    qtbot.addWidget(calendar)
    assert calendar.locale().language() == QLocale.Language.Indonesian


def test_switching_to_english_restores_qts_own_texts(qtbot, qt_language):
    qt_language("id")
    qt_language("en")
    editor = QLineEdit()
    qtbot.addWidget(editor)
    assert "Copy" in menu_texts(editor)
    box = QDialogButtonBox(Button.Ok | Button.Cancel)
    qtbot.addWidget(box)
    assert box.button(Button.Cancel).text() == "Cancel"
    assert QLocale().language() == QLocale.Language.English
    # Open windows follow a switch: Qt posts them a LanguageChange event.
    qt_language("id")
    QCoreApplication.sendPostedEvents()
    assert box.button(Button.Cancel).text() == "Batal"


def test_the_translator_answers_only_what_its_catalog_holds(indonesian):
    mo = i18n.compiled_catalog("id", QT_DOMAIN)
    assert mo is not None
    translator = CatalogTranslator.from_mo(mo, "id")
    assert not translator.isEmpty()
    assert translator.translate("QLineEdit", "&Copy") == "&Salin"
    # A disambiguation comment falls back to the plain context, as in Qt's own translator.
    assert translator.translate("QFileSystemModel", "Type", "All other platforms") == "Tipe"
    # Unknown texts answer None (a null QString), so Qt keeps its source text, never "".
    assert translator.translate("QLineEdit", "No such text") is None
    assert translator.translate("NoSuchContext", "&Copy") is None
    assert QCoreApplication.translate("QLineEdit", "No such text") == "No such text"


def test_many_translations_keep_none_alive(indonesian):
    # PySide passes a null disambiguation as None without a reference; the translator repays it.
    before = sys.getrefcount(None)
    for _ in range(2000):
        QCoreApplication.translate("QLineEdit", "&Copy")
    assert sys.getrefcount(None) >= before - 50


def test_every_qt_message_is_translated_with_its_placeholders_and_mnemonic():
    with i18n.po_path("id", QT_DOMAIN).open("rb") as handle:
        catalog = read_po(handle, locale="id")
    messages = [message for message in catalog if message.id]
    assert len(messages) > 300
    for message in messages:
        assert message.context, message.id
        assert message.string and not message.fuzzy, (message.context, message.id)
        assert sorted(re.findall(r"%\d", message.id)) == sorted(
            re.findall(r"%\d", message.string)
        ), (message.context, message.id)
        assert ("&" in message.id) == ("&" in message.string), (message.context, message.id)
        assert message.string.count("&") <= 1, (message.context, message.id)
