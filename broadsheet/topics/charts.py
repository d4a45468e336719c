"""Posts per month as a bar chart drawn on the server: an SVG any reader's browser shows
without a script, and the same numbers as a table for those who cannot see it."""

import datetime as dt
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

# The chart's own units; it scales to the column's width.
WIDTH = 640
HEIGHT = 180
LEFT = 36  # Room for the count labels.
BOTTOM = 22  # Room for the year labels.
TOP = 8
# Year labels closer than this would run into each other: some are left out.
LABEL_SPACING = 44
# At least a year is drawn, so that one month's bar is a bar and not a wall.
FEWEST_MONTHS = 12


@dataclass(frozen=True)
class Bar:
    month: dt.date
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        posts = "post" if self.count == 1 else "posts"
        return f"{format_date(self.month, 'F Y')}: {self.count} {posts}"


@dataclass(frozen=True)
class YearLabel:
    year: int
    x: float


@dataclass(frozen=True)
class MonthChart:
    bars: list[Bar]
    years: list[YearLabel]
    peak: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP

    @property
    def months_with_posts(self) -> list[Bar]:
        return [bar for bar in self.bars if bar.count]

    @property
    def summary(self) -> str:
        """What the chart shows, in one sentence: its text alternative's first line."""
        total = sum(bar.count for bar in self.bars)
        busiest = max(self.bars, key=lambda bar: (bar.count, bar.month))
        first, last = self.months_with_posts[0].month, self.bars[-1].month
        span = format_date(first, "F Y")
        if last != first:
            span = f"{span} to {format_date(last, 'F Y')}"
        posts = "post" if total == 1 else "posts"
        return (
            f"{total} {posts} from {span}; the most in {format_date(busiest.month, 'F Y')} "
            f"({busiest.count})."
        )


def _months_before(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    first = min(first, _months_before(last, FEWEST_MONTHS - 1))
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_chart(counts: list[tuple]) -> MonthChart | None:
    """The chart of ``(month, count)`` pairs, every month between the first and the last
    drawn (empty ones as gaps), a year at least; None when there is nothing to draw."""
    by_month = {dt.date(month.year, month.month, 1): count for month, count in counts if count}
    if not by_month:
        return None
    months = _months(min(by_month), max(by_month))
    peak = max(by_month.values())
    plot_width = WIDTH - LEFT
    plot_height = HEIGHT - BOTTOM - TOP
    step = plot_width / len(months)
    # A hair of space between bars, unless they are thinner than two hairs.
    gap = step * 0.15 if step >= 3 else 0
    bars, years = [], []
    last_label_x: float = -LABEL_SPACING
    for index, month in enumerate(months):
        count = by_month.get(month, 0)
        height = plot_height * count / peak
        x = LEFT + index * step
        bars.append(
            Bar(
                month=month,
                count=count,
                x=round(x + gap / 2, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(step - gap, 2),
                height=round(height, 2),
            )
        )
        if (index == 0 or month.month == 1) and x - last_label_x >= LABEL_SPACING:
            years.append(YearLabel(year=month.year, x=round(x, 2)))
            last_label_x = x
    return MonthChart(bars=bars, years=years, peak=peak)
