"""Lookups of award schemes: their criteria versions, their application windows, and which
schemes an organisation may apply to."""

from collections.abc import Iterable

from django_scopes import scopes_disabled

from awards.enums import WindowStatus
from awards.models import ApplicationWindow, AwardScheme, CriteriaVersion
from members.models import Organisation
from sanctuary.enums import NetworkKind
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership


def current_version(scheme: AwardScheme) -> CriteriaVersion | None:
    """The newest published criteria: what a new application starts with."""
    return (
        CriteriaVersion.objects.filter(scheme=scheme, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def draft_version(scheme: AwardScheme) -> CriteriaVersion | None:
    return CriteriaVersion.objects.filter(scheme=scheme, published_at__isnull=True).first()


def current_window(scheme: AwardScheme) -> ApplicationWindow | None:
    """The window a new application joins: an open one, else a waiting list. None if rolling."""
    windows = list(scheme.windows.exclude(status=WindowStatus.CLOSED).order_by("opens_on", "pk"))
    for status in (WindowStatus.OPEN, WindowStatus.WAITING_LIST):
        for window in windows:
            if window.status == status:
                return window
    return None


def scheme_takes_applications(scheme: AwardScheme) -> bool:
    """Rolling (no windows at all), or a window that is open or has a waiting list."""
    return not scheme.windows.exists() or current_window(scheme) is not None


def eligible_schemes(organisation: Organisation) -> list[AwardScheme]:
    """The schemes an organisation may apply to: its streams' schemes, or, outside every
    stream that has one, the generic scheme of its local group."""
    return eligible_schemes_for([organisation])[organisation.pk]


def eligible_schemes_for(organisations: Iterable[Organisation]) -> dict[int, list[AwardScheme]]:
    """eligible_schemes() for several organisations at once, in two queries.

    Reads the organisations' own stream rows and the schemes across networks, so scoping is
    lifted for these two lookups only; both are facts the organisations' contacts may know.
    """
    organisations = list(organisations)
    streams: dict[int, set[int]] = {o.pk: set() for o in organisations}
    with scopes_disabled():
        rows = StreamMembership.objects.filter(
            organisation__in=organisations, status=StreamMembershipStatus.ACTIVE
        ).values_list("organisation_id", "network_id", "network__kind", "network__parent_id")
        for organisation_id, network_id, kind, parent_id in rows:
            # A local stream network (Sheffield Schools) belongs to its stream's scheme.
            scheme_network = parent_id if kind == NetworkKind.LOCAL_STREAM else network_id
            if scheme_network is not None:
                streams[organisation_id].add(scheme_network)
        wanted = set().union(*streams.values()) | {
            o.local_group_id for o in organisations if o.local_group_id
        }
        schemes = {
            scheme.network_id: scheme
            for scheme in AwardScheme.objects.filter(
                network_id__in=wanted, versions__published_at__isnull=False
            )
            .select_related("network")
            .distinct()
        }
    eligible = {}
    for organisation in organisations:
        own = sorted(
            (schemes[n] for n in streams[organisation.pk] if n in schemes),
            key=lambda scheme: scheme.name,
        )
        if not own and organisation.local_group_id in schemes:
            own = [schemes[organisation.local_group_id]]
        eligible[organisation.pk] = own
    return eligible
