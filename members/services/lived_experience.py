"""Sanctuary Ambassadors and the Experts by Experience Advisory Group.

These rows say that a person has lived experience, so every log entry here has no network:
only staff read them (DESIGN.md section 4, rule 6).
"""

import datetime
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import (
    AMBASSADOR_ACTIONS,
    AMBASSADOR_TRANSITIONS,
    Action,
    AmbassadorRole,
    AmbassadorStatus,
)
from members.models import AdvisoryGroupMember, Ambassador, TrusteeMeetingInvitation, User
from members.services.people import update_own_profile
from sanctuary.activity import changed_fields, log_action, log_actions_in_bulk
from sanctuary.refusals import Refused


class LivedExperienceError(Refused):
    """An ambassador or Advisory Group change the rules do not allow; the message is for people."""


@transaction.atomic
def record_lived_experience_seen(
    people_ids: list[int], *, actor: User, where: str, application_id: int | None = None
) -> None:
    """Each time staff or a chair are shown whether people have lived experience (a panel
    being formed, staff's ambassador list), one entry per person shown. No network on the
    entries, like every lived-experience entry: only staff read them (rule 6). The data says
    where, never the answer."""
    data: dict[str, Any] = {"where": where}
    if application_id is not None:
        data["application"] = application_id
    log_actions_in_bulk(
        User,
        Action.LIVED_EXPERIENCE_SEEN,
        [(pk, None, data) for pk in sorted(set(people_ids))],
        actor=actor,
    )


@transaction.atomic
def register_ambassador(
    user: User,
    *,
    actor: User,
    languages: str,
    skills: str = "",
    availability: str = "",
    roles_wanted: Sequence[str] = (),
) -> Ambassador:
    """A person with lived experience registers as a Sanctuary Ambassador, or updates their
    details. Registering records on their private profile that they have lived experience."""
    unknown = set(roles_wanted) - set(AmbassadorRole.values)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    roles = [role for role in AmbassadorRole.values if role in roles_wanted]
    values = {
        "languages": languages.strip(),
        "skills": skills.strip(),
        "availability": availability.strip(),
        "roles_wanted": roles,
    }
    # Lock the person's row first: two posts at once (a double click) then run one after the
    # other, and the second finds the first's registration and updates it. Locking the
    # registration itself would lock nothing while it does not exist yet.
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    ambassador = Ambassador.objects.select_for_update().filter(user=user).first()
    created = False
    if ambassador is None:
        try:
            with transaction.atomic():
                ambassador = Ambassador.objects.create(user=user, **values)
            created = True
        except IntegrityError:
            # A database without row locks may still let both through: the one registration
            # per person stands, and this post becomes an update of it.
            ambassador = Ambassador.objects.select_for_update().get(user=user)
    if created:
        log_action(
            ambassador, Action.AMBASSADOR_REGISTERED, actor=actor, data={"roles_wanted": roles}
        )
    else:
        changes = changed_fields(ambassador, values)
        if changes:
            for field, value in values.items():
                setattr(ambassador, field, value)
            ambassador.save(update_fields=list(changes))
            log_action(ambassador, Action.AMBASSADOR_UPDATED, actor=actor, data=changes)
    if not user.has_lived_experience:
        update_own_profile(user, actor=actor, has_lived_experience=True)
    return ambassador


@transaction.atomic
def set_ambassador_status(
    ambassador: Ambassador, new_status: AmbassadorStatus | str, *, actor: User
) -> Ambassador:
    """Staff approve (or decline) a registration, along AMBASSADOR_TRANSITIONS only."""
    if not actor.is_staff:
        raise LivedExperienceError(_("Only movement staff can make this change."))
    ambassador = (
        Ambassador.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=ambassador.pk)
    )
    old_status = ambassador.status
    if new_status not in AMBASSADOR_TRANSITIONS[old_status]:
        raise LivedExperienceError(
            _("A registration that is “%(old)s” cannot become “%(new)s”.")
            % {
                "old": AmbassadorStatus(old_status).label,
                "new": AmbassadorStatus(new_status).label,
            }
        )
    ambassador.status = new_status
    ambassador.decided_at = timezone.now()
    ambassador.decided_by = actor
    ambassador.save(update_fields=["status", "decided_at", "decided_by"])
    log_action(
        ambassador,
        AMBASSADOR_ACTIONS[new_status],
        actor=actor,
        data={"status": {"old": old_status, "new": str(new_status)}},
    )
    from members.tasks import task_notify_ambassador_status  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_ambassador_status.delay,
            ambassador_id=ambassador.pk,
            status=str(new_status),
        )
    )
    return ambassador


@transaction.atomic
def nominate_to_advisory_group(ambassador: Ambassador, *, actor: User) -> AdvisoryGroupMember:
    """Nominate an approved ambassador to the Experts by Experience Advisory Group."""
    if not actor.is_staff:
        raise LivedExperienceError(_("Only movement staff can make this change."))
    if ambassador.status != AmbassadorStatus.APPROVED:
        raise LivedExperienceError(
            _("Only approved Sanctuary Ambassadors can join the Advisory Group."),
            field="ambassador",
        )
    member, created = AdvisoryGroupMember.objects.get_or_create(
        ambassador=ambassador, defaults={"nominated_by": actor}
    )
    if not created:
        raise LivedExperienceError(
            _("%(person)s is in the Advisory Group already.")
            % {"person": ambassador.user.get_full_name()},
            field="ambassador",
        )
    log_action(member, Action.ADVISORY_NOMINATED, actor=actor, data={"ambassador": ambassador.pk})
    return member


@transaction.atomic
def invite_next_advisers(
    *, actor: User, meeting_date: datetime.date, count: int = 1
) -> list[TrusteeMeetingInvitation]:
    """Advance the rotation: invite the `count` members invited least recently (never invited
    first, then the longest-standing) to the trustees' meeting on `meeting_date`.

    The rows are locked while they are chosen, so two staff advancing at once invite
    different people; nobody is invited twice to one meeting.
    """
    if not actor.is_staff:
        raise LivedExperienceError(_("Only movement staff can make this change."))
    if count < 1:
        raise LivedExperienceError(_("Invite at least one person."))
    members = list(
        AdvisoryGroupMember.objects.select_for_update()
        .filter(is_active=True)
        .exclude(invitations__meeting_date=meeting_date)
        .order_by(F("last_invited_at").asc(nulls_first=True), "nominated_at", "pk")[:count]
    )
    if not members:
        raise LivedExperienceError(
            _("Everyone in the Advisory Group is invited to this meeting already.")
        )
    now = timezone.now()
    invitations = []
    for member in members:
        invitations.append(
            TrusteeMeetingInvitation.objects.create(
                member=member, meeting_date=meeting_date, invited_by=actor
            )
        )
        member.last_invited_at = now
        member.invitation_count = F("invitation_count") + 1
        member.save(update_fields=["last_invited_at", "invitation_count"])
        log_action(
            member,
            Action.ADVISORY_INVITED,
            actor=actor,
            data={"meeting_date": meeting_date.isoformat()},
        )
    from members.tasks import task_send_trustees_invitation  # tasks import this module

    for invitation in invitations:
        transaction.on_commit(
            partial(task_send_trustees_invitation.delay, invitation_id=invitation.pk)
        )
    return invitations
