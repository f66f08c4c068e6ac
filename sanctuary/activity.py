"""The activity log: written by every service that changes state, read by coordinators and staff."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanctuary.models import ActivityLog, Network

# Keys whose values never enter the log.
SECRET_KEYS = frozenset({"password", "token", "secret", "key", "recovery_codes"})

# The one place where dotted action names become words people read.
ACTION_TEXTS = {
    "sanctuary.network.created": _("Network created"),
    "sanctuary.network.profile_changed": _("Public profile changed"),
    # Sanctuary Awards: schemes and criteria.
    "awards.scheme.created": _("Award scheme created"),
    "awards.scheme.settings_changed": _("Award scheme settings changed"),
    "awards.window.created": _("Application window added"),
    "awards.window.status_changed": _("Application window opened or closed"),
    "awards.criteria.draft_started": _("New version of the criteria started"),
    "awards.criteria.published": _("Criteria published"),
    "awards.criteria.translation_saved": _("Criterion translation saved"),
    "awards.criteria.criterion_saved": _("Criterion saved"),
    "awards.criteria.criterion_removed": _("Criterion removed from the draft"),
    # Award applications: one action per state they move to, and their evidence.
    "awards.application.started": _("Award application started"),
    "awards.application.submitted": _("Award application submitted"),
    "awards.application.in_review": _("Award application taken into review"),
    "awards.application.more_evidence_requested": _("More evidence asked for"),
    "awards.application.resubmitted": _("Award application resubmitted"),
    "awards.application.awarded": _("Award application awarded"),
    "awards.application.not_awarded": _("Award application not awarded"),
    "awards.application.withdrawn": _("Award application withdrawn"),
    "awards.application.collaborator_added": _("Collaborator added to an application"),
    "awards.application.collaborator_removed": _("Collaborator removed from an application"),
    "awards.evidence.file_added": _("Evidence file added"),
    "awards.evidence.file_removed": _("Evidence file removed"),
    "awards.evidence.link_added": _("Evidence link added"),
    "awards.evidence.link_removed": _("Evidence link removed"),
    # Panels, reviews, decisions and awards.
    "awards.panel.assigned": _("Panellist assigned"),
    "awards.panel.removed": _("Panellist taken off a panel"),
    "awards.panel.conflict_declared": _("Conflict of interest declared"),
    "awards.review.submitted": _("Review submitted"),
    "awards.meeting.recorded": _("Visit or panel meeting recorded"),
    "awards.decision.recorded": _("Panel decision recorded"),
    "awards.award.issued": _("Sanctuary Award issued"),
    "awards.award.renewal_due": _("Sanctuary Award due for renewal"),
    "awards.award.renewed": _("Sanctuary Award renewed"),
    "awards.award.lapsed": _("Sanctuary Award lapsed"),
    "awards.award.withdrawn": _("Sanctuary Award withdrawn"),
    "awards.certificate.rendered": _("Award certificate made"),
    "awards.reminders.preferences_changed": _("Reminder choices changed"),
    "members.user.registered": _("Account created"),
    "members.user.language_changed": _("Preferred language changed"),
    "members.user.profile_changed": _("Profile changed"),
    "members.membership.added": _("Role given"),
    "members.membership.removed": _("Role removed"),
    "members.organisation.created": _("Organisation added"),
    "members.organisation.contact_added": _("Organisation contact added"),
    # Personal API tokens (no network: they belong to a person).
    "members.api_token.created": _("API token created"),
    "members.api_token.revoked": _("API token revoked"),
    # Charter, declaration and handbook terms; signatures.
    "members.document.version_created": _("Document version added"),
    "members.document.version_made_current": _("Document version made current"),
    "members.document.translation_saved": _("Document translation saved"),
    "members.signature.signed": _("Signed"),
    "members.signature.confirmed": _("Signature confirmed"),
    "members.signature.invited_to_sign_again": _("Invited to sign the new version"),
    # Group affiliation: one action per state it moves to.
    "members.affiliation.submitted": _("Affiliation application submitted"),
    "members.affiliation.in_review": _("Affiliation application taken into review"),
    "members.affiliation.changes_requested": _("Changes to the affiliation application asked for"),
    "members.affiliation.affiliated": _("Group affiliated"),
    "members.affiliation.suspended": _("Group affiliation suspended"),
    "members.affiliation.lapsed": _("Group affiliation lapsed"),
    "members.affiliation.declined": _("Group not affiliated"),
    "members.affiliation.updated": _("Affiliation application changed"),
    "members.affiliation.commented": _("Review comment added"),
    # Sanctuary Ambassadors and the Advisory Group (staff-only entries: no network).
    "members.ambassador.registered": _("Ambassador registration received"),
    "members.ambassador.updated": _("Ambassador details changed"),
    "members.ambassador.approved": _("Ambassador approved"),
    "members.ambassador.declined": _("Ambassador not approved"),
    "members.advisory.nominated": _("Nominated to the Advisory Group"),
    "members.advisory.invited": _("Invited to a trustees' meeting"),
    # Sanctuary Partnership forums.
    "members.forum.created": _("Partnership forum created"),
    "members.forum.member_added": _("Partnership forum member added"),
    "members.forum.member_removed": _("Partnership forum member removed"),
    "streams.membership.joined": _("Organisation joined the stream"),
    "streams.membership.approved": _("Organisation approved as a stream member"),
    "streams.membership.routed": _("Organisation passed to a local network"),
}


def describe_action(action: str) -> str:
    return str(ACTION_TEXTS.get(action, action))


def _blank_secrets(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if any(secret in key.lower() for secret in SECRET_KEYS):
            clean[key] = "********"
        elif isinstance(value, dict):
            clean[key] = _blank_secrets(value)
        else:
            clean[key] = value
    return clean


def log_action(
    obj: models.Model,
    action: str,
    *,
    actor=None,
    network: Network | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Write one log entry. Call it inside the service's transaction.

    Writing needs no active scope (saving goes through the base manager); reading does.
    """
    if action not in ACTION_TEXTS:
        raise ValueError(f"Unknown activity action {action!r}: add it to ACTION_TEXTS.")
    entry = ActivityLog(
        network=network,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        data=_blank_secrets(data or {}),
    )
    entry.save()
    return entry


def log_actions_in_bulk(
    model: type[models.Model],
    action: str,
    entries: list[tuple[Any, int | None, dict[str, Any]]],
    *,
    actor=None,
) -> None:
    """log_action() for many objects of one model at once, as (pk, network id, data): for
    set-based changes such as the daily renewal sweep. Call it inside the same transaction."""
    if action not in ACTION_TEXTS:
        raise ValueError(f"Unknown activity action {action!r}: add it to ACTION_TEXTS.")
    content_type = ContentType.objects.get_for_model(model)
    # Like a single entry's save(), writing needs no scope: the base manager is unscoped.
    ActivityLog._base_manager.bulk_create(
        [
            ActivityLog(
                network_id=network_id,
                actor=actor if actor is not None and actor.is_authenticated else None,
                content_type=content_type,
                object_id=str(pk),
                action=action,
                data=_blank_secrets(data),
            )
            for pk, network_id, data in entries
        ],
        batch_size=1000,
    )


def changed_fields(obj: models.Model, new_values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose value differs, as {"field": {"old": ..., "new": ...}}."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = {"old": old, "new": new}
    return changes
