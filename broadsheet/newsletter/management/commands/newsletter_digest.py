"""Queue the weekly digest once its day and hour have come (Settings → Newsletter).

Safe to run as often as you like: each week's digest is queued once. `make run` runs it
every minute with `publish_scheduled`; in production, run it from the same cron job or
systemd timer.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from broadsheet.newsletter.services import digest_queue


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        issue = digest_queue(now=timezone.now())
        if issue is None:
            if options["verbosity"] > 1:
                self.stdout.write("No digest due: queued already, or no post this week.")
            return
        self.stdout.write(
            f"Queued the weekly digest of {issue.digest_posts.count()} posts for "
            f"{issue.deliveries.count()} subscribers."
        )
