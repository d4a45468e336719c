"""Reader pages of stories: the list, each story's timeline, and following one by email.

The list and the timelines are the same for every reader and kept by the page cache;
the follow form posts without a token (checked by origin, broadsheet.core.origin) and
answers with a redirect to the timeline with ``?follow=sent``, which no cache keeps.
The pages reached from an email belong to one follower: never cached, never indexed.
"""

import dataclasses

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.blog.pagination import paginate
from broadsheet.blog.seo import PageMeta, listing_meta
from broadsheet.core.caching import public_cache
from broadsheet.core.origin import same_origin_required
from broadsheet.engagement.readers import client_ip
from broadsheet.newsletter import ratelimit
from broadsheet.newsletter.tokens import InvalidToken
from broadsheet.pagecache.dependencies import depends_on, never_keep
from broadsheet.stories import cache_tags, services
from broadsheet.stories.forms import FollowForm
from broadsheet.stories.models import Story, StoryFollow
from broadsheet.stories.selectors import story_posts, timeline_days
from broadsheet.stories.tokens import FollowRequest, follow_request

STORIES_PER_PAGE = 20
# A timeline page: a long story reads on over a few pages, oldest first.
TIMELINE_PER_PAGE = 100
LIST_TITLE = "Stories"
LIST_DESCRIPTION = "Running stories, each post in order: the latest updated first."
# Form posts from one address, and emails to one mailbox, per hour (as the newsletter's).
POSTS_PER_READER = 10
EMAILS_PER_ADDRESS = 3
HOUR = 3600
GET_METHODS = ("GET", "HEAD")


@public_cache
def story_list(request):
    stories = paginate(request, Story.objects.shown(), per_page=STORIES_PER_PAGE)
    depends_on(cache_tags.STORIES)
    for story in stories:
        depends_on(cache_tags.story(story.pk), cache_tags.story_posts(story.pk))
    meta = listing_meta(
        request, title=LIST_TITLE, description=LIST_DESCRIPTION, page_number=stories.number
    )
    return TemplateResponse(
        request,
        "stories/story_list.html",
        {"stories": stories, "seo": meta, "description": LIST_DESCRIPTION},
    )


def _story_page(request, story, *, form, status=200):
    posts = paginate(request, story_posts(story), per_page=TIMELINE_PER_PAGE)
    if not posts.paginator.count:
        raise Http404("No published post in this story yet.")
    depends_on(cache_tags.story(story.pk), cache_tags.story_posts(story.pk))
    for post in posts:
        blog_cache_tags.declare_post_shown(post, byline=True)
    meta = listing_meta(
        request,
        title=story.title,
        description=story.summary or f"Every post on {story.title}, in order.",
        page_number=posts.number,
        trail=((LIST_TITLE, reverse("stories:list")), (story.title, story.get_absolute_url())),
    )
    if story.cover_image:
        meta = dataclasses.replace(meta, image=story.cover_image, image_alt=story.cover_image_alt)
    return TemplateResponse(
        request,
        "stories/story_detail.html",
        {
            "story": story,
            "posts": posts,
            "days": timeline_days(posts),
            # The newest post, wherever its page: "Latest update" leads to it.
            "latest": story_posts(story).reverse().first(),
            "latest_page": posts.paginator.num_pages,
            "form": form,
            "follow_sent": "follow" in request.GET,
            "seo": meta,
        },
        status=status,
    )


def _story(slug) -> Story:
    return get_object_or_404(Story.objects.select_related("cover_image"), slug=slug)


@public_cache
def story_detail(request, slug):
    return _story_page(request, _story(slug), form=FollowForm())


# Checked by origin, not by a token: the form sits on a page kept for every reader.
@same_origin_required
def story_follow(request, slug):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    story = _story(slug)
    response = _follow_post(request, story)
    add_never_cache_headers(response)
    return response


def _follow_post(request, story):
    form = FollowForm(request.POST)
    sent = HttpResponseRedirect(story.get_absolute_url() + "?follow=sent#follow")
    if form.is_spam_trap_filled():
        return sent  # Answer a bot as if all went well, and keep nothing.
    who = client_ip(request)
    if not ratelimit.allowed("story-follow", who, limit=POSTS_PER_READER, window_seconds=HOUR):
        form.add_error(None, "Too many requests from your address: please try again later.")
        return _not_kept(_story_page(request, story, form=form, status=429))
    if not form.is_valid():
        return _not_kept(_story_page(request, story, form=form, status=400))
    email = form.cleaned_data["email"]
    # Past the limit the mailbox gets nothing more, and the answer stays the same.
    if ratelimit.allowed(
        "story-follow-email", email, limit=EMAILS_PER_ADDRESS, window_seconds=HOUR
    ):
        services.story_follow_request(request=FollowRequest(email=email, story_id=story.pk))
    return sent


def _not_kept(response):
    never_keep()
    return response


def _page(request, template, *, title, status=200, **context):
    return TemplateResponse(
        request,
        template,
        {"seo": PageMeta(title=title, description=title), **context},
        status=status,
    )


# The confirmation email's link shows a button: mail scanners that open every link
# would otherwise make whoever a stranger typed in follow the story.
@never_cache
@same_origin_required
def follow_confirm(request, token):
    try:
        wanted = follow_request(token)
        story = Story.objects.get(pk=wanted.story_id)
    except (InvalidToken, Story.DoesNotExist) as error:
        expired = isinstance(error, InvalidToken) and error.expired
        return _page(
            request,
            "stories/confirm_failed.html",
            title="This link does not work",
            status=400,
            expired=expired,
        )
    if request.method in GET_METHODS:
        return _page(
            request, "stories/confirm.html", title="Follow this story", story=story, wanted=wanted
        )
    if request.method != "POST":
        return HttpResponseNotAllowed([*GET_METHODS, "POST"])
    follow = services.story_follow_confirm(request=wanted)
    following_path = reverse("stories:following", kwargs={"token": follow.token})
    return HttpResponseRedirect(following_path + "?welcome=1")


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here from their own servers,
# with no page shown. The secret link is the whole authority, so neither a token nor an
# origin is asked for; a GET (a reader's click, a scanner) only shows the button.
@never_cache
@csrf_exempt
def following(request, token):
    if not token or len(token) > StoryFollow._meta.get_field("token").max_length:
        raise Http404("No follower has this link.")
    follow = get_object_or_404(
        StoryFollow.objects.select_related("story", "subscriber"), token=token
    )
    if request.method == "POST":
        services.story_unfollow(follow=follow)
        follow.refresh_from_db()
    elif request.method not in GET_METHODS:
        return HttpResponseNotAllowed([*GET_METHODS, "POST"])
    return _page(
        request,
        "stories/following.html",
        title=f"Following “{follow.story.title}”",
        follow=follow,
        welcome="welcome" in request.GET and follow.is_active,
    )
