from django import forms

from broadsheet.core.forms import AccessibleErrorsMixin
from broadsheet.newsletter.addresses import EMAIL_MAX_LENGTH, normalised_email


class FollowForm(AccessibleErrorsMixin, forms.Form):
    """ "Follow this story by email", on the story's page: the same for every reader."""

    email = forms.CharField(
        label="Email address",
        # Longer than an address may be, so an over-long one is refused with a message.
        max_length=EMAIL_MAX_LENGTH * 2,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Please enter your email address."},
    )
    # A field people never see; bots that fill every input fill it too.
    website = forms.CharField(required=False, label="Leave this field empty")

    def clean_email(self):
        return normalised_email(self.cleaned_data["email"])

    def is_spam_trap_filled(self) -> bool:
        return bool(self.data.get("website"))
