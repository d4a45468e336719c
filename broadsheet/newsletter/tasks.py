"""The newsletter's work in the task worker (`manage.py db_worker`)."""

from django.tasks import task

from broadsheet.newsletter import emails, sending, services
from broadsheet.newsletter.tokens import SubscriptionRequest


@task
def queue_post_issue(*, post_id: int) -> int | None:
    """Queue a just-published post's email; the issue's id, or None if not sent."""
    issue = services.issue_for_post_queue(post_id=post_id)
    return issue.pk if issue else None


@task
def send_batch(*, batch_id: int) -> dict[str, int]:
    return sending.batch_send(batch_id=batch_id)


@task
def watch_issue(*, issue_id: int) -> int:
    return sending.issue_watch(issue_id=issue_id)


@task
def send_subscription_email(*, email: str, name: str, category_ids: list[int], frequency: str):
    """A confirmation link, or "you are subscribed already" for a subscribed address."""
    emails.subscription_email_send(
        request=SubscriptionRequest(
            email=email, name=name, category_ids=tuple(category_ids), frequency=frequency
        )
    )
