"""Pathway to Change reports (awards.reports): for staff across the movement, with the
movement's filters (/staff/reports/), and for a network's coordinators (/<network-slug>/
reports/; anyone else gets 404). Every table downloads as CSV (?table=key&format=csv).

Coordinators' reports never count or show anything about lived experience (DESIGN.md
section 4, rule 6): awards.reports.build() leaves those figures out unless for staff.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from awards import reports
from awards.forms.movement import MovementFilterForm, ReportPeriodForm
from awards.movement import Filters
from members.access import access_for
from members.permissions import NetworkAccessMixin, StaffRequiredMixin
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.page_cache import personal_page
from sanctuary.tables import csv_response


class ReportPage(TemplateView):
    for_staff = False

    def period(self) -> reports.Period:
        default = reports.Period.last_twelve_months(timezone.localdate())
        self.period_form = ReportPeriodForm(self.request.GET or None)
        if not self.period_form.is_valid():
            return default
        data = self.period_form.cleaned_data
        start = data.get("start") or default.start
        end = data.get("end") or default.end
        return reports.Period(start, end) if start <= end else default

    def filters(self) -> Filters:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        with scopes_disabled():
            self.report = reports.build(self.period(), self.filters(), for_staff=self.for_staff)
            if request.GET.get("format") == "csv":
                table = self.report.table(request.GET.get("table", ""))
                if table is None:
                    raise Http404("No such table")
                return csv_response(
                    f"{table.key}-{self.report.period.start}-{self.report.period.end}.csv",
                    [str(label) for label in table.header],
                    ([str(cell) for cell in row] for row in table.rows),
                )
            response = super().get(request, *args, **kwargs)
            response.render()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.report.period
        keep = {
            name: value
            for name, value in self.request.GET.items()
            if name not in {"format", "table", "start", "end"}
        }
        context.update(
            report=self.report,
            period_form=self.period_form,
            period_query=urlencode(
                {**keep, "start": period.start.isoformat(), "end": period.end.isoformat()}
            ),
            for_staff=self.for_staff,
        )
        return context


@personal_page
class StaffReportView(StaffRequiredMixin, ReportPage):
    template_name = "awards/staff_report.html"
    for_staff = True

    def filters(self) -> Filters:
        self.movement_filters = Filters.from_query(self.request.GET)
        return self.movement_filters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        networks = list(Network.objects.order_by("name").only("slug", "name", "kind", "region"))
        context.update(
            heading=_("Pathway to Change: the movement"),
            filter_form=MovementFilterForm(self.request.GET or None, networks=networks),
        )
        return context


@personal_page
class NetworkReportView(NetworkAccessMixin, ReportPage):
    """The network's coordinators and staff; anyone else, with a role here or none, gets 404."""

    template_name = "awards/network_report.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            access = access_for(request)
            if not access.can_manage(request.network):
                raise Http404("No such page")
        return super().dispatch(request, *args, **kwargs)

    def filters(self) -> Filters:
        if self.network.kind == NetworkKind.STREAM:
            return Filters(stream=self.network)
        return Filters(network=self.network)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Pathway to Change: %(network)s") % {"network": self.network.name}
        context["network"] = self.network
        return context
