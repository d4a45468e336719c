"""Entities: the countries, cities, people and organisations posts are about."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Entity(ClusterableModel):
    """One country, city, person or organisation, with a topic page of its own."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        CITY = "city", "City"
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=200, help_text="The name readers see on its topic page.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="Its address: /topic/<slug>/. Left empty: made from the name.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(
        blank=True, help_text="A short editor-written introduction shown on its topic page."
    )
    code = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        help_text="ISO 3166 alpha-2 code for a country, GeoNames id for a city.",
    )
    country = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cities",
        limit_choices_to={"kind": "country"},
        help_text="A city's country.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        indexes = [models.Index(fields=["kind", "name"], name="entity_kind_name_idx")]
        constraints = [
            # One entity per gazetteer place: the extraction finds it again by its code.
            models.UniqueConstraint(
                fields=["kind", "code"], condition=~Q(code=""), name="entity_kind_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            from broadsheet.entities.services import unique_slug

            self.slug = unique_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("entities:topic", kwargs={"slug": self.slug})


class EntityAlias(models.Model):
    """Another name the entity goes by in posts: "Ghalibaf" for "Mohammad Bagher Qalibaf"."""

    entity = ParentalKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="Spelt as posts write it.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="entity_alias_unique")
        ]

    def __str__(self):
        return self.name


class PostEntity(models.Model):
    """An entity a post mentions, and how often; or one an editor added or removed."""

    class Source(models.TextChoices):
        FOUND = "found", "Found in the text"
        EDITOR = "editor", "Added by an editor"

    post = models.ForeignKey(
        "blog.PostPage", on_delete=models.CASCADE, related_name="entity_mentions"
    )
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=0, help_text="Mentions found in the text.")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FOUND)
    # An editor removed it: kept (not deleted) so that extracting again leaves it out.
    excluded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "post entity"
        verbose_name_plural = "post entities"
        constraints = [
            models.UniqueConstraint(fields=["post", "entity"], name="post_entity_unique")
        ]
        # A topic page's posts: every shown mention of one entity, joined to the posts'
        # dates from there (the post's own newest-first index orders them).
        indexes = [
            models.Index(fields=["entity", "excluded", "post"], name="post_entity_by_entity_idx")
        ]

    def __str__(self):
        return f"{self.entity} in post {self.post_id}"


class EntitySuggestion(models.Model):
    """A capitalised name recurring across posts that no entity knows yet, for editors."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged"
        DISMISSED = "dismissed", "Dismissed"

    name = models.CharField(max_length=200, unique=True)
    post_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    merged_into = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-post_count", "name"]

    def __str__(self):
        return self.name


class PostNameCandidate(models.Model):
    """A capitalised name a post writes that no entity knows: suggestions count the posts
    writing each name from these, kept per post so that re-extracting one post is enough."""

    post = models.ForeignKey(
        "blog.PostPage", on_delete=models.CASCADE, related_name="entity_name_candidates"
    )
    name = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "name"], name="post_name_candidate_unique")
        ]

    def __str__(self):
        return self.name
