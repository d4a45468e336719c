"""Stories' work in the task worker (`manage.py db_worker`)."""

from django.tasks import task

from broadsheet.stories import emails, services
from broadsheet.stories.tokens import FollowRequest


@task
def queue_story_updates(*, post_id: int) -> list[int]:
    """Queue a just-published post's email to the followers of its stories; their ids."""
    return [update.story_id for update in services.story_updates_queue(post_id=post_id)]


@task
def send_follow_email(*, email: str, story_id: int) -> None:
    emails.follow_email_send(request=FollowRequest(email=email, story_id=story_id))
