"""A reader likes a post with the heart under it: a plain form, so no script is needed."""

import re

import pytest
from playwright.sync_api import expect

from broadsheet.blog.tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("every_count_shown"),
]


def test_heart_counts_a_like_and_thanks_the_reader(page, csp_violations):
    post = factories.post("Talks resume in Geneva")
    # Scripts off in this tab, as a reader may have them: the form must do without.
    page.context.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})

    page.goto(post.url)
    heart = page.get_by_role("button", name=re.compile(r"^Like this post"))
    expect(heart).to_have_accessible_name("Like this post, 0 likes")
    expect(heart).to_have_text("♥ 0")
    expect(page.get_by_role("status")).to_have_count(0)

    heart.click()

    expect(page).to_have_url(re.compile(rf"{re.escape(post.url)}\?liked=1#like$"))
    expect(heart).to_have_accessible_name("Like this post, 1 like")
    expect(heart).to_have_text("♥ 1")
    expect(page.get_by_role("status")).to_have_text("Thank you for liking this post.")
    assert csp_violations == []
