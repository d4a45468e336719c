from django.apps import AppConfig


class BackupConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: the whole site in one file, and back."""

    name = "broadsheet.backup"
    label = "backup"
    verbose_name = "backup"
