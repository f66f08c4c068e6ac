"""Privacy people can exercise (issue 11, item 6): what is held about a person, their account
deleted (anonymised, since the history needs its rows: DESIGN.md rule 7), consent records,
and retention of what nobody needs any more.

The domain apps beyond members add their part of a person's data through
`PERSONAL_DATA_SECTIONS` (awards registers its own in its AppConfig), so this module imports
no later layer.
"""

import datetime
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from members.enums import PRIVACY_NOTICE_VERSION, SIGNABLE_DOCUMENTS, Action, ConsentKind
from members.models import (
    ApiToken,
    Consent,
    Membership,
    MembershipInvitation,
    OrganisationContact,
    Signature,
    User,
)
from members.services.people import memberships_changed
from members.services.signature_lists import refresh_latest_signatures
from sanctuary.activity import log_action, log_actions_in_bulk
from sanctuary.refusals import Refused

# The name an anonymised person has in the history, and where their address goes: the
# `.invalid` top-level domain never routes (RFC 2606), so no mail can reach anyone.
ANONYMOUS_NAME = "Former member"
ANONYMOUS_DOMAIN = "anonymised.invalid"

# Other apps' parts of the download: name -> function(user) -> {section: JSON-ready value}.
PERSONAL_DATA_SECTIONS: dict[str, Callable[[User], dict[str, Any]]] = {}
# Other apps' retention: name -> function() -> how many it removed (awards removes idle drafts).
RETENTION_STEPS: dict[str, Callable[[], int]] = {}


class PrivacyError(Refused):
    """A privacy request that cannot go ahead; the message is for people."""


def register_personal_data(name: str, section: Callable[[User], dict[str, Any]]) -> None:
    PERSONAL_DATA_SECTIONS[name] = section


def register_retention(name: str, step: Callable[[], int]) -> None:
    RETENTION_STEPS[name] = step


