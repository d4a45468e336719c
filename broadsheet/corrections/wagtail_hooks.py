"""The note an editor writes on the post's edit form becomes a Correction when, and
only when, the change is published: a draft or a scheduled publication shows nothing."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.blog.models import PostPage
from broadsheet.corrections.forms import CorrectionNoteForm
from broadsheet.corrections.models import Correction
from broadsheet.corrections.services import correction_record

# What was live before the publish, noted on the request between the two hooks.
LIVE_BEFORE = "_corrections_live_revision_before"


@hooks.register("before_publish_page")
def note_live_revision(request, page):
    setattr(request, LIVE_BEFORE, page.live_revision_id if page.live else None)


@hooks.register("after_publish_page")
def record_correction(request, page):
    live_before = getattr(request, LIVE_BEFORE, None)
    if not isinstance(page.specific, PostPage):
        return
    if live_before is None or page.live_revision_id in (None, live_before):
        return  # A first publication, or one scheduled for later: nothing changed yet.
    form = CorrectionNoteForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["correction_kind"]:
        return
    correction_record(
        post=page.specific,
        kind=form.cleaned_data["correction_kind"],
        note=form.cleaned_data["correction_note"],
        revision=page.live_revision,
        previous_revision=page.revisions.filter(pk=live_before).first(),
    )


class NotesPermissionPolicy(ModelPermissionPolicy):
    """Notes are made by publishing a post (above); here they are only fixed or removed."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class CorrectionViewSet(SnippetViewSet):
    model = Correction
    icon = "warning"
    menu_label = "Corrections"
    add_to_admin_menu = False
    list_display = ["note", "kind", "post", "published_at"]
    list_filter = ["kind"]
    ordering = ["-published_at", "-pk"]
    panels = [FieldPanel("kind"), FieldPanel("note")]


register_permission_policy(Correction, NotesPermissionPolicy(Correction))
register_snippet(CorrectionViewSet)
