import datetime as dt

import pytest

from broadsheet.blog.tests import factories
from broadsheet.engagement import readers

MAR_1_2021 = dt.date(2021, 3, 1)


class Clock:
    """The counting day, pinned; ``advance`` turns it over to the next."""

    def __init__(self, day):
        self.day = day

    def advance(self, days=1):
        self.day += dt.timedelta(days=days)


@pytest.fixture
def clock(monkeypatch):
    pinned = Clock(MAR_1_2021)
    monkeypatch.setattr(readers, "today", lambda: pinned.day)
    return pinned


@pytest.fixture
def post(db, clock):
    return factories.post("Talks resume in Geneva")


@pytest.fixture
def every_count_shown(db):
    """Every like and view count shows, from zero: for tests of counting. (The threshold
    that hides small counts is tested in test_listings and blog's test_reader_pages.)"""
    from wagtail.models import Site

    from broadsheet.masthead.models import SiteSettings

    masthead = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    masthead.counts_threshold = 0
    masthead.save()
