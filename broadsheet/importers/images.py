"""Pictures from an archive into Wagtail's image library.

Each file is stored once, whichever posts use it and however often the archive is
imported (the same bytes give the same picture), and each source address is remembered
so that importing again reuses the picture without fetching it.
"""

import hashlib
import io
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from broadsheet.importers.fetch import FetchError, ImageFetcher
from broadsheet.importers.models import ImageSource
from broadsheet.importers.records import ImageRecord
from broadsheet.importers.results import Outcome

# Pillow's name for each format, and the extension the library knows it by.
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
_TITLE_LENGTH = 255
_FILE_STEM_LENGTH = 60


class ImageUnavailable(Exception):
    """The picture could not be read, fetched or taken into the library; says why."""


def image_content(record: ImageRecord, *, fetcher: ImageFetcher | None) -> bytes | None:
    """The picture's bytes, from the export or the web; None for a remote picture when
    fetching is off. Never called inside a transaction: a fetch may take seconds."""
    if record.path is not None:
        try:
            return record.path.read_bytes()
        except OSError as error:
            raise ImageUnavailable(f"cannot read {record.path}: {error.strerror}") from error
    if fetcher is None:
        return None
    try:
        return fetcher.fetch(record.url).content
    except FetchError as error:
        raise ImageUnavailable(str(error)) from error


class ImageLibrary:
    """One import run's way into the image library.

    A picture's file is written to storage as soon as the picture is saved, while its
    row may still be rolled back with the post it came with. The files of rows not yet
    committed are listed, so that a rollback can take them away too.
    """

    def __init__(self) -> None:
        self._uncommitted_files: set[str] = set()

    def known(self, url: str) -> AbstractImage | None:
        """The picture an earlier import took from ``url``."""
        source = ImageSource.objects.filter(url=url).select_related("image").first()
        return source.image if source else None

    def store(self, record: ImageRecord, content: bytes) -> tuple[AbstractImage, Outcome]:
        """The library's picture with these bytes, added when it has none; ``record.url``
        is remembered as its source."""
        file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        image = get_image_model().objects.filter(file_hash=file_hash).order_by("pk").first()
        outcome = Outcome.UNCHANGED
        if image is None:
            image = self._image_create(record, content, file_hash)
            outcome = Outcome.CREATED
        if record.url:
            ImageSource.objects.update_or_create(url=record.url, defaults={"image": image})
        return image, outcome

    def discard_uncommitted_files(self) -> None:
        """Delete the files of pictures whose rows were rolled back."""
        storage = get_image_model()._meta.get_field("file").storage
        for name in self._uncommitted_files:
            storage.delete(name)
        self._uncommitted_files.clear()

    def _image_create(self, record: ImageRecord, content: bytes, file_hash: str) -> AbstractImage:
        extension = _extension(content)
        stem = _file_stem(record)
        image = get_image_model()(
            title=(record.title or record.alt or stem)[:_TITLE_LENGTH],
            file=ImageFile(io.BytesIO(content), name=f"{stem}.{extension}"),
            file_size=len(content),
            file_hash=file_hash,
        )
        image.save()
        name = image.file.name
        self._uncommitted_files.add(name)
        transaction.on_commit(lambda: self._uncommitted_files.discard(name))
        return image


def _extension(content: bytes) -> str:
    """The file extension for a picture in a format the library takes; else ImageUnavailable."""
    try:
        with PillowImage.open(io.BytesIO(content)) as picture:
            picture.verify()
            image_format = picture.format
    except (OSError, SyntaxError, ValueError, PillowImage.DecompressionBombError) as error:
        raise ImageUnavailable(f"not a picture Broadsheet can read ({error})") from error
    extension = _EXTENSIONS.get(image_format or "")
    if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
        raise ImageUnavailable(f"a {image_format} file, which the image library does not take")
    return extension


def _file_stem(record: ImageRecord) -> str:
    name = record.path.name if record.path else unquote(urlsplit(record.url).path)
    return PurePosixPath(name).stem[:_FILE_STEM_LENGTH] or "image"
