"""Pathway to Change reports for a chosen period: for staff across the movement
(/staff/reports/) and for coordinators of their own network (/<network-slug>/reports/).

Every figure is one grouped query, whatever the number of networks, signatures, applications
or reviews (no lived-experience figures are even counted for coordinators: DESIGN.md
section 4, rule 6), and cached until what it counts changes: the signatures with every
document's signature lists (members.services.signature_lists), the rest with the
movement's figures (awards.movement_cache). The names are read afresh. The callers lift scoping
around these queries and narrow them with awards.movement.Filters.

Definitions, for people reading the numbers:
- a new signatory is a confirmed signature of the period that was not a sign-again of a new
  version of the charter;
- organisations awarded and renewed count the awards issued in the period, by award scheme,
  new awards and renewals apart;
- applications count those submitted in the period (a resubmission counts once more as a
  submission, not as an application); decisions those recorded with a date in the period; the
  median time runs from the submission decided to the decision's date;
- a panel held is a submission that received at least one submitted review in the period;
  the people with lived experience, and ambassadors, are the different panellists who
  submitted a review in the period;
- a network is active when the activity log has any entry for it in the period.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from awards.enums import ApplicationKind, DecisionOutcome
from awards.models import Application, Award, Decision, Submission
from awards.movement import Filters
from awards.movement_cache import movement_figure, short
from awards.queries.panels import counted_reviews
from members.enums import AmbassadorStatus, PartyKind
from members.models import Signature
from members.queries.signatures import ALL_SIGNATURES
from sanctuary.caching import cached
from sanctuary.models import ActivityLog, Network


@dataclass(frozen=True)
class Period:
    """From and to, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_twelve_months(cls, today: datetime.date) -> "Period":
        try:
            year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            year_ago = today.replace(year=today.year - 1, day=28)
        return cls(year_ago + datetime.timedelta(days=1), today)

    @property
    def since(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period."""
        day_after = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))

    def of_moments(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.since, f"{name}__lt": self.until})

    def of_days(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.start, f"{name}__lte": self.end})


@dataclass
class Bar:
    label: str
    value: int
    # Where the bar's rows sit in the chart's drawing, set by Chart.
    y: int = 0
    width: int = 0


@dataclass
class Chart:
    """A horizontal bar chart drawn on the server (templates/awards/includes/bar_chart.html):
    every bar carries its label and its number, so no meaning rests on colour."""

    key: str
    title: StrOrPromise
    description: StrOrPromise
    bars: list[Bar]

    ROW = 32
    BAR_WIDTH = 300

    def __post_init__(self):
        largest = max((bar.value for bar in self.bars), default=0)
        for index, bar in enumerate(self.bars):
            bar.y = index * self.ROW
            bar.width = round(self.BAR_WIDTH * bar.value / largest) if largest else 0

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * self.ROW


@dataclass
class Table:
    """One table of the report, on the page and as CSV (?table=key&format=csv)."""

    key: str
    caption: StrOrPromise
    header: list[StrOrPromise]
    rows: list[list[object]]
    chart: Chart | None = None
    notes: list[StrOrPromise] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


SIGNATORY_KINDS = [PartyKind.INDIVIDUAL, PartyKind.ORGANISATION, PartyKind.GROUP]
OUTCOMES = [DecisionOutcome.AWARDED, DecisionOutcome.MORE_EVIDENCE, DecisionOutcome.NOT_AWARDED]


def build(period: Period, filters: Filters, *, for_staff: bool) -> Report:
    """The whole report. `for_staff` adds the lived-experience figures; never for others."""
    tables = [
        _signatories(period, filters),
        _awards(period, filters),
        _applications(period, filters),
        _panels(period, filters, for_staff=for_staff),
        _networks(period, filters),
    ]
    return Report(period, tables)


def _signatories(period: Period, filters: Filters) -> Table:
    def count() -> list[tuple[int | None, int | None, str, int]]:
        rows = Signature.objects.filter(
            period.of_moments("confirmed_at"), invited_for_version__isnull=True
        )
        if filters.active:
            networks = filters.networks().values("pk")
            rows = rows.filter(Q(network__in=networks) | Q(group__in=networks))
        return list(
            rows.values_list("network", "group", "party_kind").annotate(n=Count("pk")).order_by()
        )

    # Counted by network id, cached until a signature changes; the names read afresh.
    name = short(f"report:{period.start}:{period.end}:{filters.link()}")
    counts = cached(ALL_SIGNATURES, name, count)
    ids = {pk for network, group, _kind, _n in counts for pk in (network, group) if pk}
    names = dict(Network.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    by_place: dict[str, dict[str, int]] = {}
    for network, group, kind, n in counts:
        # The network's name, else the group's, as the figure has always been read.
        place = names.get(network) if network else names.get(group) if group else ""
        here = by_place.setdefault(place or "", {})
        here[kind] = here.get(kind, 0) + n
    table_rows: list[list[object]] = []
    for place in sorted(by_place, key=lambda p: (p == "", p.casefold())):
        counts_here = [by_place[place].get(kind, 0) for kind in SIGNATORY_KINDS]
        label = place or str(_("No network named"))
        table_rows.append([label, *counts_here, sum(counts_here)])
    totals = [sum(row[i + 1] for row in table_rows) for i in range(len(SIGNATORY_KINDS))]  # type: ignore[misc]
    chart = Chart(
        "signatories-chart",
        _("New signatories by kind"),
        _("How many individuals, organisations and local groups signed in the period."),
        [Bar(str(kind.label), total) for kind, total in zip(SIGNATORY_KINDS, totals, strict=True)],
    )
    return Table(
        "signatories",
        _("New signatories by kind and network"),
        [_("Network"), *[kind.label for kind in SIGNATORY_KINDS], _("All")],
        table_rows,
        chart,
    )


def _awards(period: Period, filters: Filters) -> Table:
    counts = movement_figure(
        f"report-awards:{period.start}:{period.end}:{filters.link()}",
        lambda: list(
            Award.objects.filter(filters.of_applications(), period.of_days("awarded_on"))
            .values("scheme__name", "application__kind")
            .annotate(count=Count("organisation", distinct=True))
            .order_by()
        ),
    )
    by_scheme: dict[str, dict[str, int]] = {}
    for row in counts:
        by_scheme.setdefault(row["scheme__name"], {})[row["application__kind"]] = row["count"]
    rows: list[list[object]] = []
    bars = []
    for scheme in sorted(by_scheme, key=str.casefold):
        new = by_scheme[scheme].get(ApplicationKind.NEW, 0)
        renewed = by_scheme[scheme].get(ApplicationKind.RENEWAL, 0)
        rows.append([scheme, new, renewed])
        bars.append(Bar(str(_("%(award)s: awarded") % {"award": scheme}), new))
        bars.append(Bar(str(_("%(award)s: renewed") % {"award": scheme}), renewed))
    chart = Chart(
        "awards-chart",
        _("Organisations awarded and renewed, by award"),
        _(
            "For each award, how many organisations received it for the first time, and how "
            "many renewed it, in the period."
        ),
        bars,
    )
    return Table(
        "awards",
        _("Organisations awarded and renewed, by award"),
        [_("Award"), _("Awarded"), _("Renewed")],
        rows,
        chart if bars else None,
    )


def _applications(period: Period, filters: Filters) -> Table:
    submitted, by_outcome, median = movement_figure(
        f"report-applications:{period.start}:{period.end}:{filters.link()}",
        lambda: _application_counts(period, filters),
    )
    rows: list[list[object]] = [
        [_("Applications submitted"), submitted["applications"]],
        [_("Resubmissions after more evidence"), submitted["resubmissions"]],
        *[
            [_("Decisions: %(outcome)s") % {"outcome": outcome.label}, by_outcome.get(outcome, 0)]
            for outcome in OUTCOMES
        ],
        [_("Decisions, all"), sum(by_outcome.values())],
        [
            _("Median days from submission to decision"),
            "—" if median is None else _format_number(median),
        ],
    ]
    chart = Chart(
        "decisions-chart",
        _("Decisions by outcome"),
        _("How many panel decisions of each kind were recorded in the period."),
        [Bar(str(outcome.label), by_outcome.get(outcome, 0)) for outcome in OUTCOMES],
    )
    return Table(
        "applications", _("Applications and decisions"), [_("What"), _("Number")], rows, chart
    )


def _application_counts(
    period: Period, filters: Filters
) -> tuple[dict[str, int], dict[str, int], float | None]:
    applications = Application.objects.filter(filters.of_applications()).values("pk")
    submitted = Submission.objects.filter(
        period.of_moments("submitted_at"), application__in=applications
    ).aggregate(
        applications=Count("application", distinct=True),
        resubmissions=Count("pk", filter=Q(number__gt=1)),
    )
    decisions = Decision.objects.filter(period.of_days("decided_on"), application__in=applications)
    by_outcome = {
        row["outcome"]: row["count"]
        for row in decisions.values("outcome").annotate(count=Count("pk")).order_by()
    }
    days = [
        (decided_on - timezone.localtime(submitted_at).date()).days
        for decided_on, submitted_at in decisions.values_list(
            "decided_on", "submission__submitted_at"
        )
    ]
    median = statistics.median(days) if days else None
    return submitted, by_outcome, median


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _panels(period: Period, filters: Filters, *, for_staff: bool) -> Table:
    figures = movement_figure(
        f"report-panels:{period.start}:{period.end}:{filters.link()}:{for_staff}",
        lambda: _panel_counts(period, filters, for_staff=for_staff),
    )
    rows: list[list[object]] = [[_("Panels held"), figures["panels"]]]
    notes: list[StrOrPromise] = [
        _("A panel held is an application's submission that received a review in the period.")
    ]
    if for_staff:
        rows.append(
            [_("Different people with lived experience who sat on a panel"), figures["lived"]]
        )
        rows.append([_("Sanctuary Ambassadors engaged on panels"), figures["ambassadors"]])
        notes.append(
            _("Only staff see the figures about lived experience. Each person counts once.")
        )
    return Table("panels", _("Panels"), [_("What"), _("Number")], rows, notes=notes)


def _panel_counts(period: Period, filters: Filters, *, for_staff: bool) -> dict[str, int]:
    # Only reviews that count (queries.panels.counted_reviews): not a recused or
    # stepped-back panellist's.
    applications = Application.objects.filter(filters.of_applications()).values("pk")
    reviews = counted_reviews().filter(
        period.of_moments("submitted_at"), submission__application__in=applications
    )
    counts = {"panels": Count("submission", distinct=True)}
    if for_staff:
        counts["lived"] = Count(
            "assignment__panellist",
            distinct=True,
            filter=Q(assignment__panellist__has_lived_experience=True),
        )
        counts["ambassadors"] = Count(
            "assignment__panellist",
            distinct=True,
            filter=Q(assignment__panellist__ambassador__status=AmbassadorStatus.APPROVED),
        )
    return reviews.aggregate(**counts)


def _networks(period: Period, filters: Filters) -> Table:
    # Asked network by network: the index on (network, timestamp) answers each at once,
    # where counting the distinct networks of the period's entries read every entry.
    entries = ActivityLog.objects.filter(period.of_moments("timestamp"), network=OuterRef("pk"))
    networks = filters.networks() if filters.active else Network.objects.all()
    active = networks.order_by().filter(Exists(entries)).count()
    return Table(
        "networks",
        _("Networks active"),
        [_("What"), _("Number")],
        [[_("Networks with any recorded activity in the period"), active]],
    )
