"""The post's form in Wagtail's admin."""

from broadsheet.blog.services import author_for_user
from broadsheet.corrections.forms import CorrectionNotePageForm


# With the correction or update note an editor may publish a change with.
class PostPageForm(CorrectionNotePageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        new = self.instance.pk is None and not self.initial.get("author")
        if new and self.for_user is not None and self.for_user.is_authenticated:
            # A new post is its writer's: their author profile, made on first use.
            self.initial["author"] = author_for_user(user=self.for_user).pk

    def save(self, commit=True):
        post = super().save(commit=False)
        if post.first_published_at is None:
            # Until its first publication, a post whose date its editor never changed is
            # dated when it goes live (PostPage.save); a date typed in is kept.
            chosen_before = post.pk is not None and post.date_chosen
            post.date_chosen = chosen_before or "date" in self.changed_data
        if commit:
            post.save()
            self.save_m2m()
        return post
