"""Writes about people, their roles in networks, and organisations and their contacts."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import Action, ConsentKind, Role
from members.models import Membership, Organisation, OrganisationContact, User
from members.queries import PEOPLE_BY_NETWORK
from sanctuary.activity import changed_fields, log_action
from sanctuary.caching import invalidate
from sanctuary.models import Network
from sanctuary.refusals import Refused


class MembershipError(Refused):
    """A membership change that the rules do not allow; the message is for people."""


def memberships_changed() -> None:
    """Someone gained or lost a role in a network: the counts of people by network
    (members.queries.people_by_network) are read afresh. Every service that creates or
    deletes a membership calls it."""
    invalidate(PEOPLE_BY_NETWORK)


@transaction.atomic
def record_registration(user: User) -> None:
    log_action(user, Action.USER_REGISTERED, actor=user, data={"email": user.email})
    # Signing up agrees to e-mail about the account and the roles taken (the sign-up page
    # links the privacy notice): recorded with the notice's version.
    from members.services.privacy import record_consent  # privacy reads people's models

    record_consent(kind=ConsentKind.EMAIL, email=user.email, user=user, actor=user)


@transaction.atomic
def update_own_profile(user: User, *, actor: User, **new_values: Any) -> User:
    allowed = {"full_name", "preferred_language", "has_lived_experience"}
    if set(new_values) - allowed:
        raise ValueError("Only name, language and lived experience are edited here.")
    changes = changed_fields(user, new_values)
    if not changes:
        return user
    for field, value in new_values.items():
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    # Lived experience is private: the log records that it changed, never the value.
    if "has_lived_experience" in changes:
        changes["has_lived_experience"] = {"old": "(private)", "new": "(private)"}
    if set(changes) == {"preferred_language"}:
        action = Action.USER_LANGUAGE_CHANGED
    else:
        action = Action.USER_PROFILE_CHANGED
    log_action(user, action, actor=actor, data=changes)
    return user


@transaction.atomic
def add_membership(
    network: Network, user: User, role: Role | str, *, actor: User | None, agreed: bool = False
) -> Membership:
    """Give a role directly (the demo, staff tools). `agreed` records that the person agreed
    to it themselves; pages invite instead (members.services.invitations)."""
    try:
        with transaction.atomic(), scope(network=network):
            membership = Membership.objects.create(
                network=network,
                user=user,
                role=role,
                agreed_at=timezone.now() if agreed else None,
            )
    except IntegrityError:
        raise MembershipError(
            _("%(person)s already has that role here.") % {"person": user.get_full_name()},
            field="role",
        ) from None
    log_action(
        membership,
        Action.MEMBERSHIP_ADDED,
        actor=actor,
        network=network,
        data={"user": user.pk, "role": str(role)},
    )
    memberships_changed()
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, actor: User | None) -> None:
    network = membership.network
    if membership.role == Role.COORDINATOR:
        with scope(network=network):
            others = (
                Membership.objects.filter(network=network, role=Role.COORDINATOR)
                .exclude(pk=membership.pk)
                .exists()
            )
        if not others:
            raise MembershipError(_("A network needs at least one coordinator."))
    log_action(
        membership,
        Action.MEMBERSHIP_REMOVED,
        actor=actor,
        network=network,
        data={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()
    memberships_changed()


@transaction.atomic
def create_organisation(*, actor: User | None, **fields: Any) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    log_action(
        organisation,
        Action.ORGANISATION_CREATED,
        actor=actor,
        network=organisation.local_group,
        data={"name": organisation.name, "kind": organisation.kind},
    )
    return organisation


@transaction.atomic
def add_organisation_contact(
    organisation: Organisation,
    user: User,
    *,
    actor: User | None,
    role_title: str = "",
    is_lead: bool = False,
) -> OrganisationContact:
    contact, created = OrganisationContact.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={"role_title": role_title, "is_lead": is_lead},
    )
    if created:
        log_action(
            contact,
            Action.ORGANISATION_CONTACT_ADDED,
            actor=actor,
            network=organisation.local_group,
            data={"user": user.pk, "organisation": organisation.pk},
        )
    return contact
