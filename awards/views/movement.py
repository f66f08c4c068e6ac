"""The staff's view of the movement (/staff/movement/): applications by state and scheme, the
backlog by age, reviews and evidence overdue, awards expiring by month and quarter by stream,
and the work waiting in every network, with the lists behind every number.

Staff look across networks on purpose, so these pages lift scoping around the whole request,
rendering included. Every list sorts, pages and exports CSV (sanctuary.tables).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from awards import movement
from awards.enums import ApplicationState, AwardState
from awards.forms.movement import MovementFilterForm
from members.enums import AFFILIATION_OPEN
from members.extensions import WorkItem, WorkSource, work_source, work_sources
from members.models import AffiliationApplication
from members.permissions import StaffRequiredMixin
from sanctuary.models import Network
from sanctuary.page_cache import personal_page
from sanctuary.tables import Column, Sorting, csv_response

PAGE_SIZE = 50


class MovementPage(StaffRequiredMixin, TemplateView):
    """Reads the filters, and renders with scoping lifted."""

    def get(self, request, *args, **kwargs):
        with scopes_disabled():
            self.filters = movement.Filters.from_query(request.GET)
            response = self.respond(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def respond(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        networks = list(Network.objects.order_by("name").only("slug", "name", "kind", "region"))
        context["filter_form"] = MovementFilterForm(self.request.GET or None, networks=networks)
        context["filters"] = self.filters
        context["filter_query"] = self.filters.link()
        # The list's own choices (a status, a period, the sort) survive a change of filters.
        context["keep"] = [
            (name, value)
            for name, value in self.request.GET.items()
            if name not in {"stream", "nation", "region", "network", "page", "format"}
        ]
        return context


@personal_page
class MovementView(MovementPage):
    template_name = "awards/movement.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters
        today = timezone.localdate()
        quarters = movement.quarters_ahead(today)
        sources = [s for s in work_sources() if s.for_staff]
        networks: list[Network] = []
        if sources:
            # Unfiltered, the networks are all of them: the filters' list, read already.
            networks = (
                list(filters.networks()) if filters.active else context["filter_form"].networks
            )
        figures = movement.application_figures(filters)
        # The networks' names, read once for the filters: the expiring tables name them too.
        names = {n.pk: (n.name, n.slug) for n in context["filter_form"].networks}
        by_quarter, by_month = movement.expiring_tables(
            filters, [quarters, movement.months_ahead(today)], names
        )
        context.update(
            by_state=movement.applications_by_state(filters),
            backlog=movement.backlog_by_age(filters, figures),
            oldest=movement.oldest_waiting(filters),
            queues=movement.queue_counts(filters, figures),
            review_due_days=movement.review_due_days(),
            award_figures=[
                (AwardState(state).label, cell)
                for state, cell in movement.award_counts(filters).items()
            ],
            expiring_tables=[
                (by_quarter, _("Awards expiring, by quarter (January to March is the first)")),
                (by_month, _("Awards expiring, by month")),
            ],
            affiliations=AffiliationApplication.objects.filter(
                state__in=sorted(AFFILIATION_OPEN)
            ).count(),
            waiting=[(source, source.count_in(networks)) for source in sources],
        )
        return context


APPLICATION_COLUMNS = [
    Column("organisation", gettext_lazy("Organisation"), ("organisation__name",)),
    Column("award", gettext_lazy("Award"), ("scheme__name",)),
    Column("local_group", gettext_lazy("Local group"), ("organisation__local_group__name",)),
    Column("state", gettext_lazy("Status"), ("state",)),
    Column("since", gettext_lazy("In this status since"), ("state_changed_at",)),
    Column("due", gettext_lazy("Evidence due"), ("due_on",)),
]
AWARD_COLUMNS = [
    Column("organisation", gettext_lazy("Organisation"), ("organisation__name",)),
    Column("award", gettext_lazy("Award"), ("scheme__name",)),
    Column("awarded_by", gettext_lazy("Awarded by"), ("network__name",)),
    Column("local_group", gettext_lazy("Local group"), ("organisation__local_group__name",)),
    Column("expires", gettext_lazy("Valid until"), ("expires_on",)),
    Column("state", gettext_lazy("Status"), ("state",)),
]
WORK_COLUMNS = [
    Column("since", gettext_lazy("Waiting since"), ("since",)),
    Column("title", gettext_lazy("What"), ("title",)),
    Column("network", gettext_lazy("Network"), ("network",)),
    Column("note", gettext_lazy("Note")),
]


class MovementListPage(MovementPage):
    columns: list[Column] = []
    default_sort = ""
    csv_name = ""

    def respond(self, request, *args, **kwargs):
        self.sorting = Sorting(request, self.columns, default=self.default_sort)
        self.all_rows = self.rows()
        if request.GET.get("format") == "csv":
            return csv_response(self.csv_name, self.csv_header(), self.csv_rows(self.all_rows))
        return super().respond(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.all_rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            rows=page.object_list,
            headers=self.sorting.headers,
            query_string=self.sorting.query_string,
            csv_url=self.sorting.csv_url(),
            heading=self.heading(),
        )
        return context


@personal_page
class MovementApplicationsView(MovementListPage):
    template_name = "awards/movement_applications.html"
    columns = APPLICATION_COLUMNS
    default_sort = "since"
    csv_name = "applications.csv"

    def rows(self):
        rows = movement.applications(self.filters, self.request.GET)
        return rows.order_by(*self.sorting.order_by())

    def heading(self) -> str:
        query = self.request.GET
        state, queue = query.get("state", ""), query.get("queue", "")
        if queue in movement.QUEUES:
            return str(movement.QUEUES[queue])
        if state in movement.APPLICATION_GROUPS:
            return str(movement.APPLICATION_GROUPS[state][0])
        if state in ApplicationState.values:
            return _("Applications: %(state)s") % {"state": ApplicationState(state).label}
        return _("Applications")

    def csv_header(self):
        return ["organisation", "award", "network", "local_group", "status", "since", "due"]

    def csv_rows(self, rows):
        for a in rows.iterator(chunk_size=2000):
            yield [
                a.organisation.name,
                a.scheme.name,
                a.network.name,
                a.organisation.local_group.name if a.organisation.local_group else "",
                a.state,
                a.state_changed_at.date().isoformat(),
                a.due_on.isoformat() if a.due_on else "",
            ]


@personal_page
class MovementAwardsView(MovementListPage):
    template_name = "awards/movement_awards.html"
    columns = AWARD_COLUMNS
    default_sort = "expires"
    csv_name = "awards.csv"

    def rows(self):
        return movement.awards(self.filters, self.request.GET).order_by(*self.sorting.order_by())

    def heading(self) -> str:
        state = self.request.GET.get("state", "")
        if state in movement.AWARD_GROUPS:
            return _("Awards: %(state)s") % {"state": movement.AWARD_GROUPS[state][0]}
        if state in AwardState.values:
            return _("Awards: %(state)s") % {"state": AwardState(state).label}
        return _("Awards")

    def csv_header(self):
        return [
            "organisation",
            "award",
            "awarded_by",
            "local_group",
            "awarded_on",
            "valid_until",
            "status",
            "certificate",
        ]

    def csv_rows(self, rows):
        for a in rows.iterator(chunk_size=2000):
            yield [
                a.organisation.name,
                a.scheme.name,
                a.network.name,
                a.organisation.local_group.name if a.organisation.local_group else "",
                a.awarded_on.isoformat(),
                a.expires_on.isoformat(),
                a.state,
                a.certificate_number or "",
            ]


class PagedItems:
    """A work source's items as the paginator reads them: counted, then one slice read."""

    def __init__(self, source: WorkSource, networks: list[Network], key: str, descending: bool):
        self.source, self.networks, self.key, self.descending = source, networks, key, descending

    def count(self) -> int:
        return self.source.count_in(self.networks)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, cut: slice) -> list[WorkItem]:
        assert self.source.page is not None and isinstance(cut, slice)
        start, stop = cut.start or 0, cut.stop
        return self.source.page(self.networks, self.key, self.descending, start, stop - start)


