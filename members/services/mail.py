"""Addresses that mail no longer goes to: recorded when a server refuses one for good or the
provider reports a bounce or a complaint, and cleared by staff (DESIGN.md rule 10)."""

from django.db import transaction
from django.utils.translation import gettext as _

from members.enums import Action, UndeliverableReason
from members.models import UndeliverableAddress, User
from sanctuary.activity import log_action
from sanctuary.refusals import Refused


class MailAddressError(Refused):
    """A change to the undeliverable addresses that the rules do not allow."""


def normalise_address(email: str) -> str:
    return (email or "").strip().lower()


def is_undeliverable(email: str) -> bool:
    return UndeliverableAddress.objects.filter(email=normalise_address(email)).exists()


@transaction.atomic
def record_undeliverable(
    email: str,
    *,
    reason: UndeliverableReason,
    detail: str = "",
    actor: User | None = None,
) -> UndeliverableAddress:
    """Stop mail to this address. A second report of the same address changes nothing."""
    address, created = UndeliverableAddress.objects.get_or_create(
        email=normalise_address(email),
        defaults={"reason": reason, "detail": " ".join(str(detail).split())[:500]},
    )
    if created:
        # The address is personal data; the log keeps the reason and the row's id only.
        log_action(
            address,
            Action.MAIL_ADDRESS_UNDELIVERABLE,
            actor=actor,
            data={"reason": str(reason)},
        )
    return address


@transaction.atomic
def clear_undeliverable(address: UndeliverableAddress, *, actor: User) -> None:
    """Staff let mail go to an address again (the person fixed their mailbox, say)."""
    if not actor.is_staff:
        raise MailAddressError(_("Only movement staff clear an undeliverable address."))
    log_action(
        address,
        Action.MAIL_ADDRESS_CLEARED,
        actor=actor,
        data={"reason": address.reason},
    )
    UndeliverableAddress.objects.filter(pk=address.pk).delete()
