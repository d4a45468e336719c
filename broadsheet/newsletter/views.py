"""The reader's side: subscribe, confirm, change preferences, unsubscribe.

The subscribe page and the form under each post are the same for every reader (no
token, no cookie), checked by origin (broadsheet.core.origin), and answer through a
redirect to a page that is the same whether the address was new or known; the page
cache keeps those pages. The pages reached from an email belong to one subscriber:
never cached (private, so the page cache never keeps them), never indexed, found by the
secret in their address.
"""

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from broadsheet.blog.seo import PageMeta
from broadsheet.core.caching import public_cache, set_public_cache
from broadsheet.core.fields import max_length
from broadsheet.core.origin import same_origin_required
from broadsheet.engagement.readers import client_ip
from broadsheet.newsletter import ratelimit, services
from broadsheet.newsletter.cache_tags import declare_sections_shown
from broadsheet.newsletter.forms import PreferencesForm, SubscribeForm
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tokens import InvalidToken, confirmation_request
from broadsheet.pagecache.dependencies import STATIC, depends_on

# Form posts from one address, and emails to one mailbox, per hour.
POSTS_PER_READER = 10
EMAILS_PER_ADDRESS = 3
HOUR = 3600
GET_METHODS = ("GET", "HEAD")
# What the preferences page says after a redirect to it, by query string.
NOTICES = ("welcome", "saved", "resubscribed")


def _page(request, template, *, title, status=200, **context):
    meta = PageMeta(title=title, description=title)
    return TemplateResponse(request, template, {"seo": meta, **context}, status=status)


def _subscribe_page(request, form, *, status=200, limited=False):
    return _page(
        request,
        "newsletter/subscribe.html",
        title="Subscribe",
        status=status,
        form=form,
        limited=limited,
    )


# Checked by origin, not by a token: the same form sits on every post page.
@same_origin_required
def subscribe(request):
    if request.method in GET_METHODS:
        # Kept by the page cache until the sections it offers change.
        declare_sections_shown()
        return set_public_cache(_subscribe_page(request, SubscribeForm()))
    if request.method != "POST":
        return HttpResponseNotAllowed([*GET_METHODS, "POST"])
    response = _subscribe_post(request)
    add_never_cache_headers(response)
    return response


def _subscribe_post(request):
    form = SubscribeForm(request.POST)
    sent = HttpResponseRedirect(reverse("newsletter:sent"))
    if form.is_spam_trap_filled():
        # Answer a bot as if all went well, and keep nothing.
        return sent
    if not ratelimit.allowed(
        "subscribe", client_ip(request), limit=POSTS_PER_READER, window_seconds=HOUR
    ):
        return _subscribe_page(request, form, status=429, limited=True)
    if not form.is_valid():
        return _subscribe_page(request, form, status=400)
    subscription = form.subscription_request()
    # Past the limit the mailbox gets nothing more, and the answer stays the same.
    if ratelimit.allowed(
        "subscribe-email", subscription.email, limit=EMAILS_PER_ADDRESS, window_seconds=HOUR
    ):
        services.subscription_request(request=subscription)
    return sent


@public_cache
def sent(request):
    # The same words for everyone, whatever was typed: kept until the whole site changes.
    depends_on(STATIC)
    return _page(request, "newsletter/sent.html", title="Check your inbox")


# The link in the confirmation email shows a button: mail scanners that open every
# link would otherwise subscribe whoever a stranger typed in.
@never_cache
@same_origin_required
def confirm(request, token):
    try:
        subscription = confirmation_request(token)
    except InvalidToken as error:
        return _page(
            request,
            "newsletter/confirm_failed.html",
            title="This link does not work",
            status=400,
            expired=error.expired,
            form=SubscribeForm(),
        )
    if request.method in GET_METHODS:
        return _page(request, "newsletter/confirm.html", title="Confirm", subscription=subscription)
    if request.method != "POST":
        return HttpResponseNotAllowed([*GET_METHODS, "POST"])
    subscriber, _ = services.subscription_confirm(request=subscription)
    return HttpResponseRedirect(
        reverse("newsletter:manage", kwargs={"token": subscriber.token}) + "?welcome=1"
    )


def _subscriber(token) -> Subscriber:
    if not token or len(token) > max_length(Subscriber, "token"):
        raise Http404("No subscriber has this link.")
    return get_object_or_404(Subscriber, token=token)


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, from their own servers
# and with no page shown. The secret link is the whole authority, so neither a token
# nor an origin is asked for; a GET (a reader's click, a scanner) only shows the button.
@never_cache
@csrf_exempt
def unsubscribe(request, token):
    subscriber = _subscriber(token)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        subscriber.refresh_from_db()
        return _page(
            request, "newsletter/unsubscribed.html", title="Unsubscribed", subscriber=subscriber
        )
    if request.method not in GET_METHODS:
        return HttpResponseNotAllowed([*GET_METHODS, "POST"])
    return _page(request, "newsletter/unsubscribe.html", title="Unsubscribe", subscriber=subscriber)


@never_cache
@same_origin_required
def manage(request, token):
    subscriber = _subscriber(token)
    here = reverse("newsletter:manage", kwargs={"token": token})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "resubscribe":
            services.subscriber_resubscribe(subscriber=subscriber)
            return HttpResponseRedirect(here + "?resubscribed=1")
        form = PreferencesForm(request.POST, instance=subscriber)
        if form.is_valid():
            services.subscriber_preferences_update(
                subscriber=subscriber,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                categories=form.cleaned_data["categories"],
            )
            return HttpResponseRedirect(here + "?saved=1")
        status = 400
    elif request.method in GET_METHODS:
        form, status = PreferencesForm(instance=subscriber), 200
    else:
        return HttpResponseNotAllowed([*GET_METHODS, "POST"])
    return _page(
        request,
        "newsletter/manage.html",
        title="Your subscription",
        status=status,
        form=form,
        subscriber=subscriber,
        notice=next((key for key in NOTICES if key in request.GET), ""),
    )
