"""The posts-per-month chart and the map's shades, worked out without a database."""

import datetime as dt

from broadsheet.topics.charts import HEIGHT, LEFT, WIDTH, month_chart
from broadsheet.topics.worldmap import LEVELS, level_for, world_map


def test_every_month_of_the_last_year_at_least_gets_a_place_empty_ones_no_height():
    chart = month_chart([(dt.date(2023, 11, 1), 2), (dt.date(2024, 2, 1), 4)])

    assert len(chart.bars) == 12
    assert chart.bars[0].month == dt.date(2023, 3, 1)
    assert [bar.month for bar in chart.bars[-4:]] == [
        dt.date(2023, 11, 1),
        dt.date(2023, 12, 1),
        dt.date(2024, 1, 1),
        dt.date(2024, 2, 1),
    ]
    assert [bar.count for bar in chart.bars[-4:]] == [2, 0, 0, 4]
    assert chart.bars[-3].height == 0
    assert chart.bars[-1].height == 2 * chart.bars[-4].height  # Heights scale with counts.
    assert [bar.month for bar in chart.months_with_posts] == [
        dt.date(2023, 11, 1),
        dt.date(2024, 2, 1),
    ]


def test_bars_stay_inside_the_chart_and_years_are_labelled_once():
    counts = [(dt.date(2015 + m // 12, m % 12 + 1, 1), m % 5 + 1) for m in range(120)]

    chart = month_chart(counts)

    assert all(bar.x >= LEFT and bar.x + bar.width <= WIDTH + 0.01 for bar in chart.bars)
    assert all(0 <= bar.y <= HEIGHT for bar in chart.bars)
    years = [label.year for label in chart.years]
    assert years == sorted(set(years))
    assert years[0] == 2015
    assert chart.summary.startswith("360 posts from January 2015 to December 2024")


def test_one_month_alone_is_summed_up_without_a_range():
    chart = month_chart([(dt.date(2024, 5, 1), 1)])

    assert chart.summary == "1 post from May 2024; the most in May 2024 (1)."


def test_nothing_to_draw_gives_no_chart():
    assert month_chart([]) is None


def test_shades_grow_with_posts_on_a_log_scale():
    assert level_for(0, 100) == 0
    assert level_for(1, 100) == 1
    assert level_for(100, 100) == LEVELS
    assert [level_for(n, 100) for n in (1, 3, 10, 30, 100)] == sorted(
        level_for(n, 100) for n in (1, 3, 10, 30, 100)
    )
    assert level_for(1, 1) == LEVELS  # One post is the most there is.


class _Country:
    def __init__(self, name, code, post_count):
        self.name, self.code, self.post_count = name, code, post_count

    def get_absolute_url(self):
        return f"/topic/{self.name.lower()}/"


def test_legend_names_the_counts_each_shade_stands_for():
    shaded = world_map([_Country("Iran", "IR", 40), _Country("Chad", "TD", 1)])

    legend = dict(shaded.legend)
    assert legend[1] == "1"
    assert legend[LEVELS].endswith("40")
    # Every count from 1 to the peak falls in exactly one shade.
    ranges = []
    for text in legend.values():
        low, _, high = text.partition("–")
        ranges.append((int(low), int(high or low)))
    covered = [n for low, high in ranges for n in range(low, high + 1)]
    assert covered == list(range(1, 41))
