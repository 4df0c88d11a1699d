"""The user guide: Indonesian, offline, opened from the Bantuan menu, every picture and link whole.

The guide is the Markdown in ``docs/panduan``; the program shows it with Qt's own Markdown reader.
These tests read each chapter the way the guide window does, so a picture that fails to load or a
link to a chapter that does not exist fails here, not in front of a doctor.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QLabel

from kemitraan_desktop import i18n, paths
from kemitraan_desktop.ui.dialogs.guide import HOME, GuideWindow, step_chapter

GUIDE = paths.guide_path()
CHAPTERS = sorted(path.name for path in GUIDE.glob("*.md"))
ROOT = Path(__file__).resolve().parents[2]


def fragments(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            yield iterator.fragment()
            iterator += 1
        block = block.next()


def pictures(document: QTextDocument) -> list[str]:
    return [f.charFormat().toImageFormat().name() for f in fragments(document)
            if f.charFormat().isImageFormat()]


def links(document: QTextDocument) -> list[str]:
    return [f.charFormat().anchorHref() for f in fragments(document)
            if f.charFormat().isAnchor() and f.charFormat().anchorHref()]


@pytest.fixture
def guide(qtbot) -> GuideWindow:
    window = GuideWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_window(qtbot, svc, tmp_path: Path):
    from kemitraan_desktop.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_action(window, text: str):
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu entry {text!r}")


def test_the_guide_has_its_contents_eight_step_chapters_and_pictures():
    assert HOME in CHAPTERS
    assert len(CHAPTERS) >= 12
    for step in range(1, 9):
        chapter = GUIDE / step_chapter(step)
        assert chapter.is_file(), chapter
        assert chapter.read_text(encoding="utf-8").startswith(f"# Langkah {step} ")
    assert step_chapter(0) == HOME
    assert (GUIDE / "gambar").is_dir()


def test_the_doctor_opens_the_guide_from_the_help_menu_and_reads_the_contents(
        qtbot, svc, tmp_path: Path):
    window = open_window(qtbot, svc, tmp_path)
    menu_action(window, i18n._("&User guide")).trigger()

    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible()
    assert guide.windowTitle() == "Panduan pengguna"
    assert guide.browser.source().toLocalFile() == str(GUIDE / HOME)
    assert "Daftar isi" in guide.browser.toPlainText()
    assert "Langkah 8" in guide.browser.toPlainText()

    # Asking again shows the same window, not a second one.
    menu_action(window, i18n._("&User guide")).trigger()
    assert len(window.findChildren(GuideWindow)) == 1


def test_f1_leads_to_the_guide_chapter_of_the_open_step(qtbot, svc, tmp_path: Path):
    from kemitraan_desktop.ui.dialogs.help import HelpDialog

    window = open_window(qtbot, svc, tmp_path)
    window.user_guide(5)
    guide = window.findChild(GuideWindow)
    assert guide.browser.source().toLocalFile() == str(GUIDE / step_chapter(5))
    assert guide.browser.toPlainText().startswith("Langkah 5")

    # The F1 dialog's button closes it and asks for that chapter.
    dialog = HelpDialog(3, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.guide_button.click()
    assert dialog.guide_requested and not dialog.isVisible()
    assert dialog.guide_button.text() == "Buka panduan pengguna"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_picture_of_every_chapter_loads_and_fits_the_window(guide, chapter):
    guide.show_chapter(chapter)
    document = guide.browser.document()
    assert document.toPlainText().strip(), chapter
    for name in pictures(document):
        assert name.startswith("gambar/") and name.endswith(".png"), name
        assert (GUIDE / name).is_file(), f"{chapter}: missing picture {name}"
        image = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(image, QImage) and not image.isNull(), f"{chapter}: {name}"
        shown = image.width() / image.devicePixelRatio()
        assert shown <= guide.browser.viewport().width(), f"{chapter}: {name} wider than the view"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_link_leads_to_a_chapter_of_the_guide(guide, chapter):
    guide.show_chapter(chapter)
    hrefs = links(guide.browser.document())
    if chapter != HOME:
        assert "README.md" in hrefs, f"{chapter} has no way back to the contents"
    for href in hrefs:
        url = QUrl(href)
        assert url.isRelative(), f"{chapter}: {href} leaves the guide (the guide is offline)"
        target = guide.browser.source().resolved(url).toLocalFile()
        assert Path(target).is_file(), f"{chapter}: broken link {href}"
        assert Path(target).parent == GUIDE and target.endswith(".md"), href


def test_the_contents_lead_to_every_chapter(guide):
    guide.show_chapter(HOME)
    reached = {QUrl(href).path() for href in links(guide.browser.document())}
    assert set(CHAPTERS) - {HOME} <= reached


def test_following_a_link_then_back_and_forward(guide, qtbot):
    guide.show_chapter(HOME)
    guide.browser.setSource(guide.browser.source().resolved(QUrl("09-langkah-7.md")))
    assert guide.browser.toPlainText().startswith("Langkah 7")
    assert guide.back.isEnabled()
    qtbot.mouseClick(guide.back, Qt.MouseButton.LeftButton)
    assert guide.browser.source().toLocalFile().endswith(HOME)
    assert guide.forward.isEnabled()
    qtbot.mouseClick(guide.forward, Qt.MouseButton.LeftButton)
    assert guide.browser.toPlainText().startswith("Langkah 7")
    guide.contents.click()
    assert guide.browser.source().toLocalFile().endswith(HOME)


def test_find_in_a_chapter(guide):
    guide.show_chapter("11-perjanjian.md")
    guide.find_field.setText("meterai")
    assert guide.find_next(from_start=True)
    assert guide.browser.textCursor().selectedText().lower() == "meterai"
    first = guide.browser.textCursor().position()
    assert guide.find_next()
    assert guide.browser.textCursor().position() != first
    guide.find_field.setText("kata yang tidak ada di bab ini")
    assert not guide.find_next(from_start=True)
    assert guide.not_found.isVisibleTo(guide)


def test_a_missing_guide_is_said_plainly(guide, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(paths, "program_root", lambda: tmp_path)
    guide.show_chapter(HOME)
    assert "Panduan pengguna tidak ada di instalasi ini" in guide.browser.toPlainText()


INDONESIAN = frozenset({"yang", "dan", "di", "untuk", "dengan", "ini", "itu", "dari", "ke",
                        "atau", "tidak", "ada", "bila", "setiap", "pada", "sudah", "lalu",
                        "dapat"})


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_guide_is_written_in_indonesian(chapter):
    from test_no_english_left import english_words

    text = (GUIDE / chapter).read_text(encoding="utf-8")
    text = re.sub(r"```.*?```|`[^`]*`|\]\([^)]*\)", " ", text, flags=re.DOTALL)
    words = re.findall(r"[^\W\d_]+", text)
    indonesian = sum(word.lower() in INDONESIAN for word in words)
    assert indonesian / len(words) > 0.12, f"{chapter} does not read as Indonesian"
    english = english_words(text)
    assert len(english) <= len(words) / 100, f"{chapter}: English words {english}"


def test_in_the_english_program_the_guide_opens_in_indonesian_with_a_note(
        qtbot, svc, tmp_path: Path, english):
    window = open_window(qtbot, svc, tmp_path)
    menu_action(window, "&User guide").trigger()
    guide = window.findChild(GuideWindow)
    assert guide.windowTitle() == "User guide"
    assert "Daftar isi" in guide.browser.toPlainText()
    notes = [label.text() for label in guide.findChildren(QLabel) if label.isVisibleTo(guide)]
    assert "The user guide is written in Indonesian." in notes


def test_the_bundle_carries_the_guide_where_the_program_looks_for_it():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    destination = paths.guide_path().relative_to(paths.program_root()).as_posix()
    assert destination == "docs/panduan"
    assert f'datas.append((str(ROOT / "docs" / "panduan"), "{destination}"))' in spec
    # Unconditional: a bundle without its guide must not be built quietly.
    line = next(line for line in spec.splitlines() if '"docs" / "panduan"' in line)
    assert line.startswith("datas.append(")


def test_readme_pictures_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        assert (ROOT / target).is_file(), target
