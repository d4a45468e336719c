#!/usr/bin/env bash
# Lighthouse's four scores for the pages readers meet, served as in production.
#
#     bash bench/lighthouse.sh [extra Lighthouse options, e.g. --preset=desktop]
#
# Installs Lighthouse into bench/.lighthouse (git-ignored) the first time. Builds a
# throwaway site in a temporary folder (its own SQLite database, static files and
# uploads: the developer's var/ is never touched) with the production settings (DEBUG
# off, whitenoise's compressed and hashed static files), the demo content and its search
# index; serves it with granian on a free loopback port, as `make run` does; runs
# Lighthouse against the home page, the blog index, a post with a picture and comments,
# and a search with results; prints the scores; stops the server. The JSON reports stay
# in bench/.lighthouse/reports/. Lighthouse's defaults apply: a phone on a throttled
# network, simulated. The search page loses SEO points by design: it asks search engines
# not to index it (search/search.html), and Lighthouse counts that against any page.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
# The newest Lighthouse that runs on Node.js 20 and on Debian 12's Node.js 18 (13.x needs
# Node.js 22.19 or newer).
LIGHTHOUSE_VERSION=12.8.2
TOOLS=$ROOT/bench/.lighthouse
LIGHTHOUSE=$TOOLS/node_modules/.bin/lighthouse
REPORTS=$TOOLS/reports
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
# Debian's Chromium, headless, as the browser tests run it (DESIGN.md).
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
CHROME_FLAGS+=" --disable-background-networking --disable-component-update --disable-sync"
CHROME_FLAGS+=" --no-first-run"

PAGES=(
    "home:/"
    "blog index:/blog/"
    "post:/post/why-river-treaties-outlast-the-governments-that-sign-them/"
    "search:/search/?q=treaty"
)

die() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

[[ -x $BIN/python ]] || die "no virtualenv in .venv: run \`make install\` first"
[[ -x $CHROME_PATH ]] || die "no Chromium at $CHROME_PATH (apt-get install chromium, or set CHROME_PATH)"
command -v npm >/dev/null || die "npm is needed to install Lighthouse (apt-get install npm)"

installed=$(node -p "require('$TOOLS/node_modules/lighthouse/package.json').version" 2>/dev/null ||
    true)
if [[ $installed != "$LIGHTHOUSE_VERSION" ]]; then
    echo "==> npm install lighthouse@$LIGHTHOUSE_VERSION into bench/.lighthouse"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error \
        "lighthouse@$LIGHTHOUSE_VERSION"
fi

SITE_DIR=$(mktemp -d /tmp/broadsheet-lighthouse.XXXXXX)
SERVER_PID=
stop_server() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$SITE_DIR"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Production settings, with what a machine without TLS in front needs: plain HTTP.
unset REDIS_URL MEDIA_ROOT DJANGO_DEBUG
export DJANGO_SETTINGS_MODULE=broadsheet.settings.production
export BROADSHEET_VAR_DIR=$SITE_DIR
export DATABASE_URL=sqlite:///$SITE_DIR/broadsheet.sqlite3
DJANGO_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE_URL=http://127.0.0.1:$PORT

echo "==> A throwaway site in $SITE_DIR: migrate, collectstatic, demo, search index"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py collectstatic --noinput -v 0
"$BIN/python" manage.py demo -v 0
# The demo's search index is written by queued tasks: run them all, then stop.
"$BIN/python" manage.py db_worker --batch --queue-name "*" --no-reload -v 0

echo "==> granian on $BASE_URL"
"$BIN/granian" --interface wsgi --host 127.0.0.1 --port "$PORT" --workers 1 \
    --blocking-threads 8 --no-access-log broadsheet.wsgi:application \
    >"$SITE_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    if "$BIN/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "$BASE_URL/robots.txt" 2>/dev/null; then
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SITE_DIR/server.log" >&2; die "granian stopped"; }
    sleep 0.2
done

rm -rf "$REPORTS"
mkdir -p "$REPORTS"
for entry in "${PAGES[@]}"; do
    name=${entry%%:*}
    path=${entry#*:}
    echo "==> Lighthouse $LIGHTHOUSE_VERSION: $name ($path)"
    "$LIGHTHOUSE" "$BASE_URL$path" --quiet --output=json \
        --output-path="$REPORTS/${name// /-}.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="$CHROME_FLAGS" "$@"
done

# The table, and under it every audit that cost a page points.
"$BIN/python" - "$REPORTS" "${PAGES[@]}" <<'EOF'
import json
import sys
from pathlib import Path

reports = Path(sys.argv[1])
categories = ["performance", "accessibility", "best-practices", "seo"]
rows, lost = [], []
for entry in sys.argv[2:]:
    name, path = entry.split(":", 1)
    report = json.loads((reports / f"{name.replace(' ', '-')}.json").read_text())
    scores = [report["categories"][c]["score"] for c in categories]
    rows.append((f"{name} ({path})", *(f"{round(s * 100)}" if s is not None else "?" for s in scores)))
    for category in categories:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}, {category}: {audit['id']} ({audit['title']})")

header = ("page", "performance", "accessibility", "best practices", "SEO")
widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
for row in [header, tuple("-" * w for w in widths), *rows]:
    print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
if lost:
    print("\nAudits that cost points:")
    print("\n".join(f"  {line}" for line in lost))
EOF
printf '\nReports: %s\n' "${REPORTS#"$ROOT"/}"
