"""Whether requirements.lock installs what pyproject.toml pins.

`make install` installs requirements.lock (every package, with its hashes), written by
`make lock` from pyproject.toml's dev group. A pin changed or added in pyproject.toml
without `make lock` would be silently left out: this says so, offline, naming each one.
Exits 1 when the lock is stale.
"""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUP = "dev"
# "name==version", "name[extra]==version"; a lock's line may go on with " \" and hashes.
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\]+)")


def normalized(name: str) -> str:
    """A package name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def group_pins(groups: dict, name: str) -> dict[str, str]:
    """The name==version pins of dependency group ``name``, its included groups' too."""
    pins: dict[str, str] = {}
    for entry in groups[name]:
        if isinstance(entry, dict):
            pins |= group_pins(groups, entry["include-group"])
            continue
        found = _PIN.match(entry)
        if found is None:
            raise SystemExit(f"pyproject.toml: {entry!r} in group {name!r} is not pinned (==)")
        pins[normalized(found[1])] = found[2]
    return pins


def locked(text: str) -> dict[str, str]:
    return {
        normalized(found[1]): found[2]
        for line in text.splitlines()
        if (found := _PIN.match(line)) is not None
    }


def problems(pinned: dict[str, str], lock: dict[str, str]) -> list[str]:
    found = []
    for name, version in sorted(pinned.items()):
        if name not in lock:
            found.append(f"{name}=={version} is pinned in pyproject.toml but not locked")
        elif lock[name] != version:
            found.append(
                f"{name}: pyproject.toml pins {version}, requirements.lock has {lock[name]}"
            )
    return found


def main() -> int:
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    lock_path = ROOT / "requirements.lock"
    if not lock_path.exists():
        print("requirements.lock is missing: run `make lock`", file=sys.stderr)
        return 1
    found = problems(group_pins(groups, GROUP), locked(lock_path.read_text()))
    for problem in found:
        print(f"requirements.lock: {problem}", file=sys.stderr)
    if found:
        print("run `make lock` and commit requirements.lock", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
