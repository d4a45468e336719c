"""Which CDN to tell when pages change, read from the environment.

Purges go through ``wagtail.contrib.frontend_cache`` (WAGTAILFRONTENDCACHE), run by the
task worker (``pagecache.tasks``), for the addresses the page cache threw away:

- ``CDN_PURGE_URL=http://varnish:6081``: an HTTP ``PURGE`` per address (Varnish, Fastly,
  nginx's cache purge module, any cache that takes PURGE);
- ``CLOUDFLARE_ZONE_ID`` and ``CLOUDFLARE_API_TOKEN``: Cloudflare's purge-by-URL API;
- ``CLOUDFRONT_DISTRIBUTION_ID``: an AWS CloudFront invalidation (install ``boto3``; its
  credentials come from the usual AWS environment).
"""

import logging

import requests
from wagtail.contrib.frontend_cache.backends.cloudflare import (
    CloudflareBackend as WagtailCloudflareBackend,
)

logger = logging.getLogger(__name__)

CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4"


def frontend_cache_from_env(environ) -> dict:
    """WAGTAILFRONTENDCACHE for the CDNs named in ``environ``; empty when there is none."""
    backends = {}
    if environ.get("CDN_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": environ["CDN_PURGE_URL"],
        }
    if environ.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "broadsheet.pagecache.cdn.CloudflareBackend",
            "ZONEID": environ["CLOUDFLARE_ZONE_ID"],
            "BEARER_TOKEN": environ.get("CLOUDFLARE_API_TOKEN", ""),
            "API_URL": environ.get("CLOUDFLARE_API_URL", CLOUDFLARE_API_URL),
        }
    if environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare purge, with the API's address configurable (for a stand-in in
    tests, or a Cloudflare-compatible API) and failures logged once per batch."""

    def __init__(self, params):
        self.api_url = params.pop("API_URL", CLOUDFLARE_API_URL).rstrip("/")
        super().__init__(params)

    def _purge_urls(self, urls):
        endpoint = f"{self.api_url}/zones/{self.cloudflare_zoneid}/purge_cache"
        headers = {"Authorization": f"Bearer {self.cloudflare_token}"}
        if not self.cloudflare_token:
            headers = {"X-Auth-Email": self.cloudflare_email, "X-Auth-Key": self.cloudflare_api_key}
        try:
            response = requests.post(endpoint, json={"files": urls}, headers=headers, timeout=30)
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Cloudflare did not purge %d addresses: %s", len(urls), error)
            return
        if not answer.get("success"):
            messages = ", ".join(str(e.get("message")) for e in answer.get("errors", []))
            logger.error("Cloudflare refused to purge %d addresses: %s", len(urls), messages)
