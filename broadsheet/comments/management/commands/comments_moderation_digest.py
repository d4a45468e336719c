"""Queue the moderators' email about comments awaiting approval, when it is due.

How often is *Settings → Comments* (each comment, hourly, daily or never). Safe to run as
often as you like: `make run` runs it every minute with `publish_scheduled`; in
production, run it from the same cron job or systemd timer.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from broadsheet.comments.notifications import digest_due
from broadsheet.comments.tasks import send_moderation_digest


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        if not digest_due(now=timezone.now()):
            if options["verbosity"] > 1:
                self.stdout.write("No moderators' email due.")
            return
        send_moderation_digest.enqueue()
        self.stdout.write("Queued the moderators' email about comments awaiting approval.")
