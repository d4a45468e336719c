"""The emails a reader gets about their subscription (not the newsletter itself)."""

from django.urls import reverse

from broadsheet.core.emails import SiteIdentity, site_identity, two_part_message
from broadsheet.newsletter.composer import subscriber_links
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tokens import (
    CONFIRMATION_VALID_FOR,
    SubscriptionRequest,
    confirmation_token,
)


def _message(*, identity: SiteIdentity, to: str, subject: str, template: str, context: dict):
    return two_part_message(
        identity=identity,
        to=to,
        subject=subject,
        template=f"newsletter/email/{template}",
        context=context,
    )


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
