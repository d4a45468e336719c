"""Stories travel in Broadsheet's JSON export, with the posts in them, and come back."""

import pytest

from broadsheet.blog.models import PostPage
from broadsheet.exporters.tests.exports import export, export_rewritten, json_document
from broadsheet.exporters.tests.site import example_site
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.services import files_import
from broadsheet.stories.models import Story, StoryPost

pytestmark = pytest.mark.django_db


def _post(document, title):
    return next(p for p in document["posts"] if p["content"]["title"] == title)


def test_export_describes_each_story_and_the_stories_of_each_post(tmp_path):
    site = example_site()
    document = json_document(export(tmp_path / "site.zip"))

    talks, markets = document["stories"]
    assert {k: talks[k] for k in ("slug", "title", "summary", "description", "is_open")} == {
        "slug": "iran-west-talks",
        "title": "Iran–West talks",
        "summary": "Round by round.",
        "description": "<p>From <b>Geneva</b> to Vienna.</p>",
        "is_open": True,
    }
    river = next(image for image in document["images"] if image["title"] == "A river at dusk")
    assert (talks["cover_image"], talks["cover_image_alt"]) == (
        river["id"],
        "The river where the delegates walked",
    )
    assert (markets["slug"], markets["is_open"]) == ("oil-markets", False)
    assert _post(document, "Talks resume in Geneva")["content"]["stories"] == ["iran-west-talks"]
    # What readers see of the oil post, and the editor's draft that adds a story.
    oil = _post(document, "Oil prices fall further")
    assert oil["live_content"]["stories"] == ["iran-west-talks"]
    assert oil["content"]["stories"] == ["iran-west-talks", "oil-markets"]
    assert site.oil.title == "Oil prices fall"


def test_import_brings_back_the_stories_and_who_is_in_them(tmp_path, client):
    example_site()
    archive = export(tmp_path / "site.zip")
    PostPage.objects.all().delete()
    Story.objects.all().delete()

    report = files_import(paths=[archive])

    assert report.counts[Kind.STORY, Outcome.CREATED] == 2
    timeline = client.get("/story/iran-west-talks/").text
    assert "Talks resume in Geneva" in timeline
    assert "Oil prices fall" in timeline
    oil = PostPage.objects.get(title="Oil prices fall")
    assert list(StoryPost.objects.filter(post=oil).values_list("story__slug", flat=True)) == [
        "iran-west-talks"
    ]
    draft = oil.get_latest_revision_as_object()
    assert sorted(m.story.slug for m in draft.story_memberships.all()) == [
        "iran-west-talks",
        "oil-markets",
    ]


def test_a_bad_story_is_refused_naming_the_story_and_the_field(tmp_path):
    example_site()
    archive = export(tmp_path / "site.zip")

    def bad_flag(document):
        document["stories"][1]["is_open"] = "yes"

    report = files_import(paths=[export_rewritten(archive, tmp_path, bad_flag)])

    problems = " ".join(str(problem) for problem in report.problems)
    assert "stories[1]" in problems
    assert "'is_open' should be true or false" in problems


def test_an_unknown_story_of_a_post_is_noted_and_the_post_stored(tmp_path):
    example_site()
    archive = export(tmp_path / "site.zip")
    PostPage.objects.all().delete()

    def unknown_story(document):
        _post(document, "Talks resume in Geneva")["content"]["stories"] = ["no-such-story"]

    report = files_import(paths=[export_rewritten(archive, tmp_path, unknown_story)])

    notes = " ".join(str(note) for note in report.notes)
    assert "its story 'no-such-story' is not among the export's stories" in notes
    assert PostPage.objects.filter(title="Talks resume in Geneva").exists()


def test_a_story_description_from_elsewhere_loses_its_scripts(tmp_path, client):
    example_site()
    archive = export(tmp_path / "site.zip")
    Story.objects.all().delete()

    def hostile(document):
        document["stories"][0]["description"] = (
            '<p onclick="steal()">Talks<script>steal()</script></p>'
        )

    files_import(paths=[export_rewritten(archive, tmp_path, hostile)])

    description = Story.objects.get(slug="iran-west-talks").description
    assert "script" not in description
    assert "onclick" not in description
    assert "Talks" in client.get("/story/iran-west-talks/").text
