"""Subscribing in a real browser: the form under a post (no token, checked by origin),
the confirmation page, and the subscribe page checked by axe-core."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from broadsheet.blog.tests import factories as blog
from broadsheet.core.tests.browser import axe_violations
from broadsheet.newsletter.models import Subscriber

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_subscribes_under_a_post_and_confirms(page, csp_violations):
    post = blog.post("Talks resume in Geneva")

    page.goto(f"/post/{post.slug}/")
    box = page.get_by_role("region", name="Get new posts by email")
    box.get_by_label("Email address").fill("Ana@Example.org")
    box.get_by_label("Name (optional)").fill("Ana Lima")
    box.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    (confirmation,) = mail.outbox
    link = confirmation.body.split("https://news.example.org", 1)[1].split()[0]
    page.goto(link)
    expect(page.get_by_text("ana@example.org")).to_be_visible()
    page.get_by_role("button", name="Yes, subscribe me").click()

    expect(page.get_by_role("status")).to_contain_text("You are subscribed")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name, subscriber.status) == (
        "ana@example.org",
        "Ana Lima",
        Subscriber.Status.ACTIVE,
    )
    assert csp_violations == []


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_subscribe_page_with_its_errors_passes_axe(
    page, csp_violations, axe_script, color_scheme
):
    blog.category("Europe")
    blog.category("Asia")
    page.emulate_media(color_scheme=color_scheme)

    page.goto("/subscribe/")
    page.get_by_label("Email address").fill("ana@")
    page.get_by_role("button", name="Subscribe").click()

    expect(page.locator(".field-error")).to_have_text("Please enter a valid email address.")
    expect(page.get_by_label("Email address")).to_have_value("ana@")
    violations = axe_violations(page, axe_script)
    assert violations == [], "axe-core found:\n" + "\n".join(violations)
    assert csp_violations == []
