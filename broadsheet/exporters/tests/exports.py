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
