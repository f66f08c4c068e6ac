"""Group affiliation: applications, their review by staff, and the state machine that
affiliates a group as a local network."""

import secrets
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import (
    AFFILIATION_ACTIONS,
    AFFILIATION_APPLICANT_STATES,
    AFFILIATION_HOLDS_AREA,
    AFFILIATION_REASON_REQUIRED,
    AFFILIATION_TRANSITIONS,
    Action,
    AffiliationState,
    DocumentSlug,
    PartyKind,
    Role,
)
from members.models import (
    AffiliationApplication,
    AffiliationComment,
    DocumentVersion,
    Membership,
    Signature,
    User,
)
from members.models.affiliation import area_key
from members.services.charter import party_name_key, sign_document
from members.services.people import add_membership
from sanctuary.activity import changed_fields, log_action
from sanctuary.enums import NetworkKind
from sanctuary.models import RESERVED_SLUGS, Network
from sanctuary.refusals import Refused
from sanctuary.services import create_network
from sanctuary.uploads import CheckedUpload


class AffiliationError(Refused):
    """An affiliation change the rules do not allow; the message is for people."""


def find_area_holder(area: str, nation: str, *, exclude_pk: int | None = None) -> str:
    """The name of a group that already holds this area, or "" if none does.

    An affiliated (or suspended) application for the same area and nation holds it; so does a
    local group network already named after the area ("Sheffield City of Sanctuary").
    """
    key = area_key(area)
    holders = AffiliationApplication.objects.filter(
        area_key=key, nation=nation, state__in=AFFILIATION_HOLDS_AREA
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    holder = holders.values_list("group_name", flat=True).first()
    if holder:
        return holder
    network = (
        Network.objects.filter(kind=NetworkKind.LOCAL_GROUP, nation=nation)
        .filter(Q(name__iexact=area.strip()) | Q(name__istartswith=f"{area.strip()} "))
        .values_list("name", flat=True)
        .first()
    )
    return network or ""


def _store_governing_document(application: AffiliationApplication, upload: CheckedUpload) -> None:
    application.governing_document.save(upload.name, upload.file, save=False)
    application.governing_document_name = upload.name
    application.governing_document_type = upload.content_type


def _charter_signature_for_group(
    actor: User, group_name: str, *, role_title: str, listed: bool
) -> Signature:
    """The applicant's signature of the current charter on the group's behalf: the one they
    gave already, or a new one."""
    charter = DocumentVersion.objects.filter(document=DocumentSlug.CHARTER, is_current=True).first()
    if charter is None:
        raise AffiliationError(_("Applications open once the charter is published."))
    existing = Signature.objects.filter(
        version=charter,
        email=actor.email.lower(),
        party_key=f"group-name:{party_name_key(group_name)}",
    ).first()
    if existing is not None:
        return existing
    return sign_document(
        charter,
        actor=actor,
        name=actor.full_name or actor.email,
        email=actor.email,
        party_kind=PartyKind.GROUP,
        party_name=group_name,
        role_title=role_title,
        listed_publicly=listed,
        language=actor.preferred_language,
    )


@transaction.atomic
def apply_for_affiliation(
    *,
    actor: User,
    upload: CheckedUpload,
    handbook_version: DocumentVersion,
    role_title: str,
    listed_publicly: bool,
    **fields: Any,
) -> AffiliationApplication:
    """A group applies: its details, its governing document (already checked), the current
    handbook terms accepted and the current charter signed on its behalf.

    An application for an area that another group holds is accepted and flagged to staff.
    """
    if handbook_version.document != DocumentSlug.HANDBOOK or not handbook_version.is_current:
        raise AffiliationError(
            _("The handbook terms have changed since you opened the form. Please read them again.")
        )
    signature = _charter_signature_for_group(
        actor, fields["group_name"], role_title=role_title, listed=listed_publicly
    )
    application = AffiliationApplication(
        **fields,
        area_key=area_key(fields["area"]),
        applicant=actor,
        handbook_version=handbook_version,
        charter_signature=signature,
        state=AffiliationState.SUBMITTED,
        state_changed_at=timezone.now(),
    )
    application.area_conflict = find_area_holder(application.area, application.nation)
    _store_governing_document(application, upload)
    application.full_clean(exclude=["governing_document"])
    application.save()
    log_action(
        application,
        Action.AFFILIATION_SUBMITTED,
        actor=actor,
        data={
            "group_name": application.group_name,
            "area": application.area,
            "area_conflict": application.area_conflict,
            "handbook_version": handbook_version.number,
        },
    )
    _notify_affiliation_after_commit(application)
    return application


@transaction.atomic
def resubmit_affiliation_application(
    application: AffiliationApplication,
    *,
    actor: User,
    upload: CheckedUpload | None = None,
    **new_values: Any,
) -> AffiliationApplication:
    """The group made the changes staff asked for and sends the application back."""
    application = AffiliationApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != AffiliationState.CHANGES_REQUESTED:
        raise AffiliationError(_("This application is not waiting for changes."))
    editable = {
        "group_name", "area", "area_type", "nation", "governance_type", "lead_organisation",
        "charity_number", "about", "contact_email",
    }  # fmt: skip
    if set(new_values) - editable:
        raise ValueError(f"Not editable: {sorted(set(new_values) - editable)}")
    changes = changed_fields(application, new_values)
    for field, value in new_values.items():
        setattr(application, field, value)
    application.area_key = area_key(application.area)
    application.area_conflict = find_area_holder(
        application.area, application.nation, exclude_pk=application.pk
    )
    update_fields = [*changes, "area_key", "area_conflict"]
    if upload is not None:
        _store_governing_document(application, upload)
        changes["governing_document"] = {"old": "(file)", "new": upload.name}
        update_fields += [
            "governing_document",
            "governing_document_name",
            "governing_document_type",
        ]
    application.full_clean(exclude=["governing_document"])
    application.save(update_fields=update_fields)
    if changes:
        log_action(application, Action.AFFILIATION_UPDATED, actor=actor, data=changes)
    return set_affiliation_state(application, AffiliationState.SUBMITTED, actor=actor)


def _unique_network_slug(*candidates: str) -> str:
    for candidate in candidates:
        base = slugify(candidate)[:50].strip("-")
        if not base:
            continue
        for number in range(1, 50):
            slug = base if number == 1 else f"{base}-{number}"
            if slug not in RESERVED_SLUGS and not Network.objects.filter(slug=slug).exists():
                return slug
    return f"group-{secrets.token_hex(4)}"


def _affiliate(
    application: AffiliationApplication, *, actor: User | None, network: Network | None
) -> Network:
    """Create or link the group's network, make the applicant its coordinator, and let the
    charter signature name the network."""
    network = network or application.network
    if network is None:
        network = create_network(
            actor=actor,
            slug=_unique_network_slug(application.area, application.group_name),
            name=application.group_name,
            kind=NetworkKind.LOCAL_GROUP,
            area_type=application.area_type,
            nation=application.nation,
            contact_email=application.contact_email,
            description=application.about,
        )
    elif network.kind != NetworkKind.LOCAL_GROUP:
        raise AffiliationError(_("Only a local group network can be linked."))
    with scope(network=network):
        has_coordinator_role = Membership.objects.filter(
            network=network, user=application.applicant, role=Role.COORDINATOR
        ).exists()
    if not has_coordinator_role:
        add_membership(network, application.applicant, Role.COORDINATOR, actor=actor)
    signature = application.charter_signature
    if signature.group_id is None:
        signature.group = network
        signature.network = network
        signature.save(update_fields=["group", "network"])
    return network


@transaction.atomic
def set_affiliation_state(
    application: AffiliationApplication,
    new_state: AffiliationState | str,
    *,
    actor: User,
    reason: str = "",
    network: Network | None = None,
) -> AffiliationApplication:
    """Move an application along AFFILIATION_TRANSITIONS, and nowhere else.

    Staff make every move except resubmitting, which the applicant makes. Affiliating creates
    (or links) the group's local group network. Each move is logged, and the group is told
    by e-mail after the transaction commits.
    """
    application = (
        # Lock the application's row only: the network is on the nullable side of a join.
        AffiliationApplication.objects.select_for_update(of=("self",))
        .select_related("charter_signature", "applicant", "network")
        .get(pk=application.pk)
    )
    old_state = application.state
    if new_state not in AFFILIATION_TRANSITIONS[old_state]:
        raise AffiliationError(
            _("An application that is “%(old)s” cannot become “%(new)s”.")
            % {
                "old": AffiliationState(old_state).label,
                "new": AffiliationState(new_state).label,
            }
        )
    if new_state in AFFILIATION_APPLICANT_STATES:
        allowed = actor.is_staff or actor.pk == application.applicant_id
    else:
        allowed = actor.is_staff
    if not allowed:
        raise AffiliationError(_("Only movement staff can make this change."))
    reason = reason.strip()
    if new_state in AFFILIATION_REASON_REQUIRED and not reason:
        raise AffiliationError(_("Please give a reason: the group will read it."))
    if new_state == AffiliationState.AFFILIATED:
        holder = find_area_holder(application.area, application.nation, exclude_pk=application.pk)
        linked_here = network is not None and holder == network.name
        if holder and not linked_here and holder != application.group_name:
            raise AffiliationError(
                _(
                    "%(holder)s is already the affiliated group for %(area)s: one affiliated "
                    "group per area. Suspend or lapse it first, or link this application to "
                    "its network."
                )
                % {"holder": holder, "area": application.area}
            )
        application.network = _affiliate(application, actor=actor, network=network)
    application.state = new_state
    application.state_reason = reason
    application.state_changed_at = timezone.now()
    try:
        with transaction.atomic():
            application.save(update_fields=["state", "state_reason", "state_changed_at", "network"])
    except IntegrityError:
        raise AffiliationError(
            _("Another group is already affiliated for %(area)s.") % {"area": application.area}
        ) from None
    log_action(
        application,
        AFFILIATION_ACTIONS[new_state],
        actor=actor,
        network=application.network,
        data={"state": {"old": old_state, "new": str(new_state)}, "reason": reason},
    )
    _notify_affiliation_after_commit(application)
    return application


@transaction.atomic
def add_affiliation_comment(
    application: AffiliationApplication, *, actor: User, text: str
) -> AffiliationComment:
    """A staff note on an application. The group does not see it."""
    if not actor.is_staff:
        raise AffiliationError(_("Only movement staff can comment."))
    comment = AffiliationComment.objects.create(
        application=application, author=actor, text=text.strip()
    )
    log_action(
        application,
        Action.AFFILIATION_COMMENTED,
        actor=actor,
        data={"comment": comment.pk},
    )
    return comment


def _notify_affiliation_after_commit(application: AffiliationApplication) -> None:
    from members.tasks import task_notify_affiliation_state  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_affiliation_state.delay,
            application_id=application.pk,
            state=str(application.state),
        )
    )


@transaction.atomic
def accept_handbook_terms(
    application: AffiliationApplication, version: DocumentVersion, *, actor: User
) -> AffiliationApplication:
    """The group accepts the current handbook terms after a new version became current. Until
    then it keeps its affiliation through the grace period of the earlier terms (rule 9)."""
    if not (actor.is_staff or actor.pk == application.applicant_id):
        raise AffiliationError(_("Only the group's applicant or staff accept the terms."))
    if version.document != DocumentSlug.HANDBOOK or not version.is_current:
        raise AffiliationError(
            _("The handbook terms have changed since you opened the page. Please read them again.")
        )
    old = application.handbook_version.number
    if application.handbook_version_id == version.pk:
        return application
    application.handbook_version = version
    application.save(update_fields=["handbook_version"])
    log_action(
        application,
        Action.AFFILIATION_TERMS_ACCEPTED,
        actor=actor,
        network=application.network,
        data={"handbook_version": {"old": old, "new": version.number}},
    )
    return application
