"""The world map of /topics/: each country shaded by how many posts mention it.

The shapes are Natural Earth's (public domain), made into SVG paths once by
``scripts/world_map.py`` and kept in ``data/world_map.json``: drawing the map costs one
query (the counts) and no script in the reader's browser.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "world_map.json"
# Shades of the map, lightest first; CSS colours them (.map-level-1 … .map-level-5).
LEVELS = 5


@cache
def shapes() -> dict:
    return json.loads(DATA.read_text())


@dataclass(frozen=True)
class MapCountry:
    code: str
    name: str
    path: str
    post_count: int = 0
    url: str = ""
    level: int = 0  # 0: no post mentions it.

    @property
    def label(self) -> str:
        posts = "post" if self.post_count == 1 else "posts"
        return f"{self.name}: {self.post_count} {posts}"


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    countries: list[MapCountry]  # Every shape, the shaded ones last (drawn on top).
    listed: list[MapCountry]  # Every country with posts, drawn or too small: most first.
    peak: int

    @property
    def legend(self) -> list[tuple[int, str]]:
        """Each shade and the counts it stands for, e.g. (3, "4-9")."""
        bounds = [level_floor(level, self.peak) for level in range(1, LEVELS + 2)]
        legend = []
        for level in range(1, LEVELS + 1):
            low, high = bounds[level - 1], bounds[level] - 1
            if level == LEVELS:
                high = self.peak
            if low > high:
                continue  # Too few posts in all for every shade to be used.
            legend.append((level, f"{low}" if low == high else f"{low}–{high}"))
        return legend


def level_for(count: int, peak: int) -> int:
    """The shade for ``count`` posts out of at most ``peak``: on a log scale, since a
    blog's home region gets many times the posts of the rest."""
    if count <= 0:
        return 0
    if peak <= 1:
        return LEVELS
    return max(1, math.ceil(LEVELS * math.log1p(count) / math.log1p(peak)))


def level_floor(level: int, peak: int) -> int:
    """The fewest posts shaded ``level`` (the legend's lower bounds)."""
    count = 1
    while count <= peak and level_for(count, peak) < level:
        count += 1
    return count


def world_map(counted_countries) -> WorldMap:
    """The map for country entities each carrying ``code``, ``name``, ``post_count`` and
    ``get_absolute_url()`` (selectors.entities_with_post_counts)."""
    data = shapes()
    by_code = {}
    for country in counted_countries:
        if country.code:
            by_code[country.code.upper()] = country
    peak = max((country.post_count for country in by_code.values()), default=0)
    drawn, shaded = [], []
    for code, shape in data["countries"].items():
        entity = by_code.get(code)
        if entity is None:
            drawn.append(MapCountry(code=code, name=shape["name"], path=shape["d"]))
            continue
        shaded.append(
            MapCountry(
                code=code,
                name=entity.name,
                path=shape["d"],
                post_count=entity.post_count,
                url=entity.get_absolute_url(),
                level=level_for(entity.post_count, peak),
            )
        )
    too_small = [
        MapCountry(
            code=code,
            name=entity.name,
            path="",
            post_count=entity.post_count,
            url=entity.get_absolute_url(),
            level=level_for(entity.post_count, peak),
        )
        for code, entity in by_code.items()
        if code not in data["countries"]
    ]
    listed = sorted(shaded + too_small, key=lambda country: (-country.post_count, country.name))
    return WorldMap(
        width=data["width"],
        height=data["height"],
        countries=drawn + shaded,
        listed=listed,
        peak=peak,
    )
