"""The comments' work in the task worker (`manage.py db_worker`): their emails."""

from django.tasks import task
from django.utils import timezone

from broadsheet.comments import notifications


@task
def send_reply_notifications(*, reply_id: int) -> int:
    return notifications.reply_notifications_send(reply_id=reply_id)


@task
def send_moderation_digest() -> int:
    return notifications.moderation_digest_send(now=timezone.now())
