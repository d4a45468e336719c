"""Scale-out: two application servers on one PostgreSQL and one Redis share kept pages,
and an edit made anywhere is served fresh by both at once."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("page_cache"),
]
ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    database = connection.settings_dict
    host = database["HOST"].replace("/", "%2F")
    return f"postgres://{database['USER']}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def _get(url):
    # Both behind one load balancer: readers ask for the site's name, not a server's.
    request = urllib.request.Request(url, headers={"Host": "news.example.org"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310 (http://127.0.0.1)
        return answer.headers.get("X-Cache"), answer.read().decode()


@pytest.fixture
def shared_redis(redis_url, settings):
    settings.PAGECACHE = {**settings.PAGECACHE, "REDIS_URL": redis_url}
    return redis_url


@pytest.fixture
def two_servers(shared_redis):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL run of scripts/test.sh: servers share one database")
    folder = tempfile.mkdtemp(prefix="broadsheet-two-servers-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.dev",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": shared_redis,
        "BROADSHEET_VAR_DIR": folder,
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    servers, addresses = [], []
    for _ in range(2):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        command = [
            str(Path(sys.executable).parent / "granian"),
            "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--no-access-log", "broadsheet.wsgi:application",
        ]  # fmt: skip
        log = open(Path(folder) / f"server-{port}.log", "w")  # noqa: SIM115 (the server's)
        servers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log))
        addresses.append(f"http://127.0.0.1:{port}")
    try:
        for address in addresses:
            _wait_for(address, folder)
        yield addresses
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def _wait_for(address, folder):
    for _ in range(300):
        try:
            urllib.request.urlopen(address + "/robots.txt", timeout=5).read()  # noqa: S310
            return
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    logs = "\n".join(log.read_text()[-3000:] for log in Path(folder).glob("*.log"))
    raise RuntimeError(f"{address} did not answer robots.txt:\n{logs}")


def test_a_page_kept_by_one_server_is_served_by_the_other(two_servers):
    first, second = two_servers
    post = factories.post("Talks resume in Geneva")

    assert _get(first + post.url)[0] is None  # Rendered by the first server, kept in Redis.
    cache, body = _get(second + post.url)

    assert cache == "hit"
    assert "Talks resume in Geneva" in body


def test_an_edit_is_served_fresh_by_both_servers_at_once(two_servers):
    first, second = two_servers
    post = factories.post("Talks resume in Geneva")
    other = factories.post("Ministers meet in Oslo")
    for server in two_servers:
        for url in (post.url, other.url):
            _get(server + url)
            assert _get(server + url)[0] == "hit"

    post.title = "Talks resume in Geneva, with a deal"
    post_publish(post=post)

    for server in (first, second):
        assert "with a deal" in _get(server + post.url)[1]
        # Its title in the other post's Recent Posts too: nothing remembered went stale.
        assert "with a deal" in _get(server + other.url)[1]
