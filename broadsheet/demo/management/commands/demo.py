from django.core.management.base import BaseCommand

from broadsheet.demo.build import demo_site_create


class Command(BaseCommand):
    help = "Create the demo publication (posts, authors, categories, comments). Safe to re-run."

    def handle(self, *args, **options):
        created = demo_site_create()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo site ready: {created} posts created."))
        else:
            self.stdout.write("Demo site already present; nothing to do.")
