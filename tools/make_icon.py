"""Draw the program's icon in code and save ``resources/icon.png`` and ``resources/icon.ico``.

    uv run python tools/make_icon.py

A teal rounded square with a white "K" (Kemitraan) and a small white cross (health), two hands
of one partnership. Drawn with Qt so no image editor is needed to change it; the ``.ico`` (16 to
256 pixels, for the Windows executable and its shortcut) is written by Pillow from the same
drawing at each size.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256)
TEAL = "#0f766e"
TEAL_LIGHT = "#14b8a6"


def draw(size: int):  # noqa: ANN201 - a QImage
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPainterPath

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    s = float(size)
    margin = s * 0.04
    square = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, s))
    gradient.setColorAt(0.0, QColor(TEAL_LIGHT))
    gradient.setColorAt(1.0, QColor(TEAL))
    path = QPainterPath()
    path.addRoundedRect(square, s * 0.2, s * 0.2)
    painter.fillPath(path, gradient)

    # The "K", drawn as a path from a bold sans-serif glyph so it stays crisp at every size.
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setBold(True)
    font.setPixelSize(max(int(s * 0.58), 8))
    letter = QPainterPath()
    letter.addText(0, 0, font, "K")
    box = letter.boundingRect()
    letter.translate(s * 0.41 - box.center().x(), s * 0.57 - box.center().y())
    painter.fillPath(letter, QColor("white"))

    # The cross, top right, on its own small disc of the darker teal.
    if size >= 24:
        radius = s * 0.13
        centre = QPointF(s * 0.74, s * 0.27)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawEllipse(centre, radius, radius)
        arm, thick = radius * 1.25, radius * 0.42
        painter.setBrush(QColor(TEAL))
        painter.drawRect(QRectF(centre.x() - arm / 2, centre.y() - thick / 2, arm, thick))
        painter.drawRect(QRectF(centre.x() - thick / 2, centre.y() - arm / 2, thick, arm))
    painter.end()
    return image


def png_bytes(image) -> bytes:  # noqa: ANN001
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # fonts need it
    out = ROOT / "resources"
    big = png_bytes(draw(256))
    (out / "icon.png").write_bytes(big)
    frames = [Image.open(io.BytesIO(png_bytes(draw(size)))) for size in SIZES]
    frames[-1].save(out / "icon.ico", format="ICO", sizes=[(n, n) for n in SIZES],
                    append_images=frames[:-1])
    del app
    print(f"written {out / 'icon.png'} and {out / 'icon.ico'}")


if __name__ == "__main__":
    main()