def _when(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about this person, as JSON-ready data (their download,
    and the readable page)."""
    with scopes_disabled():  # the person's own rows, in every network
        memberships = Membership.objects.filter(user=user).select_related("network")
        data = {
            "format": "City of Sanctuary personal data, version 1",
            "exported_at": timezone.now().isoformat(),
            "profile": {
                "name": user.full_name,
                "email": user.email,
                "preferred_language": user.preferred_language,
                "has_lived_experience": user.has_lived_experience,
                "joined": _when(user.date_joined),
                "last_sign_in": _when(user.last_login),
                "is_staff": user.is_staff,
            },
            "email_addresses": [
                {"email": row.email, "verified": row.verified, "primary": row.primary}
                for row in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "roles": [
                {
                    "network": m.network.name,
                    "role": m.role,
                    "since": _when(m.created_at),
                    "agreed": _when(m.agreed_at),
                }
                for m in memberships.order_by("pk")
            ],
            "organisations": [
                {"organisation": c.organisation.name, "role": c.role_title, "lead": c.is_lead}
                for c in OrganisationContact.objects.filter(user=user).select_related(
                    "organisation"
                )
            ],
            "signatures": [
                {
                    "document": s.version.display_title,
                    "version": s.version.number,
                    "name": s.name,
                    "email": s.email,
                    "on_behalf_of": s.party_name,
                    "listed_publicly": s.listed_publicly,
                    "signed": _when(s.signed_at),
                    "confirmed": _when(s.confirmed_at),
                }
                for s in Signature.objects.filter(user=user).select_related("version")
                | Signature.objects.filter(email__iexact=user.email).select_related("version")
            ],
            "consents": [
                {
                    "to": c.kind,
                    "words_version": c.text_version,
                    "given": _when(c.given_at),
                    "withdrawn": _when(c.withdrawn_at),
                }
                for c in Consent.objects.filter(user=user)
            ],
            "api_tokens": [
                {
                    "name": t.name,
                    "starts_with": t.prefix,
                    "created": _when(t.created_at),
                    "revoked": _when(t.revoked_at),
                }
                for t in ApiToken.objects.filter(user=user)
            ],
        }
        ambassador = getattr(user, "ambassador", None)
        if ambassador is not None:
            data["ambassador"] = {
                "languages": ambassador.languages,
                "skills": ambassador.skills,
                "availability": ambassador.availability,
                "roles_wanted": ambassador.roles_wanted,
                "status": ambassador.status,
                "registered": _when(ambassador.registered_at),
            }
        for section in PERSONAL_DATA_SECTIONS.values():
            data.update(section(user))  # each returns its own named sections
    return data


@transaction.atomic
def record_data_download(user: User, *, actor: User) -> None:
    log_action(user, Action.USER_DATA_DOWNLOADED, actor=actor)


@transaction.atomic
def record_consent(
    *, kind: ConsentKind, email: str, user: User | None = None, actor: User | None = None
) -> Consent:
    consent = Consent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        email=email.strip().lower(),
        kind=kind,
        text_version=PRIVACY_NOTICE_VERSION,
    )
    log_action(
        consent,
        Action.CONSENT_GIVEN,
        actor=actor,
        data={"kind": str(kind), "text_version": PRIVACY_NOTICE_VERSION},
    )
    return consent


@transaction.atomic
def delete_account(user: User, *, actor: User) -> User:
    """The person deletes their account. The history keeps its rows (reviews, decisions,
    signatures, the log) but loses the person: the name becomes a placeholder, the address a
    unique one that routes nowhere, the password unusable; sign-in addresses, two-step
    devices and API tokens go, roles and organisation contacts end, consents are withdrawn,
    signatures are unlisted and lose name and address. Their sessions stop working (the
    password changed), and the page signs them out."""
    if actor.pk != user.pk:
        raise PrivacyError("People delete their own account.")
    now = timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        return user
    old_email = user.email
    placeholder = f"deleted-{user.pk}@{ANONYMOUS_DOMAIN}"
    with scopes_disabled():  # the person's rows in every network
        ended_roles = list(Membership.objects.filter(user=user).select_related("network"))
        for membership in ended_roles:
            log_action(
                membership,
                Action.MEMBERSHIP_REMOVED,
                actor=actor,
                network=membership.network,
                data={"user": user.pk, "role": membership.role, "reason": "account deleted"},
            )
        Membership.objects.filter(user=user).delete()
        memberships_changed()
        MembershipInvitation.objects.filter(
            email__iexact=old_email, accepted_at__isnull=True
        ).delete()
    OrganisationContact.objects.filter(user=user).delete()
    Signature.objects.filter(user=user).update(
        name=ANONYMOUS_NAME, email=placeholder, listed_publicly=False, user=None
    )
    Signature.objects.filter(email__iexact=old_email).update(
        name=ANONYMOUS_NAME, email=placeholder, listed_publicly=False
    )
    # Their signatures now share one address: which is each party's latest may change.
    for document in sorted(SIGNABLE_DOCUMENTS):
        refresh_latest_signatures(document, emails=[placeholder, old_email])
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    Consent.objects.filter(user=user).update(email=placeholder)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.full_name = ANONYMOUS_NAME
    user.email = placeholder
    user.has_lived_experience = False
    user.is_active = False
    user.is_staff = False
    user.anonymised_at = now
    user.set_unusable_password()
    user.save()
    # No name or address in the entry: it says that someone's account went, and when.
    log_action(user, Action.USER_ANONYMISED, actor=None, data={"roles_ended": len(ended_roles)})
    return user


# Retention ---------------------------------------------------------------------------------


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _remove(model: type[models.Model], rows: QuerySet[Any], kind: str) -> int:
    """Delete the rows, with one log entry each (no network: staff read them)."""
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        log_actions_in_bulk(
            model, Action.RETENTION_APPLIED, [(pk, None, {"removed": kind}) for pk in ids]
        )
        model._base_manager.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def apply_retention() -> dict[str, int]:
    """Remove what nobody needs any more (the beat runs it daily, members.tasks): signatures
    never confirmed after SANCTUARY_RETENTION_UNCONFIRMED_DAYS, invitations expired for
    SANCTUARY_RETENTION_INVITATION_DAYS, API tokens revoked (or unused) for
    SANCTUARY_RETENTION_TOKEN_DAYS, then the other apps' steps (RETENTION_STEPS: awards'
    idle drafts). Returns how many of each went."""
    removed = _remove_own()
    for name, step in RETENTION_STEPS.items():
        removed[name] = step()
    return removed


def _remove_own() -> dict[str, int]:
    with scopes_disabled():  # invitations of every network
        return {
            "unconfirmed_signatures": _remove(
                Signature,
                Signature.objects.filter(
                    confirmed_at__isnull=True,
                    signed_at__lt=_days_ago(settings.SANCTUARY_RETENTION_UNCONFIRMED_DAYS),
                ),
                "unconfirmed signature",
            ),
            "expired_invitations": _remove(
                MembershipInvitation,
                MembershipInvitation.objects.filter(
                    accepted_at__isnull=True,
                    expires_at__lt=_days_ago(settings.SANCTUARY_RETENTION_INVITATION_DAYS),
                ),
                "expired invitation",
            ),
            "revoked_api_tokens": _remove(
                ApiToken,
                ApiToken.objects.filter(
                    revoked_at__lt=_days_ago(settings.SANCTUARY_RETENTION_TOKEN_DAYS)
                ),
                "revoked API token",
            ),
        }
