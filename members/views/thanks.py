"""Thanks for lived experience: staff record time given and the thanks owed and paid
(/staff/thanks/, with a CSV for payment); each person sees their own (/dashboard/thanks/).

Everyone listed has lived experience, so only staff and the person see any of it (rule 6);
staff seeing the list is logged. Contributions may name a network, so these pages lift
scoping around their queries: they are about people, across networks.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django_scopes import scopes_disabled

from members.forms.thanks import ContributionForm
from members.models import Contribution
from members.permissions import SignedInMixin, StaffRequiredMixin, signed_in_user
from members.services.lived_experience import record_lived_experience_seen
from members.services.thanks import ThanksError, mark_contribution_paid, record_contribution
from sanctuary.models import Network
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tables import csv_response

PAGE_SIZE = 50
FILTERS = {"owed": {"paid_at__isnull": True}, "paid": {"paid_at__isnull": False}}


@personal_page
class StaffThanksView(StaffRequiredMixin, TemplateView):
    """The list (?show=owed or paid, ?format=csv for payment) and the form to add one."""

    template_name = "members/staff_thanks.html"

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def networks(self):
        return list(Network.objects.order_by("name").only("slug", "name"))

    def rows(self):
        show = self.request.GET.get("show", "")
        rows = Contribution.objects.select_related("person", "network")
        if show in FILTERS:
            rows = rows.filter(**FILTERS[show])
        return rows.order_by("-date", "-pk")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def csv(self):
        rows = self.rows()
        record_lived_experience_seen(
            sorted({row.person_id for row in rows}), actor=self.request.user, where="thanks_csv"
        )
        return csv_response(
            "thanks.csv",
            [
                "name",
                "email",
                "time_given_to",
                "date",
                "hours",
                "network",
                "thanks",
                "amount_gbp",
                "owed_from",
                "paid_on",
                "note",
            ],
            (
                [
                    row.person.get_full_name(),
                    row.person.email,
                    row.kind,
                    row.date.isoformat(),
                    row.hours,
                    row.network.name if row.network else "",
                    row.thanks_kind,
                    row.amount,
                    row.owed_at.isoformat(),
                    row.paid_at.isoformat() if row.paid_at else "",
                    row.note,
                ]
                for row in rows
            ),
        )

    def post(self, request, *args, **kwargs):
        form = ContributionForm(request.POST, networks=self.networks())
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_contribution(
                    actor=signed_in_user(request),
                    person=data["person"],
                    kind=data["kind"],
                    date=data["date"],
                    hours=data["hours"],
                    thanks_kind=data["thanks_kind"],
                    amount=data["amount"],
                    consent_given=data["consent_given"],
                    network=data["network"],
                    note=data["note"],
                    owed_at=data["owed_at"],
                )
            except ThanksError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Time given recorded."))
                return redirect("members:staff_thanks")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.rows()
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        record_lived_experience_seen(
            [row.person_id for row in page.object_list],
            actor=self.request.user,
            where="staff_thanks",
        )
        owed = Contribution.objects.filter(paid_at__isnull=True).exclude(thanks_kind="declined")
        context.update(
            page_obj=page,
            rows=page.object_list,
            show=self.request.GET.get("show", ""),
            # Which filter is on, as flags for the template (no strings compared there).
            showing={
                name: self.request.GET.get("show", "") == key
                for name, key in (("all", ""), ("owed", "owed"), ("paid", "paid"))
            },
            owed_total=owed.aggregate(total=Sum("amount"))["total"] or 0,
            query_string=f"show={self.request.GET.get('show', '')}",
        )
        context.setdefault("form", ContributionForm(networks=self.networks()))
        return context


class StaffThanksPaidView(StaffRequiredMixin, View):
    """Mark one contribution's thanks paid (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        with scopes_disabled():
            contribution = get_object_or_404(Contribution, pk=kwargs["contribution_id"])
            try:
                mark_contribution_paid(contribution, actor=signed_in_user(request))
            except ThanksError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Marked paid."))
        return redirect("members:staff_thanks")


@personal_page
class MyThanksView(SignedInMixin, TemplateView):
    """A person's own record of the time they gave and the thanks owed and paid."""

    template_name = "members/my_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with scopes_disabled():
            rows = list(
                Contribution.objects.filter(person=signed_in_user(self.request))
                .select_related("network")
                .order_by("-date", "-pk")
            )
        context.update(
            rows=rows,
            hours_total=sum((row.hours for row in rows), start=0),
            paid_total=sum((row.amount for row in rows if row.paid_at), start=0),
            owed_total=sum((row.amount for row in rows if row.is_owed), start=0),
        )
        return context
