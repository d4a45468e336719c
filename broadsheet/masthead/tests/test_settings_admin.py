"""Editors find the masthead under Settings > Site: tagline, description, links, threshold."""

import pytest
from wagtail.models import Site

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def test_site_settings_form_offers_the_masthead_and_its_links(admin_client, blog_index):
    site = Site.objects.get(is_default_site=True)
    factories.category("Europe", slug="europe")

    response = admin_client.get(f"/admin/settings/masthead/sitesettings/{site.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("tagline", "description", "counts_threshold", "navigation_links-TOTAL_FORMS"):
        assert f'name="{field}"' in html, field
    assert "Show likes and views from" in html
