"""The view beacon: a 1x1 picture every post page carries, counted when a browser fetches it.

Why a beacon: the post page must not write while it renders (it is served from caches,
and reads must stay cheap), yet a view should count only when a browser shows the page.
The post page carries ``<img src="/seen/<post id>.gif">``: a request of its own, made by
browsers whichever cache the page came from, and by few crawlers (most fetch HTML only,
and those that fetch pictures mostly say what they are). No JavaScript, so no script-src
exception; same origin, so img-src 'self' allows it.

``BeaconApp`` answers it before Django runs (a beacon costs a hash and a set insertion);
``views.seen_beacon`` answers it the same way where no WSGI layer is in front (the
development server, the test client). Views are written in batches (``view_counter``).
"""

import base64
import re

from broadsheet.core.clients import client_ip_from_environ
from broadsheet.engagement import readers
from broadsheet.engagement.services import View
from broadsheet.engagement.view_counter import view_counter

# A transparent 1x1 GIF, the smallest image every browser shows without complaint.
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
BEACON_PATH = re.compile(r"/seen/([1-9][0-9]{0,11})\.gif")
HEADERS = [
    ("Content-Type", "image/gif"),
    ("Content-Length", str(len(PIXEL_GIF))),
    # Each view is a request of its own: no cache may answer for the server.
    ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
    ("X-Content-Type-Options", "nosniff"),
    # Another site may not show it (and would not be counted anyway: see counts_as_a_view).
    ("Cross-Origin-Resource-Policy", "same-origin"),
]


def counts_as_a_view(environ) -> bool:
    if readers.is_bot(environ.get("HTTP_USER_AGENT", "")):
        return False
    # Browsers say where a picture is shown from; one embedded on another site is no read.
    return environ.get("HTTP_SEC_FETCH_SITE", "same-origin") == "same-origin"


def beacon_seen(environ, post_id: int) -> None:
    """Count the view this beacon request stands for, if it is one."""
    if not counts_as_a_view(environ):
        return
    day = readers.today()
    reader = readers.reader_hash(
        ip=client_ip_from_environ(environ),
        user_agent=environ.get("HTTP_USER_AGENT", ""),
        post_id=post_id,
        day=day,
    )
    view_counter.add(View(post_id=post_id, reader_hash=reader, day=day))


class BeaconApp:
    """``BeaconApp(wsgi_app)``: answers ``GET /seen/<id>.gif`` itself, passes the rest on."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/seen/") and environ.get("REQUEST_METHOD") in {"GET", "HEAD"}:
            matched = BEACON_PATH.fullmatch(path)
            if matched is not None:
                beacon_seen(environ, int(matched.group(1)))
                start_response("200 OK", list(HEADERS))
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [PIXEL_GIF]
        return self.application(environ, start_response)