@personal_page
class MovementWaitingView(MovementListPage):
    """The items of one kind of work that another app registered (members.extensions)."""

    template_name = "awards/movement_waiting.html"
    columns = WORK_COLUMNS
    default_sort = "since"
    csv_name = "waiting.csv"

    def respond(self, request, *args, **kwargs):
        self.source = work_source(kwargs["source"])
        if self.source is None or not self.source.for_staff:
            raise Http404("No such kind of work")
        return super().respond(request, *args, **kwargs)

    def rows(self):
        networks = list(self.filters.networks())
        paged = self.source.page is not None and self.source.count is not None
        if paged and self.request.GET.get("format") != "csv":
            # Counted, and one page read in the database: thousands may be waiting.
            return PagedItems(self.source, networks, self.sorting.key, self.sorting.descending)
        items = self.source.items(networks)
        key = {
            "since": lambda i: (i.since, i.title),
            "title": lambda i: (i.title.casefold(), i.since),
            "network": lambda i: (i.network.name.casefold(), i.since),
        }[self.sorting.key]
        return sorted(items, key=key, reverse=self.sorting.descending)

    def heading(self) -> str:
        return str(self.source.label)

    def csv_header(self):
        return ["since", "what", "network", "note"]

    def csv_rows(self, rows):
        for item in rows:
            yield [item.since.date().isoformat(), item.title, item.network.name, item.note]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["movement_url"] = reverse("awards:movement")
        return context
