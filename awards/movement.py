"""The staff's view of the movement: every figure of /staff/movement/ and the lists behind
them. Staff look across networks on purpose; the views lift scoping around these queries.

Each figure is one query (or two) whatever the number of networks, applications or awards:
counts are grouped in the database, and the lists page in it. The figures are cached for
the day they count (awards.movement_cache), renewed on every change of what they count.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from awards.enums import CURRENT_AWARD_STATES, ApplicationState, AwardState
from awards.models import Application, Award, AwardScheme
from awards.movement_cache import movement_figure
from awards.queries.decisions import evidence_due_on
from awards.queries.panels import overdue_review_seats
from sanctuary.enums import Nation, NetworkKind
from sanctuary.i18n import InLanguage
from sanctuary.models import Network

WAITING_FOR_PANEL = frozenset({ApplicationState.SUBMITTED, ApplicationState.RESUBMITTED})
BACKLOG = WAITING_FOR_PANEL | {ApplicationState.IN_REVIEW}
# Named groups a list may be asked for (?state=waiting), besides each single state.
APPLICATION_GROUPS: dict[str, tuple[StrOrPromise, frozenset[str]]] = {
    "waiting": (_("Waiting for a panel"), WAITING_FOR_PANEL),
    "backlog": (_("Waiting for a panel or in review"), BACKLOG),
}
AWARD_GROUPS: dict[str, tuple[StrOrPromise, frozenset[str]]] = {
    "current": (_("Held now"), frozenset(CURRENT_AWARD_STATES)),
}
# Ages of the backlog, in days since the application entered its state: (key, label, from, to).
AGES: list[tuple[str, StrOrPromise, int, int | None]] = [
    ("0-13", _("Under 2 weeks"), 0, 13),
    ("14-29", _("2 to 4 weeks"), 14, 29),
    ("30-89", _("1 to 3 months"), 30, 89),
    ("90-", _("3 months or more"), 90, None),
]
QUEUES = {
    "reviews_overdue": _("Reviews overdue"),
    "evidence_overdue": _("More evidence overdue"),
}


@dataclass
class Filters:
    """Stream, nation, region and network, from the query string. Unknown values are ignored,
    so a hand-edited URL shows everything rather than failing."""

    stream: Network | None = None
    nation: str = ""
    region: str = ""
    network: Network | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> "Filters":
        slugs = [s for s in (query.get("stream", ""), query.get("network", "")) if s]
        found = {n.slug: n for n in Network.objects.filter(slug__in=slugs)} if slugs else {}
        stream = found.get(query.get("stream", ""))
        if stream is not None and stream.kind != NetworkKind.STREAM:
            stream = None
        nation = query.get("nation", "")
        return cls(
            stream=stream,
            nation=nation if nation in Nation.values else "",
            region=query.get("region", "").strip()[:100],
            network=found.get(query.get("network", "")),
        )

    def params(self) -> dict[str, str]:
        values = {
            "stream": self.stream.slug if self.stream else "",
            "nation": self.nation,
            "region": self.region,
            "network": self.network.slug if self.network else "",
        }
        return {k: v for k, v in values.items() if v}

    def link(self, **more: str) -> str:
        return urlencode({**self.params(), **{k: v for k, v in more.items() if v}})

    @property
    def active(self) -> bool:
        return bool(self.params())

    def of_applications(self, path: str = "") -> Q:
        """Applications or awards (path "" for both: the same field names) that match."""
        q = Q()
        if self.stream is not None:
            q &= Q(network=self.stream) | Q(network__parent=self.stream)
        if self.nation:
            q &= Q(organisation__nation=self.nation) | Q(
                organisation__local_group__nation=self.nation
            )
        if self.region:
            q &= Q(organisation__local_group__region__iexact=self.region)
        if self.network is not None:
            q &= Q(network=self.network) | Q(organisation__local_group=self.network)
        return q

    def networks(self) -> QuerySet[Network]:
        """The networks whose waiting work matches: for the kinds other apps register."""
        networks = Network.objects.all()
        if self.stream is not None:
            networks = networks.filter(Q(pk=self.stream.pk) | Q(parent=self.stream))
        if self.nation:
            networks = networks.filter(nation=self.nation)
        if self.region:
            networks = networks.filter(region__iexact=self.region)
        if self.network is not None:
            networks = networks.filter(pk=self.network.pk)
        return networks.order_by("name")


# Lists ----------------------------------------------------------------------------------


def applications(filters: Filters, query: QueryDict) -> QuerySet[Application]:
    """The applications behind a figure: ?state= a state or a group, ?scheme=, ?age=, ?queue=."""
    rows = (
        Application.objects.filter(filters.of_applications())
        .select_related("organisation__local_group", "scheme", "network")
        .annotate(due_on=evidence_due_on())
    )
    state = query.get("state", "")
    if state in APPLICATION_GROUPS:
        rows = rows.filter(state__in=sorted(APPLICATION_GROUPS[state][1]))
    elif state in ApplicationState.values:
        rows = rows.filter(state=state)
    scheme = query.get("scheme", "")
    if scheme.isdigit():
        rows = rows.filter(scheme_id=int(scheme))
    age = next((a for a in AGES if a[0] == query.get("age")), None)
    if age is not None:
        rows = rows.filter(_age_q(age[2], age[3]))
    queue = query.get("queue", "")
    today = timezone.localdate()
    if queue == "reviews_overdue":
        rows = rows.filter(Exists(overdue_review_seats(today).filter(application=OuterRef("pk"))))
    elif queue == "evidence_overdue":
        rows = rows.filter(state=ApplicationState.MORE_EVIDENCE_REQUESTED, due_on__lt=today)
    return rows


def _age_q(low: int, high: int | None) -> Q:
    """Waiting from `low` to `high` whole days (today is day 0): by the local calendar day the
    application entered its state, so that the figures hold all day (they are cached)."""
    today = timezone.localdate()
    q = Q(state_changed_at__lt=_midnight(today - datetime.timedelta(days=low - 1)))
    if high is not None:
        q &= Q(state_changed_at__gte=_midnight(today - datetime.timedelta(days=high)))
    return q


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def awards(filters: Filters, query: QueryDict) -> QuerySet[Award]:
    """The awards behind a figure: ?state= a state or "current", ?awarded_by= (a network's
    slug), ?expires_from=,
    ?expires_to= (ISO dates, both included)."""
    rows = Award.objects.filter(filters.of_applications()).select_related(
        "organisation__local_group", "scheme", "network"
    )
    state = query.get("state", "")
    if state in AWARD_GROUPS:
        rows = rows.filter(state__in=sorted(AWARD_GROUPS[state][1]))
    elif state in AwardState.values:
        rows = rows.filter(state=state)
    awarded_by = query.get("awarded_by", "")
    if awarded_by:
        rows = rows.filter(network__slug=awarded_by)
    for name, lookup in (("expires_from", "expires_on__gte"), ("expires_to", "expires_on__lte")):
        day = _date(query.get(name, ""))
        if day is not None:
            rows = rows.filter(**{lookup: day})
    return rows


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


# Figures --------------------------------------------------------------------------------


@dataclass
class Cell:
    count: int
    link: str


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: Cell | None = None


@dataclass
class Table:
    columns: list[StrOrPromise]
    rows: list[Row] = field(default_factory=list)


def applications_by_state(filters: Filters) -> Table:
    """Applications by scheme (rows) and state (columns): one grouped query, the schemes'
    names with it."""

    def count() -> list[tuple[int, str, dict, str, int]]:
        return list(
            Application.objects.filter(filters.of_applications())
            .values_list("scheme_id", "scheme__name", "scheme__translations", "state")
            .annotate(n=Count("pk"))
            .order_by()
        )

    counts: dict[int, dict[str, int]] = defaultdict(dict)
    names: dict[int, InLanguage] = {}
    for scheme_id, name, translations, state, n in movement_figure(
        f"by-state:{filters.link()}", count
    ):
        counts[scheme_id][state] = n
        if scheme_id not in names:
            # The scheme's name in the reader's language: AwardScheme's own, from the row.
            names[scheme_id] = AwardScheme(name=name, translations=translations).display_name
    table = Table([label for _value, label in ApplicationState.choices])
    for scheme_id in sorted(names, key=lambda pk: (str(names[pk]), pk)):
        cells = [
            Cell(counts[scheme_id].get(state, 0), filters.link(scheme=str(scheme_id), state=state))
            for state in ApplicationState.values
        ]
        total = sum(counts[scheme_id].values())
        link = filters.link(scheme=str(scheme_id))
        table.rows.append(Row(names[scheme_id], cells, Cell(total, link)))
    return table


def application_figures(filters: Filters) -> dict[str, int]:
    """The backlog by age and the overdue queues, counted in two queries: for
    backlog_by_age() and queue_counts()."""
    today = timezone.localdate()
    return movement_figure(
        f"figures:{today.isoformat()}:{filters.link()}", lambda: _application_figures(filters)
    )


def _application_figures(filters: Filters) -> dict[str, int]:
    today = timezone.localdate()
    aggregates = {}
    for key, _label, low, high in AGES:
        age = _age_q(low, high)
        aggregates[f"w{key}"] = Count("pk", filter=age & Q(state__in=sorted(WAITING_FOR_PANEL)))
        aggregates[f"r{key}"] = Count("pk", filter=age & Q(state=ApplicationState.IN_REVIEW))
    aggregates["evidence_overdue"] = Count(
        "pk", filter=Q(state=ApplicationState.MORE_EVIDENCE_REQUESTED, due_on__lt=today)
    )
    base = Application.objects.filter(filters.of_applications())
    found = base.annotate(due_on=evidence_due_on()).aggregate(**aggregates)
    # Its own query: as a semi-join PostgreSQL answers it in one pass, where the same test
    # inside the aggregate above would run once for every application.
    overdue = overdue_review_seats(today).filter(application=OuterRef("pk"))
    found["reviews_overdue"] = base.filter(Exists(overdue)).count()
    return found


def backlog_by_age(
    filters: Filters, found: dict[str, int] | None = None
) -> list[tuple[StrOrPromise, Cell, Cell]]:
    """For each age: (label, waiting for a panel, in review), from application_figures()
    (read here when not given)."""
    if found is None:
        found = application_figures(filters)
    return [
        (
            label,
            Cell(found[f"w{key}"], filters.link(state="waiting", age=key)),
            Cell(found[f"r{key}"], filters.link(state=ApplicationState.IN_REVIEW, age=key)),
        )
        for key, label, _low, _high in AGES
    ]


def oldest_waiting(filters: Filters, count: int = 5) -> list[Application]:
    return movement_figure(
        f"oldest:{count}:{filters.link()}",
        lambda: list(
            Application.objects.filter(filters.of_applications())
            .filter(state__in=sorted(WAITING_FOR_PANEL))
            .select_related("organisation", "scheme", "network")
            .order_by("state_changed_at", "pk")[:count]
        ),
    )


def queue_counts(filters: Filters, found: dict[str, int] | None = None) -> dict[str, Cell]:
    """Reviews overdue and evidence overdue, from application_figures() (read here when not
    given)."""
    if found is None:
        found = application_figures(filters)
    return {
        "reviews_overdue": Cell(found["reviews_overdue"], filters.link(queue="reviews_overdue")),
        "evidence_overdue": Cell(found["evidence_overdue"], filters.link(queue="evidence_overdue")),
    }


def award_counts(filters: Filters) -> dict[str, Cell]:
    found = movement_figure(
        f"awards:{filters.link()}",
        lambda: Award.objects.filter(filters.of_applications()).aggregate(
            **{state: Count("pk", filter=Q(state=state)) for state in AwardState.values}
        ),
    )
    return {state: Cell(found[state], filters.link(state=state)) for state in AwardState.values}


@dataclass
class Period:
    label: str
    first: datetime.date
    last: datetime.date


def months_ahead(today: datetime.date, count: int = 12) -> list[Period]:
    from django.utils.formats import date_format

    periods = []
    year, month = today.year, today.month
    for _i in range(count):
        first = datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        last = datetime.date(year, month, 1) - datetime.timedelta(days=1)
        periods.append(Period(date_format(first, "M Y"), first, last))
    return periods


def quarters_ahead(today: datetime.date, count: int = 4) -> list[Period]:
    """Calendar quarters from the current one: January to March is the first."""
    from django.utils.formats import date_format

    periods = []
    year, quarter = today.year, (today.month - 1) // 3
    for _i in range(count):
        first = datetime.date(year, quarter * 3 + 1, 1)
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
        last = datetime.date(year, quarter * 3 + 1, 1) - datetime.timedelta(days=1)
        label = f"{date_format(first, 'M')}–{date_format(last, 'M Y')}"
        periods.append(Period(label, first, last))
    return periods


def expiring_by_stream(
    filters: Filters, periods: list[Period], names: dict[int, tuple[str, str]] | None = None
) -> Table:
    """Awards held now that expire in each period, by the network that awards them (a stream,
    or a local group's own award): they lapse unless renewed. One grouped query (two without
    `names`, {network id: (name, slug)})."""
    return expiring_tables(filters, [periods], names)[0]


def expiring_tables(
    filters: Filters,
    period_sets: list[list[Period]],
    names: dict[int, tuple[str, str]] | None = None,
) -> list[Table]:
    """expiring_by_stream() for several sets of periods (by quarter, by month) from one
    grouped query by month over them all."""
    first = min(periods[0].first for periods in period_sets)
    last = max(periods[-1].last for periods in period_sets)
    counts: dict[int, dict[datetime.date, int]] = defaultdict(dict)
    for network_id, month, n in movement_figure(
        f"expiring:{first}:{last}:{filters.link()}",
        lambda: list(
            Award.objects.filter(filters.of_applications())
            .filter(state__in=sorted(CURRENT_AWARD_STATES), expires_on__range=(first, last))
            .annotate(month=TruncMonth("expires_on"))
            .values_list("network_id", "month")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    ):
        counts[network_id][month] = n
    if names is None:
        names = {
            pk: (name, slug)
            for pk, name, slug in Network.objects.filter(pk__in=list(counts)).values_list(
                "pk", "name", "slug"
            )
        }
    return [_expiring_table(filters, periods, counts, names) for periods in period_sets]


def _expiring_table(
    filters: Filters,
    periods: list[Period],
    counts: dict[int, dict[datetime.date, int]],
    names: dict[int, tuple[str, str]],
) -> Table:
    table = Table([period.label for period in periods])
    first, last = periods[0].first, periods[-1].last
    shown = [
        pk
        for pk, months in counts.items()
        if pk in names and any(first <= month <= last for month in months)
    ]
    # A cell's link is its row's and its period's: each made once, not once per cell (a month
    # table of every network that awards is a couple of thousand cells).
    in_period = [
        urlencode({"expires_from": p.first.isoformat(), "expires_to": p.last.isoformat()})
        for p in periods
    ]
    for network_id in sorted(shown, key=lambda pk: (names[pk][0], pk)):
        name, slug = names[network_id]
        of_row = filters.link(state="current", awarded_by=slug)
        cells = []
        for period, dates in zip(periods, in_period, strict=True):
            n = sum(
                c for month, c in counts[network_id].items() if period.first <= month <= period.last
            )
            cells.append(Cell(n, f"{of_row}&{dates}"))
        total = sum(cell.count for cell in cells)
        table.rows.append(Row(name, cells, Cell(total, "")))
    return table


def review_due_days() -> int:
    return settings.SANCTUARY_REVIEW_DUE_DAYS
