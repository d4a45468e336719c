"""The filters beside the search box: author, category, tag and a date range."""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.boundfield import BoundField
from taggit.models import Tag

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.core.memo import remember

# The calendar's ends (years 1 and 9999) overflow when converted to UTC; no post is
# dated outside these.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)


class RememberedChoices(BoundField):
    """A list of authors, sections or tags, drawn once per choice made and remembered
    between purges (core.memo): the same for every search, and drawing a list of a few
    hundred tags option by option costs more than the search itself."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget or attrs or only_initial or self.errors:
            return super().as_widget(widget, attrs, only_initial)
        return remember(
            f"search-filter:{self.name}:{self.value()}",
            lambda: super(RememberedChoices, self).as_widget(),
        )


def _choice(queryset, *, label, anything):
    return forms.ModelChoiceField(
        queryset,
        to_field_name="slug",
        required=False,
        label=label,
        empty_label=anything,
        error_messages={"invalid_choice": f"No {label.lower()} “%(value)s”: not filtered by it."},
        bound_field_class=RememberedChoices,
    )


def _date(label):
    return forms.DateField(
        required=False,
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
        error_messages={
            "invalid": "Not a date (YYYY-MM-DD, e.g. 2021-02-09): not filtered by it.",
            "min_value": "Too early to have posts: not filtered by it.",
            "max_value": "Too late to have posts: not filtered by it.",
        },
    )


class SearchFilterForm(forms.Form):
    author = _choice(Author.objects.all(), label="Author", anything="Any author")
    category = _choice(Category.objects.all(), label="Category", anything="Any category")
    tag = _choice(Tag.objects.none(), label="Tag", anything="Any tag")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only tags of published posts: one that only drafts carry would give their
        # subject away. Built here, as published() reads the privacy rules when called.
        # The ids are remembered between purges (core.memo): the same for every search.
        self.fields["tag"].queryset = Tag.objects.filter(
            pk__in=remember("search-tag-ids", _published_tag_ids)
        ).order_by("name")

    def filters(self) -> dict:
        """The valid filters. An invalid one is left out: its error, shown beside it, says so."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "author": data.get("author"),
            "category": data.get("category"),
            "tag": data.get("tag"),
            "date_from": data.get("from"),
            "date_to": data.get("to"),
        }


# "from" is a Python keyword: the date fields join under the names the URL uses.
SearchFilterForm.base_fields["from"] = _date("From")
SearchFilterForm.base_fields["to"] = _date("To")


def _published_tag_ids() -> list[int]:
    return list(
        Tag.objects.filter(blog_posttag_items__content_object__in=PostPage.objects.published())
        .distinct()
        .values_list("pk", flat=True)
    )
