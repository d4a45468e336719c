import pytest
from wagtail.rich_text import RichText

from broadsheet.blog.models import BlogIndexPage, HomePage
from broadsheet.pages.models import StandardPage


@pytest.fixture
def about(blog_index):
    page = StandardPage(
        title="About us",
        slug="about",
        search_description="Who we are.",
        body=[
            ("paragraph", RichText("<p>We report from Geneva.</p>")),
            ("html", "<table><tr><td>Founded</td><td>2021</td></tr></table>"),
        ],
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_a_standard_page_is_shown_at_its_own_address_and_may_be_cached(client, about):
    response = client.get("/about/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="page-title">About us</h1>' in html
    assert "<p>We report from Geneva.</p>" in html
    assert "<td>Founded</td>" in html
    assert '<meta name="description" content="Who we are.">' in html
    assert '<link rel="canonical" href="http://testserver/about/">' in html
    assert '<meta property="og:title" content="About us">' in html
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_standard_page_lives_only_under_the_home_page_and_holds_no_pages():
    assert StandardPage.can_exist_under(HomePage())
    assert not StandardPage.can_exist_under(BlogIndexPage())
    assert StandardPage in HomePage.allowed_subpage_models()
    assert StandardPage.allowed_subpage_models() == []
