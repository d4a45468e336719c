"""Reads of corrections that the post page, its JSON-LD and /corrections/ share."""

from broadsheet.corrections.models import Correction

_NOTES = "_correction_notes"


def notes_for(post) -> list[Correction]:
    """The post's notes, oldest first: read once per render, whoever asks first (the
    byline's "Updated", the notes at the end, the JSON-LD)."""
    notes = getattr(post, _NOTES, None)
    if notes is None:
        notes = list(Correction.objects.filter(post_id=post.pk).order_by("published_at", "pk"))
        setattr(post, _NOTES, notes)
    return notes


def last_noted(post):
    """When the post was last corrected or updated, as its byline says; None if never."""
    notes = notes_for(post)
    return notes[-1].published_at if notes else None


def schema_org_corrections(post) -> list[dict]:
    """schema.org ``correction`` entries of a NewsArticle: its corrections (not updates)."""
    return [
        {"@type": "CorrectionComment", "text": note.note, "datePublished": note.published_at}
        for note in notes_for(post)
        if note.kind == Correction.Kind.CORRECTION
    ]
