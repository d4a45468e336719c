"""A reader searches from the box in every page's header and reads the matching passage."""

import pytest
from playwright.sync_api import expect

from broadsheet.blog.tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_header_search_finds_the_post_and_marks_the_word(page, csp_violations):
    factories.post(
        "Talks resume in Geneva",
        paragraphs=[
            "Delegations met on Monday for the first time since the spring.",
            "The envoy flew in from Montreux, where the last round ended without a statement.",
        ],
    )
    factories.post("Markets close higher", paragraphs=["Shares rose in Frankfurt and Paris."])

    page.goto("/")
    header_search = page.get_by_role("search", name="Site")
    header_search.get_by_label("Search").fill("montreux")
    header_search.get_by_role("button", name="Search").click()

    results = page.get_by_role("region", name="1 result for “montreux”")
    expect(results).to_be_visible()
    result = results.get_by_role("listitem")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_have_text("Talks resume in Geneva")
    expect(result.locator(".search-passage")).to_contain_text("The envoy flew in from Montreux,")
    expect(result.locator("mark")).to_have_text("Montreux")
    # The page's own form keeps what was searched for, to refine it.
    expect(page.get_by_label("Search posts")).to_have_value("montreux")
    assert csp_violations == []
