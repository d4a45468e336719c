from django.core.management.base import BaseCommand

from broadsheet.pagecache.nginx import nginx_config


class Command(BaseCommand):
    help = (
        "Print an nginx server block that serves kept pages from the page cache's files "
        "and passes the rest to the application."
    )

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="80", help="nginx's listen directive")
        parser.add_argument(
            "--upstream", default="127.0.0.1:8000", help="where the application listens"
        )
        parser.add_argument("--server-name", default="_", help="nginx's server_name")
        parser.add_argument(
            "--scheme",
            default="$scheme",
            help="http or https as the application sees requests (behind a TLS proxy: https)",
        )

    def handle(self, *args, **options):
        self.stdout.write(
            nginx_config(
                listen=options["listen"],
                upstream=options["upstream"],
                server_names=options["server_name"],
                scheme=options["scheme"],
            ),
            ending="",
        )
