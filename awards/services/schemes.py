"""Award schemes, their application windows and their versioned criteria."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import (
    Action,
    CriterionArea,
    WindowStatus,
)
from awards.models import (
    ApplicationWindow,
    AwardScheme,
    CriteriaVersion,
    Criterion,
)
from awards.queries.schemes import current_version, draft_version
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import changed_fields, log_action
from sanctuary.i18n import with_translation
from sanctuary.models import Network


@transaction.atomic
def create_scheme(network: Network, *, actor: User | None, **fields: Any) -> AwardScheme:
    with scope(network=network.pk):
        scheme = AwardScheme(network=network, **fields)
        scheme.full_clean()
        scheme.save()
        CriteriaVersion.objects.create(scheme=scheme, number=1)
        log_action(
            scheme,
            Action.SCHEME_CREATED,
            actor=actor,
            network=network,
            data={"name": scheme.name},
        )
    return scheme


SCHEME_SETTINGS = (
    "name",
    "summary",
    "min_panel_size",
    "reminder_days",
    "grace_days",
    "check_in_months",
)


@transaction.atomic
def update_scheme_settings(scheme: AwardScheme, *, actor: User, **new_values: Any) -> AwardScheme:
    unknown = set(new_values) - set(SCHEME_SETTINGS)
    if unknown:
        raise ValueError(f"Not scheme settings: {sorted(unknown)}")
    changes = changed_fields(scheme, new_values)
    if not changes:
        return scheme
    for name, value in new_values.items():
        setattr(scheme, name, value)
    with scope(network=scheme.network_id):
        scheme.full_clean()
        scheme.save(update_fields=list(changes))
        log_action(
            scheme,
            Action.SCHEME_SETTINGS_CHANGED,
            actor=actor,
            network=scheme.network,
            data=changes,
        )
    return scheme


@transaction.atomic
def save_scheme_translation(
    scheme: AwardScheme, *, actor: User, language: str, name: str, summary: str = ""
) -> AwardScheme:
    """The award's name and summary in another language; an empty name removes it."""
    if language not in dict(settings.LANGUAGES) or language == settings.LANGUAGE_CODE:
        raise AwardError(_("Choose one of the platform's languages."))
    fields = {"name": name, "summary": summary} if name.strip() else {}
    with scope(network=scheme.network_id):
        scheme.translations = with_translation(scheme.translations, language, fields)
        scheme.save(update_fields=["translations"])
        log_action(
            scheme,
            Action.SCHEME_TRANSLATION_SAVED,
            actor=actor,
            network=scheme.network,
            data={"language": language, "removed": not name.strip()},
        )
    return scheme


