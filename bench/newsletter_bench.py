"""How fast the newsletter goes out: emails a second to an SMTP server on loopback.

    .venv/bin/python bench/newsletter_bench.py [--subscribers 10000] [--rounds 1]

Makes a fresh SQLite site (the settings `make run` uses) with --subscribers subscribed
readers, publishes a post as an editor, and lets a real task worker (`manage.py
db_worker --batch`, a subprocess) send the issue to aiosmtpd on loopback, running in
this process. Then two baselines, each in a subprocess of its own: Django's SMTP
backend sending the same personal messages (composed the same way) over one
connection with no ledger at all, and plain smtplib sending one ready-made message
that many times.

Rates run from the first message's arrival at the server to the last. The ratio to
Django's backend is what the exactly-once ledger costs (a committed write before each
message's final dot and one after, a batch at a time); the one to plain smtplib adds
what composing each reader's message costs. Throttling is off (Settings → Newsletter,
"emails a minute": 0).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

from generated_site import ROOT, fresh_site

sys.path.insert(0, str(ROOT))

from broadsheet.core.tests.smtp import LoopbackSMTPServer


def _run(arguments: list[str], **options) -> None:
    # Only this script's own commands, with this Python.
    subprocess.run([sys.executable, *arguments], check=True, **options)


def _rate(server: LoopbackSMTPServer, start: int) -> tuple[int, float]:
    arrivals = server.arrivals[start:]
    span = arrivals[-1] - arrivals[0]
    return len(arrivals), (len(arrivals) - 1) / span if span else float("inf")


def _site_ready(subscribers: int) -> int:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import Site

    from broadsheet.blog.models import Author, PostPage
    from broadsheet.blog.services import post_publish, site_structure_ensure
    from broadsheet.blog.tests.factories import paragraphs_body
    from broadsheet.newsletter.models import NewsletterSettings, Subscriber

    index = site_structure_ensure()
    options = NewsletterSettings.for_site(Site.objects.get(is_default_site=True))
    options.emails_per_minute = 0
    options.save()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n}@example.org",
                name=f"Reader {n}",
                status=Subscriber.Status.ACTIVE,
                confirmed_at=now,
            )
            for n in range(subscribers)
        ),
        batch_size=1000,
    )
    post = PostPage(
        title="Talks resume in Geneva",
        slug="talks-resume-in-geneva",
        author=Author.objects.create(name="Desk Editor", slug="desk-editor"),
        excerpt="Delegations met on Monday for the first time since talks broke down.",
        body=paragraphs_body(*["More words follow in the body of the report. " * 20] * 5),
        live=False,
    )
    index.add_child(instance=post)
    editor = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    post_publish(post=post, user=editor)
    return post.pk


def _worker_send(folder: Path, server: LoopbackSMTPServer, *, profile: bool) -> None:
    # --profile: pyinstrument's report of the worker, in the folder's worker.html.
    profiler = (
        [
            "-m",
            "pyinstrument",
            "-r",
            "text",
            "-o",
            str(ROOT / "test-output" / "newsletter-worker-profile.txt"),
        ]
        if profile
        else []
    )
    _run(
        [*profiler, "manage.py", "db_worker", "--batch", "--queue-name", "*",
         "--no-reload", "--no-startup-delay", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "EMAIL_URL": server.url},
    )  # fmt: skip


_PLAIN_SMTPLIB = textwrap.dedent(
    """
    import smtplib, socket, sys
    host, port, count, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    content = open(path, "rb").read()
    with smtplib.SMTP(host, port) as smtp:
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for n in range(count):
            smtp.sendmail("newsletter@localhost", [f"reader{n}@example.org"], content)
    """
)


def _plain_send(server: LoopbackSMTPServer, count: int, sample: bytes) -> None:
    with tempfile.NamedTemporaryFile(suffix=".eml") as message:
        message.write(sample)
        message.flush()
        _run(["-c", _PLAIN_SMTPLIB, server.host, str(server.port), str(count), message.name])


_DJANGO_BACKEND = textwrap.dedent(
    """
    from django.core.mail import mailers
    from broadsheet.newsletter.composer import IssueComposer
    from broadsheet.newsletter.models import Issue, Subscriber

    composer = IssueComposer(Issue.objects.get())
    readers = list(Subscriber.objects.order_by("pk"))
    composer.follow([reader.pk for reader in readers])
    backend = mailers["newsletter"]
    backend.open()
    for reader in readers:
        backend.send_messages([composer.message(reader)])
    backend.close()
    """
)


def _django_send(server: LoopbackSMTPServer) -> None:
    _run(
        ["manage.py", "shell", "--no-imports", "-c", _DJANGO_BACKEND],
        cwd=ROOT,
        env={**os.environ, "EMAIL_URL": server.url},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the worker with pyinstrument (test-output/newsletter-worker-profile.txt)",
    )
    arguments = parser.parse_args()
    subscribers = arguments.subscribers
    server = LoopbackSMTPServer(parse=False)
    server.start()
    try:
        with fresh_site() as folder:
            print(f"Subscribing {subscribers} readers and publishing a post…", flush=True)
            _site_ready(subscribers)
            print("Sending with a task worker…", flush=True)
            _worker_send(folder, server, profile=arguments.profile)
            sent, newsletter_rate = _rate(server, 0)
            from broadsheet.newsletter.models import Delivery

            statuses = Counter(Delivery.objects.values_list("status", flat=True))
            recipients = Counter(r for m in server.messages for r in m.recipients)
            print(
                f"newsletter: {sent} emails, {newsletter_rate:.0f} emails/s "
                f"(deliveries: {dict(statuses)}; "
                f"{sum(1 for n in recipients.values() if n > 1)} readers got more than one)",
                flush=True,
            )
            print("Baseline: Django's SMTP backend, the same messages, no ledger…", flush=True)
            _django_send(server)
            _, django_rate = _rate(server, sent)
            print(f"Django's SMTP backend: {django_rate:.0f} emails/s", flush=True)
            print("Baseline: plain smtplib, one ready-made message…", flush=True)
            _plain_send(server, subscribers, server.messages[0].raw)
            _, plain_rate = _rate(server, 2 * sent)
            print(f"plain smtplib: {plain_rate:.0f} emails/s", flush=True)
            print(
                f"ratio: {newsletter_rate / django_rate:.2f} of Django's backend without the "
                f"ledger, {newsletter_rate / plain_rate:.2f} of plain smtplib"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
