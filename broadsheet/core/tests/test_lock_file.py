"""scripts/check_lock.py, which `make test` runs: the lock installs what pyproject.toml pins."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
assert _spec is not None
assert _spec.loader is not None
check_lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_lock)

GROUPS = {
    "runtime": ["Django==6.1.3", "psycopg[binary]==3.3.9"],
    "dev": [{"include-group": "runtime"}, "pytest==9.2.0"],
}


def test_the_dev_group_includes_the_runtime_group_and_names_are_compared_as_pypi_does():
    assert check_lock.group_pins(GROUPS, "dev") == {
        "django": "6.1.3",
        "psycopg": "3.3.9",
        "pytest": "9.2.0",
    }


def test_a_lock_with_every_pin_has_no_problem():
    lock = (
        "django==6.1.3 \\\n    --hash=sha256:ab\npsycopg==3.3.9\npytest==9.2.0\nasgiref==3.13.0\n"
    )

    assert check_lock.problems(check_lock.group_pins(GROUPS, "dev"), check_lock.locked(lock)) == []


def test_a_stale_lock_names_each_pin_it_misses_or_disagrees_with():
    lock = "Django==6.1.2 \\\n    --hash=sha256:ab\npsycopg==3.3.9\n"

    found = check_lock.problems(check_lock.group_pins(GROUPS, "dev"), check_lock.locked(lock))

    assert found == [
        "django: pyproject.toml pins 6.1.3, requirements.lock has 6.1.2",
        "pytest==9.2.0 is pinned in pyproject.toml but not locked",
    ]


def test_the_repository_lock_installs_what_pyproject_pins():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_lock.py")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
