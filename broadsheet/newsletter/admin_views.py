"""The newsletter's admin pages: issues with their progress, one issue's problems, and
importing a list of subscribers from a CSV file."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from broadsheet.newsletter.csv_import import SubscriberFileError, read_subscribers
from broadsheet.newsletter.models import Delivery
from broadsheet.newsletter.selectors import (
    issues_with_progress,
    subscriber_counts,
    subscriber_growth,
)
from broadsheet.newsletter.services import subscribers_import as subscribers_store

PROBLEMS_SHOWN = 200


def can_manage(user) -> bool:
    return user.has_perm("newsletter.change_subscriber")


def _require_manager(request) -> None:
    if not can_manage(request.user):
        raise PermissionDenied


def issues(request):
    _require_manager(request)
    growth = subscriber_growth(weeks=12)
    return TemplateResponse(
        request,
        "newsletter/admin/issues.html",
        {
            "issues": issues_with_progress(),
            "counts": subscriber_counts(),
            "growth": growth,
            "busiest_week": max([w.joined for w in growth] + [1]),
        },
    )


def issue_detail(request, pk):
    _require_manager(request)
    issue = get_object_or_404(issues_with_progress(count=None), pk=pk)
    problems = (
        Delivery.objects.filter(
            issue=issue,
            status__in=[
                Delivery.Status.FAILED,
                Delivery.Status.UNCONFIRMED,
                Delivery.Status.QUEUED,
            ],
        )
        .exclude(error="")
        .select_related("subscriber")
        .order_by("status", "subscriber__email")[:PROBLEMS_SHOWN]
    )
    return TemplateResponse(
        request,
        "newsletter/admin/issue.html",
        {"issue": issue, "problems": problems, "problems_shown": PROBLEMS_SHOWN},
    )


class SubscriberFileForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "A header row with an email column; optional name, status, subscribed_at, "
            "categories and frequency columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def subscribers_import(request):
    _require_manager(request)
    problems, name = [], ""
    if request.method == "POST":
        form = SubscriberFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = upload.name
            try:
                rows = read_subscribers(upload, name=name)
            except SubscriberFileError as error:
                problems = error.problems
            else:
                counts = subscribers_store(rows=rows)
                messages.success(
                    request,
                    f"{name}: {counts.subscribed} subscribed, {counts.asked_to_confirm} asked "
                    f"to confirm by email, {counts.unsubscribed} unsubscribed, "
                    f"{counts.unchanged} already on the list.",
                )
                return redirect("newsletter_issues")
    else:
        form = SubscriberFileForm()
    return TemplateResponse(
        request,
        "newsletter/admin/import.html",
        {"form": form, "problems": problems, "file_name": name},
        status=400 if problems else 200,
    )
