"""The emails a reader gets about their subscription (not the newsletter itself)."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from broadsheet.newsletter.composer import (
    SiteIdentity,
    sender,
    site_identity,
    subscriber_links,
)
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tokens import (
    CONFIRMATION_VALID_FOR,
    SubscriptionRequest,
    confirmation_token,
)


def _message(*, identity: SiteIdentity, to: str, subject: str, template: str, context: dict):
    context = {"site_name": identity.name, "site_url": identity.url, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        from_email=sender(identity),
        to=[to],
        headers={"X-Auto-Response-Suppress": "OOF, AutoReply"},
    )
    message.attach_alternative(
        render_to_string(f"newsletter/email/{template}.html", context), "text/html"
    )
    return message


def subscription_email_send(*, request: SubscriptionRequest) -> None:
    """Send the confirmation link, or, to a subscribed address, its preferences link."""
    identity = site_identity()
    subscriber = Subscriber.objects.filter(email=request.email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
        message = _message(
            identity=identity,
            to=request.email,
            subject=f"You are subscribed to {identity.name}",
            template="already_subscribed",
            context=subscriber_links(identity, subscriber),
        )
    else:
        path = reverse("newsletter:confirm", kwargs={"token": confirmation_token(request)})
        message = _message(
            identity=identity,
            to=request.email,
            subject=f"Confirm your subscription to {identity.name}",
            template="confirm",
            context={
                "confirm_url": identity.absolute(path),
                "valid_days": CONFIRMATION_VALID_FOR.days,
            },
        )
    message.send(using="default")
