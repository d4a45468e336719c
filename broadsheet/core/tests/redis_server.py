"""A real Redis server for the tests that share caches between processes.

A pytest plugin (loaded from ``broadsheet/conftest.py``): ``redis_url`` starts Debian's
``redis-server`` once per run on a Unix socket in a temporary folder, empties it for
each test, and stops it at the end. Where redis-server is missing the tests using it are
skipped, saying why, and fail when the environment variable ``CI`` is set.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REDIS_SERVER = os.environ.get("BROADSHEET_REDIS_SERVER", "/usr/bin/redis-server")


def _missing_reason():
    if Path(REDIS_SERVER).is_file() or shutil.which(REDIS_SERVER):
        return None
    return f"redis-server not found at {REDIS_SERVER} (apt-get install redis-server)"


@pytest.fixture(scope="session")
def _redis_server():
    reason = _missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the Redis tests must run.", pytrace=False)
        pytest.skip(reason)
    folder = tempfile.mkdtemp(prefix="broadsheet-redis-")
    socket = Path(folder) / "redis.sock"
    arguments = ["--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700"]
    # Nothing kept on disk: each run starts empty.
    arguments += ["--save", "", "--appendonly", "no", "--dir", folder]
    server = subprocess.Popen(
        [REDIS_SERVER, *arguments],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        if socket.exists():
            break
        time.sleep(0.025)
    else:
        server.kill()
        pytest.fail("redis-server did not start within 5 seconds")
    yield f"unix://{socket}"
    server.terminate()
    server.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_url(_redis_server):
    """The running server's address, emptied for this test."""
    import redis

    redis.Redis.from_url(_redis_server).flushall()
    return _redis_server
