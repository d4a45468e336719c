"""Reading a list of subscribers from a CSV file: Broadsheet's own export, or another
service's (Ghost, Substack, Mailchimp and most others name their columns alike).

The file must have a header row with an email column. Known columns, by any of their
names: email, name, status, subscribed_at, categories (slugs or names, separated by ``;``
or ``|``) and frequency. Every line is checked before anything is stored; a bad line is
reported with its number and what is wrong, and then nothing is imported.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from broadsheet.blog.models import Category
from broadsheet.newsletter.addresses import clean_name, normalised_email
from broadsheet.newsletter.models import Subscriber

MAX_BYTES = 20 * 1024 * 1024
COLUMNS = {
    "email": {"email", "email address", "e-mail", "mail"},
    "name": {"name", "full name", "full_name"},
    "status": {"status", "subscribed_to_emails", "active_subscription", "subscribed"},
    "subscribed_at": {"subscribed_at", "created_at", "created", "subscribed at", "date"},
    "categories": {"categories", "sections"},
    "frequency": {"frequency"},
}
# What other services write in a status column, as this site's statuses. Unknown or
# empty: not confirmed, so the address is asked to confirm (double opt-in).
STATUSES = {
    **dict.fromkeys(
        ["active", "subscribed", "confirmed", "true", "yes", "1", "free", "paid", "comped"],
        Subscriber.Status.ACTIVE,
    ),
    **dict.fromkeys(
        ["unsubscribed", "false", "no", "0", "inactive", "cancelled"],
        Subscriber.Status.UNSUBSCRIBED,
    ),
    **dict.fromkeys(["bouncing", "bounced", "cleaned"], Subscriber.Status.BOUNCING),
    **dict.fromkeys(["pending", "unconfirmed", ""], Subscriber.Status.PENDING),
}


class SubscriberFileError(Exception):
    def __init__(self, name: str, problems: list[str]) -> None:
        super().__init__(f"{name}: " + "; ".join(problems))
        self.name = name
        self.problems = problems


@dataclass(frozen=True)
class SubscriberRow:
    line: int
    email: str
    name: str
    status: str
    subscribed_at: dt.datetime | None
    categories: tuple[Category, ...]
    frequency: str


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for position, heading in enumerate(header):
        key = heading.strip().lower()
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = position
    return found


def _date(value: str) -> dt.datetime | None:
    if not value.strip():
        return None
    parsed = parse_datetime(value.strip())
    if parsed is None:
        day = parse_date(value.strip()[:10])
        parsed = dt.datetime.combine(day, dt.time()) if day else None
    if parsed is None:
        raise ValidationError(f"{value!r} is not a date (write 2024-03-01 or 2024-03-01T09:30)")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _categories(value: str, known: dict[str, Category]) -> tuple[Category, ...]:
    chosen = []
    for part in value.replace("|", ";").split(";"):
        key = part.strip().lower()
        if not key:
            continue
        if key not in known:
            raise ValidationError(f"no category {part.strip()!r} on this site")
        chosen.append(known[key])
    return tuple(chosen)


def read_subscribers(file: IO[bytes], *, name: str) -> list[SubscriberRow]:
    """Every subscriber in the file; SubscriberFileError listing each bad line."""
    content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise SubscriberFileError(name, [f"larger than {MAX_BYTES // 1024**2} MB: split it"])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubscriberFileError(
            name, [f"not UTF-8 text (byte {error.start}): save it as CSV UTF-8"]
        ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    columns = _columns(header or [])
    if "email" not in columns:
        raise SubscriberFileError(
            name, ["line 1: no email column (a header row naming an 'email' column is needed)"]
        )
    known = {}
    for category in Category.objects.all():
        known[category.slug.lower()] = known[category.name.lower()] = category
    rows, problems, seen = [], [], set()
    for number, fields in enumerate(reader, start=2):
        if not any(field.strip() for field in fields):
            continue

        def field(column: str, fields=fields) -> str:
            position = columns.get(column)
            return fields[position] if position is not None and position < len(fields) else ""

        try:
            email = normalised_email(field("email"))
            status_text = field("status").strip().lower()
            if status_text not in STATUSES:
                raise ValidationError(
                    f"status {field('status')!r} is not one of active, pending, unsubscribed"
                )
            frequency = field("frequency").strip().lower() or Subscriber.Frequency.EACH_POST
            if frequency not in Subscriber.Frequency.values:
                raise ValidationError(f"frequency {frequency!r} is not each_post or weekly")
            row = SubscriberRow(
                line=number,
                email=email,
                name=clean_name(field("name")),
                status=STATUSES[status_text],
                subscribed_at=_date(field("subscribed_at")),
                categories=_categories(field("categories"), known),
                frequency=frequency,
            )
        except ValidationError as error:
            problems.append(
                f"line {number} ({field('email').strip()!r}): {' '.join(error.messages)}"
            )
            continue
        if email in seen:
            continue
        seen.add(email)
        rows.append(row)
    if problems:
        raise SubscriberFileError(name, problems)
    return rows
