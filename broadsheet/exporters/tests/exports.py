"""Running the export command and reading what it wrote."""

import io
import json
import zipfile
from pathlib import Path

from django.core.management import call_command


def export(path: Path, *options: str) -> Path:
    call_command("export", str(path), *options, stdout=io.StringIO(), stderr=io.StringIO())
    return path


def json_document(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as zip_file:
        return json.loads(zip_file.read("broadsheet.json"))


def export_rewritten(archive: Path, folder: Path, change) -> Path:
    """A copy of the export ``archive`` in ``folder`` whose document ``change`` edited in
    place: a damaged or older export, for an import to read."""
    with zipfile.ZipFile(archive) as source:
        document = json.loads(source.read("broadsheet.json"))
        change(document)
        out = folder / "changed.zip"
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                data = source.read(name)
                target.writestr(name, json.dumps(document) if name == "broadsheet.json" else data)
    return out
