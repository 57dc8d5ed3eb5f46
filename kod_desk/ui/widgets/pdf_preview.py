"""A PDF inside the window (QtPdf), and printing it through a QPrinter.

The preview holds the PDF's bytes, so "Als PDF speichern" writes exactly what is shown and
printing sends exactly those pages. Printing draws each page as an image of at most
``PRINT_DPI`` onto the printer's page, turned when a landscape page meets portrait paper.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPageLayout, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.errors import UserError

PRINT_DPI = 300  # sharp on paper; an A4 page is then about 35 MB of image, one at a time


class PdfPreview(QWidget):
    """Shows one PDF; ``set_pdf`` replaces it, ``clear`` shows the hint again."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.data = b""
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        # A parent from the start: a parentless widget in a QStackedLayout is shown as a window
        # of its own for a moment, and the main window loses the keyboard focus.
        self.hint = QLabel(hint, self)
        self.hint.setObjectName("previewHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)

        self.zoom = QComboBox()
        self.zoom.setObjectName("previewZoom")
        self.zoom.addItem(self.tr("Seitenbreite"), QPdfView.ZoomMode.FitToWidth)
        self.zoom.addItem(self.tr("Ganze Seite"), QPdfView.ZoomMode.FitInView)
        self.zoom.addItem(self.tr("100 %"), QPdfView.ZoomMode.Custom)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("previewPages")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.pages_label, 1)
        bar.addWidget(QLabel(self.tr("Ansicht:")))
        bar.addWidget(self.zoom)

        self.stack = QStackedLayout()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(self.stack, 1)
        self.clear()

    # ------------------------------------------------------------ content

    def set_pdf(self, data: bytes) -> None:
        """Show ``data``; a PDF QtPdf cannot read is refused with a German message."""
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            self.document.close()
            self.clear()
            raise UserError("Die Vorschau lässt sich nicht anzeigen: das PDF ist nicht lesbar.")
        self._buffer = buffer  # QPdfDocument reads from it while it shows the pages
        self.data = data
        count = self.document.pageCount()
        self.pages_label.setText(
            self.tr("1 Seite") if count == 1 else self.tr("{n} Seiten").format(n=count)
        )
        self.view.pageNavigator().jump(0, self.view.pageNavigator().currentLocation())
        self.stack.setCurrentWidget(self.view)

    def clear(self) -> None:
        self.data = b""
        self.pages_label.setText("")
        self.stack.setCurrentWidget(self.hint)

    @property
    def has_pdf(self) -> bool:
        return bool(self.data)

    def page_count(self) -> int:
        return self.document.pageCount() if self.has_pdf else 0

    def is_landscape(self, page: int = 0) -> bool:
        size = self.document.pagePointSize(page)
        return size.width() > size.height()

    def _zoom_changed(self, _index: int) -> None:
        mode = self.zoom.currentData()
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(1.0)

    # ------------------------------------------------------------ printing

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages the printer's range asks for (all by default); how many went out."""
        return print_document(self.document, printer)


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the document's pages on ``printer``; the number of pages printed."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        first, last = 1, count
    pages = list(range(max(1, first) - 1, min(count, last)))
    if not pages:
        return 0
    if document.pagePointSize(pages[0]).width() > document.pagePointSize(pages[0]).height():
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Der Drucker lässt sich nicht öffnen; es wurde nichts gedruckt.")
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            _draw_page(painter, document, page, min(printer.resolution(), PRINT_DPI))
    finally:
        painter.end()
    return len(pages)


def _draw_page(painter: QPainter, document: QPdfDocument, page: int, dpi: int) -> None:
    points = document.pagePointSize(page)
    image = document.render(
        page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    )
    target = QRectF(painter.viewport())
    if (image.width() > image.height()) != (target.width() > target.height()):
        image = image.transformed(QTransform().rotate(90))
    scale = min(target.width() / image.width(), target.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    painter.save()
    painter.setWindow(painter.viewport())
    painter.drawImage(
        QRectF(target.x() + (target.width() - width) / 2, target.y(), width, height), image
    )
    painter.restore()
