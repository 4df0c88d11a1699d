"""Bantuan → Panduan pengguna: the user guide, inside the program and offline.

The guide is written once, in Indonesian, as Markdown in ``docs/panduan`` (``paths.guide_path``):
the same files GitHub shows. Qt reads Markdown itself — ``QTextBrowser.setSource`` on a ``.md``
file — follows the links between chapters and loads the pictures beside them, so there is no
second copy to keep in step. Pictures are scaled to the width of the window. In the English
program the guide is the same Indonesian text, with a line that says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop import paths
from kemitraan_desktop.i18n import _, current_language

from ..screen_fit import FitsScreen

HOME = "README.md"
FIT_MARGIN = 24  # the document's own margins and a little air, in pixels


def step_chapter(step: int) -> str:
    """The chapter of the guide about wizard step *step* (the contents for anything else)."""
    return f"{step + 2:02d}-langkah-{step}.md" if 1 <= step <= 8 else HOME


def chapter_url(chapter: str = HOME) -> QUrl:
    return QUrl.fromLocalFile(str(paths.guide_path(chapter)))


class GuideBrowser(QTextBrowser):
    """A QTextBrowser whose pictures are never wider than the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)  # a web address opens in the browser, if there is one
        self._fitted_width = 0
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(150)
        self._refit.timeout.connect(self._reload_pictures)

    def doSetSource(self, name: QUrl, kind: QTextDocument.ResourceType  # noqa: N802
                    = QTextDocument.ResourceType.UnknownResource) -> None:
        super().doSetSource(name, kind)
        self._air()

    def _air(self) -> None:
        """Room around the text and above each heading: Qt's Markdown reader sets a heading
        right under the paragraph before it."""
        document = self.document()
        document.setDocumentMargin(14)
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and block.blockNumber():
                heading = block.blockFormat()
                heading.setTopMargin(14)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(heading)
            block = block.next()
        cursor.endEditBlock()
        document.setModified(False)

    def picture_room(self) -> int:
        return max(self.viewport().width() - FIT_MARGIN, 200)

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802
        if kind == QTextDocument.ResourceType.ImageResource:
            image = QImage(self.source().resolved(QUrl(url)).toLocalFile())
            if not image.isNull():
                return self._fitted(image)
        return super().loadResource(kind, url)

    def _fitted(self, image: QImage) -> QImage:
        self._fitted_width = room = self.picture_room()
        if image.width() <= room:
            return image
        ratio = self.devicePixelRatioF()
        scaled = image.scaledToWidth(round(room * ratio),
                                     Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        return scaled

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fitted_width and abs(self.picture_room() - self._fitted_width) > 16:
            self._refit.start()

    def _reload_pictures(self) -> None:
        """Read the chapter again, so its pictures are scaled anew, where the reader was."""
        bar = self.verticalScrollBar()
        where = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.reload()
        bar.setValue(round(where * bar.maximum()))


class GuideWindow(FitsScreen, QDialog):
    """The guide in its own window, beside the main one: back, forward, contents, find."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        self.browser = GuideBrowser(self)
        self.browser.setObjectName("guide")

        self.back = QPushButton(_("◀ Back"), self)
        self.back.setShortcut(QKeySequence.StandardKey.Back)
        self.back.clicked.connect(self.browser.backward)
        self.back.setEnabled(False)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.forward = QPushButton(_("Forward ▶"), self)
        self.forward.setShortcut(QKeySequence.StandardKey.Forward)
        self.forward.clicked.connect(self.browser.forward)
        self.forward.setEnabled(False)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.contents = QPushButton(_("Contents"), self)
        self.contents.clicked.connect(lambda: self.show_chapter(HOME))

        self.find_field = QLineEdit(self)
        self.find_field.setPlaceholderText(_("Find in this chapter (Ctrl+F)"))
        self.find_field.setClearButtonEnabled(True)
        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textEdited.connect(lambda _text: self.find_next(from_start=True))
        self.not_found = QLabel(_("Not found."), self)
        self.not_found.setObjectName("hint")
        self.not_found.hide()
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_find)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.find_next)

        bar = QHBoxLayout()
        for button in (self.back, self.forward, self.contents):
            button.setAutoDefault(False)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.not_found)
        bar.addWidget(self.find_field, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        if current_language() != "id":
            note = QLabel(_("The user guide is written in Indonesian."), self)
            note.setObjectName("hint")
            layout.addWidget(note)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(980, 760)

    def show_chapter(self, chapter: str = HOME) -> None:
        """Open *chapter* (a file name in ``docs/panduan``), or say plainly that it is missing."""
        path = paths.guide_path(chapter)
        if not path.is_file():
            self.browser.setPlainText(
                _("The user guide is missing from this installation ({path}).").format(path=path))
            return
        self.browser.setSource(chapter_url(chapter))

    def _focus_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def find_next(self, from_start: bool = False) -> bool:
        """Select the next place of the text typed in the find field (wrapping round)."""
        text = self.find_field.text()
        if from_start:
            cursor = self.browser.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.browser.setTextCursor(cursor)
        found = not text or self.browser.find(text)
        if text and not found:  # from the top once more, then give up
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.not_found.setVisible(not found)
        return found


def open_guide(window: QWidget, chapter: str = HOME) -> GuideWindow:
    """Show the guide at *chapter*, in the one guide window of *window* (made when first asked)."""
    guide = getattr(window, "_guide_window", None)
    if not isinstance(guide, GuideWindow):
        guide = GuideWindow(window)
        window._guide_window = guide  # type: ignore[attr-defined]
    guide.show_chapter(chapter)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
