"""The post's form in Wagtail's admin."""

from wagtail.admin.forms import WagtailAdminPageForm


class PostPageForm(WagtailAdminPageForm):
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
