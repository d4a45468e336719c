"""manage.py export OUT: the site out again, as Broadsheet's own export or WordPress's."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from broadsheet.exporters import broadsheet_json, wxr
from broadsheet.exporters.output import complete_file

FORMATS = {
    "json": "Broadsheet's own export: a zip of broadsheet.json and the pictures",
    "wxr": "a WordPress export (WXR 1.2), for Tools → Import → WordPress",
}


class Command(BaseCommand):
    help = (
        "Export the site: posts (drafts too), pages, authors, categories, tags, comments, "
        "redirects and pictures. --format json writes a zip that another Broadsheet imports "
        "with nothing lost; --format wxr writes a file WordPress imports."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, metavar="OUT", help="The file to write.")
        parser.add_argument(
            "--format",
            dest="format_name",
            choices=sorted(FORMATS),
            default="json",
            help="; ".join(f"{name}: {description}" for name, description in FORMATS.items()),
        )
        parser.add_argument(
            "--base-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help=(
                "This site's address, for the links and pictures of a WordPress export "
                "(default: %(default)s)."
            ),
        )

    def handle(self, *args, out, format_name, base_url, **options):
        if not out.parent.is_dir():
            raise CommandError(f"{out}: the folder {out.parent} does not exist; create it first.")
        if out.is_dir():
            raise CommandError(f"{out} is a folder; give the name of a file to write.")
        notes: list[str] = []
        try:
            with complete_file(out) as file:
                if format_name == "json":
                    notes = broadsheet_json.archive_write(file)
                else:
                    wxr.export_write(file, base_url=base_url)
        except OSError as error:
            raise CommandError(f"{out}: cannot be written ({error.strerror or error})") from error
        for note in notes:
            self.stderr.write(f"note: {note}")
        if options["verbosity"]:
            self.stdout.write(f"Exported the site to {out} ({FORMATS[format_name]}).")
