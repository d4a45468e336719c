"""The newsletter in the admin: issues with their progress, subscribers, CSV in and out."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Delivery, Issue, Subscriber
from broadsheet.newsletter.tests.factories import editor, published_by_editor, subscriber


@pytest.fixture
def admin_client(client):
    client.force_login(editor())
    return client


def csv_upload(text: str, name="readers.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_each_issue_shows_how_many_were_queued_sent_and_failed(admin_client):
    subscriber("ana@example.org")
    subscriber("bob@example.org")
    published_by_editor("Talks resume in Geneva")
    issue = Issue.objects.get()
    Delivery.objects.filter(subscriber__email="bob@example.org").update(
        status=Delivery.Status.FAILED, error="RCPT TO bob@example.org: 550 No such mailbox"
    )

    listing = admin_client.get(reverse("newsletter_issues")).content.decode()
    detail = admin_client.get(reverse("newsletter_issue", args=[issue.pk])).content.decode()

    row = listing[listing.index("Talks resume in Geneva") :]
    row = row[: row.index("</tr>")]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")[1:6]]
    assert cells == ["2", "0", "1", "1", "0"]
    assert "550 No such mailbox" in detail
    assert "<strong>2</strong> subscribed" in listing


def test_the_dashboard_counts_subscribers_and_who_joined_lately(admin_client):
    subscriber("ana@example.org")
    subscriber("bob@example.org", status=Subscriber.Status.PENDING)

    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "1 subscriber</a> · 1 joined and 0 left in the last four weeks" in dashboard
    assert "1 waiting for confirmation" in dashboard


def test_subscribers_download_as_csv_that_the_import_reads_back(admin_client):
    subscriber("ana@example.org", name="Ana Lima")
    subscriber("bob@example.org", status=Subscriber.Status.UNSUBSCRIBED)

    response = admin_client.get(
        reverse("wagtailsnippets_newsletter_subscriber:list"), {"export": "csv"}
    )

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {(row["Email"], row["Name"], row["Status"]) for row in rows} == {
        ("ana@example.org", "Ana Lima", "active"),
        ("bob@example.org", "", "unsubscribed"),
    }


def test_a_csv_import_subscribes_the_confirmed_and_asks_the_others_to_confirm(admin_client):
    europe = blog.category("Europe")
    subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    upload = csv_upload(
        "Email,Name,Status,Created_at,Categories\n"
        "Ana@Example.org,Ana Lima,active,2024-03-01,europe\n"
        "bob@example.org,Bob,,2024-03-02,\n"
        "gone@example.org,Gone,active,,\n"
        "left@example.org,,unsubscribed,,\n"
    )

    response = admin_client.post(reverse("newsletter_import"), {"file": upload}, follow=True)

    states = dict(Subscriber.objects.values_list("email", "status"))
    assert states == {
        "ana@example.org": "active",
        "bob@example.org": "pending",
        "gone@example.org": "unsubscribed",
        "left@example.org": "unsubscribed",
    }
    assert list(Subscriber.objects.get(email="ana@example.org").categories.all()) == [europe]
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    assert "Confirm your subscription" in mail.outbox[0].subject
    assert (
        "readers.csv: 1 subscribed, 1 asked to confirm by email, 1 unsubscribed, "
        "1 already on the list." in response.content.decode()
    )


def test_a_bad_csv_names_each_bad_line_and_imports_nothing(admin_client):
    upload = csv_upload(
        "email,name,categories\n"
        "ana@example.org,Ana,\n"
        "not-an-address,Bob,\n"
        "carla@example.org,Carla,nowhere\n"
    )

    response = admin_client.post(reverse("newsletter_import"), {"file": upload})

    page = response.content.decode()
    assert response.status_code == 400
    assert "readers.csv: nothing was imported" in page
    assert "line 3 (&#x27;not-an-address&#x27;): Please enter a valid email address." in page
    assert (
        "line 4 (&#x27;carla@example.org&#x27;): no category &#x27;nowhere&#x27; on this site"
        in page
    )
    assert not Subscriber.objects.exists()


def test_a_file_without_an_email_column_is_refused(admin_client):
    response = admin_client.post(
        reverse("newsletter_import"), {"file": csv_upload("name\nAna\n", name="names.csv")}
    )

    assert "line 1: no email column" in response.content.decode()


def test_only_editors_allowed_to_manage_subscribers_see_the_newsletter(client):
    from django.contrib.auth.models import Group, Permission, User

    moderator = User.objects.create_user("moderator", password="x")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    moderator.groups.add(group)
    client.force_login(moderator)

    # Wagtail answers a permission refused with the dashboard and a message.
    for name in ("newsletter_issues", "newsletter_import"):
        response = client.get(reverse(name))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "Newsletter" not in client.get("/admin/").content.decode()


def test_an_address_added_in_the_admin_is_stored_as_the_form_stores_it(admin_client):
    subscriber("ana@example.org")
    add = reverse("wagtailsnippets_newsletter_subscriber:add")
    fields = {"name": "", "status": "active", "frequency": "each_post"}

    duplicate = admin_client.post(add, {**fields, "email": " ANA@Example.org"})
    added = admin_client.post(add, {**fields, "email": "Bob@Example.ORG"})

    assert duplicate.status_code == 200
    assert "already exists" in duplicate.content.decode()
    assert added.status_code == 302
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "bob@example.org",
    ]
