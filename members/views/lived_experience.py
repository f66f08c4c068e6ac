"""Sanctuary Ambassadors and the Advisory Group: only the person and staff see any of it."""

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from members.enums import AmbassadorStatus
from members.forms.lived_experience import AmbassadorForm, InviteAdvisersForm, NominateAdviserForm
from members.models import Ambassador, TrusteeMeetingInvitation
from members.permissions import SignedInMixin, StaffRequiredMixin
from members.queries import advisory_rotation
from members.services.lived_experience import (
    LivedExperienceError,
    invite_next_advisers,
    nominate_to_advisory_group,
    record_lived_experience_seen,
    register_ambassador,
    set_ambassador_status,
)
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


@personal_page
class AmbassadorView(SignedInMixin, FormView):
    """A person with lived experience registers as a Sanctuary Ambassador, or keeps their
    details up to date."""

    template_name = "members/ambassador.html"
    form_class = AmbassadorForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.ambassador = Ambassador.objects.filter(user=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.ambassador is not None:
            kwargs["instance"] = Ambassador.objects.get(pk=self.ambassador.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ambassador": self.ambassador}

    def form_valid(self, form):
        register_ambassador(self.request.user, actor=self.request.user, **form.cleaned_data)
        if self.ambassador is None:
            messages.success(
                self.request,
                _("Thank you for registering. Movement staff will be in touch."),
            )
        else:
            messages.success(self.request, _("Your details are saved."))
        return redirect("members:ambassador")


@personal_page
class StaffAmbassadorsView(StaffRequiredMixin, ListView):
    template_name = "members/staff_ambassadors.html"
    context_object_name = "ambassadors"
    paginate_by = 50

    def get_queryset(self):
        return (
            Ambassador.objects.select_related("user", "advisory_membership")
            .annotate(
                waiting=Case(
                    When(status=AmbassadorStatus.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("waiting", "registered_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Everyone listed has lived experience: staff seeing the page is logged (rule 6).
        record_lived_experience_seen(
            [ambassador.user_id for ambassador in context["ambassadors"]],
            actor=self.request.user,
            where="staff_ambassadors",
        )
        return context


class StaffAmbassadorStatusView(StaffRequiredMixin, View):
    """Approve or decline a registration (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ambassador = get_object_or_404(
            Ambassador.objects.select_related("user"), pk=kwargs["ambassador_id"]
        )
        status = request.POST.get("status", "")
        if status not in AmbassadorStatus.values:
            raise Http404("No such status")
        try:
            set_ambassador_status(ambassador, status, actor=request.user)
        except LivedExperienceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.")
                % {
                    "person": ambassador.user.get_full_name(),
                    "status": AmbassadorStatus(status).label,
                },
            )
        return redirect("members:staff_ambassadors")


@personal_page
class StaffAdvisoryGroupView(StaffRequiredMixin, TemplateView):
    """The Advisory Group in rotation order, with who is next, and the forms to nominate and
    to invite the next ones to a trustees' meeting."""

    template_name = "members/staff_advisory_group.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rotation=list(advisory_rotation()),
            invitations=list(
                TrusteeMeetingInvitation.objects.select_related(
                    "member__ambassador__user"
                ).order_by("-meeting_date", "pk")[:30]
            ),
            invite_form=kwargs.get("invite_form") or InviteAdvisersForm(),
            nominate_form=kwargs.get("nominate_form") or NominateAdviserForm(),
        )
        return context


class StaffAdvisoryInviteView(StaffAdvisoryGroupView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InviteAdvisersForm(request.POST)
        if form.is_valid():
            try:
                invitations = invite_next_advisers(actor=request.user, **form.cleaned_data)
            except LivedExperienceError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Invited: %(people)s.")
                    % {
                        "people": ", ".join(
                            invitation.member.ambassador.user.get_full_name()
                            for invitation in invitations
                        )
                    },
                )
                return redirect("members:staff_advisory_group")
        return self.render_to_response(self.get_context_data(invite_form=form))


class StaffAdvisoryNominateView(StaffAdvisoryGroupView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = NominateAdviserForm(request.POST)
        if form.is_valid():
            try:
                nominate_to_advisory_group(form.cleaned_data["ambassador"], actor=request.user)
            except LivedExperienceError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Nominated to the Advisory Group."))
                return redirect("members:staff_advisory_group")
        return self.render_to_response(self.get_context_data(nominate_form=form))
