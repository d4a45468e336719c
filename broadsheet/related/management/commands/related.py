"""`manage.py related --rebuild`: every post's Related coverage worked out afresh."""

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from broadsheet.related.services import related_rebuild


class Command(BaseCommand):
    help = "Work out every published post's Related coverage again (after a bulk change)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Score every published post afresh."
        )

    def handle(self, *args, rebuild=False, **options):
        if not rebuild:
            raise CommandError("Say what to do: --rebuild scores every published post afresh.")
        with Progress(transient=True) as bar:
            job = bar.add_task("Related coverage", total=None)

            def progress(done, total):
                bar.update(job, completed=done, total=total)

            count = related_rebuild(progress=progress)
        self.stdout.write(f"Related coverage worked out for {count} posts.")
