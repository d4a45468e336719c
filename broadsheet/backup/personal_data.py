"""What `backup --without-personal-data` leaves out: who commented, liked, or tried to sign in.

Three kinds of data, found from the models so that an app added later (subscribers) is
covered without a change here:

- whole tables about people: their rows are left out (sign-in attempts, the daily reader
  hashes behind likes and views, newsletter subscribers and story followers);
- columns about people in tables that are about something else: emptied (a comment keeps
  its name and text, loses its email, website and address hash);
- any other email address outside the user accounts: emptied, or its rows left out where
  the address is the row's identity (a unique email field).

Editors' accounts stay: a restored site must let its editors sign in.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

# Left out of every backup: sign-ins in progress and queued work are not the site.
ALWAYS_LEFT_OUT = ["sessions.Session", "django_tasks_db.DBTaskResult"]
PERSONAL_TABLES = [
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "engagement.Like",
    "engagement.DailyView",
    "newsletter.Subscriber",
    # Who follows which story, by email (broadsheet.stories): rows about a mailbox.
    "stories.StoryFollow",
]
PERSONAL_COLUMNS = {"comments.Comment": ["author_email", "author_url", "author_address_hash"]}


@dataclass
class DataPlan:
    """Tables whose rows are left out, and columns emptied: by database name."""

    tables_left_out: list[str] = field(default_factory=list)
    columns_emptied: dict[str, list[str]] = field(default_factory=dict)


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def data_plan(*, without_personal_data: bool) -> DataPlan:
    plan = DataPlan()
    left_out = list(ALWAYS_LEFT_OUT)
    if without_personal_data:
        left_out += PERSONAL_TABLES
    for label in left_out:
        model = _model(label)
        if model is not None:
            plan.tables_left_out.append(model._meta.db_table)
    if not without_personal_data:
        return plan
    columns = {label: list(names) for label, names in PERSONAL_COLUMNS.items()}
    user_model = get_user_model()
    for model in apps.get_models():
        table = model._meta.db_table
        if model is user_model or table in plan.tables_left_out:
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.EmailField):
                continue
            if model_field.unique:
                plan.tables_left_out.append(table)
                break
            columns.setdefault(model._meta.label, []).append(model_field.name)
    for label, names in columns.items():
        model = _model(label)
        if model is None or model._meta.db_table in plan.tables_left_out:
            continue
        plan.columns_emptied[model._meta.db_table] = sorted(
            {model._meta.get_field(name).column for name in names}
        )
    return plan
