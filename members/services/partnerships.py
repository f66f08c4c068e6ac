"""Sanctuary Partnership forums of a local network, and who sits on them."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import Action, ForumMemberKind, OrganisationKind
from members.models import ForumMember, Organisation, PartnershipForum, User
from sanctuary.activity import log_action
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.refusals import Refused


class ForumError(Refused):
    """A forum change the rules do not allow; the message is for people."""


@transaction.atomic
def create_partnership_forum(
    network: Network, *, actor: User, name: str, purpose: str = "", is_listed: bool = True
) -> PartnershipForum:
    if network.kind != NetworkKind.LOCAL_GROUP:
        raise ForumError(_("Sanctuary Partnership forums belong to local groups."), field="name")
    try:
        with transaction.atomic(), scope(network=network):
            forum = PartnershipForum.objects.create(
                network=network, name=name.strip(), purpose=purpose.strip(), is_listed=is_listed
            )
    except IntegrityError:
        raise ForumError(
            _("This group has a forum with that name already."), field="name"
        ) from None
    log_action(forum, Action.FORUM_CREATED, actor=actor, network=network, data={"name": name})
    return forum


@transaction.atomic
def add_forum_member(
    forum: PartnershipForum,
    *,
    actor: User,
    organisation: Organisation | None = None,
    user: User | None = None,
    role_title: str = "",
) -> ForumMember:
    """A council, a supporting organisation or a person joins the forum.

    Councils are told apart by the organisation's kind; a person is a person, whatever their
    experience.
    """
    if (organisation is None) == (user is None):
        raise ValueError("Give an organisation or a person.")
    if organisation is not None:
        kind = (
            ForumMemberKind.COUNCIL
            if organisation.kind == OrganisationKind.LOCAL_AUTHORITY
            else ForumMemberKind.ORGANISATION
        )
    else:
        kind = ForumMemberKind.PERSON
    try:
        with transaction.atomic(), scope(network=forum.network):
            member = ForumMember.objects.create(
                forum=forum,
                kind=kind,
                organisation=organisation,
                user=user,
                role_title=role_title.strip(),
            )
    except IntegrityError:
        raise ForumError(_("They are on this forum already.")) from None
    log_action(
        member,
        Action.FORUM_MEMBER_ADDED,
        actor=actor,
        network=forum.network,
        data={"forum": forum.pk, "kind": str(kind)},
    )
    return member


@transaction.atomic
def remove_forum_member(member: ForumMember, *, actor: User) -> None:
    network = member.forum.network
    log_action(
        member,
        Action.FORUM_MEMBER_REMOVED,
        actor=actor,
        network=network,
        data={"forum": member.forum_id, "kind": member.kind},
    )
    with scope(network=network):
        member.delete()
