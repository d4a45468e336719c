"""CDN purges run by the task worker: a CDN's API may take seconds, a publish must not."""

from django.tasks import task
from wagtail.contrib.frontend_cache.utils import get_backends


@task
def cdn_purge(*, urls: list[str]) -> int:
    # The backends are called here rather than through Wagtail's own purge task: this
    # already runs in the worker, and a second queued task would only add a delay.
    for backend in get_backends().values():
        backend.purge_batch(urls)
    return len(urls)
