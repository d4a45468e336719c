"""Authors, categories and tags for imported posts: found by name, made when missing.

Each is looked up once a run and then kept, since thousands of posts share a handful.
"""

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.text import slugify
from taggit.models import Tag

from broadsheet.blog.models import Author, Category
from broadsheet.core.fields import max_length
from broadsheet.importers.parsing import name_without_email
from broadsheet.importers.records import AuthorRecord, CategoryRecord
from broadsheet.importers.results import Changes, Kind, Outcome


class Taxonomy:
    """One import run's authors, categories and tags.

    ``author_names`` maps an author's name in the archive to the name to credit
    instead (--author-map), so that two spellings of one person become one author.
    """

    def __init__(self, *, author_names: Mapping[str, str]) -> None:
        self._author_names = dict(author_names)
        self._authors: dict[str, Author] = {}
        self._categories: dict[str, Category] = {}
        self._tags: dict[str, Tag] = {}
        # Each category name described so far, with its slug: names are unique here, while
        # WordPress lets two categories share one under different parents.
        self._described: dict[str, str] = {}

    def forget(self) -> None:
        """Drop what is kept: after a rollback it may name rows that are gone."""
        self._authors.clear()
        self._categories.clear()
        self._tags.clear()

    def author_name(self, record: AuthorRecord) -> str:
        return self.author_name_of(record.name)

    def author_name_of(self, name: str) -> str:
        """The name to credit for ``name`` in the archive (--author-map, emails left out)."""
        name = self._author_names.get(name, name)
        return name_without_email(name) or name

    def author(self, record: AuthorRecord) -> Author:
        """The author of that name; a new one takes the record's slug and bio."""
        name = self.author_name(record)
        author = self._authors.get(name)
        if author is None:
            author = Author.objects.filter(name=name).order_by("pk").first()
        if author is None:
            # A mapped name is another person's: the record's slug belongs to the old name.
            slug_source = record.slug if name == record.name and record.slug else name
            author = Author.objects.create(
                name=name, slug=unique_slug(Author, slug_source), bio=record.bio
            )
        self._authors[name] = author
        return author

    def category(self, name: str, changes: Changes) -> Category:
        """The category called ``name``, made when the archive did not describe it."""
        category = self._categories.get(name) or Category.objects.filter(name=name).first()
        if category is None:
            category = Category.objects.create(name=name, slug=unique_slug(Category, name))
            changes.count(Kind.CATEGORY, Outcome.CREATED)
        self._categories[name] = category
        return category

    def category_store(self, record: CategoryRecord, changes: Changes) -> None:
        """Create or update the category ``record`` describes, matched by name, then slug."""
        slug = self._described.setdefault(record.name, record.slug)
        if slug != record.slug:
            changes.count(Kind.CATEGORY, Outcome.SKIPPED)
            changes.note(
                f"another category is also called {record.name!r}: the two are one here, "
                "described as the first was"
            )
            return
        category = (
            self._categories.get(record.name) or Category.objects.filter(name=record.name).first()
        )
        if category is None and record.slug:
            # Named differently, as when a parent was first met by its slug alone.
            category = Category.objects.filter(slug=record.slug).first()
        parent = self._parent(record, changes)
        if category is None:
            category = Category.objects.create(
                name=record.name,
                slug=unique_slug(Category, record.slug or record.name),
                description=record.description,
                parent=parent,
            )
            changes.count(Kind.CATEGORY, Outcome.CREATED)
        else:
            if parent is not None and _within(parent, category):
                changes.note(
                    f"category {record.name!r} cannot be filed under {record.parent!r}, "
                    "which is filed under it; its parent is left as it was"
                )
                parent = category.parent
            wanted = (record.name, record.description, parent.pk if parent else None)
            if (category.name, category.description, category.parent_id) == wanted:
                changes.count(Kind.CATEGORY, Outcome.UNCHANGED)
            else:
                category.name, category.description, category.parent = (
                    record.name,
                    record.description,
                    parent,
                )
                category.save()
                changes.count(Kind.CATEGORY, Outcome.UPDATED)
        self._categories[record.name] = category

    def tags(self, names: Iterable[str]) -> list[Tag]:
        """The tags of those names, ignoring case as the site does (TAGGIT_CASE_INSENSITIVE)."""
        tags = []
        for name in dict.fromkeys(names):
            key = name.casefold()
            tag = self._tags.get(key) or Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
            self._tags[key] = tag
            tags.append(tag)
        return tags

    def _parent(self, record: CategoryRecord, changes: Changes) -> Category | None:
        """The parent ``record`` names, by name or else by slug; made when not yet known."""
        if not record.parent:
            return None
        found = (
            self._categories.get(record.parent)
            or Category.objects.filter(name=record.parent).first()
            or Category.objects.filter(slug=record.parent).first()
        )
        return found or self.category(record.parent, changes)


def _within(candidate: Category | None, category: Category) -> bool:
    """Whether ``candidate`` is ``category`` or filed somewhere under it."""
    seen: set[int] = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == category.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


def unique_slug(model: type[models.Model], name: str) -> str:
    """A slug from ``name`` that no ``model`` row has yet: "desk-editor", then "desk-editor-2"."""
    length = max_length(model, "slug")
    base = slugify(name, allow_unicode=True)[:length] or str(model._meta.model_name)
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: length - len(suffix)] + suffix
    return slug
