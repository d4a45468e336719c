import io

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from broadsheet.demo.images import river_picture_png


@pytest.fixture
def media_root(settings, tmp_path):
    """A media folder per test; Wagtail's cached renditions point into the last one."""
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    return tmp_path


@pytest.fixture
def cover_image(db, media_root):
    image = get_image_model()(title="Gauging station")
    image.file = ImageFile(io.BytesIO(river_picture_png(1600, 900)), name="gauging-station.png")
    image.save()
    return image


@pytest.fixture
def read_feed(client):
    """GET a feed and parse it as a feed reader would, insisting that it is well formed."""

    def read(url):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        return feed

    return read
