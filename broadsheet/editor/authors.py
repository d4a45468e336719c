"""Authors in the admin: the snippet, and a chooser that can make a new author in place.

A writer filing a guest's piece picks "Choose another author", then the chooser's
"New author" tab: a name (and a bio) is enough; the author's page address is made from
the name, as for an editor's own profile (blog.services.author_free_slug).
"""

from django import forms
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.blog.models import Author
from broadsheet.blog.services import author_free_slug


class AuthorCreationForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "bio"]

    def save(self, commit=True):
        author = super().save(commit=False)
        author.slug = author_free_slug(name=author.name)
        if commit:
            author.save()
        return author


class AuthorChooserViewSet(SnippetChooserViewSet):
    creation_form_class = AuthorCreationForm
    create_action_label = "Add author"
    creation_tab_label = "New author"


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "slug", "user"]
    chooser_viewset_class = AuthorChooserViewSet
