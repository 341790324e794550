"""Bar charts drawn as SVG on the server: no chart library, a few hundred bytes per chart."""
from dataclasses import dataclass

BAR = 16  # height of one commune's bar, px
LABEL = 150  # width kept for commune names


@dataclass(frozen=True)
class Bar:
    """One stacked bar: label, women and men (and the rest), with the pixel widths to draw."""

    label: str
    y: int
    female: int
    male: int
    rest: int
    female_width: float
    male_width: float
    rest_width: float


def stacked(rows, width=600):
    """Return (bars, height, scale_max) for rows of (label, female, male, rest), widest bar = width - LABEL."""
    top = max([sum(values) for _label, *values in rows] + [1])
    span = width - LABEL - 40
    bars = [Bar(label, index * (BAR + 6), female, male, rest, female * span / top, male * span / top, rest * span / top)
            for index, (label, female, male, rest) in enumerate(rows)]
    return bars, len(rows) * (BAR + 6), top


@dataclass(frozen=True)
class Column:
    """One day of the trend."""

    label: str
    x: float
    height: float
    value: int


def columns(days, width=600, height=120):
    """Return the columns of a daily trend chart for [(day, value)]."""
    top = max([value for _day, value in days] + [1])
    step = width / max(len(days), 1)
    return [Column(day.strftime("%d/%m"), index * step, value * (height - 20) / top, value)
            for index, (day, value) in enumerate(days)]
