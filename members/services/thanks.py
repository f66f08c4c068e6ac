"""Thanks for lived experience: staff record the time a person with lived experience gave
and the honorarium or voucher owed, and mark it paid. Only with the person's agreement.

Like every lived-experience entry, the log entries here name no network: only staff read
them (DESIGN.md section 4, rule 6).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from members.enums import Action, ContributionKind, ThanksKind
from members.models import Contribution, User
from sanctuary.activity import log_action
from sanctuary.models import Network
from sanctuary.refusals import Refused


class ThanksError(Refused):
    """A contribution the rules do not allow to record or pay; the message is for people."""


@transaction.atomic
def record_contribution(
    *,
    actor: User,
    person: User,
    kind: ContributionKind | str,
    date: datetime.date,
    hours: Decimal,
    thanks_kind: ThanksKind | str,
    amount: Decimal = Decimal("0"),
    consent_given: bool,
    network: Network | None = None,
    note: str = "",
    owed_at: datetime.date | None = None,
) -> Contribution:
    """Record time given and the thanks owed for it. Refused without the person's agreement."""
    if not actor.is_staff:
        raise ThanksError(_("Only movement staff record time given."))
    if not consent_given:
        raise ThanksError(
            _("Record time given only when the person has agreed to it."), field="consent_given"
        )
    if not person.has_lived_experience:
        raise ThanksError(
            _("This person has not told us they have lived experience of seeking sanctuary."),
            field="email",
        )
    if kind not in ContributionKind.values or thanks_kind not in ThanksKind.values:
        raise ValueError("Unknown kind of contribution or thanks")
    if hours <= 0:
        raise ThanksError(_("Enter the hours given."))
    if amount < 0:
        raise ThanksError(_("The amount cannot be below nothing."))
    if thanks_kind == ThanksKind.DECLINED:
        amount = Decimal("0")
    elif amount == 0:
        raise ThanksError(_("Enter the amount owed, or choose that the person declined."))
    contribution = Contribution.objects.create(
        person=person,
        kind=kind,
        date=date,
        hours=hours,
        thanks_kind=thanks_kind,
        amount=amount,
        consent_given=True,
        network=network,
        note=note.strip(),
        owed_at=owed_at or date,
        recorded_by=actor,
    )
    # No network on the entry, whatever the contribution's: only staff read it (rule 6).
    log_action(
        contribution,
        Action.CONTRIBUTION_RECORDED,
        actor=actor,
        data={"kind": str(kind), "thanks": str(thanks_kind)},
    )
    return contribution


@transaction.atomic
def mark_contribution_paid(
    contribution: Contribution, *, actor: User, paid_at: datetime.date | None = None
) -> Contribution:
    """Staff mark the honorarium or voucher paid (once)."""
    if not actor.is_staff:
        raise ThanksError(_("Only movement staff mark thanks paid."))
    with scopes_disabled():  # a staff page about one person, whichever network it names
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.thanks_kind == ThanksKind.DECLINED:
        raise ThanksError(_("The person declined a payment: there is nothing to pay."))
    if locked.paid_at is not None:
        raise ThanksError(_("This is already marked paid."))
    locked.paid_at = paid_at or timezone.localdate()
    locked.save(update_fields=["paid_at"])
    log_action(
        locked, Action.CONTRIBUTION_PAID, actor=actor, data={"paid_at": locked.paid_at.isoformat()}
    )
    return locked
