"""Charts of step 8: an indicator's values over time, the five keys as a radar, traffic lights.

Drawn with ReportLab's graphics shapes so every label uses the embedded font (a chart widget left
to its defaults would pull in Helvetica, which is not embedded). Labels a user typed (period
names, key labels) are drawn as plain strings, never markup, after :func:`one_line` has dropped
what the font cannot print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from kemitraan_desktop.domain.documents import IndicatorSeries, KeyScore
from kemitraan_desktop.domain.numbers import format_number
from kemitraan_desktop.i18n import _

from .layout import FONTS, draw_text, one_line, register_fonts, truncate_to_width

__all__ = [
    "LIGHT_COLOURS",
    "PARTNER_COLOUR",
    "PRACTICE_COLOUR",
    "TrafficLight",
    "format_number",
    "progress_chart",
    "radar_chart",
]

# Colours that stay apart in print and for the common colour blindnesses (blue against orange).
PRACTICE_COLOUR = colors.HexColor("#1f5fa8")
PARTNER_COLOUR = colors.HexColor("#d9731a")
VALUE_COLOUR = colors.HexColor("#1f5fa8")
BASELINE_COLOUR = colors.HexColor("#6b6b6b")
TARGET_COLOUR = colors.HexColor("#2e7d32")
AXIS_COLOUR = colors.HexColor("#404040")
GRID_COLOUR = colors.HexColor("#d6d6d6")
TEXT_COLOUR = colors.HexColor("#202020")
LIGHT_COLOURS = {
    "green": colors.HexColor("#2e8b3a"),
    "amber": colors.HexColor("#f2a900"),
    "red": colors.HexColor("#c62828"),
}

_LABEL_SIZE = 7.5
_SMALL_SIZE = 6.5
_LEGEND_SIZE = 7.5


def _text_width(text: str, size: float, font: str = FONTS.regular) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _string(
    x: float,
    y: float,
    text: str,
    size: float = _LABEL_SIZE,
    anchor: str = "start",
    font: str = FONTS.regular,
    colour: colors.Color = TEXT_COLOUR,
) -> String:
    return String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def _drawing(width: float, height: float) -> Drawing:
    register_fonts()
    # The renderer sets an initial font even when a drawing has no text: keep it ours.
    return Drawing(width, height, initialFontName=FONTS.regular, initialFontSize=_LABEL_SIZE)


def _nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _value_axis(values: Sequence[float], ticks: int = 5) -> tuple[float, float, float]:
    """(low, high, step) of a value axis with round ticks that holds every value; it starts at
    0, not below, when no value is negative (a per-mil axis down to -50 shows the impossible)."""
    low, high = min(values), max(values)
    floor = 0.0 if low >= 0 else -math.inf
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    else:
        # A little room so no line (a baseline, say) lies on the frame and reads as the axis.
        pad = (high - low) * 0.04
        low, high = low - pad, high + pad
    low = max(low, floor)
    step = _nice_step(high - low, ticks)
    low = max(math.floor(low / step) * step, floor)
    high = math.ceil(high / step) * step
    if high - low < step:
        high = low + step
    return low, high, step


def _legend_item(
    group: Group,
    x: float,
    y: float,
    colour: colors.Color,
    label: str,
    dashed: bool = False,
    marker: bool = False,
) -> float:
    """A short line (and dot) of *colour* and its label at (x, y); returns the width used."""
    line = Line(x, y + 2.5, x + 14, y + 2.5, strokeColor=colour, strokeWidth=1.5)
    if dashed:
        line.strokeDashArray = [3, 2]
    group.add(line)
    if marker:
        group.add(Circle(x + 7, y + 2.5, 1.8, fillColor=colour, strokeColor=colour))
    group.add(_string(x + 17, y, label, _LEGEND_SIZE))
    return 17 + _text_width(label, _LEGEND_SIZE) + 10


# --- an indicator over time ---------------------------------------------------------------

# How far a value's figure sits from its dot, and how much room its digits take up and down.
_VALUE_GAP = 4.0
_DIGIT_HEIGHT = _SMALL_SIZE * 0.75
_CLEARANCE = 1.2


def value_label_place(
    x: float,
    y: float,
    text_width: float,
    line_ys: Sequence[float],
    plot: tuple[float, float, float, float],
) -> tuple[float, float, str]:
    """(x, baseline, anchor) of a value's figure beside its dot at (x, y): above it, unless a
    dashed baseline or target line (or the axis) would strike through the digits (22 printed
    on the target line of 24); then below it, to its right or to its left, whichever no line
    crosses and stays inside the *plot* (left, bottom, right, top)."""
    left, bottom, right, top = plot
    half = text_width / 2
    middle = y - _DIGIT_HEIGHT / 2
    choices = [
        (x, y + _VALUE_GAP, "middle", x - half, x + half),
        (x, y - _VALUE_GAP - _DIGIT_HEIGHT, "middle", x - half, x + half),
        (x + _VALUE_GAP, middle, "start", x + _VALUE_GAP, x + _VALUE_GAP + text_width),
        (x - _VALUE_GAP, middle, "end", x - _VALUE_GAP - text_width, x - _VALUE_GAP),
    ]
    lines = [*line_ys, bottom]

    def crossings(base: float) -> int:
        low, high = base - _CLEARANCE, base + _DIGIT_HEIGHT + _CLEARANCE
        return sum(1 for line in lines if low <= line <= high)

    def outside(choice: tuple[float, float, str, float, float]) -> bool:
        _x, base, _anchor, x_low, x_high = choice
        return (base < bottom or base + _DIGIT_HEIGHT > top + _VALUE_GAP
                or x_low < left or x_high > right)

    best = min(range(len(choices)),
               key=lambda i: (outside(choices[i]), crossings(choices[i][1]), i))
    chosen = choices[best]
    return chosen[0], chosen[1], chosen[2]


def progress_chart(series: IndicatorSeries, width: float, height: float) -> Drawing:
    """The indicator's value per period as a line, with dashed baseline and target lines.

    Axes are labelled (the unit up the side, the periods along the bottom, thinned out when
    there are too many to read). Non-finite values are left out; a series without values
    says so instead of drawing an empty frame.
    """
    drawing = _drawing(width, height)
    unit = one_line(series.unit)
    points = [
        (one_line(period), float(value))
        for period, value in series.points
        if isinstance(value, int | float) and math.isfinite(value)
    ]
    references = [
        (name, float(value), colour)
        for name, value, colour in (
            (_("Baseline"), series.baseline, BASELINE_COLOUR),
            (_("Target"), series.target, TARGET_COLOUR),
        )
        if isinstance(value, int | float) and math.isfinite(value)
    ]
    values = [v for _period, v in points] + [v for _name, v, _colour in references]
    if not values:
        values = [0.0, 1.0]
    low, high, step = _value_axis(values)

    # Room for the legend above, the tick labels at the left and the periods below.
    tick_labels = []
    tick = low
    while tick <= high + step / 1000:
        tick_labels.append((tick, format_number(tick)))
        tick += step
    left = 14 + max(_text_width(text, _LABEL_SIZE) for _v, text in tick_labels) + 6
    right_labels = [f"{name} {format_number(v)}" for name, v, _c in references]
    right = 6 + max((_text_width(t, _SMALL_SIZE) for t in right_labels), default=0)
    right = min(right, width * 0.25)
    top = 16.0
    bottom = 30.0
    plot_w = max(width - left - right, 20)
    plot_h = max(height - top - bottom, 20)
    x0, y0 = left, bottom

    def y_of(value: float) -> float:
        return y0 + (value - low) / (high - low) * plot_h

    # Grid and value axis.
    for value, text in tick_labels:
        y = y_of(value)
        drawing.add(Line(x0, y, x0 + plot_w, y, strokeColor=GRID_COLOUR, strokeWidth=0.4))
        drawing.add(_string(x0 - 4, y - 2.5, text, anchor="end"))
    drawing.add(Line(x0, y0, x0, y0 + plot_h, strokeColor=AXIS_COLOUR, strokeWidth=0.8))
    drawing.add(Line(x0, y0, x0 + plot_w, y0, strokeColor=AXIS_COLOUR, strokeWidth=0.8))
    axis_title = truncate_to_width(unit or _("Value"), FONTS.regular, _SMALL_SIZE, plot_h)
    title = Group(_string(0, 0, axis_title, _SMALL_SIZE, anchor="middle"))
    title.transform = (0, 1, -1, 0, 7, y0 + plot_h / 2)  # rotated a quarter turn, up the side
    drawing.add(title)

    # Baseline and target, dashed, named at their right end; names of lines that lie close
    # together are moved apart (the target's above) so they do not print over each other.
    label_ys = [y_of(value) for _name, value, _colour in references]
    if len(label_ys) == 2 and abs(label_ys[0] - label_ys[1]) < _SMALL_SIZE + 1:
        middle = (label_ys[0] + label_ys[1]) / 2
        half = (_SMALL_SIZE + 1) / 2
        # references are (baseline, target): the target's name goes on top.
        label_ys = [middle - half, middle + half]
    for (_name, value, colour), label, label_y in zip(
        references, right_labels, label_ys, strict=True
    ):
        y = y_of(value)
        line = Line(x0, y, x0 + plot_w, y, strokeColor=colour, strokeWidth=1)
        line.strokeDashArray = [4, 3]
        drawing.add(line)
        text = truncate_to_width(label, FONTS.regular, _SMALL_SIZE, right - 4)
        drawing.add(_string(x0 + plot_w + 3, label_y - 2.2, text, _SMALL_SIZE, colour=colour))

    # Periods along the bottom: as many labels as fit without touching.
    count = len(points)
    if count:
        slot = plot_w / count
        x_of = [x0 + slot * (i + 0.5) for i in range(count)]
        widest = max(_text_width(period, _SMALL_SIZE) for period, _v in points) + 6
        label_width = min(widest, 90.0)
        every = max(1, math.ceil(label_width / slot))
        for i, (period, _v) in enumerate(points):
            if i % every and i != count - 1:
                continue
            if i != count - 1 and count - 1 - i < every and (count - 1) % every:
                continue  # the last label always shows; skip one that would crowd it
            text = truncate_to_width(period, FONTS.regular, _SMALL_SIZE, label_width - 4)
            drawing.add(_string(x_of[i], y0 - 10, text, _SMALL_SIZE, anchor="middle"))
            drawing.add(Line(x_of[i], y0, x_of[i], y0 - 3, strokeColor=AXIS_COLOUR))
        coords = [(x_of[i], y_of(v)) for i, (_p, v) in enumerate(points)]
        if count > 1:
            flat = [c for xy in coords for c in xy]
            drawing.add(PolyLine(flat, strokeColor=VALUE_COLOUR, strokeWidth=1.6))
        show_values = count <= 12
        line_ys = [y_of(value) for _name, value, _colour in references]
        for (x, y), (_period, value) in zip(coords, points, strict=True):
            drawing.add(
                Circle(x, y, 2.2, fillColor=VALUE_COLOUR, strokeColor=colors.white, strokeWidth=0.5)
            )
            if show_values:
                figure = format_number(value)
                label_x, label_y, anchor = value_label_place(
                    x, y, _text_width(figure, _SMALL_SIZE), line_ys,
                    (x0, y0, x0 + plot_w, y0 + plot_h))
                drawing.add(
                    _string(label_x, label_y, figure, _SMALL_SIZE, anchor=anchor,
                            colour=VALUE_COLOUR)
                )
    else:
        drawing.add(
            _string(
                x0 + plot_w / 2,
                y0 + plot_h / 2,
                _("No values recorded yet"),
                anchor="middle",
                colour=BASELINE_COLOUR,
            )
        )
    drawing.add(_string(x0 + plot_w / 2, 3, _("Period"), _SMALL_SIZE, anchor="middle"))

    # Legend above the plot, with which way is better.
    legend = Group()
    x = x0
    x += _legend_item(legend, x, 0, VALUE_COLOUR, _("Value"), marker=True)
    for name, _value, colour in references:
        x += _legend_item(legend, x, 0, colour, name, dashed=True)
    better = {"up": _("higher is better"), "down": _("lower is better")}.get(series.direction)
    if better:
        arrow = "↑" if series.direction == "up" else "↓"
        legend.add(_string(x, 0, f"{arrow} {better}", _LEGEND_SIZE))
    legend.transform = (1, 0, 0, 1, 0, height - 10)
    drawing.add(legend)
    return drawing


# --- the five keys --------------------------------------------------------------------------


def _score(value: float | None) -> float | None:
    if value is None or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return min(max(float(value), 0.0), 5.0)


def radar_chart(
    keys: Sequence[KeyScore],
    width: float,
    height: float,
    practice_label: str | None = None,
    partner_label: str | None = None,
) -> Drawing:
    """Both parties' averages per key on axes from 1 to 5, with a legend.

    The practice is a filled blue polygon, the partner an orange dashed one. A key one party
    has not scored leaves a gap in that party's outline (its neighbours are not joined across
    it) rather than pulling the shape to the centre.
    """
    drawing = _drawing(width, height)
    practice_label = one_line(practice_label or _("Practice"))
    partner_label = one_line(partner_label or _("Partner"))
    legend_h = 18.0
    n = len(keys)
    cx = width / 2
    # Room for two lines of axis name above the top vertex and below the lowest ones, and for
    # a name beside the vertices at the sides.
    label_room = 2 * _LABEL_SIZE * 1.15 + 10 if n else 4.0
    sines = [math.sin(math.pi / 2 - 2 * math.pi * i / n) for i in range(n)] if n >= 3 else [1, -1]
    top, bottom = max(sines), min(sines)
    vertical = (height - legend_h - 2 * label_room) / (top - bottom)
    radius = max(min(width / 2 - 95, vertical), 10)
    # Centred on the shape itself, not on its circle: a pentagon is lower at the top than wide.
    cy = legend_h + label_room + (height - legend_h - 2 * label_room - radius * (top - bottom)) / 2
    cy -= radius * bottom
    rings = 5

    def point(index: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / max(n, 1)
        r = radius * value / rings
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    # Rings 1..5 and the axes.
    for ring in range(1, rings + 1):
        if n >= 3:
            outline = [c for i in range(n) for c in point(i, ring)]
            drawing.add(Polygon(outline, fillColor=None, strokeColor=GRID_COLOUR, strokeWidth=0.5))
        else:
            drawing.add(
                Circle(
                    cx,
                    cy,
                    radius * ring / rings,
                    fillColor=None,
                    strokeColor=GRID_COLOUR,
                    strokeWidth=0.5,
                )
            )
    for i in range(n):
        x, y = point(i, rings)
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID_COLOUR, strokeWidth=0.6))
    for ring in range(1, rings + 1):
        x, y = point(0, ring) if n else (cx, cy + radius * ring / rings)
        drawing.add(_string(x + 3, y - 2, str(ring), _SMALL_SIZE, colour=BASELINE_COLOUR))

    # Each axis named at its outer end, on up to two lines, set away from the shape.
    for i, key in enumerate(keys):
        angle = math.pi / 2 - 2 * math.pi * i / n
        dx, dy = math.cos(angle), math.sin(angle)
        x = cx + (radius + 8) * dx
        y = cy + (radius + 8) * dy
        anchor = "middle" if abs(dx) < 0.3 else ("start" if dx > 0 else "end")
        room = 64.0 if anchor == "middle" else max(width / 2 - radius - 14, 30)
        text = one_line(key.key) or "–"
        lines = simpleSplit(text, FONTS.bold, _LABEL_SIZE, room) or [text]
        if len(lines) > 2:
            lines = [
                lines[0],
                truncate_to_width(" ".join(lines[1:]), FONTS.bold, _LABEL_SIZE, room),
            ]
        lines = [truncate_to_width(line, FONTS.bold, _LABEL_SIZE, room) for line in lines]
        line_h = _LABEL_SIZE * 1.15
        if dy > 0.3:
            first = y + 2 + line_h * (len(lines) - 1)
        elif dy < -0.3:
            first = y - _LABEL_SIZE
        else:
            first = y - 2.5 + line_h * (len(lines) - 1) / 2
        for k, line in enumerate(lines):
            drawing.add(
                _string(x, first - k * line_h, line, _LABEL_SIZE, anchor=anchor, font=FONTS.bold)
            )

    # The two parties.
    for attribute, colour, dashed in (
        ("practice", PRACTICE_COLOUR, False),
        ("partner", PARTNER_COLOUR, True),
    ):
        scores = [_score(getattr(key, attribute)) for key in keys]
        coords = [point(i, s) if s is not None else None for i, s in enumerate(scores)]
        if n >= 3 and all(c is not None for c in coords):
            flat = [v for c in coords for v in c]  # type: ignore[union-attr]
            drawing.add(
                Polygon(
                    flat,
                    fillColor=colour,
                    fillOpacity=0.18 if not dashed else 0.1,
                    strokeColor=colour,
                    strokeWidth=1.6,
                    strokeDashArray=[4, 2] if dashed else None,
                )
            )
        elif n >= 2:
            # Join only neighbours that are both scored.
            for i in range(n if n >= 3 else 1):
                a, b = coords[i], coords[(i + 1) % n]
                if a is not None and b is not None:
                    line = Line(a[0], a[1], b[0], b[1], strokeColor=colour, strokeWidth=1.6)
                    if dashed:
                        line.strokeDashArray = [4, 2]
                    drawing.add(line)
        for c in coords:
            if c is not None:
                drawing.add(
                    Circle(
                        c[0], c[1], 2.4, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5
                    )
                )

    if not n:
        drawing.add(
            _string(cx, cy, _("No scores recorded yet"), anchor="middle", colour=BASELINE_COLOUR)
        )

    # Legend under the chart, centred.
    room = width / 2 - 30
    labels = [
        truncate_to_width(label, FONTS.regular, _LEGEND_SIZE, room)
        for label in (practice_label, partner_label)
    ]
    legend = Group()
    x = 0.0
    x += _legend_item(legend, x, 0, PRACTICE_COLOUR, labels[0], marker=True)
    x += _legend_item(legend, x, 0, PARTNER_COLOUR, labels[1], dashed=True, marker=True)
    legend.transform = (1, 0, 0, 1, max(cx - (x - 10) / 2, 0), 3)
    drawing.add(legend)
    return drawing


# --- traffic lights -------------------------------------------------------------------------


class TrafficLight(Flowable):
    """A coloured dot ("green", "amber", "red"; a hollow grey ring when not scored), with an
    optional short text after it, for a table cell."""

    def __init__(
        self,
        light: str,
        text: str = "",
        size: float = 8.0,
        font_size: float = 9.0,
        bold: bool = False,
    ) -> None:
        super().__init__()
        self.light = light if light in LIGHT_COLOURS else ""
        self.text = one_line(text)
        self.size = size
        self.font_size = font_size
        self.font = FONTS.bold if bold else FONTS.regular

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        text_w = _text_width(self.text, self.font_size, self.font) if self.text else 0
        self.width = min(avail_width, self.size + (4 + text_w if self.text else 0))
        self.height = max(self.size, self.font_size * 1.2)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        r = self.size / 2
        cy = self.height / 2
        canv.saveState()
        if self.light:
            canv.setFillColor(LIGHT_COLOURS[self.light])
            canv.setStrokeColor(colors.Color(0.2, 0.2, 0.2))
            canv.setLineWidth(0.4)
            canv.circle(r, cy, r, stroke=1, fill=1)
        else:
            canv.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
            canv.setLineWidth(0.6)
            canv.circle(r, cy, r - 0.3, stroke=1, fill=0)
        if self.text:
            text = truncate_to_width(
                self.text, self.font, self.font_size, max(self.avail - self.size - 4, 4)
            )
            canv.setFillColor(colors.black)
            canv.setFont(self.font, self.font_size)
            draw_text(canv, self.size + 4, cy - self.font_size * 0.33, text, self.font,
                      self.font_size)
        canv.restoreState()
