"""Print many short HTML documents one after another onto the pages of one PDF writer.

What QTextDocument.print_ does for one paginated document, done for a sequence of them: each
document is laid out on pages of the writer's printable area and its pages are drawn in
order, every document from a new page. Short documents print faster than one long one (Qt's
cost per piece of formatted text grows with the document's size); each paragraph keeps the
glyphs its layout shaped, which Qt otherwise throws away and shapes again to draw (half the
drawing time of text with many formats, such as worked solutions); and each formula image
is decoded once for all of them, so the PDF also stores it once (Qt's writer keeps one copy
of an image it has drawn before).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPagedPaintDevice,
    QPainter,
    QPalette,
    QTextDocument,
)


class _Document(QTextDocument):
    """A document whose images come from a cache shared by all documents of a PDF."""

    def __init__(self, images: dict[str, Any]) -> None:
        super().__init__()
        self._images = images

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """A data-URI image decoded once for the whole PDF, not once per document."""
        url = QUrl(name)
        if type != QTextDocument.ResourceType.ImageResource.value or url.scheme() != "data":
            return super().loadResource(type, name)
        key = url.toString()
        if key not in self._images:
            self._images[key] = super().loadResource(type, name)
        return self._images[key]


class PagePrinter:
    """Draws HTML documents onto a paged device (a QPdfWriter), each from a new page."""

    def __init__(self, device: QPagedPaintDevice, page: QSizeF) -> None:
        self.device = device
        self.page = page
        self.pages = 0
        self.images: dict[str, Any] = {}
        self.painter = QPainter(device)
        self.context = QAbstractTextDocumentLayout.PaintContext()
        self.context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))

    def print_html(self, document_html: str) -> int:
        """Lay the document out and draw its pages after those already printed; returns
        how many pages it took."""
        document = _Document(self.images)
        document.setDocumentMargin(0)
        document.setPageSize(self.page)
        document.setHtml(document_html)
        block = document.begin()
        while block.isValid():  # keep each paragraph's shaped glyphs for drawing
            block.layout().setCacheEnabled(True)
            block = block.next()
        count = document.pageCount()
        layout = document.documentLayout()
        height = self.page.height()
        for index in range(count):
            if self.pages:
                self.device.newPage()
            self.pages += 1
            view = QRectF(0, index * height, self.page.width(), height)
            self.painter.save()
            self.painter.translate(0, -view.top())
            self.painter.setClipRect(view)
            self.context.clip = view
            layout.draw(self.painter, self.context)
            self.painter.restore()
        return count

    def finish(self) -> int:
        """End the painting (the device then holds every page); returns the page count."""
        self.painter.end()
        return self.pages
