"""A small site with one of everything an export must carry; dates pinned."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site
from wagtail.rich_text import RichText

from broadsheet.blog.models import Author, BlogIndexPage, Category, PostPage, TagDescription
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.corrections.services import correction_record
from broadsheet.pages.models import StandardPage
from broadsheet.stories.models import Story, StoryPost

# Far enough ahead to stay in the future for as long as these tests are run.
GO_LIVE = dt.datetime(2099, 1, 5, 9, 0, tzinfo=timezone.get_current_timezone())


@dataclass
class ExampleSite:
    blog_index: BlogIndexPage
    author: Author
    other_author: Author
    region: Category
    country: Category
    talks: PostPage
    oil: PostPage
    draft: PostPage
    scheduled: PostPage
    about: StandardPage


def example_site() -> ExampleSite:
    """Posts with every kind of block, filing, comments and state; a page; redirects."""
    blog_index = factories.blog_index()
    river = factories.image("A river at dusk")
    river.description = "The Karun at dusk, boats moored"
    river.focal_point_x, river.focal_point_y = 30, 20
    river.focal_point_width, river.focal_point_height = 10, 8
    river.save()
    portrait = factories.image("Portrait of Maryam", width=40, height=40)
    factories.image("Never used, kept in the library", width=20, height=20)
    author = factories.author("Maryam Rahimi", bio="Covers Iran and the Gulf.", photo=portrait)
    other_author = factories.author("Desk Editor")
    region = factories.category("Middle East", description="News from the region.")
    country = factories.category("Iran", parent=region)
    factories.category("Unused", description="No post is filed here.")

    oil = factories.post(
        "Oil prices fall",
        author=other_author,
        paragraphs=("Brent fell by four percent.",),
        tags=["oil"],
        category=region,
    )
    talks = factories.post(
        "Talks resume in Geneva",
        author=author,
        body=[],
        tags=["diplomacy", "Iran"],
        category=country,
        excerpt="Delegations met on Monday.",
        cover_image=river,
        cover_image_alt="Boats on the Karun",
        cover_image_caption="Fishing boats on the Karun at Ahvaz.",
        cover_image_credit="Photo: the desk",
        sticky=True,
        language="fa",
        seo_title="Geneva talks resume",
        search_description="The talks resumed on Monday.",
    )
    TagDescription.objects.create(
        tag=talks.tags.get(name="diplomacy"), description="Talks, treaties and mediators."
    )
    draft = factories.post(
        "Sanctions explained",
        author=author,
        publish=False,
        paragraphs=("A draft, never published.",),
    )
    # The body links to a post before it, to one after it, and to the blog index.
    talks.body = [
        ("heading", {"text": "What was agreed", "level": "h2"}),
        (
            "paragraph",
            RichText(
                f'<p>As <a linktype="page" id="{oil.pk}">oil fell</a>, <b>talks</b> went on '
                f'(<a linktype="page" id="{draft.pk}">sanctions</a>; '
                f'<a linktype="page" id="{blog_index.pk}">all posts</a>).</p>'
            ),
        ),
        ("quote", {"quote": "We are closer.\nNot there yet.", "attribution": "A delegate"}),
        (
            "image",
            {"image": river, "alt_text": "Boats moored", "caption": "Dusk", "credit": "M. R."},
        ),
        ("html", "<table><tr><th>Round</th><td>2</td></tr></table>"),
    ]
    talks.save_revision().publish()
    for kind, note, day in (
        ("correction", "An earlier version named the wrong city: <Geneva> & not Vienna.", 6),
        ("update", "Adds the second round.", 7),
    ):
        correction_record(
            post=talks,
            kind=kind,
            note=note,
            revision=talks.live_revision,
            previous_revision=None,
            published_at=dt.datetime(2024, 3, day, 9, 0, tzinfo=timezone.get_current_timezone()),
        )
    # A story holding two posts; a second one, held by the oil post's unpublished draft
    # only: an editor's changes to it, saved but not yet published.
    iran_talks = Story.objects.create(
        title="Iran–West talks",
        slug="iran-west-talks",
        summary="Round by round.",
        description="<p>From <b>Geneva</b> to Vienna.</p>",
        cover_image=river,
        cover_image_alt="The river where the delegates walked",
    )
    markets = Story.objects.create(title="Oil markets", slug="oil-markets", is_open=False)
    for post, stories in ((talks, [iran_talks]), (oil, [iran_talks])):
        post.story_memberships.set([StoryPost(story=story) for story in stories])
        post.save_revision().publish()
    edited = PostPage.objects.get(pk=oil.pk).get_latest_revision_as_object()
    edited.title = "Oil prices fall further"
    edited.body = factories.paragraphs_body("Brent fell by six percent.")
    edited.story_memberships.set([StoryPost(story=iran_talks), StoryPost(story=markets)])
    edited.save_revision()

    scheduled = factories.post(
        "Election day",
        author=author,
        publish=False,
        paragraphs=("Polls open at eight.",),
    )
    scheduled.go_live_at = GO_LIVE
    scheduled.save_revision().publish()

    first = factories.comment(
        talks, author_name="Ali", author_email="ali@example.com", author_url="https://ali.example"
    )
    factories.comment(talks, author_name="Sara", parent=first, body="Agreed.\nSecond line.")
    factories.comment(talks, status=Comment.Status.PENDING)
    factories.comment(talks, status=Comment.Status.SPAM, body="Buy now")
    factories.comment(talks, status=Comment.Status.REJECTED)

    about = StandardPage(
        title="About",
        slug="about",
        body=[
            ("paragraph", RichText(f'<p>We write <a linktype="page" id="{talks.pk}">news</a>.</p>'))
        ],
        seo_title="About the desk",
        show_in_menus=True,
    )
    blog_index.get_parent().add_child(instance=about)
    about.save_revision().publish()

    Redirect.objects.create(old_path="/old-talks", redirect_page=talks, is_permanent=True)
    Redirect.objects.create(
        old_path="/elsewhere", redirect_link="https://example.com/", is_permanent=False
    )
    Redirect.objects.create(
        old_path="/2020/about.html",
        redirect_page=about,
        site=Site.objects.get(is_default_site=True),
    )
    return ExampleSite(
        blog_index=blog_index,
        author=author,
        other_author=other_author,
        region=region,
        country=country,
        talks=PostPage.objects.get(pk=talks.pk),
        oil=PostPage.objects.get(pk=oil.pk),
        draft=draft,
        scheduled=PostPage.objects.get(pk=scheduled.pk),
        about=StandardPage.objects.get(pk=about.pk),
    )
