import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

NGINX = os.environ.get("BROADSHEET_NGINX", "/usr/sbin/nginx")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx():
    """Starts Debian's nginx with a server block: ``nginx(server_block) -> port``.

    Skipped where nginx is missing, a failure with CI set (.ci/run installs nginx-light).
    """
    if not Path(NGINX).is_file():
        reason = f"nginx not found at {NGINX} (apt-get install nginx-light)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the nginx tests must run.", pytrace=False)
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-nginx-"))
    started = []

    def start(server_block_for_port) -> int:
        port = _free_port()
        # As root, nginx's workers would run as nobody, who may not read the test's files.
        user = "user root root;" if os.geteuid() == 0 else ""
        config = folder / "nginx.conf"
        config.write_text(
            f"""{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{server_block_for_port(port)}
}}
"""
        )
        process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(folder)])
        started.append(process)
        for _ in range(200):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return port
            time.sleep(0.025)
        raise RuntimeError((folder / "error.log").read_text())

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)
