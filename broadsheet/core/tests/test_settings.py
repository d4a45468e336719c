import os
import subprocess
import sys
from pathlib import Path

from broadsheet.settings.database import database_from_url

ROOT = Path(__file__).resolve().parents[3]


def test_sqlite_url_gets_wal_mode_and_a_busy_timeout():
    config = database_from_url("sqlite:////srv/news/site.sqlite3")

    assert config["NAME"] == "/srv/news/site.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5


def test_postgres_url_chooses_postgresql():
    config = database_from_url("postgres://news:secret@db.internal:5433/broadsheet")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "broadsheet")


def test_production_settings_pass_the_deploy_checks():
    # Not the test run's DJANGO_ALLOW_ASYNC_UNSAFE (set for Playwright), which the deploy
    # checks rightly warn about.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "Zq9!" * 10 + "x7#Lm" * 4,
        "ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": "sqlite:////tmp/broadsheet-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_servers_started_at_once_agree_on_the_development_secret(tmp_path):
    # Two `make run` servers (or the scale-out test's two) create the key on first start;
    # a reader must never see it half-written, and all must read the same key.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"},
        "BROADSHEET_VAR_DIR": str(tmp_path),
    }
    script = "import broadsheet.settings.dev as s; print(repr(s.SECRET_KEY))"
    command = [sys.executable, "-c", script]
    starts = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    keys = {start.communicate(timeout=60)[0].strip() for start in starts}

    assert len(keys) == 1
    assert len(keys.pop()) > 40
    assert [path.name for path in tmp_path.iterdir()] == ["dev-secret-key"]
