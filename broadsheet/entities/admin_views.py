"""Editors' views: the suggestions to accept, merge or dismiss, and one post's entities
to add or remove. Plain forms, no script: the admin's policy allows none inline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadsheet.blog.models import PostPage
from broadsheet.entities.models import Entity, EntitySuggestion, PostEntity
from broadsheet.entities.services import (
    post_entity_add,
    post_entity_remove,
    suggestion_accept,
    suggestion_dismiss,
    suggestion_merge,
)

PER_PAGE = 50
STATUS_FILTERS = {
    "pending": "Waiting for a decision",
    "accepted": "Accepted",
    "merged": "Merged",
    "dismissed": "Dismissed",
}
ACCEPT_AS = {"accept_person": Entity.Kind.PERSON, "accept_organisation": Entity.Kind.ORGANISATION}


def can_edit_entities(user) -> bool:
    return user.has_perm("entities.change_entity")


def entity_named(name: str) -> Entity | None:
    """The entity an editor typed: by its name, else by one of its aliases."""
    name = name.strip()
    if not name:
        return None
    return (
        Entity.objects.filter(name=name).order_by("pk").first()
        or Entity.objects.filter(aliases__name=name).order_by("pk").first()
    )


def _not_an_entity(typed: str, *, blank: str) -> str:
    """What to tell an editor whose typed name matched no entity."""
    if not typed.strip():
        return blank
    return (
        f"No entity is called “{typed.strip()}”: type the name of an entity listed under "
        "Entities in the admin menu, or one of its other names."
    )


def suggestion_list(request, *, problem=None):
    if not can_edit_entities(request.user):
        raise PermissionDenied
    status = request.GET.get("status") if request.GET.get("status") in STATUS_FILTERS else "pending"
    suggestions = EntitySuggestion.objects.filter(status=status).select_related("merged_into")
    page = Paginator(suggestions, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "suggestions": page.object_list,
        "status": status,
        "status_choices": STATUS_FILTERS.items(),
        "entity_names": Entity.objects.order_by("name").values_list("name", flat=True),
        "problem": problem or {},
    }
    return TemplateResponse(request, "entities/admin/suggestions.html", context)


@require_POST
def suggestion_act(request, pk):
    if not can_edit_entities(request.user):
        raise PermissionDenied
    suggestion = get_object_or_404(EntitySuggestion, pk=pk)
    action = request.POST.get("action", "")
    if action in ACCEPT_AS:
        entity = suggestion_accept(suggestion=suggestion, kind=ACCEPT_AS[action])
        messages.success(
            request,
            f"{entity.name} is now a {entity.get_kind_display().lower()}; "
            f"the posts naming it are being tagged.",
        )
    elif action == "merge":
        typed = request.POST.get("into", "")
        entity = entity_named(typed)
        if entity is None:
            message = _not_an_entity(typed, blank="Type the entity this name belongs to.")
            response = suggestion_list(
                request, problem={"pk": suggestion.pk, "message": message, "typed": typed}
            )
            response.status_code = 400
            return response
        suggestion_merge(suggestion=suggestion, entity=entity)
        messages.success(request, f"“{suggestion.name}” is now another name of {entity.name}.")
    elif action == "dismiss":
        suggestion_dismiss(suggestion=suggestion)
        messages.success(request, f"“{suggestion.name}” dismissed: it will not be suggested again.")
    else:
        messages.error(request, "Choose accept, merge or dismiss.")
    return redirect(reverse("entities_suggestions"))


def _editable_post(request, post_id) -> PostPage:
    post = get_object_or_404(PostPage, pk=post_id)
    if not post.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return post


def post_entities(request, post_id, *, problem=None):
    post = _editable_post(request, post_id)
    mentions = (
        PostEntity.objects.filter(post=post)
        .select_related("entity")
        .order_by("excluded", "-count", "entity__name")
    )
    context = {
        "post": post,
        "shown": [m for m in mentions if not m.excluded],
        "removed": [m for m in mentions if m.excluded],
        "entity_names": Entity.objects.order_by("name").values_list("name", flat=True),
        "problem": problem or {},
    }
    return TemplateResponse(request, "entities/admin/post_entities.html", context)


@require_POST
def post_entities_change(request, post_id):
    post = _editable_post(request, post_id)
    action = request.POST.get("action", "")
    if action == "add_named":
        typed = request.POST.get("name", "")
        entity = entity_named(typed)
        if entity is None:
            message = _not_an_entity(typed, blank="Type the name of the entity to add.")
            response = post_entities(request, post.pk, problem={"message": message, "typed": typed})
            response.status_code = 400
            return response
        post_entity_add(post=post, entity=entity)
        messages.success(request, f"{entity.name} added to “{post.title}”.")
    elif action in ("add", "remove"):
        entity = get_object_or_404(Entity, pk=request.POST.get("entity") or 0)
        if action == "add":
            post_entity_add(post=post, entity=entity)
            messages.success(request, f"{entity.name} shown on “{post.title}” again.")
        else:
            post_entity_remove(post=post, entity=entity)
            messages.success(
                request, f"{entity.name} removed from “{post.title}”; it stays removed."
            )
    else:
        messages.error(request, "Choose add or remove.")
    return redirect(reverse("entities_post", args=[post.pk]))


def pending_suggestions_count() -> int:
    return EntitySuggestion.objects.filter(Q(status=EntitySuggestion.Status.PENDING)).count()
