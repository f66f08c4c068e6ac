"""The mail provider's word on what happened to an e-mail (django-anymail's tracking signal,
fed by its bounce and complaint webhook): a bounce, a rejection or a spam complaint marks the
address undeliverable, so nothing more is sent to it (DESIGN.md rule 10)."""

from anymail.signals import EventType, tracking
from django.dispatch import receiver

from members.enums import UndeliverableReason
from members.services.mail import record_undeliverable

# Events that stop mail to an address, and why. A delay or a soft bounce ("deferred") does not.
STOPPING_EVENTS = {
    EventType.BOUNCED: UndeliverableReason.BOUNCED,
    EventType.REJECTED: UndeliverableReason.REFUSED,
    EventType.COMPLAINED: UndeliverableReason.COMPLAINED,
}


@receiver(tracking, dispatch_uid="members.mark_undeliverable")
def mark_undeliverable(sender, event, esp_name, **kwargs) -> None:
    reason = STOPPING_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    detail = event.mta_response or event.description or event.reject_reason or esp_name
    record_undeliverable(event.recipient, reason=reason, detail=str(detail or ""))
