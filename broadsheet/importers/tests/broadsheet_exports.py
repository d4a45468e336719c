"""Small Broadsheet exports written by hand, for the importer's tests; dates pinned."""

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from django.utils.text import slugify

POST_ID = "5d0c1f4e-8a43-4d1e-9a61-3f0f2b8c7a10"


def post_entry(**changes) -> dict:
    content = {
        "title": "Talks resume in Geneva",
        "slug": "talks-resume-in-geneva",
        "seo_title": "",
        "search_description": "",
        "show_in_menus": False,
        "go_live_at": None,
        "expire_at": None,
        "author": "desk-editor",
        "date": "2024-03-03T12:00:00+00:00",
        "excerpt": "",
        "category": None,
        "tags": [],
        "language": "en",
        "sticky": False,
        "cover_image": None,
        "cover_image_alt": "",
        "body": [{"type": "paragraph", "value": "<p>Delegations met.</p>", "id": "b1"}],
    }
    entry: dict[str, Any] = {
        "id": POST_ID,
        "status": "published",
        "first_published_at": "2024-03-03T12:00:00+00:00",
        "last_published_at": "2024-03-03T12:00:00+00:00",
        "source_id": "",
        "source_url": "",
        "content": content,
        "live_content": None,
        "comments": [],
    }
    content.update(changes.pop("content", {}))
    return entry | changes


def image_entry(content: bytes, title: str, *, alt: str = "") -> tuple[dict, dict[str, bytes]]:
    """A picture's entry, named by its bytes' hash as exports name them, and its file."""
    image_id = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    name = f"images/{image_id}/{slugify(title)}.png"
    entry = {"id": image_id, "file": name, "title": title, "alt": alt, "focal_point": None}
    return entry, {name: content}


def document(**sections) -> dict:
    return {
        "format": "broadsheet",
        "version": 1,
        "exported_at": "2024-03-04T08:00:00+00:00",
        "site": {
            "name": "Desk",
            "root_url": "https://desk.example",
            "home": None,
            "blog_index": None,
        },
        "images": [],
        "authors": [{"slug": "desk-editor", "name": "Desk Editor", "bio": "", "photo": None}],
        "categories": [],
        "tags": [],
        "posts": [post_entry()],
        "pages": [],
        "redirects": [],
        "subscribers": [],
    } | sections


def write_export(directory: Path, content: dict, *, files: dict[str, bytes] | None = None) -> Path:
    path = directory / "site-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("broadsheet.json", json.dumps(content))
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path
