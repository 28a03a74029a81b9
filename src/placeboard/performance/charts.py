"""Placeboard's charts, one family drawn on the server as SVG, so they print and need no JavaScript: the trend
with its targets (trend_svg), horizontal bars (hbar_svg: benchmarks, votes), sparklines and stacked status
bars. Each opens the same way (_open: role="img", a <title> and a <desc>), tells its series apart by line,
marker, pattern or label as well as colour, and is shown beside a table of the same figures."""

from decimal import Decimal
from xml.sax.saxutils import escape

from placeboard.performance.figures import plain

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
    parts = _open(WIDTH, HEIGHT, id_prefix, title, f"{description}. The table below gives the same figures.")
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


def hbar_svg(title, description, rows, *, id_prefix, reference=None):
    """Horizontal bars from zero (to the left for a negative value), in the order given. rows: (label, value,
    value text, emphasised). Emphasised bars are black with a bold label and the rest grey, and each bar
    carries its value text, so nothing relies on colour alone. reference: (label, value, value text) drawn as
    a dashed line across the bars with its label beneath (England's figure beside the comparators')."""
    if not rows:
        return ""
    bar, gap, left, right, top, width = 16, 6, 220, 150, 8, 640
    bottom = top + len(rows) * (bar + gap)
    height = bottom + (24 if reference else 4)
    values = [Decimal(value) for _, value, _, _ in rows] + ([Decimal(reference[1])] if reference else [])
    high, low = max(max(values), Decimal(0)), min(min(values), Decimal(0))
    span = (high - low) or Decimal(1)
    plot = width - left - right

    def x(value):
        return left + float((Decimal(value) - low) / span) * plot

    parts = _open(width, height, id_prefix, title, description)
    for i, (label, value, text, emphasised) in enumerate(rows):
        y = top + i * (bar + gap)
        x0, x1 = sorted((x(0), x(value)))
        weight = ' font-weight="bold"' if emphasised else ""
        parts.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end" font-size="11"{weight}>'
                     f'{escape(str(label)[:36])}</text>')
        parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar}" '
                     f'fill="{"#0b0c0c" if emphasised else "#b1b4b6"}"/>')
        parts.append(f'<text x="{max(x0, x1) + 4:.1f}" y="{y + bar - 4}" font-size="11"{weight}>'
                     f'{escape(text)}</text>')
    if reference:
        label, value, text = reference
        rx = x(value)
        parts.append(f'<line x1="{rx:.1f}" y1="{top}" x2="{rx:.1f}" y2="{bottom}" stroke="#1d70b8" '
                     'stroke-width="2" stroke-dasharray="5 3"/>')
        parts.append(f'<text x="{rx:.1f}" y="{bottom + 14}" text-anchor="middle" font-size="11" fill="#1d70b8">'
                     f'{escape(str(label))} {escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# Status fills, as the reports' tiles and spreadsheets colour them (reports/render.FILLS), and a pattern for
# each so the bars still differ printed in black and white; each segment also carries its count and the
# legend names every status.
STATUS_FILLS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "too_early": "#b1b4b6",
                "no_target": "#b1b4b6", "overdue": "#912b88", "no_data": "#b1b4b6", "monitor": "#1d70b8"}
STATUS_PATTERNS = {"amber": '<path d="M0,8 L8,0" stroke="#0b0c0c" stroke-width="1.2"/>',
                   "red": '<path d="M0,0 L8,8 M0,8 L8,0" stroke="#0b0c0c" stroke-width="1.2"/>',
                   "too_early": '<circle cx="4" cy="4" r="1.2" fill="#0b0c0c"/>',
                   "no_target": '<path d="M0,4 L8,4" stroke="#0b0c0c" stroke-width="1"/>',
                   "overdue": '<path d="M4,0 L4,8" stroke="#ffffff" stroke-width="1.5"/>',
                   "no_data": '<circle cx="2" cy="2" r="1" fill="#0b0c0c"/><circle cx="6" cy="6" r="1" fill="#0b0c0c"/>',
                   "monitor": '<path d="M0,0 L8,8" stroke="#ffffff" stroke-width="1.2"/>'}
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 36, 4


def _open(width, height, id_prefix, title, description, css_class="pb-chart"):
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="{css_class}" width="100%" '
            f'font-family="sans-serif">',
            f'<title id="{id_prefix}-title">{escape(title)}</title>',
            f'<desc id="{id_prefix}-desc">{escape(description)}</desc>']


