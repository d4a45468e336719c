"""`manage.py scheduler` publishes scheduled posts: what `make run` and deploy/ start."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def test_a_round_publishes_a_post_whose_time_has_come(blog_index):
    post = factories.post("Embargo lifted", publish=False)
    # What "Publish" with a go-live date does: a revision approved to go live then.
    post.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))
    assert not PostPage.objects.get(pk=post.pk).live

    call_command("scheduler", once=True)

    assert PostPage.objects.get(pk=post.pk).live
