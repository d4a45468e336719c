"""Views gathered in memory and written in batches, so a view costs no database write.

Each process keeps the views its beacons saw, and the posts whose likes changed, and
every ``ENGAGEMENT_FLUSH_SECONDS`` (or sooner, past ``FLUSH_AT`` views) writes them in one
transaction (``services.views_record``). The kept pages that show those counts are
thrown away at most every ``ENGAGEMENT_COUNTS_PURGE_SECONDS``: a post read by thousands
a minute is rendered again once a minute, not at every flush. That is why counts on
pages may lag by up to a minute, as the README says. A process that stops writes what it
holds first (``atexit``); one killed outright loses at most that many seconds of views,
never a count already written.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection

from broadsheet.blog.cache_tags import counts as counts_tag
from broadsheet.engagement.services import View, engagement_prune, views_record
from broadsheet.pagecache.purge import tags_purge

logger = logging.getLogger(__name__)

FLUSH_AT = 2000


class ViewCounter:
    def __init__(self, *, flush_seconds: float | None = None, flush_at: int = FLUSH_AT):
        # 0: no background writer; whoever holds the counter calls flush() (the tests).
        self.flush_seconds = (
            settings.ENGAGEMENT_FLUSH_SECONDS if flush_seconds is None else flush_seconds
        )
        self.flush_at = flush_at
        self._views: set[View] = set()
        self._likes_changed: set[int] = set()
        # Posts whose counts changed since their pages were last thrown away.
        self._counts_changed: set[int] = set()
        self._counts_purged_at = time.monotonic()
        self._lock = threading.Lock()
        # One flush at a time in this process: its writes would only queue on each other.
        self._flushing = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, view: View) -> None:
        with self._lock:
            self._views.add(view)
            pending = len(self._views)
        self._ensure_flusher()
        if pending >= self.flush_at:
            self._wake.set()

    def like_counted(self, post_id: int) -> None:
        """A like was written: pages showing the post's counts are thrown away at the next flush."""
        with self._lock:
            self._likes_changed.add(post_id)
        self._ensure_flusher()

    def flush(self) -> dict[int, int]:
        """Write what is held now; returns the views counted by post."""
        with self._flushing:
            with self._lock:
                views, self._views = self._views, set()
                likes_changed, self._likes_changed = self._likes_changed, set()
            if not views and not likes_changed:
                self._purge_changed_counts()
                return {}
            try:
                counted = views_record(views=views)
                if views:
                    engagement_prune(today=max(view.day for view in views))
            except Exception:
                # Keep them for the next try rather than lose them (the database may be
                # locked by a long import, say).
                with self._lock:
                    self._views |= views
                    self._likes_changed |= likes_changed
                raise
            self._counts_changed |= {*counted, *likes_changed}
            self._purge_changed_counts()
            return counted

    def _purge_changed_counts(self) -> None:
        if time.monotonic() - self._counts_purged_at < settings.ENGAGEMENT_COUNTS_PURGE_SECONDS:
            return
        changed, self._counts_changed = self._counts_changed, set()
        self._counts_purged_at = time.monotonic()
        tags_purge(counts_tag(pk) for pk in changed)

    def discard(self) -> None:
        """Forget what is held, unwritten: for tests, whose database is rolled back."""
        with self._lock:
            self._views.clear()
            self._likes_changed.clear()
            self._counts_changed.clear()

    def _ensure_flusher(self) -> None:
        if not self.flush_seconds:
            return
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._flush_forever, name="view-counter", daemon=True
                )
                self._thread.start()

    def _flush_forever(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            try:
                self.flush()
            except Exception:
                logger.exception("Could not write the views counted; will try again")
            finally:
                # This thread's own connection: closed when stale, as a request's would be.
                close_old_connections()

    def flush_at_exit(self) -> None:
        try:
            self.flush()
        except Exception:
            logger.exception("Could not write the views counted before stopping")
        finally:
            connection.close()


view_counter = ViewCounter()
atexit.register(view_counter.flush_at_exit)
