"""Stories' timelines are in the sitemap once they hold a published post."""

import pytest

from broadsheet.blog.tests import factories as blog
from broadsheet.seo.tests.test_sitemap import section_urls
from broadsheet.stories.tests import factories

pytestmark = pytest.mark.django_db


def test_sitemap_lists_stories_with_published_posts_as_fresh_as_their_newest(client):
    talks = factories.story("Nuclear talks", slug="talks")
    factories.post_in(talks, "Round 1")
    newest = factories.post_in(talks, "Round 2")
    waiting = factories.story("Waiting", slug="waiting")
    draft = blog.post("Draft", publish=False)
    draft.story_memberships.create(story=waiting)

    assert section_urls(client, "/sitemap-stories.xml") == {
        "http://testserver/story/talks/": newest.last_published_at
    }
