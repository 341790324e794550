"""Bar charts drawn on the server: no chart library, a few hundred bytes per chart.

Lengths are percentages of the chart's width and there is no viewBox, so nothing is scaled down on a phone:
labels keep the size the stylesheet gives them.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One stacked bar: label, women and men (and the rest), with the widths to draw in % of the chart."""

    label: str
    female: int
    male: int
    rest: int
    female_width: float
    male_width: float
    rest_width: float

    @property
    def total(self):
        """Everyone the bar counts."""
        return self.female + self.male + self.rest


def stacked(rows):
    """Return (bars, scale_max) for rows of (label, female, male, rest); the longest bar fills the width."""
    top = max([sum(values) for _label, *values in rows] + [1])
    bars = [Bar(label, female, male, rest, female * 100 / top, male * 100 / top, rest * 100 / top)
            for label, female, male, rest in rows]
    return bars, top


@dataclass(frozen=True)
class Column:
    """One day of the trend: x and width in % of the chart's width, height in px."""

    label: str
    x: float
    width: float
    height: float
    value: int


def columns(days, height=120):
    """Return the columns of a daily trend chart for [(day, value)]; the bars leave 20 px for the labels."""
    top = max([value for _day, value in days] + [1])
    step = 100 / max(len(days), 1)
    return [Column(day.strftime("%d/%m"), index * step, step * .8, value * (height - 20) / top, value)
            for index, (day, value) in enumerate(days)]
