"""What every reader page shows of the site itself: tagline, description, navigation, and
from how many likes or views a count is worth showing."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

DEFAULT_COUNTS_THRESHOLD = 10


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    tagline = models.CharField(
        max_length=120,
        blank=True,
        help_text="One line under the site's name on the home page, e.g. “Geopolitics, explained”.",
    )
    description = models.TextField(
        max_length=400,
        blank=True,
        help_text=(
            "A sentence or two about the site: on the home page, and what search engines "
            "and share previews quote for it."
        ),
    )
    counts_threshold = models.PositiveIntegerField(
        "show likes and views from",
        default=DEFAULT_COUNTS_THRESHOLD,
        help_text=(
            "A like or view count shows once it reaches this number: “0 likes” on a new "
            "blog reads as failure. 0 always shows them."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("description")], heading="Home page"),
        InlinePanel(
            "navigation_links",
            heading="Navigation",
            label="link",
            help_text=(
                "The links in every page's header, in this order. None: the sections "
                "(categories) with posts, by name."
            ),
        ),
        FieldPanel("counts_threshold"),
    ]

    class Meta:
        verbose_name = "site"


class NavigationLink(Orderable):
    """One link of the header: to a section, a page, or any address."""

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="navigation_links")
    category = models.ForeignKey(
        "blog.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A section: links to its list of posts.",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Or a page of the site (About, All posts).",
    )
    url = models.CharField(
        "address",
        max_length=300,
        blank=True,
        help_text="Or an address: /subscribe/, or https://… for another site.",
    )
    label = models.CharField(
        max_length=60,
        blank=True,
        help_text="The link's words. Empty: the section's name or the page's title.",
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("page"),
        FieldPanel("url"),
        FieldPanel("label"),
    ]

    def clean(self):
        super().clean()
        targets = [t for t in (self.category_id, self.page_id, self.url.strip()) if t]
        if len(targets) != 1:
            raise ValidationError("Choose one of a section, a page or an address for this link.")
        if self.url and not self.label.strip():
            raise ValidationError({"label": "Give the words to show for this address."})
        if self.url and not self.url.startswith(("/", "https://", "http://")):
            raise ValidationError(
                {"url": "Start the address with / (this site) or https:// (another site)."}
            )

    def __str__(self):
        return self.label or str(self.category or self.page or self.url)
