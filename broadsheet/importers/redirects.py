"""An imported page's old addresses, each a permanent redirect to where it lives now."""

from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from broadsheet.importers.results import Changes, Kind, Outcome

_OLD_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


def old_path(url: str) -> str | None:
    """The path and query of an old address (a full URL or a path), normalised the way
    Wagtail's redirects store it; None when it is not a web address."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or not (parts.scheme or url.startswith("/")):
        return None
    return Redirect.normalise_path(urlunsplit(("", "", parts.path or "/", parts.query, "")))


def redirects_store(
    *,
    page: Page,
    old_urls: Iterable[str],
    changes: Changes,
    taken_paths: Iterable[str] = (),
) -> None:
    """A site-wide permanent redirect from each of ``old_urls`` to ``page``.

    A path an earlier import (or an editor) already redirects is pointed at ``page``.
    ``taken_paths`` are addresses this site's own pages answer (the blog's list of
    posts), which a redirect could never take over.
    """
    paths = _paths_wanted(page, old_urls, changes, taken_paths)
    if not paths:
        return
    existing = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.filter(old_path__in=paths, site=None).select_related(
            "redirect_page"
        )
    }
    for path in paths:
        redirect = existing.get(path)
        if redirect is not None and _claimed_by_another_import(redirect, page):
            # Two items of a source gave one address (a damaged export, a copied post):
            # the first keeps it, so that importing again never swaps them round.
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
            changes.note(f"old address {path} leads to another imported page already; left so")
            continue
        changes.count(Kind.REDIRECT, _redirect_ensure(path, page, redirect))


def redirects_add(
    *, pages: Iterable[tuple[Page, Iterable[str], Changes]], taken_paths: Iterable[str] = ()
) -> None:
    """What ``redirects_store`` does for each of ``pages``' old addresses, in one write,
    for new pages whose old addresses no redirect has yet (``redirected_paths`` tells)."""
    taken_paths = tuple(taken_paths)
    new = []
    for page, old_urls, changes in pages:
        taken = {*taken_paths} - {page.url}
        for path in _paths_wanted(page, old_urls, changes, taken):
            new.append(Redirect(old_path=path, site=None, redirect_page=page, is_permanent=True))
            changes.count(Kind.REDIRECT, Outcome.CREATED)
    Redirect.objects.bulk_create(new)


def redirected_paths(old_urls: Iterable[str]) -> set[str]:
    """Which of ``old_urls``' paths a site-wide redirect answers already."""
    paths = {path for url in old_urls if (path := old_path(url)) is not None}
    return set(
        Redirect.objects.filter(old_path__in=paths, site=None).values_list("old_path", flat=True)
    )


def _paths_wanted(
    page: Page, old_urls: Iterable[str], changes: Changes, taken_paths: Iterable[str]
) -> dict[str, None]:
    """The paths of ``old_urls`` to redirect to ``page``, each once, in their order; why
    the others are not is noted in ``changes``."""
    new_path = Redirect.normalise_path(urlsplit(page.get_url()).path)
    taken = {Redirect.normalise_path(path) for path in taken_paths}
    paths: dict[str, None] = {}
    for url in old_urls:
        path = old_path(url)
        if path is None:
            changes.note(f"old address {url!r} is not a web address: no redirect from it")
        elif path in taken:
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
            changes.note(f"old address {url!r} is one of this site's own pages: not redirected")
        elif path == new_path:
            # The page kept its address: nothing to redirect.
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
        elif path == "/":
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
            changes.note(f"old address {url!r} is the home page: no redirect from it")
        elif len(path) > _OLD_PATH_LENGTH:
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
            changes.note(f"old address {url!r} is too long for a redirect")
        else:
            # The same address may come written two ways ("https://old.example/?p=1", "/?p=1").
            paths[path] = None
    return paths


def _claimed_by_another_import(redirect: Redirect, page: Page) -> bool:
    target = redirect.redirect_page
    if target is None or target.pk == page.pk:
        return False
    return bool(getattr(target.specific, "source_id", ""))


def listing_redirect_store(*, old_url: str, target: str, changes: Changes) -> None:
    """A permanent redirect from an old listing's address to ``target``, this site's path
    for the same listing (a category's, a tag's, an author's)."""
    path = old_path(old_url)
    if path is None or path == Redirect.normalise_path(target) or len(path) > _OLD_PATH_LENGTH:
        changes.count(Kind.REDIRECT, Outcome.SKIPPED)
        return
    redirect = Redirect.objects.filter(old_path=path, site=None).first()
    if redirect is None:
        Redirect.objects.create(old_path=path, site=None, redirect_link=target, is_permanent=True)
        changes.count(Kind.REDIRECT, Outcome.CREATED)
    elif redirect.redirect_page_id is not None:
        # A post or page of the archive claimed this address: it stays theirs.
        changes.count(Kind.REDIRECT, Outcome.SKIPPED)
    elif redirect.redirect_link == target and redirect.is_permanent:
        changes.count(Kind.REDIRECT, Outcome.UNCHANGED)
    else:
        redirect.redirect_link, redirect.is_permanent = target, True
        redirect.save()
        changes.count(Kind.REDIRECT, Outcome.UPDATED)


def _redirect_ensure(path: str, page: Page, redirect: Redirect | None) -> Outcome:
    if redirect is None:
        Redirect.objects.create(old_path=path, site=None, redirect_page=page, is_permanent=True)
        return Outcome.CREATED
    if (
        redirect.redirect_page_id == page.pk
        and redirect.is_permanent
        and not redirect.redirect_page_route_path
    ):
        return Outcome.UNCHANGED
    redirect.redirect_page = page
    redirect.redirect_page_route_path = ""
    redirect.redirect_link = ""
    redirect.is_permanent = True
    redirect.save()
    return Outcome.UPDATED
