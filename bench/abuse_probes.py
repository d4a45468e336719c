"""What one abusive client gets: comments accepted per minute, and sign-ins before lockout.

    .venv/bin/python bench/abuse_probes.py [--seconds 60]

Makes a fresh SQLite site (demo content) with the settings `make run` uses, and sends
requests through Django's whole middleware stack (the test client: no network, so the
figures are the application's own limits, not the server's speed).

- Comments: one client (one address, one browser) posts as fast as it can for --seconds,
  first with the limits off (the baseline), then with the site's default limits; prints
  what each accepted and their ratio. The limits count per hour, so with the default
  --seconds 60 the figure is comments accepted per minute, and all of that hour's.
- Comments, rotating user agents: the same client changing its user agent every time.
- Sign-in: wrong passwords for `admin` until the site answers with the pause page, then
  the right one.
"""

import argparse
import time

from generated_site import fresh_site


def _comment_flood(client, post, *, seconds, rotate_user_agent=False):
    accepted = refused = 0
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        agent = f"Mozilla/5.0 Flood/{n}" if rotate_user_agent else "Mozilla/5.0 Flood"
        response = client.post(
            f"/post/{post.slug}/comments/",
            {"author_name": "Flood", "body": f"Comment {n}"},
            headers={"user-agent": agent},
            REMOTE_ADDR="203.0.113.9",
        )
        if response.status_code == 302:
            accepted += 1
        elif response.status_code == 429:
            refused += 1
        else:
            raise SystemExit(f"unexpected answer {response.status_code}")
    return accepted, refused


def _set_limits(**values):
    from wagtail.models import Site

    from broadsheet.comments.models import CommentSettings

    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each flood")
    seconds = parser.parse_args().seconds
    with fresh_site():
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import Client

        from broadsheet.blog.models import PostPage

        call_command("demo", verbosity=0)
        post = PostPage.objects.live().first()
        client = Client()
        per_minute = 60 / seconds

        _set_limits(reader_limit_per_hour=0, address_limit_per_hour=0, post_limit_per_hour=0)
        base_accepted, _ = _comment_flood(client, post, seconds=seconds)
        print(f"comments, limits off (baseline): {base_accepted * per_minute:.0f} accepted/min")

        cache.clear()
        _set_limits(reader_limit_per_hour=10, address_limit_per_hour=30, post_limit_per_hour=120)
        accepted, refused = _comment_flood(client, post, seconds=seconds)
        # The limits count per hour: what gets through in the first seconds is all that
        # gets through that hour, so no extrapolation to a minute.
        print(
            f"comments, default limits: {accepted} accepted and {refused} refused (429) in "
            f"{seconds:.0f} s, against {base_accepted} with the limits off "
            f"(×{accepted / base_accepted:.4f}); the rest of the hour is refused too"
        )
        cache.clear()
        accepted, refused = _comment_flood(client, post, seconds=seconds, rotate_user_agent=True)
        print(
            f"comments, new user agent each time: {accepted} accepted, {refused} refused in "
            f"{seconds:.0f} s"
        )

        get_user_model().objects.create_superuser("admin", "a@example.org", "the right one")
        tries = 0
        while True:
            tries += 1
            response = client.post(
                "/admin/login/", {"username": "admin", "password": f"wrong {tries}"}
            )
            if response.status_code == 429 or tries >= 1000:
                break
        right = client.post("/admin/login/", {"username": "admin", "password": "the right one"})
        print(
            f"sign-in: wrong password {tries} times, the {tries}th answered with the pause "
            f"page (429); then the right password: {right.status_code} "
            f"({'refused' if right.status_code == 429 else 'accepted'})"
        )


if __name__ == "__main__":
    main()
