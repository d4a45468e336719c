"""The fixtures in tests/fixtures/: small exports in the real shapes of each source.

Folders that sources deliver as zips are zipped here, as the source would, so that
tests import them in the shape users receive them.
"""

import io
import zipfile
from pathlib import Path

from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORDPRESS_COM = FIXTURES / "wordpress" / "wordpress-com-2025.xml"
WORDPRESS_UPLOADS = FIXTURES / "wordpress" / "uploads"
MALFORMED_WXR = FIXTURES / "wordpress" / "malformed-ampersand.xml"
MEDIUM_EXPORT = FIXTURES / "medium-export"
SUBSTACK_EXPORT = FIXTURES / "substack-export"
GHOST = FIXTURES / "ghost"
GHOST_5_ZIP = GHOST / "ghost-5-zip"
WIX_CSV = FIXTURES / "wix" / "posts.csv"
HUFFPOST_FEED = FIXTURES / "feeds" / "huffpost-media-rss.xml"
ATOM_FEED = FIXTURES / "feeds" / "atom-author-email.xml"
CHINESE_FEED = FIXTURES / "feeds" / "chinese-long-address.xml"
ARABIC_FEED = FIXTURES / "feeds" / "arabic-rtl.xml"
WORDPRESS_PAGE = FIXTURES / "html" / "wordpress-twentyten-comments.html"
PERSIAN_PAGE = FIXTURES / "html" / "persian-rtl.html"


def zipped(folder: Path, archive: Path, *, top_level: bool = False) -> Path:
    """``folder`` as a zip at ``archive``; inside a folder of its own name with
    ``top_level``, as Medium sends it (medium-export/posts/…)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zip_file:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder.parent if top_level else folder)
                zip_file.write(path, name.as_posix())
    return archive


def run_import(*args):
    """The command's output and error streams, and the CommandError it raised, if any."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def changed(report) -> dict:
    """What a run created or updated, by kind: empty when it wrote nothing."""
    return {
        (kind.value, outcome.value): count
        for (kind, outcome), count in report.counts.items()
        if count and outcome.value in ("created", "updated")
    }
