"""CDN purges run by the task worker: a CDN's API may take seconds, a publish must not."""

from django.tasks import task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache


@task
def cdn_purge(*, urls: list[str]) -> int:
    purge_urls_from_cache(urls)
    return len(urls)
