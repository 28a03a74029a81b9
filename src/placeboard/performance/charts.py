"""Trend charts drawn on the server as SVG, so they print and need no JavaScript.

The same numbers are always shown in a table beside the chart."""

from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 50


def trend_svg(title, points, target_points, format_value, *, id_prefix="chart", legend=("Actual", "Target"),
              description="Actuals as a solid line with round markers and targets as a dashed line with square "
                          "markers"):
    """points and target_points: lists of (label, Decimal or None) in period order.

    The first series (points) is a solid line with round markers; the second (target_points) a dashed line
    with square markers, so the two differ without relying on colour. legend names the two series in that
    order; description says the same in words for screen readers; id_prefix makes the title's and
    description's ids unique when a page or report shows several charts."""
    labels = _period_labels(points, target_points)
    values = [v for _, v in points + target_points if v is not None]
    if not labels or not values:
        return ""
    plot = _Plot(labels, *_value_range(values))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="pb-chart" width="100%">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}. The table below gives the same figures.</desc>',
    ]
    parts += _axes(plot, format_value)
    parts += _series(plot, target_points, 'stroke="#1d70b8" stroke-width="2" stroke-dasharray="6 4"',
                     lambda cx, cy: f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="#1d70b8"/>')
    parts += _series(plot, points, 'stroke="#0b0c0c" stroke-width="3"',
                     lambda cx, cy: f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="#0b0c0c"/>')
    parts += _legend(legend)
    parts.append("</svg>")
    return "".join(parts)


def _period_labels(points, target_points):
    """The periods along the x axis: the actuals' in order, then any only the targets have."""
    labels = [label for label, _ in points]
    for label, _ in target_points:
        if label not in labels:
            labels.append(label)
    return labels


def _value_range(values):
    """The y axis's range: the values with a tenth's margin, never below zero for values that are not."""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) / 10
    low, high = low - pad, high + pad
    if min(values) >= 0 and low < 0:  # never invent negative values for a count or a rate
        low = Decimal(0)
    return low, high


class _Plot:
    """Where a period and a value fall in the plotting area."""

    def __init__(self, labels, low, high):
        self.labels, self.low, self.high = labels, low, high
        self.width, self.height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        self.step = self.width / max(len(labels) - 1, 1)

    def x(self, label):
        return LEFT + self.labels.index(label) * self.step if len(self.labels) > 1 else LEFT + self.width / 2

    def y(self, value):
        return TOP + self.height - float((value - self.low) / (self.high - self.low)) * self.height


def _axes(plot, format_value):
    """The two axes, five gridlines with their values, and the periods' labels."""
    plot_w, plot_h = plot.width, plot.height
    parts = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#505a5f"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#505a5f"/>',
    ]
    for i in range(5):
        value = plot.low + (plot.high - plot.low) * i / 4
        yy = plot.y(value)
        parts.append(f'<line x1="{LEFT - 4}" y1="{yy:.1f}" x2="{LEFT + plot_w}" y2="{yy:.1f}" stroke="#e5e6e7"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="#0b0c0c">'
                     f'{escape(format_value(value))}</text>')
    for label in plot.labels:
        parts.append(f'<text x="{plot.x(label):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" font-size="11" '
                     f'fill="#0b0c0c">{escape(label)}</text>')
    return parts


def _series(plot, data, style, marker):
    """One series: a line through its known values (when there are two or more) and a marker at each."""
    parts = []
    known = [(label, v) for label, v in data if v is not None]
    if len(known) > 1:
        coords = " ".join(f"{plot.x(label):.1f},{plot.y(v):.1f}" for label, v in known)
        parts.append(f'<polyline points="{coords}" fill="none" {style}/>')
    for label, v in known:
        parts.append(marker(plot.x(label), plot.y(v)))
    return parts


def _legend(legend):
    """The two series' names, each after its marker."""
    legend_y = HEIGHT - 12
    first, second = (str(name)[:24].rstrip() for name in legend)  # long names cut short
    # The second entry starts after the first's text (about 7 units a character at font size 12).
    second_x = LEFT + max(80, 16 + 7 * len(first) + 20)
    return [f'<circle cx="{LEFT + 6}" cy="{legend_y - 4}" r="5" fill="#0b0c0c"/>'
            f'<text x="{LEFT + 16}" y="{legend_y}" font-size="12">{escape(first)}</text>',
            f'<rect x="{second_x}" y="{legend_y - 8}" width="8" height="8" fill="#1d70b8"/>'
            f'<text x="{second_x + 14}" y="{legend_y}" font-size="12">{escape(second)}</text>']


def hbar_svg(title, description, rows, *, id_prefix):
    """Horizontal bars from zero. rows: (label, value, value text, emphasised). Emphasised bars are black and
    the rest grey, and each bar carries its value text, so nothing relies on colour alone."""
    if not rows:
        return ""
    bar, gap, left, right, top, width = 16, 6, 220, 150, 8, 640
    height = top + len(rows) * (bar + gap) + 4
    high = max(Decimal(max(value for _, value, _, _ in rows)), Decimal(1))
    plot = width - left - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="pb-chart" width="100%">',
             f'<title id="{id_prefix}-title">{escape(title)}</title>',
             f'<desc id="{id_prefix}-desc">{escape(description)}</desc>']
    for i, (label, value, text, emphasised) in enumerate(rows):
        y = top + i * (bar + gap)
        length = float(Decimal(value) / high) * plot
        weight = ' font-weight="bold"' if emphasised else ""
        parts.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end" font-size="11"{weight}>'
                     f'{escape(str(label)[:36])}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{max(length, 1):.1f}" height="{bar}" '
                     f'fill="{"#0b0c0c" if emphasised else "#b1b4b6"}"/>')
        parts.append(f'<text x="{left + length + 4:.1f}" y="{y + bar - 4}" font-size="11"{weight}>'
                     f'{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
