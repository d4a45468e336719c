"""``manage.py restore IN``: put a backup in place of the site's database and media files."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.backup.errors import BackupError
from broadsheet.backup.services import backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Replace this site's database and media files with a backup made by "
        "`manage.py backup`. The file is checked whole first; a damaged or mismatched "
        "one is refused and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup file")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *, source, interactive, verbosity, **options):
        try:
            backup, manifest = backup_check(source=source)
            backup.close()
            if interactive and not self._confirmed(source, manifest):
                self.stdout.write("Restore cancelled; nothing changed.")
                return
            started = time.perf_counter()
            manifest = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(
                f"Restored {source} (made {manifest['created_at']}): database and "
                f"{manifest['media_files']} media files in {time.perf_counter() - started:.1f} s.\n"
                "Restart the web server, the task worker and the scheduler: they still hold "
                "what they read from the site before."
            )

    def _confirmed(self, source, manifest):
        answer = input(
            f"This replaces every post, comment, account and media file of this site with "
            f"the backup made {manifest['created_at']}.\nType 'yes' to go on: "
        )
        return answer.strip().lower() == "yes"
