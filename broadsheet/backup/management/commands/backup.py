"""``manage.py backup OUT``: the whole site (database and media files) in one file."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.backup.errors import BackupError
from broadsheet.backup.services import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into one file, while the site keeps "
        "serving. The file holds commenters' email addresses unless "
        "--without-personal-data is given: keep it as private as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="the backup file to write, e.g. site.zip")
        parser.add_argument(
            "--without-personal-data",
            action="store_true",
            help=(
                "leave out commenters' email addresses, websites and address hashes, "
                "sign-in attempts, like and view hashes, and newsletter subscribers"
            ),
        )

    def handle(self, *, out, without_personal_data, verbosity, **options):
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: no such folder for the backup.")
        started = time.perf_counter()
        try:
            manifest = backup_create(out=out, without_personal_data=without_personal_data)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            size = out.stat().st_size / 1024**2
            personal = (
                "it holds commenters' email addresses: keep it private"
                if manifest["personal_data"]
                else "without personal data"
            )
            self.stdout.write(
                f"Backed up to {out}: {manifest['database_vendor']} database and "
                f"{manifest['media_files']} media files, {size:.1f} MB in "
                f"{time.perf_counter() - started:.1f} s; {personal}."
            )
