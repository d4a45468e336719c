"""Backup, a fresh site, restore: every table and every media file as they were.

Runs on SQLite (the online backup API) and on PostgreSQL (pg_dump and psql), whichever
the test run uses.
"""

import datetime as dt
import hashlib
import json
import shutil
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.engagement.models import Like, PostStats
from broadsheet.engagement.services import View, like_add, views_record
from broadsheet.newsletter.models import Subscriber
from broadsheet.pagecache.tests.front_client import FrontClient
from broadsheet.stories.models import Story, StoryFollow, StoryPost

# Serialized rollback: the flush after each test would take Wagtail's root page and
# collection, which the browser tests after these need.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAR_1_2021 = dt.date(2021, 3, 1)
# Not part of a backup: sessions and queued tasks (broadsheet/backup/personal_data.py).
NOT_BACKED_UP = {"django_session", "django_tasks_database_dbtaskresult"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(media):
    """A site with something in every table a reader or editor cares about."""
    post = factories.post(
        "Talks resume in Geneva", cover_image=factories.image(), cover_image_alt="A lake."
    )
    first = factories.comment(post, author_email="first@example.org")
    factories.comment(post, parent=first, author_email="reply@example.org")
    for status in ["pending", "rejected", "spam"]:
        factories.comment(post, status=status, author_email=f"{status}@example.org")
    like_add(post_id=post.pk, reader_hash="r1", address_hash="a1", day=MAR_1_2021)
    views_record(views=[View(post_id=post.pk, reader_hash="r1", day=MAR_1_2021)])
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.reader_limit_per_hour = 4
    settings.save()
    Site.objects.update(site_name="The Geneva Desk")
    get_user_model().objects.create_user("editor", "editor@example.org", "a long password")
    Redirect.objects.create(old_path="/old-geneva", redirect_page=post)
    story = Story.objects.create(title="Geneva talks", slug="geneva-talks")
    StoryPost.objects.create(story=story, post=post)
    follower = Subscriber.objects.create(email="follower@example.org", status="follower")
    StoryFollow.objects.create(story=story, subscriber=follower)
    return post


def table_dump():
    """Every row of every table, as text, sorted: what "identical" means here."""
    dump = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in NOT_BACKED_UP:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return dump


def media_dump(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def make_fresh(media_root):
    """A site with nothing of the old one: empty tables, no media files."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    shutil.rmtree(media_root, ignore_errors=True)


def test_backup_then_restore_on_a_fresh_site_gives_every_table_and_file_back(site, media, tmp_path):
    tables, files = table_dump(), media_dump(media)
    backup = tmp_path / "site.zip"

    call_command("backup", str(backup), verbosity=0)
    make_fresh(media)
    assert table_dump() != tables
    call_command("restore", str(backup), interactive=False, verbosity=0)

    assert table_dump() == tables
    assert media_dump(media) == files
    assert len(files) >= 1


def test_a_restored_site_serves_its_posts_and_signs_its_editors_in(site, media, tmp_path, client):
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup), verbosity=0)
    make_fresh(media)

    call_command("restore", str(backup), interactive=False, verbosity=0)

    page = client.get(site.url).content.decode()
    assert "Talks resume in Geneva" in page
    assert "The Geneva Desk" in page
    assert get_user_model().objects.get(username="editor").check_password("a long password")
    assert client.get("/old-geneva")["Location"] == site.url


def test_without_personal_data_leaves_out_emails_and_reader_hashes(site, media, tmp_path):
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup), "--without-personal-data", verbosity=0)
    make_fresh(media)

    call_command("restore", str(backup), interactive=False, verbosity=0)

    assert set(Comment.objects.values_list("author_email", flat=True)) == {""}
    assert Comment.objects.count() == 5
    assert not Like.objects.exists()
    # Stories stay whole; who follows them by email does not.
    assert StoryPost.objects.filter(post_id=site.pk, story__slug="geneva-talks").exists()
    assert not StoryFollow.objects.exists()
    assert PostStats.objects.get(post_id=site.pk).like_count == 1
    assert get_user_model().objects.get(username="editor").email == "editor@example.org"
    # The restored site goes on numbering comments where it left off.
    new = factories.comment(site)
    assert new.pk > max(Comment.objects.exclude(pk=new.pk).values_list("pk", flat=True))


def test_the_backup_says_it_holds_email_addresses(site, tmp_path, capsys):
    call_command("backup", str(tmp_path / "site.zip"))

    assert "it holds commenters' email addresses" in capsys.readouterr().out


@pytest.mark.usefixtures("page_cache")
def test_after_a_restore_readers_see_the_restored_site_not_kept_pages(site, media, tmp_path):
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup), verbosity=0)
    site.title = "Talks collapse in Geneva"
    post_publish(post=site)
    front = FrontClient()
    front.get(site.url)
    kept = front.get(site.url)
    assert kept.hit
    assert "Talks collapse in Geneva" in kept.text

    call_command("restore", str(backup), interactive=False, verbosity=0)

    after = front.get(site.url)
    assert not after.hit
    assert "Talks resume in Geneva" in after.text
    assert "Talks collapse in Geneva" not in after.text


def _rewritten(backup, tmp_path, change):
    """A copy of ``backup`` whose manifest ``change`` edits."""
    copy = tmp_path / "changed.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            target.writestr(info, data)
    return copy


@pytest.fixture
def backup(site, tmp_path):
    path = tmp_path / "site.zip"
    call_command("backup", str(path), verbosity=0)
    return path


def _refused(path):
    titles_before = table_dump()
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path), interactive=False, verbosity=0)
    assert table_dump() == titles_before
    return str(refusal.value)


def test_a_damaged_file_is_refused_and_nothing_changes(backup, tmp_path):
    damaged = tmp_path / "damaged.zip"
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    damaged.write_bytes(bytes(data))

    message = _refused(damaged)

    assert str(damaged) in message
    assert "damaged" in message


def test_a_file_that_is_no_backup_is_refused(site, tmp_path):
    other = tmp_path / "export.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("posts.json", "[]")

    assert _refused(other) == f"{other}: not a Broadsheet backup (no readable manifest.json)."


def test_a_backup_of_another_database_is_refused(backup, tmp_path):
    other_vendor = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    changed = _rewritten(backup, tmp_path, lambda m: m.update(database_vendor=other_vendor))

    message = _refused(changed)

    assert f"holds a {other_vendor} database and this site runs on {connection.vendor}" in message


def test_a_backup_from_a_newer_version_is_refused(backup, tmp_path):
    changed = _rewritten(
        backup, tmp_path, lambda m: m["migrations"].append(["comments", "9999_from_the_future"])
    )

    message = _refused(changed)

    assert "made by a newer Broadsheet" in message
    assert "comments.9999_from_the_future" in message


def test_a_database_that_does_not_match_its_checksum_is_refused(backup, tmp_path):
    changed = _rewritten(
        backup, tmp_path, lambda m: m["checksums"].update(dict.fromkeys(m["checksums"], "0" * 64))
    )

    assert "does not match the manifest's SHA-256" in _refused(changed)
