"""An nginx configuration that serves kept pages straight from the file store.

``manage.py pagecache_nginx`` prints it. nginx answers every page the store holds as a
static file (with gzip_static), with the headers Django would have sent, and passes
everything else to the application. A purge deletes the file, so nginx stops serving
it at once: no second cache to empty.
"""

from pathlib import Path

from django.conf import settings
from django.utils.csp import build_policy

from broadsheet.core.caching import SHARED_MAX_AGE, STALE_WHILE_REVALIDATE

TEMPLATE = """\
# Broadsheet behind nginx: kept pages served from {pages}, the rest from {upstream}.
# Made by `manage.py pagecache_nginx`; make it again after changing the security settings.

upstream broadsheet_app {{
    server {upstream};
    keepalive 32;
}}

# ?page=N has a file of its own; any other query string goes to the application.
map $args $broadsheet_page_file {{
    ""                                      "index";
    "~^page=(?<broadsheet_page>[1-9][0-9]{{0,5}})$" "page-$broadsheet_page";
    default                                 "";
}}

server {{
    listen {listen};
    server_name {server_names};
    client_max_body_size {body_size};

    # Pages are kept per scheme and host, as the application sees them.
    root {pages}/{scheme}/$http_host;

    location /static/ {{
        alias {static_root}/;
        expires 30d;
        add_header Cache-Control "public, max-age=2592000, immutable";
    }}
{media_block}
    location / {{
        # Only GET and HEAD may be answered from a file: the rest goes to the application.
        error_page 418 = @app;
        if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
        try_files $uri/$broadsheet_page_file.html $uri/$broadsheet_page_file.rss
                  $uri/$broadsheet_page_file.atom $uri/$broadsheet_page_file.xml
                  $uri/$broadsheet_page_file.txt @app;
        types {{
            text/html html;
            application/rss+xml rss;
            application/atom+xml atom;
            application/xml xml;
            text/plain txt;
        }}
        charset utf-8;
        gzip_static on;
        etag on;
        # Corked (tcp_nopush, on in most nginx.conf), pages sent with the headers below
        # stalled 40 ms now and then, as a delayed ACK does: a 60 KB post came at 0.4×
        # nginx's rate for the same file alone, p99 43 ms; uncorked, 0.9× and 0.9 ms.
        tcp_nopush off;
{headers}
    }}

    location @app {{
        proxy_pass http://broadsheet_app;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }}
}}
"""


def page_headers() -> list[tuple[str, str]]:
    """The headers Django sends with every kept page (security settings, cache lifetimes)."""
    headers = [
        (
            "Cache-Control",
            f"max-age=0, public, s-maxage={SHARED_MAX_AGE}, "
            f"stale-while-revalidate={STALE_WHILE_REVALIDATE}",
        ),
        ("Vary", "Accept-Encoding"),
    ]
    if settings.SECURE_CSP:
        headers.append(("Content-Security-Policy", build_policy(settings.SECURE_CSP)))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append(("Referrer-Policy", settings.SECURE_REFERRER_POLICY))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    if getattr(settings, "SECURE_HSTS_SECONDS", 0):
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("Strict-Transport-Security", value))
    return headers


def nginx_config(
    *, listen: str, upstream: str, server_names: str = "_", scheme: str = "$scheme"
) -> str:
    pages = Path(settings.PAGECACHE["ROOT"]) / "pages"
    headers = "\n".join(
        f"        add_header {name} {_quoted(value)} always;" for name, value in page_headers()
    )
    media_block = ""
    if settings.SERVE_MEDIA:
        media_block = (
            f"\n    location /media/ {{\n        alias {settings.MEDIA_ROOT}/;\n"
            '        add_header X-Content-Type-Options "nosniff";\n    }\n'
        )
    return TEMPLATE.format(
        pages=pages,
        upstream=upstream,
        listen=listen,
        server_names=server_names,
        scheme=scheme,
        static_root=settings.STATIC_ROOT or settings.BASE_DIR / "var" / "static",
        media_block=media_block,
        headers=headers,
        body_size="20m",
    )


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
