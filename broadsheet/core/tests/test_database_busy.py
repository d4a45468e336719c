"""A database locked by another writer is answered with "try again", never a 500."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from broadsheet.core.database import is_database_busy
from broadsheet.core.middleware import DatabaseBusyMiddleware


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (OperationalError("database is locked"), True),
        (OperationalError("database table is locked: comments_comment"), True),
        (OperationalError("no such table: comments_comment"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_busy_means_another_writer_holds_the_lock(error, busy):
    assert is_database_busy(error) is busy


def test_a_locked_database_gives_a_503_page_that_says_to_try_again():
    request = RequestFactory().post("/post/x/like/")
    middleware = DatabaseBusyMiddleware(lambda request: None)

    response = middleware.process_exception(request, OperationalError("database is locked"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again in a minute" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_other_errors_are_left_to_the_500_page():
    request = RequestFactory().get("/")
    middleware = DatabaseBusyMiddleware(lambda request: None)

    assert middleware.process_exception(request, OperationalError("disk I/O error")) is None
