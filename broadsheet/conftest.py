import pytest

from broadsheet.blog.tests import factories


@pytest.fixture
def blog_index(db):
    return factories.blog_index()
