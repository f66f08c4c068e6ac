"""People getting into networks by themselves: joining a local group (at once or by a request
its coordinators decide), leaving, and choosing afterwards whether a signature is listed."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import REQUEST_TRANSITIONS, Action, RequestStatus, Role
from members.models import Membership, NetworkJoinRequest, Signature, User
from members.queries.signatures import own_signatures
from members.services.people import memberships_changed
from members.services.signature_lists import signature_lists_changed
from sanctuary.activity import log_action
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.refusals import Refused


class JoiningError(Refused):
    """Joining or leaving that the rules do not allow; the message is for the person."""


@transaction.atomic
def join_network(network: Network, *, actor: User, message: str = "") -> Membership | None:
    """ "Join this group": a member's role at once when the group says so
    (`network.join_without_approval`), else a request its coordinators decide. Returns the
    membership, or None when the request waits."""
    if network.kind != NetworkKind.LOCAL_GROUP:
        raise JoiningError(_("People join local groups. Organisations join stream networks."))
    with scope(network=network):
        if Membership.objects.filter(network=network, user=actor).exists():
            raise JoiningError(
                _("You are a member of %(network)s already.") % {"network": network.name}
            )
        if network.join_without_approval:
            membership = Membership.objects.create(network=network, user=actor, role=Role.MEMBER)
            memberships_changed()
            log_action(
                membership,
                Action.NETWORK_JOINED,
                actor=actor,
                network=network,
                data={"user": actor.pk, "role": Role.MEMBER},
            )
            return membership
        try:
            with transaction.atomic():
                request = NetworkJoinRequest.objects.create(
                    network=network, user=actor, message=message.strip()
                )
        except IntegrityError:
            raise JoiningError(
                _("You have asked to join already. The coordinators will tell you by e-mail.")
            ) from None
    log_action(
        request,
        Action.NETWORK_JOIN_REQUESTED,
        actor=actor,
        network=network,
        data={"user": actor.pk},
    )
    return None


@transaction.atomic
def decide_join_request(
    request: NetworkJoinRequest, *, approve: bool, actor: User, reason: str = ""
) -> NetworkJoinRequest:
    """A coordinator (or staff) lets the person in as a member, or refuses with a reason.
    The person is told by e-mail in their language."""
    network = request.network
    with scope(network=network):
        request = (
            NetworkJoinRequest.objects.select_for_update(of=("self",))
            .select_related("user", "network")
            .get(pk=request.pk)
        )
        is_coordinator = Membership.objects.filter(
            network=network, user=actor, role=Role.COORDINATOR
        ).exists()
        if not (actor.is_staff or is_coordinator):
            raise JoiningError(_("Only the network's coordinators decide who joins."))
        new_status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        if new_status not in REQUEST_TRANSITIONS[request.status]:
            raise JoiningError(_("This request is decided already."))
        reason = reason.strip()
        if not approve and not reason:
            raise JoiningError(
                _("Please give a reason: the person who asked will read it."), field="reason"
            )
        request.status = new_status
        request.reason = reason
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        log_action(
            request,
            Action.NETWORK_JOIN_APPROVED if approve else Action.NETWORK_JOIN_REFUSED,
            actor=actor,
            network=network,
            data={"user": request.user_id, "reason": reason},
        )
        if approve:
            membership, created = Membership.objects.get_or_create(
                network=network, user=request.user, role=Role.MEMBER
            )
            if created:
                memberships_changed()
                log_action(
                    membership,
                    Action.MEMBERSHIP_ADDED,
                    actor=actor,
                    network=network,
                    data={"user": request.user_id, "role": Role.MEMBER},
                )
    from members.tasks import task_notify_join_request  # tasks import services

    transaction.on_commit(
        partial(task_notify_join_request.delay, request_id=request.pk, status=str(new_status))
    )
    return request


@transaction.atomic
def leave_network(network: Network, *, actor: User) -> int:
    """The person leaves: every role they hold in the network goes. The last coordinator
    cannot leave (a network needs one): staff or another coordinator must step in first.
    Returns how many roles went."""
    with scope(network=network):
        roles = list(Membership.objects.select_for_update().filter(network=network, user=actor))
        if not roles:
            raise JoiningError(
                _("You are not a member of %(network)s.") % {"network": network.name}
            )
        if any(m.role == Role.COORDINATOR for m in roles):
            others = (
                Membership.objects.filter(network=network, role=Role.COORDINATOR)
                .exclude(user=actor)
                .exists()
            )
            if not others:
                raise JoiningError(
                    _(
                        "You are the only coordinator of %(network)s, so you cannot leave yet. "
                        "Give another member the coordinator role first, or ask movement staff."
                    )
                    % {"network": network.name}
                )
        for membership in roles:
            log_action(
                membership,
                Action.NETWORK_LEFT,
                actor=actor,
                network=network,
                data={"user": actor.pk, "role": membership.role},
            )
            membership.delete()
        memberships_changed()
    return len(roles)


@transaction.atomic
def set_signature_listing(signature: Signature, *, actor: User, listed: bool) -> Signature:
    """The signatory changes whether their signature appears on the public list."""
    found = own_signatures(actor).select_for_update(of=("self",)).filter(pk=signature.pk).first()
    if found is None:
        raise JoiningError(_("You can change only your own signatures."))
    signature = found
    if signature.listed_publicly == listed:
        return signature
    signature.listed_publicly = listed
    signature.save(update_fields=["listed_publicly"])
    signature_lists_changed(signature.version.document)  # the public counts change
    # Like signing, the entry names no network: who chose not to be listed stays private.
    log_action(
        signature,
        Action.SIGNATURE_LISTING_CHANGED,
        actor=actor,
        data={"listed_publicly": {"old": not listed, "new": listed}},
    )
    return signature
