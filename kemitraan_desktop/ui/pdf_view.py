"""Showing and printing a PDF inside the program, offline.

PDFium (pypdfium2) draws the pages; Qt shows them and sends them to the printer. The print dialog
opens with the document's paper size and two copies preselected (an agreement is made in two
rangkap).
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kemitraan_desktop.i18n import _

from .screen_fit import FitsScreen

PREVIEW_DPI = 96


def page_images(data: bytes, dpi: int = PREVIEW_DPI) -> list[QImage]:
    return list(each_page_image(data, dpi))


def each_page_image(data: bytes, dpi: int = PREVIEW_DPI) -> Iterator[QImage]:
    """The pages drawn one by one (printing says how far it is between two)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            width, height = bitmap.width, bitmap.height
            image = QImage(bitmap.buffer, width, height, bitmap.stride,
                           QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4
                           else QImage.Format.Format_RGB888).copy()
            page.close()
            yield image
    finally:
        document.close()


def page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def page_size_points(data: bytes) -> tuple[float, float]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return tuple(document[0].get_size())  # type: ignore[return-value]
    finally:
        document.close()


class PdfPreview(QScrollArea):
    """All pages one under the other, like a reader, each as wide as the view allows (never
    wider than drawn): a page cut off at the right edge hid the end of every line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._pages = QWidget()
        self._pages.setObjectName("pdfPages")
        self._layout = QVBoxLayout(self._pages)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._pages)
        self.page_count = 0
        self._images: list[QImage] = []
        self._fitted_width = 0

    def show_pdf(self, data: bytes) -> None:
        self._show_images(page_images(data))

    def show_image(self, data: bytes) -> None:
        """A scan or photo (JPEG, PNG) shown like a one-page document."""
        image = QImage.fromData(data)
        self._show_images([] if image.isNull() else [image])

    def clear(self) -> None:
        self._show_images([])

    def _show_images(self, images: list[QImage]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._images = images
        for _image in self._images:
            label = QLabel()
            label.setObjectName("pdfPage")
            self._layout.addWidget(label)
        self.page_count = len(self._images)
        self._fitted_width = 0
        self._fit()

    def _fit(self) -> None:
        margins = self._layout.contentsMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        if room <= 0 or room == self._fitted_width:
            return
        self._fitted_width = room
        labels = [self._layout.itemAt(i).widget() for i in range(self._layout.count())]
        for label, image in zip(labels, self._images, strict=False):
            if image.width() > room:
                image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()


class PreviewDialog(FitsScreen, QDialog):
    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._data = data
        self.preview = PdfPreview(self)
        self.preview.show_pdf(data)
        buttons = QDialogButtonBox(self)
        print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        print_button.clicked.connect(lambda: print_pdf(self._data, self))
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.resize(860, 900)


def make_printer(data: bytes, copies: int = 2) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    width, height = page_size_points(data)
    size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setCopyCount(copies)
    return printer


def print_pdf(data: bytes, parent: QWidget | None = None, copies: int = 2) -> int:
    """Ask for a printer (paper size and two copies preselected), then print every page with
    a progress dialog and Cancel. Returns the pages sent (0: nothing was printed)."""
    printer = make_printer(data, copies)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return paint_pages(data, printer, parent)


def paint_pages(data: bytes, printer: QPrinter, parent: QWidget | None = None) -> int:
    """Every page to *printer*, saying which page is on its way: a 14-page PKS takes some
    ten seconds, and nothing on the screen said it was printing. Cancel stops it before the
    next page and nothing is sent. Returns the pages sent (0 if cancelled)."""
    total = page_count(data)
    progress = QProgressDialog(parent)
    progress.setObjectName("printProgress")
    progress.setWindowTitle(_("Printing"))
    progress.setCancelButtonText(_("Cancel"))
    progress.setRange(0, total)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumDuration(0)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setLabelText(_("Preparing page {page} of {total} for the printer…").format(
        page=1, total=total))
    progress.setValue(0)
    progress.show()
    QApplication.processEvents()
    dpi = min(printer.resolution(), 300)
    sent = 0
    painter = QPainter(printer)
    try:
        for number, image in enumerate(each_page_image(data, dpi)):
            if progress.wasCanceled():
                break
            if number:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size()
            scaled.scale(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
            sent = number + 1
            progress.setLabelText(
                _("Preparing page {page} of {total} for the printer…").format(
                    page=min(sent + 1, total), total=total))
            progress.setValue(sent)  # a window-modal progress lets Cancel be clicked here
        if progress.wasCanceled():
            printer.abort()
            sent = 0
    finally:
        painter.end()
        progress.close()
    return sent
