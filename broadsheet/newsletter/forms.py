from django import forms

from broadsheet.blog.models import Category
from broadsheet.core.forms import AccessibleErrorsMixin
from broadsheet.newsletter.addresses import EMAIL_MAX_LENGTH, clean_name, normalised_email
from broadsheet.newsletter.models import NAME_MAX_LENGTH, Subscriber
from broadsheet.newsletter.tokens import SubscriptionRequest


class SubscribeForm(AccessibleErrorsMixin, forms.Form):
    email = forms.CharField(
        label="Email address",
        # Longer than an address may be, so an over-long one is refused with a message.
        max_length=EMAIL_MAX_LENGTH * 2,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Please enter your email address."},
    )
    name = forms.CharField(
        label="Name (optional)",
        required=False,
        max_length=NAME_MAX_LENGTH * 2,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    categories = forms.ModelMultipleChoiceField(
        label="Sections to follow",
        queryset=Category.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every new post.",
        error_messages={"invalid_choice": "One of those sections no longer exists: tick again."},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscriber.Frequency.choices,
        required=False,
        initial=Subscriber.Frequency.EACH_POST,
        widget=forms.RadioSelect,
    )
    # A field people never see; bots that fill every input fill it too.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_email(self):
        return normalised_email(self.cleaned_data["email"])

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    def is_spam_trap_filled(self) -> bool:
        return bool(self.data.get("website"))

    def subscription_request(self) -> SubscriptionRequest:
        data = self.cleaned_data
        return SubscriptionRequest(
            email=data["email"],
            name=data["name"],
            category_ids=tuple(category.pk for category in data["categories"]),
            frequency=data["frequency"] or Subscriber.Frequency.EACH_POST,
        )


class PreferencesForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Subscriber
        fields = ["name", "frequency", "categories"]
        labels = {"name": "Name (optional)", "frequency": "How often", "categories": "Sections"}
        help_texts = {"name": "", "frequency": "", "categories": "None ticked: every new post."}
        widgets = {
            "frequency": forms.RadioSelect,
            "categories": forms.CheckboxSelectMultiple,
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.order_by("name")

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])
