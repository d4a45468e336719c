"""Precision and recall of the entity extraction on a hand-labelled set of posts.

    .venv/bin/python bench/entities_precision.py [--show-errors]

The set is bench/data/entities_labelled.json: posts written for it (world affairs, with
traps: Georgia the state, Jordan the person, Turkey the bird, Paris Hilton, Washington
the government, the New York Times) and posts read from ../shared/corpora, each with
the countries, cities, and listed people and organisations a careful editor would tag.
The site's entity list is the set's ``site_entities``. Each post counts each entity once
(tagged or not): precision is the share of entities found that the editor tagged,
recall the share of the editor's that were found. Prints a Markdown table per kind.
"""

import argparse
import html
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.test")

import django  # noqa: E402

django.setup()

import feedparser  # noqa: E402

from broadsheet.entities.extraction import Vocabulary, extract  # noqa: E402

LABELS = BENCH / "data" / "entities_labelled.json"
CORPORA = BENCH.parent.parent / "shared" / "corpora"
KINDS = {
    "countries": "country",
    "cities": "city",
    "people": "person",
    "organisations": "organisation",
}


def _html_text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


def post_segments(post: dict) -> list[str] | None:
    """The post's title and paragraphs; None for a corpus post whose file is absent."""
    if "text" in post:
        return [post["title"], *post["text"].split("\n\n")]
    source = post["corpus"]
    path = CORPORA / source["file"]
    if not path.is_file():
        return None
    if "item" in source:
        entry = feedparser.parse(path.read_bytes()).entries[source["item"]]
        return [entry.title, _html_text(entry.summary)]
    return [_html_text(path.read_text(encoding="utf-8"))]


def vocabulary_from(site_entities: list[dict]) -> tuple[Vocabulary, dict[int, dict]]:
    by_id = dict(enumerate(site_entities, start=1))
    names, people = [], []
    for entity_id, entity in by_id.items():
        for name in [entity["name"], *entity["aliases"]]:
            names.append((name, entity_id))
        if entity["kind"] == "person":
            people.append((entity["name"], entity_id))
    return Vocabulary.build(site_names=names, person_names=people), by_id


def found_by_kind(segments, vocabulary, site_by_id) -> dict[str, set[str]]:
    result = extract(segments, vocabulary)
    found = {label: set() for label in KINDS}
    for place in result.places:
        found["countries" if place.kind == "country" else "cities"].add(place.name)
    for entity_id in result.known:
        entity = site_by_id[entity_id]
        found["people" if entity["kind"] == "person" else "organisations"].add(entity["name"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="List each miss and wrong find.")
    args = parser.parse_args()

    labelled = json.loads(LABELS.read_text(encoding="utf-8"))
    vocabulary, site_by_id = vocabulary_from(labelled["site_entities"])
    counts = {label: Counter() for label in KINDS}
    read = skipped = 0
    errors = []
    for post in labelled["posts"]:
        segments = post_segments(post)
        if segments is None:
            skipped += 1
            continue
        read += 1
        found = found_by_kind(segments, vocabulary, site_by_id)
        for label in KINDS:
            expected = set(post[label])
            counts[label]["right"] += len(found[label] & expected)
            counts[label]["wrong"] += len(found[label] - expected)
            counts[label]["missed"] += len(expected - found[label])
            for name in sorted(found[label] - expected):
                errors.append(f"{post['id']}: found {name!r} ({label}), not tagged")
            for name in sorted(expected - found[label]):
                errors.append(f"{post['id']}: missed {name!r} ({label})")

    print(
        f"{read} labelled posts read" + (f", {skipped} left out (corpus absent)" if skipped else "")
    )
    print()
    print("| kind | tagged | found | right | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, c in counts.items():
        tagged = c["right"] + c["missed"]
        found = c["right"] + c["wrong"]
        precision = c["right"] / found if found else 1.0
        recall = c["right"] / tagged if tagged else 1.0
        print(f"| {label} | {tagged} | {found} | {c['right']} | {precision:.3f} | {recall:.3f} |")
    if args.show_errors:
        print()
        print("\n".join(errors) or "No error.")


if __name__ == "__main__":
    main()
