from django.db import models
from wagtail.images import get_image_model_string


class ImageSource(models.Model):
    """Where an imported picture came from, so that importing again reuses it unfetched."""

    url = models.CharField(
        max_length=1000,
        unique=True,
        help_text="The picture's address in the archive it was imported from.",
    )
    image = models.ForeignKey(
        get_image_model_string(),
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The picture's copy in the image library.",
    )

    def __str__(self):
        return self.url
