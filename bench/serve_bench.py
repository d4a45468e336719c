"""How fast Broadsheet answers readers, against a floor and a ceiling measured in the same run.

    .venv/bin/python bench/serve_bench.py [--posts 100] [--comments-per-post 2]
        [--seed-comments 100] [--seconds 5] [--connections 32] [--workers 2]
        [--memory-seconds 0] [--only app,production]

Builds a site of --posts posts (kept in bench/.sites/ for the next run) and serves it
with granian as `make run` does (the page cache in front of Django, every core a worker),
then measures with wrk on 127.0.0.1, each run --seconds long:

- the pages readers read most, warm (kept) and cold (the same server with PAGECACHE=0,
  so every request renders), a deep page of /blog/, a search, a comment POST, the view
  beacon, and the pages under a flood of 2,000 beacons a second;
- the floor: the same post page's bytes from a bare Django view with the startproject
  middleware (bench/bare_django), same server, same number of workers;
- the ceiling: the same bytes as a static file from nginx (Debian's nginx-light);
- the production layout: nginx serving kept pages from the page cache's files
  (`manage.py pagecache_nginx`), the application behind it.

It prints a Markdown table: requests/s, p50 and p99 latency, bytes per answer, the
queries and milliseconds a render costs in-process, and ratios to floor and ceiling.
Needs wrk and nginx (apt-get install wrk nginx-light).
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
SITES = BENCH / ".sites"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))


# ---- Servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextlib.contextmanager
def serving(command, *, env, cwd=ROOT, check_url):
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until_answering(check_url)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def granian(target: str, *, port: int, workers: int) -> list[str]:
    return [
        str(VENV_BIN / "granian"),
        "--interface", "wsgi",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--workers", str(workers),
        "--blocking-threads", "8",
        "--no-access-log",
        target,
    ]  # fmt: skip


def nginx_main_config(folder: Path, *, workers: int, server_block: str) -> Path:
    config = folder / "nginx.conf"
    config.write_text(
        f"""daemon off;
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{server_block}
}}
"""
    )
    return config


# ---- Load ------------------------------------------------------------------------------------


def wrk(url, *, seconds, connections, script=None, script_args=(), headers=()) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(BENCH / "wrk" / script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def _ms(output: str, percentile: str) -> float | None:
    found = re.search(rf"{percentile}%\s+([0-9.]+)([a-z]+)", output)
    return float(found.group(1)) * _UNITS[found.group(2)] if found else None


def _required(pattern: str, output: str) -> re.Match[str]:
    found = re.search(pattern, output)
    if found is None:
        sys.exit(f"wrk's output has no line matching {pattern!r}:\n{output}")
    return found


def parse_wrk(output: str) -> dict:
    summary = _required(r"(\d+) requests in [0-9.]+\w+, ([0-9.]+)([KMG]?B) read", output)
    requests = int(summary.group(1))
    total_bytes = float(summary.group(2)) * _SIZES[summary.group(3)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(_required(r"Requests/sec:\s+([0-9.]+)", output).group(1)),
        "p50": _ms(output, "50"),
        "p99": _ms(output, "99"),
        "requests": requests,
        "bytes": total_bytes / max(requests, 1),
        "errors": int(errors.group(1)) if errors else 0,
    }


# ---- The site --------------------------------------------------------------------------------


def site_database(posts: int, comments_per_post: int, seed_comments: int) -> Path:
    """A built site for this size, made once and kept in bench/.sites/."""
    SITES.mkdir(exist_ok=True)
    path = SITES / f"posts-{posts}-comments-{comments_per_post}-seed-{seed_comments}.sqlite3"
    if path.exists():
        return path
    print(f"Building a site of {posts:,} posts (kept in {path.relative_to(ROOT)})…", flush=True)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{building}",
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.dev",
        "PYTHONPATH": str(ROOT),
        "BROADSHEET_VAR_DIR": tempfile.mkdtemp(prefix="broadsheet-site-build-"),
        "PAGECACHE": "0",
    }
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "import site_builder;"
        f"site_builder.build(posts={posts}, comments_per_post={comments_per_post});"
        f"site_builder.add_comments_to_newest(count={seed_comments})"
    )
    subprocess.run([sys.executable, "-c", code], env=env, cwd=BENCH, check=True)
    building.rename(path)
    return path


def in_process_costs(urls: dict[str, str], seed_post: str):
    """Each page's render and the seed post's three kinds of miss (render_costs.py)."""
    import django

    django.setup()
    import render_costs
    from django.db import connection

    renderer = render_costs.Renderer()
    costs = render_costs.page_costs(renderer, urls)
    misses = render_costs.seed_post_misses(renderer, seed_post)
    connection.close()
    return costs, misses


# ---- The run ----------------------------------------------------------------------------------


def main() -> None:
    arguments = _arguments()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is needed: apt-get install wrk nginx-light")
    source = site_database(arguments.posts, arguments.comments_per_post, arguments.seed_comments)
    with tempfile.TemporaryDirectory(prefix="broadsheet-serve-bench-") as name:
        folder = Path(name)
        # nginx's workers (another user) read the page cache's files in the production layout.
        folder.chmod(0o755)
        run(arguments, source, folder)


def run(arguments, source: Path, folder: Path) -> None:
    database = folder / "site.sqlite3"
    shutil.copyfile(source, database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.dev",
        "BROADSHEET_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{database}",
        "PAGECACHE_ROOT": str(folder / "pagecache"),
        "ENGAGEMENT_FLUSH_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    # A site built by an older checkout gets this one's migrations.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
        env=env,
        check=True,
    )
    newest = arguments.posts - 1
    last_page = (arguments.posts + 11) // 12
    pages = {
        "seed post": f"/post/story-{newest}/",
        "/": "/",
        "/blog/": "/blog/",
        "category": "/blog/category/section-0/",
        "tag": "/blog/tag/topic-7/",
        "author": "/author/reporter-0/",
        "/feed/": "/feed/",
    }
    deep = {"/blog/ first page": "/blog/", f"/blog/?page={last_page}": f"/blog/?page={last_page}"}
    costs, misses = in_process_costs(
        {**pages, **deep, "search": "/search/?q=talks+resume"}, pages["seed post"]
    )
    workers = arguments.workers
    app_port, cold_port, floor_port, static_port, production_port = (free_port() for _ in range(5))
    app = f"http://127.0.0.1:{app_port}"
    rows = []

    def measure(layout, name, url, **options):
        result = wrk(url, seconds=arguments.seconds, connections=arguments.connections, **options)
        rows.append((layout, name, result))
        print(f"  {layout:<12} {name:<22} {result['rps']:>10,.0f} req/s", flush=True)
        return result

    # The seed post page's bytes, for the floor and the ceiling.
    page_bytes = folder / "static" / "post.html"
    page_bytes.parent.mkdir()

    print(f"Serving {arguments.posts:,} posts with {workers} workers…", flush=True)
    app_command = granian("broadsheet.wsgi:application", port=app_port, workers=workers)
    with serving(app_command, env=env, check_url=f"{app}/"):
        page_bytes.write_bytes(urllib.request.urlopen(app + pages["seed post"]).read())  # noqa: S310
        for url in [*pages.values(), *deep.values()]:
            for _ in range(2):
                urllib.request.urlopen(app + url).read()  # noqa: S310
        for name, url in pages.items():
            measure("app, warm", name, app + url)
        for name, url in deep.items():
            measure("app, warm", name, app + url)
        measure("app", "search", app + "/search/?q=talks+resume")
        if "production" in arguments.only:
            production_layout(arguments, folder, env, pages, app_port, production_port, measure)
        beacons(arguments, app, pages, measure, newest)
        measure(
            "app", "comment POST", app + f"/post/story-{newest}/comments/", script="comment.lua"
        )
        if arguments.memory_seconds:
            memory(arguments, app, pages)

    cold_env = {**env, "PAGECACHE": "0"}
    cold_command = granian("broadsheet.wsgi:application", port=cold_port, workers=workers)
    with serving(cold_command, env=cold_env, check_url=f"http://127.0.0.1:{cold_port}/"):
        for name, url in {**pages, **deep}.items():
            measure("app, cold", name, f"http://127.0.0.1:{cold_port}{url}")

    floor_env = {**env, "BARE_PAGE": str(page_bytes), "DJANGO_SETTINGS_MODULE": "bare_settings"}
    floor_command = granian("bare_wsgi:application", port=floor_port, workers=workers)
    with serving(
        floor_command,
        env=floor_env,
        cwd=BENCH / "bare_django",
        check_url=f"http://127.0.0.1:{floor_port}/",
    ):
        floor = measure("floor", "bare Django view", f"http://127.0.0.1:{floor_port}/post.html")

    static_block = f"""    server {{
        listen 127.0.0.1:{static_port};
        root {page_bytes.parent};
        location / {{ try_files $uri =404; }}
    }}"""
    config = nginx_main_config(folder, workers=workers, server_block=static_block)
    nginx = ["nginx", "-c", str(config), "-p", str(folder)]
    with serving(nginx, env=env, check_url=f"http://127.0.0.1:{static_port}/post.html"):
        ceiling = measure(
            "ceiling", "nginx static file", f"http://127.0.0.1:{static_port}/post.html"
        )

    print_table(arguments, rows, costs, floor=floor, ceiling=ceiling, misses=misses)


def production_layout(arguments, folder, env, pages, app_port, port, measure):
    from broadsheet.pagecache.nginx import nginx_config

    block = nginx_config(listen=f"127.0.0.1:{port}", upstream=f"127.0.0.1:{app_port}")
    production = folder / "production"
    production.mkdir()
    config = nginx_main_config(production, workers=arguments.workers, server_block=block)
    nginx = ["nginx", "-c", str(config), "-p", str(production)]
    base = f"http://127.0.0.1:{port}"
    with serving(nginx, env=env, check_url=base + "/"):
        for name, url in pages.items():
            urllib.request.urlopen(base + url).read()  # noqa: S310
            measure("production", name, base + url)


def beacons(arguments, app, pages, measure, newest):
    """The beacon alone, then a page alone and under 2,000 beacons a second; counts checked."""
    from django.db import connection

    from broadsheet.blog.models import PostPage
    from broadsheet.engagement.models import PostStats

    seed = PostPage.objects.get(slug=f"story-{newest}")
    before = PostStats.objects.filter(post=seed).values_list("view_count", flat=True).first() or 0
    beacon_url = f"{app}/seen/{seed.pk}.gif"
    alone = measure("app", "view beacon", beacon_url, script="beacon.lua", script_args=["0", "a"])
    page_alone = measure("app, warm", "seed post, alone", app + pages["seed post"])
    # 25 connections, each a beacon every 10 ms: about 2,000 a second.
    script = str(BENCH / "wrk" / "beacon.lua")
    flood_command = ["wrk", "-t2", "-c25", f"-d{arguments.seconds + 2}s", "--latency", "-s", script]
    flood_command += [beacon_url, "--", "10", "b"]
    flood = subprocess.Popen(flood_command, stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    under_flood = measure("app, warm", "seed post, 2k beacons/s", app + pages["seed post"])
    flood_result = parse_wrk(flood.communicate()[0])
    time.sleep(3)  # Two flushes (ENGAGEMENT_FLUSH_SECONDS=1).
    connection.close()
    after = PostStats.objects.get(post=seed).view_count
    sent = alone["requests"] + flood_result["requests"]
    print(
        f"  beacons: {flood_result['rps']:,.0f}/s during the flood; page at "
        f"{under_flood['rps'] / page_alone['rps']:.2f}× its speed alone; "
        f"{after - before:,} views counted for {sent:,} beacons answered",
        flush=True,
    )


def memory(arguments, app, pages):
    """Resident memory of each worker, every 10 s of a --memory-seconds run at full load."""
    import glob

    def workers_rss():
        sizes = {}
        for status in glob.glob("/proc/[0-9]*/status"):
            with contextlib.suppress(OSError):
                text = Path(status).read_text()
                command = Path(status).with_name("cmdline").read_bytes()
                if b"granian" in command and b"broadsheet.wsgi" in command:
                    rss = int(re.search(r"VmRSS:\s+(\d+)", text).group(1))
                    sizes[status.split("/")[2]] = rss // 1024
        return sizes

    load = subprocess.Popen(
        ["wrk", "-t2", f"-c{arguments.connections}", f"-d{arguments.memory_seconds}s",
         app + pages["seed post"]],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    samples = []
    for _ in range(arguments.memory_seconds // 10 + 1):
        samples.append(workers_rss())
        time.sleep(10)
    load.wait()
    print("  memory (MB, per process, every 10 s):")
    for sample in samples:
        print("   ", " ".join(f"{rss}" for _, rss in sorted(sample.items())))


def print_table(arguments, rows, costs, *, floor, ceiling, misses):
    print()
    print(f"### {arguments.posts:,} posts, {arguments.workers} workers, "
          f"wrk -t2 -c{arguments.connections} -d{arguments.seconds}s")  # fmt: skip
    print()
    print("| layout | page | requests/s | p50 ms | p99 ms | bytes | render ms | queries "
          "| × floor | × ceiling |")  # fmt: skip
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for layout, name, result in rows:
        key = name.removesuffix(", alone").removesuffix(", 2k beacons/s")
        render, queries = costs.get(key, (None, ""))
        render = f"{render:.1f}" if render is not None else ""
        errors = f" ({result['errors']} non-2xx)" if result["errors"] else ""
        print(
            f"| {layout} | {name}{errors} | {result['rps']:,.0f} | {result['p50']:.2f} "
            f"| {result['p99']:.2f} | {result['bytes']:,.0f} | {render} | {queries} "
            f"| {result['rps'] / floor['rps']:.2f} | {result['rps'] / ceiling['rps']:.2f} |"
        )
    print()
    print(
        "render ms, queries: one whole render in-process, nothing of the page kept but the "
        "reads pages share (bench/render_costs.py). The seed post's misses:"
    )
    print()
    print("| miss | median ms | queries |\n| --- | ---: | ---: |")
    for name, (ms, queries) in misses.items():
        print(f"| {name} | {ms:.1f} | {queries} |")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--comments-per-post", type=int, default=2)
    parser.add_argument(
        "--seed-comments", type=int, default=100, help="comments on the newest post"
    )
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-seconds", type=int, default=0)
    parser.add_argument("--only", default="app,production", help="layouts to add to the app's")
    return parser.parse_args()


if __name__ == "__main__":
    main()
