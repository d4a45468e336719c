import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from broadsheet.blog.tests import factories


def _alternates(client, url):
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}


@pytest.fixture
def translated_post(settings, blog_index):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fa", "Persian")]
    original = factories.post("Talks resume in Geneva")
    persian = original.copy_for_translation(
        Locale.objects.create(language_code="fa"), copy_parents=True
    )
    persian.title = "از سرگیری مذاکرات در ژنو"
    persian.slug = "talks-resume-in-geneva-fa"
    persian.save_revision().publish()
    return original, persian


@pytest.mark.django_db
def test_a_translated_post_names_every_language_version(client, translated_post):
    expected = {
        "en": "http://testserver/post/talks-resume-in-geneva/",
        "fa": "http://testserver/post/talks-resume-in-geneva-fa/",
    }

    assert _alternates(client, "/post/talks-resume-in-geneva/") == expected
    assert _alternates(client, "/post/talks-resume-in-geneva-fa/") == expected


@pytest.mark.django_db
def test_a_post_without_translations_has_no_hreflang(client, blog_index):
    factories.post("Talks resume in Geneva")

    assert _alternates(client, "/post/talks-resume-in-geneva/") == {}
