from django import forms

from broadsheet.comments.models import BODY_MAX_LENGTH, NAME_MAX_LENGTH, Comment

PARENT_GONE = (
    "The comment you were replying to is no longer shown. "
    "Send yours again to post it as a new comment."
)


class CommentForm(forms.ModelForm):
    # A field people never see; bots that fill every input fill it too.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": PARENT_GONE}
    )

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "body"]
        labels = {"author_name": "Name", "author_email": "Email (optional, never shown)"}
        # The label says it all; a help text would also need rendering for its aria-describedby.
        help_texts = {"author_email": ""}
        widgets = {
            "author_name": forms.TextInput(
                attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}
            ),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX_LENGTH}),
        }
        error_messages = {
            "author_name": {
                "required": "Please give a name to show with your comment.",
                "max_length": f"Please shorten your name to {NAME_MAX_LENGTH} characters.",
            },
            "body": {
                "required": "Please write a comment.",
                "max_length": f"Please shorten your comment to {BODY_MAX_LENGTH:,} characters.",
            },
            "author_email": {"invalid": "Please enter a valid email address, or leave it empty."},
        }

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def full_clean(self):
        super().full_clean()
        # Point each invalid input at its message, for screen readers.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )

    def clean_author_name(self):
        name = self.cleaned_data["author_name"].strip()
        if not name:
            raise forms.ValidationError("Please give a name to show with your comment.")
        return name

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Please write a comment.")
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        # Any comment readers can see may be answered, however deep in its thread.
        parent = (
            Comment.objects.approved().conversation().filter(pk=parent_id, post=self.post).first()
        )
        if parent is None:
            raise forms.ValidationError(PARENT_GONE)
        return parent

    def is_spam_trap_filled(self):
        return bool(self.data.get("website"))
