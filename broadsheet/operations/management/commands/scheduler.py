"""``manage.py scheduler``: every minute, for ever, the jobs that run on the clock.

Wagtail publishes a scheduled page only when ``publish_scheduled`` runs, and nothing else
runs it; the newsletter's weekly digest and the moderators' email are queued when due by
``newsletter_digest`` and ``comments_moderation_digest``. This loop is what `make run`
and the production examples (deploy/) start beside the web server and the task worker. A
locked database delays a round; it never ends the loop. Anything else that goes wrong is
logged and the next round tries again.
"""

import logging
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from broadsheet.core.database import is_database_busy

logger = logging.getLogger("broadsheet.scheduler")

EVERY_SECONDS = 60
# Each round runs these, in this order; one failing does not stop the others.
COMMANDS = ("publish_scheduled", "newsletter_digest", "comments_moderation_digest")
BUSY_RETRY_SECONDS = 5
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Command(BaseCommand):
    help = "Publish scheduled pages and queue due digests every minute until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=EVERY_SECONDS, help="seconds between rounds"
        )
        parser.add_argument("--once", action="store_true", help="run one round, then stop")

    def handle(self, *, every, once, **options):
        stop = threading.Event()
        previous = {s: signal.signal(s, lambda *_: stop.set()) for s in STOP_SIGNALS}
        try:
            self._rounds(every=every, once=once, stop=stop)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _rounds(self, *, every, once, stop):
        while True:
            wait = every
            for command in COMMANDS:
                try:
                    call_command(command, verbosity=0)
                except Exception as error:
                    if not is_database_busy(error):
                        logger.exception("Scheduler: %s failed.", command)
                    else:
                        logger.warning(
                            "Scheduler: the database is locked; trying again in %d s.",
                            BUSY_RETRY_SECONDS,
                        )
                        wait = min(every, BUSY_RETRY_SECONDS)
            if once or stop.wait(wait):
                return
            # Between rounds, as between requests: a connection that broke or grew old
            # is replaced.
            close_old_connections()
