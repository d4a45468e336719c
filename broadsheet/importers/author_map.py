"""--author-map: a CSV of "source name,target name" rows, crediting one author as another."""

import csv
from pathlib import Path

from broadsheet.importers.errors import ImportFileError


def author_map_read(path: Path) -> dict[str, str]:
    """Each source author name mapped to the name to credit instead.

    Blank lines are skipped; any other line must hold exactly two names.
    """
    names: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            for number, row in enumerate(csv.reader(file), start=1):
                cells = [cell.strip() for cell in row]
                if not any(cells):
                    continue
                if len(cells) != 2 or not all(cells):
                    raise ImportFileError(
                        path, f"line {number}", "expected 'source name,target name'"
                    )
                names[cells[0]] = cells[1]
    except UnicodeDecodeError as error:
        raise ImportFileError(path, None, "not UTF-8 text; save it as UTF-8") from error
    except csv.Error as error:
        raise ImportFileError(path, None, f"not a CSV file ({error})") from error
    return names
