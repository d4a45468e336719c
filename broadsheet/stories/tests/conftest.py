import pytest


@pytest.fixture(autouse=True)
def _mail_site(db, settings):
    """The site that emails link to, and a blog to publish in."""
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    settings.DEFAULT_FROM_EMAIL = "newsletter@news.example.org"
    from broadsheet.blog.tests import factories

    factories.blog_index()
