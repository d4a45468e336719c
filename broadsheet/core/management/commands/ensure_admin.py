import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create an administrator account when none exists, and print its name and a "
        "generated password once. Does nothing when an administrator exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS("Created an administrator account. Sign in at /admin/ with:\n")
            + f"    username: {username}\n    password: {password}\n"
            + "This password is shown only once: keep it, or change it in the admin."
        )
