"""Lookups of applications: who works on them, who hears about them, their evidence, and
what an application still misses before it can be submitted (DESIGN.md rule 2)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from awards.enums import CONFLICTS, ApplicationState, WindowStatus
from awards.models import (
    Application,
    Collaborator,
    Criterion,
    CriterionResponse,
    EvidenceFile,
    EvidenceLink,
    PanelAssignment,
)
from members.models import Organisation, OrganisationContact, User
from members.queries.signatures import organisation_has_pledge
from sanctuary.models import Network


def applications_for_user(user: User) -> QuerySet[Application]:
    """The applications a person works on: as lead contact or collaborator, and only while
    they act for the organisation. Build and read it with scoping lifted: the rows belong
    to several networks, and this filter is what limits them."""
    # EXISTS rather than joins and DISTINCT: the same rows, and PostgreSQL plans a page's
    # one-application lookup (with its select_related) in about 2 ms instead of 7.
    # _base_manager: the subqueries follow the outer rows, whatever network scope is active.
    acts_for = OrganisationContact._base_manager.filter(
        organisation=OuterRef("organisation_id"), user=user
    )
    collaborates = Collaborator._base_manager.filter(application=OuterRef("pk"), user=user)
    return Application.objects.filter(Exists(acts_for)).filter(
        Q(lead_contact=user) | Exists(collaborates)
    )


def organisation_contacts(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation_contacts__organisation=organisation).order_by(
        "full_name", "email"
    )


def applicant_people(application: Application) -> list[User]:
    """The lead contact and the collaborators: the people who receive the applicant's e-mails."""
    people = {application.lead_contact_id: application.lead_contact}
    for collaborator in application.collaborators.select_related("user"):
        people.setdefault(collaborator.user_id, collaborator.user)
    return list(people.values())


def criteria_for(application: Application) -> list[Criterion]:
    """The criteria of the version the application began with, Learn, Embed, Share."""
    return list(application.criteria_version.criteria.all())


def responses_with_evidence(application: Application) -> list[CriterionResponse]:
    """Every response with its criterion, files and links, in two queries per relation at most."""
    return list(
        application.responses.select_related("criterion")
        # The model declares active_files and active_links for the functions that read them.
        .prefetch_related(  # type: ignore[no-redef]
            Prefetch(
                "files",
                queryset=EvidenceFile.objects.filter(removed_at__isnull=True),
                to_attr="active_files",
            ),
            Prefetch(
                "links",
                queryset=EvidenceLink.objects.filter(removed_at__isnull=True),
                to_attr="active_links",
            ),
        )
        .order_by("criterion")
    )


def response_has_evidence(response: CriterionResponse) -> bool:
    """Narrative, a file or a link. Expects responses from responses_with_evidence()."""
    return bool(response.narrative.strip() or response.active_files or response.active_links)


@dataclass
class Missing:
    """Something that stops a submission, said so that the applicant knows what to do."""

    message: str
    criterion: Criterion | None = None


def missing_for_submission(
    application: Application, responses: list[CriterionResponse] | None = None
) -> list[Missing]:
    """What the application lacks before it may be submitted (DESIGN.md rule 2).

    Every minimum criterion needs evidence: a narrative, a file or a link; a pledge criterion
    is met by the organisation's charter pledge. `responses`: from responses_with_evidence(),
    when the caller has read them already.
    """
    missing = []
    window = application.window if application.state == ApplicationState.DRAFT else None
    if window is not None and window.status != WindowStatus.OPEN:
        missing.append(
            Missing(
                _(
                    "Applications in “%(window)s” are not open yet. You can keep "
                    "preparing and submit when it opens."
                )
                % {"window": window.name}
            )
        )
    has_pledge = None
    if responses is None:
        responses = responses_with_evidence(application)
    for response in responses:
        criterion = response.criterion
        if not criterion.is_minimum:
            continue
        if criterion.is_pledge:
            if has_pledge is None:
                # A pledge that counted when the application began keeps counting for it
                # (rule 9): a new charter never blocks an application in progress.
                has_pledge = organisation_has_pledge(
                    application.organisation, since=application.created_at
                )
            if not has_pledge:
                missing.append(
                    Missing(
                        _(
                            "“%(criterion)s”: the organisation has not signed the charter "
                            "pledge yet."
                        )
                        % {"criterion": criterion.display_title},
                        criterion,
                    )
                )
        elif not response_has_evidence(response):
            missing.append(
                Missing(
                    _("“%(criterion)s”: add a description, a file or a link as evidence.")
                    % {"criterion": criterion.display_title},
                    criterion,
                )
            )
    return missing


def pipeline(network: Network) -> QuerySet[Application]:
    """Every application of the network's scheme, for its coordinators and staff, each with
    `panel_size` (its active seats: not recused, not stepped back, as queries.panels'
    active panel). The count is a subquery per row, so that a page of the list
    (sanctuary.keyset) counts only its own rows' seats."""
    seats = (
        PanelAssignment.objects.filter(application=OuterRef("pk"), stepped_back_at__isnull=True)
        .exclude(conflict__in=sorted(CONFLICTS))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Application.objects.filter(network=network)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("organisation", "scheme", "window")
        .annotate(panel_size=Coalesce(Subquery(seats), 0))
        .order_by("-state_changed_at", "-pk")
    )


def pipeline_counts(network: Network) -> dict[str, int]:
    """How many of the network's applications are submitted (not drafts), and how many are
    drafts: one query."""
    return Application.objects.filter(network=network).aggregate(
        submitted=Count("pk", filter=~Q(state=ApplicationState.DRAFT)),
        drafts=Count("pk", filter=Q(state=ApplicationState.DRAFT)),
    )