def sparkline_svg(title, points, target_points, format_value, *, id_prefix):
    """A small trend of the last few periods: the figures as a solid line with a round marker on the latest,
    the targets as a dashed line with square markers (so the two differ without colour). points and
    target_points: (label, Decimal or None) in period order, as for trend_svg. Its <desc> says how to read it;
    the figures themselves go beside it in words (figures_text), as a report's cell writes them, so a screen
    reader hears them once."""
    labels = _period_labels(points, target_points)
    values = [v for _, v in points + target_points if v is not None]
    if not labels or not values:
        return ""
    description = "Figures as a solid line, targets as a dashed line; the figures are written beside it."
    low, high = _value_range(values)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(labels) - 1, 1)

    def x(label):
        return SPARK_PAD + labels.index(label) * step if len(labels) > 1 else SPARK_WIDTH / 2

    def y(value):
        return SPARK_PAD + (SPARK_HEIGHT - 2 * SPARK_PAD) * (1 - float((value - low) / (high - low)))

    parts = _open(SPARK_WIDTH, SPARK_HEIGHT, id_prefix, title, description, "pb-sparkline")
    for data, style in ((target_points, 'stroke="#1d70b8" stroke-width="1.5" stroke-dasharray="4 3"'),
                        (points, 'stroke="#0b0c0c" stroke-width="2"')):
        known = [(label, v) for label, v in data if v is not None]
        if len(known) > 1:
            coords = " ".join(f"{x(label):.1f},{y(v):.1f}" for label, v in known)
            parts.append(f'<polyline points="{coords}" fill="none" {style} data-series="'
                         f'{"target" if data is target_points else "actual"}"/>')
    for label, v in target_points:
        if v is not None:
            parts.append(f'<rect x="{x(label) - 2:.1f}" y="{y(v) - 2:.1f}" width="4" height="4" fill="#1d70b8" '
                         f'data-target="{plain(v)}"/>')
    for label, v in points:
        if v is not None:
            parts.append(f'<circle cx="{x(label):.1f}" cy="{y(v):.1f}" r="{3 if label == points[-1][0] else 1.5}" '
                         f'fill="#0b0c0c" data-value="{plain(v)}"/>')
    parts.append("</svg>")
    return "".join(parts)


def figures_text(points, target_points, format_value):
    """The figures and targets of a sparkline in words: "2007/08: 31.9; 2008/09: 33.0 (target 34.0)"."""
    targets = dict(target_points)
    out = []
    for label, value in points:
        text = f"{label}: {format_value(value) if value is not None else 'no figure'}"
        if targets.get(label) is not None:
            text += f" (target {format_value(targets[label])})"
        out.append(text)
    out += [f"{label}: target {format_value(v)}" for label, v in target_points
            if v is not None and label not in dict(points)]
    return "; ".join(out)


def stacked_status_svg(title, description, bars, *, id_prefix):
    """One horizontal bar per round, split by status. bars: (label, [(status value, status label, count)]) in
    the order to draw. Each segment is filled with its status's colour and pattern and carries its count; the
    legend names each status beside its swatch, so the chart reads in black and white."""
    if not bars:
        return ""
    # The legend in the segments' order, naming only the statuses some bar has.
    used = {value for _, segments in bars for value, _, count in segments if count}
    statuses = list(dict.fromkeys((value, label) for _, segments in bars for value, label, _ in segments
                                  if value in used))
    bar, gap, left, right, top, width = 22, 8, 200, 20, 8, 640
    legend_rows = (len(statuses) + 3) // 4
    height = top + len(bars) * (bar + gap) + 8 + legend_rows * 20
    plot = width - left - right
    parts = _open(width, height, id_prefix, title, description)
    parts.append("<defs>" + "".join(
        f'<pattern id="{id_prefix}-{value}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{STATUS_FILLS.get(value, "#b1b4b6")}"/>{STATUS_PATTERNS.get(value, "")}'
        f'</pattern>' for value, _ in statuses) + "</defs>")
    for i, (label, segments) in enumerate(bars):
        y = top + i * (bar + gap)
        total = sum(count for _, _, count in segments)
        parts.append(f'<text x="{left - 6}" y="{y + bar - 6}" text-anchor="end" font-size="12">'
                     f'{escape(str(label)[:30])}</text>')
        x = left
        for value, status_label, count in segments:
            if not count:
                continue
            length = plot * count / total
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" '
                         f'fill="url(#{id_prefix}-{value})" stroke="#ffffff" data-status="{value}" '
                         f'data-count="{count}"><title>{escape(f"{label}: {status_label} {count}")}</title></rect>')
            if length >= 18:  # the count inside its segment, on a white box so it reads on any fill
                parts.append(f'<rect x="{x + length / 2 - 8:.1f}" y="{y + 4}" width="16" height="14" fill="#ffffff"/>'
                             f'<text x="{x + length / 2:.1f}" y="{y + 15}" text-anchor="middle" font-size="11">'
                             f'{count}</text>')
            x += length
        if not total:
            parts.append(f'<text x="{left}" y="{y + bar - 6}" font-size="12">No indicators</text>')
    legend_top = top + len(bars) * (bar + gap) + 8
    for i, (value, label) in enumerate(statuses):
        lx, ly = 8 + (i % 4) * 155, legend_top + (i // 4) * 20
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="url(#{id_prefix}-{value})" '
                     f'stroke="#0b0c0c"/><text x="{lx + 16}" y="{ly + 10}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
