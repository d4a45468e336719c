import pytest

from broadsheet.blog.tests import factories


@pytest.mark.django_db
def test_post_page_shows_title_once_as_h1(client):
    post = factories.post("Talks resume in Geneva")
    response = client.get("/post/talks-resume-in-geneva/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert post.title in html