@transaction.atomic
def add_window(
    scheme: AwardScheme,
    *,
    actor: User,
    name: str,
    status: WindowStatus,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> ApplicationWindow:
    if opens_on and closes_on and closes_on < opens_on:
        raise AwardError(_("A window closes after it opens."), field="closes_on")
    with scope(network=scheme.network_id):
        window = ApplicationWindow.objects.create(
            scheme=scheme, name=name, status=status, opens_on=opens_on, closes_on=closes_on
        )
        log_action(
            window,
            Action.WINDOW_CREATED,
            actor=actor,
            network=scheme.network,
            data={"name": name, "status": str(status)},
        )
    return window


@transaction.atomic
def set_window_status(
    window: ApplicationWindow, status: WindowStatus, *, actor: User
) -> ApplicationWindow:
    changes = changed_fields(window, {"status": status})
    if not changes:
        return window
    window.status = status
    network = window.scheme.network
    with scope(network=network.pk):
        window.save(update_fields=["status"])
        log_action(window, Action.WINDOW_STATUS_CHANGED, actor=actor, network=network, data=changes)
    return window


@transaction.atomic
def start_criteria_draft(scheme: AwardScheme, *, actor: User) -> CriteriaVersion:
    """A new draft version, starting as a copy of the current criteria."""
    with scope(network=scheme.network_id):
        existing = draft_version(scheme)
        if existing is not None:
            return existing
        current = current_version(scheme)
        number = (current.number if current else 0) + 1
        version = CriteriaVersion.objects.create(scheme=scheme, number=number)
        if current is not None:
            Criterion.objects.bulk_create(
                Criterion(
                    version=version,
                    area=c.area,
                    position=c.position,
                    title=c.title,
                    guidance=c.guidance,
                    is_minimum=c.is_minimum,
                    is_pledge=c.is_pledge,
                    previous=c,
                    translations=c.translations,
                )
                for c in current.criteria.all()
            )
        log_action(
            version,
            Action.CRITERIA_DRAFT_STARTED,
            actor=actor,
            network=scheme.network,
            data={"version": number},
        )
    return version


def _check_draft(version: CriteriaVersion) -> None:
    if version.is_published:
        raise AwardError(_("Published criteria do not change. Start a new version to change them."))


@transaction.atomic
def save_criterion(
    version: CriteriaVersion,
    *,
    actor: User | None,
    criterion: Criterion | None = None,
    area: CriterionArea,
    title: str,
    guidance: str = "",
    is_minimum: bool = False,
    is_pledge: bool = False,
    position: int = 0,
) -> Criterion:
    """Add a criterion to a draft version, or change one of its criteria."""
    _check_draft(version)
    with scope(network=version.scheme.network_id):
        if criterion is None:
            criterion = Criterion(version=version)
        elif criterion.version_id != version.pk:
            raise AwardError(_("That criterion belongs to another version."))
        criterion.area = area
        criterion.title = title
        criterion.guidance = guidance
        criterion.is_minimum = is_minimum
        criterion.is_pledge = is_pledge
        criterion.position = position
        criterion.full_clean(exclude=["version", "previous"])
        is_new = criterion.pk is None
        criterion.save()
        log_action(
            criterion,
            Action.CRITERIA_CRITERION_SAVED,
            actor=actor,
            network=version.scheme.network,
            data={"version": version.pk, "title": title, "new": is_new, "minimum": is_minimum},
        )
    return criterion


@transaction.atomic
def save_criterion_translation(
    criterion: Criterion, *, actor: User, language: str, title: str, guidance: str = ""
) -> Criterion:
    """A criterion in another language. Allowed on published criteria too: a translation
    says the same thing, so the version an application began with does not change."""
    if language not in dict(settings.LANGUAGES):
        raise AwardError(_("Choose one of the platform's languages."))
    translations = dict(criterion.translations)
    if title.strip():
        translations[language] = {"title": title.strip(), "guidance": guidance.strip()}
    else:
        translations.pop(language, None)
    network = criterion.version.scheme.network
    with scope(network=network.pk):
        criterion.translations = translations
        criterion.save(update_fields=["translations"])
        log_action(
            criterion,
            Action.CRITERIA_TRANSLATION_SAVED,
            actor=actor,
            network=network,
            data={"language": language, "removed": not title.strip()},
        )
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, actor: User) -> None:
    _check_draft(criterion.version)
    with scope(network=criterion.version.scheme.network_id):
        # Logged first, while the row still has its id; a draft criterion has no history.
        log_action(
            criterion,
            Action.CRITERIA_CRITERION_REMOVED,
            actor=actor,
            network=criterion.version.scheme.network,
            data={"version": criterion.version_id, "title": criterion.title},
        )
        criterion.delete()


@transaction.atomic
def publish_criteria(version: CriteriaVersion, *, actor: User | None) -> CriteriaVersion:
    """From now on, new applications start with these criteria; older ones keep theirs."""
    _check_draft(version)
    with scope(network=version.scheme.network_id):
        if not version.criteria.exists():
            raise AwardError(_("Add at least one criterion before publishing."))
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        log_action(
            version,
            Action.CRITERIA_PUBLISHED,
            actor=actor,
            network=version.scheme.network,
            data={"version": version.number, "criteria": version.criteria.count()},
        )
    return version
