"""The network's award pages, under /<network-slug>/awards/: the network's award home, the
scheme's settings and windows, and its versioned criteria (the panel's pages of one
application are in panel.py). The middleware runs each request in the network's scope.

Coordinators and staff chair: they see every submitted application of the network and keep
the scheme and its criteria.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from awards.access import may_chair
from awards.enums import CHAIRS
from awards.forms.pipeline import PipelineFilterForm
from awards.forms.schemes import (
    CriterionForm,
    CriterionTranslationForm,
    SchemeSettingsForm,
    SchemeTranslationForm,
    WindowForm,
    WindowStatusForm,
)
from awards.models import (
    ApplicationWindow,
    AwardScheme,
    CheckIn,
    Criterion,
)
from awards.queries.applications import pipeline, pipeline_counts
from awards.queries.check_ins import check_ins_submitted, check_ins_waiting
from awards.queries.panels import applications_for_panellist
from awards.queries.schemes import current_version, draft_version
from awards.services.errors import AwardError
from awards.services.schemes import (
    SCHEME_SETTINGS,
    add_window,
    create_scheme,
    publish_criteria,
    remove_criterion,
    save_criterion,
    save_criterion_translation,
    save_scheme_translation,
    set_window_status,
    start_criteria_draft,
    update_scheme_settings,
)
from awards.views.applicant import error_summary
from members.access import access_for
from members.permissions import NetworkAccessMixin, signed_in_user
from sanctuary.keyset import keyset_page
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


def scheme_of(network) -> AwardScheme | None:
    return AwardScheme.objects.filter(network=network).first()


@personal_page
class NetworkAwardsView(NetworkAccessMixin, TemplateView):
    """The network's award home: for chairs the scheme and its applications; for everyone
    with a role, the panels they sit on."""

    template_name = "awards/network_awards.html"
    page_size = 50
    # A seat is a card, not a row: fewer to a page.
    seats_page_size = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["scheme"] = scheme = scheme_of(self.network)
        context["is_chair"] = is_chair = may_chair(
            user, self.network, person=access_for(self.request)
        )
        if scheme is not None:
            context["version"] = current_version(scheme)
            context["windows"] = list(scheme.windows.all())
        if is_chair:
            context.update(self.applications())
            context["check_ins_waiting"] = check_ins_waiting(self.network, timezone.localdate())
            context["check_ins_submitted"] = check_ins_submitted(self.network)
        context.update(self.seats())
        return context

    def seats(self) -> dict:
        """One page of the person's seats, most recently changed first (a keyset page, its
        cursors `seats-after` and `seats-before`): a panellist who has sat on many panels
        over the years is not shown every one at once."""
        seats = applications_for_panellist(signed_in_user(self.request), self.network).annotate(
            application_changed_at=F("application__state_changed_at")
        )
        page = keyset_page(
            self.request,
            seats,
            timestamp="application_changed_at",
            size=self.seats_page_size,
            prefix="seats-",
        )
        return {"seats": page.rows, "seats_page": page}

    def applications(self) -> dict:
        """One page of the submitted applications (most recently changed first, a keyset
        page: the same cost however far in), filtered by state, and the counts."""
        form = PipelineFilterForm(self.request.GET)
        applications = pipeline(self.network)
        if form.chosen_state:
            applications = applications.filter(state=form.chosen_state)
        page = keyset_page(
            self.request, applications, timestamp="state_changed_at", size=self.page_size
        )
        counts = pipeline_counts(self.network)
        return {
            "filter_form": form,
            "applications": page.rows,
            "applications_page": page,
            "submitted_count": counts["submitted"],
            "drafts": counts["drafts"],
        }


@personal_page
class SchemeSettingsView(NetworkAccessMixin, TemplateView):
    """The scheme's settings and windows, for coordinators and staff. Staff create schemes."""

    allowed_roles = CHAIRS
    template_name = "awards/scheme_settings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scheme = scheme_of(self.network)
        context["scheme"] = scheme
        context.setdefault(
            "form", SchemeSettingsForm(instance=scheme) if scheme else SchemeSettingsForm()
        )
        context.setdefault("window_form", WindowForm())
        context.setdefault("translation_form", SchemeTranslationForm())
        if scheme is not None:
            names = dict(settings.LANGUAGES)
            context["translations"] = sorted(
                (str(names.get(code, code)), code, text)
                for code, text in scheme.translations.items()
            )
            context["windows"] = [
                (window, WindowStatusForm(initial={"status": window.status}, prefix=window.pk))
                for window in scheme.windows.all()
            ]
        context.update(
            error_summary(context["form"], context["window_form"], context["translation_form"])
        )
        return context

    def post(self, request, *args, **kwargs):
        scheme = scheme_of(self.network)
        if scheme is None and not request.user.is_staff:
            raise Http404("Movement staff set up award schemes")
        if scheme is not None and "translate" in request.POST:
            return self.translate(scheme)
        form = SchemeSettingsForm(request.POST, instance=AwardScheme(network=self.network))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        values = {name: form.cleaned_data[name] for name in SCHEME_SETTINGS}
        # Left empty, these keep their value (a new scheme takes the movement's default).
        for name in ("grace_days", "check_in_months"):
            if values[name] is None:
                del values[name]
        try:
            if scheme is None:
                create_scheme(self.network, actor=request.user, **values)
            else:
                update_scheme_settings(scheme, actor=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The award's settings are saved."))
        return redirect("awards:scheme_settings", self.network.slug)

    def translate(self, scheme: AwardScheme):
        form = SchemeTranslationForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(translation_form=form))
        save_scheme_translation(scheme, actor=signed_in_user(self.request), **form.cleaned_data)
        messages.success(self.request, _("The translation is saved."))
        return redirect("awards:scheme_settings", self.network.slug)


class WindowAddView(NetworkAccessMixin, View):
    allowed_roles = CHAIRS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        scheme = scheme_of(self.network)
        if scheme is None:
            raise Http404("No scheme")
        form = WindowForm(request.POST)
        if form.is_valid():
            try:
                add_window(scheme, actor=request.user, **form.cleaned_data)
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("The window is added."))
                return redirect("awards:scheme_settings", self.network.slug)
        view = SchemeSettingsView()
        view.setup(request, **kwargs)
        view.network, view.roles = self.network, self.roles
        return view.render_to_response(view.get_context_data(window_form=form))


class WindowStatusView(NetworkAccessMixin, View):
    allowed_roles = CHAIRS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        window = get_object_or_404(
            ApplicationWindow, pk=kwargs["window_id"], scheme__network=self.network
        )
        form = WindowStatusForm(request.POST, prefix=window.pk)
        if form.is_valid():
            set_window_status(window, form.cleaned_data["status"], actor=request.user)
            messages.success(request, _("The window's status is saved."))
        return redirect("awards:scheme_settings", self.network.slug)


@personal_page
class CriteriaView(NetworkAccessMixin, TemplateView):
    """The published criteria, and the draft of the next version with its editing."""

    allowed_roles = CHAIRS
    template_name = "awards/criteria.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scheme"] = scheme = scheme_of(self.network)
        if scheme is None:
            return context
        context["version"] = version = current_version(scheme)
        context["criteria"] = list(version.criteria.all()) if version else []
        context["draft"] = draft = draft_version(scheme)
        context["draft_criteria"] = list(draft.criteria.all()) if draft else []
        context.setdefault("form", CriterionForm())
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        scheme = scheme_of(self.network)
        if scheme is None:
            raise Http404("No scheme")
        action = request.POST.get("action")
        try:
            if action == "start_draft":
                start_criteria_draft(scheme, actor=request.user)
                messages.success(request, _("A new version is started from the current one."))
            elif action == "publish":
                draft = draft_version(scheme)
                if draft is None:
                    raise Http404("No draft")
                publish_criteria(draft, actor=request.user)
                messages.success(request, _("The new criteria are published."))
            else:
                draft = draft_version(scheme)
                if draft is None:
                    raise Http404("No draft")
                form = CriterionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                save_criterion(draft, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The criterion is added to the draft."))
        except AwardError as error:
            messages.error(request, str(error))
        return redirect("awards:criteria", self.network.slug)


@personal_page
class CriterionManageView(NetworkAccessMixin, TemplateView):
    """Change or remove a criterion of the draft version; translate any criterion."""

    allowed_roles = CHAIRS
    template_name = "awards/criterion_manage.html"

    def get_criterion(self) -> Criterion:
        return get_object_or_404(
            Criterion.objects.select_related("version"),
            pk=self.kwargs["criterion_id"],
            version__scheme__network=self.network,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criterion = self.get_criterion()
        context["criterion"] = criterion
        context.setdefault("form", CriterionForm(instance=criterion))
        context.setdefault("translation_form", CriterionTranslationForm())
        context["translations"] = sorted(
            (dict(settings.LANGUAGES).get(code, code), text)
            for code, text in criterion.translations.items()
        )
        context.update(error_summary(context["form"], context["translation_form"]))
        return context

    def post(self, request, *args, **kwargs):
        criterion = self.get_criterion()
        if "translate" in request.POST:
            return self.translate(criterion)
        try:
            if "remove" in request.POST:
                remove_criterion(criterion, actor=request.user)
                messages.success(request, _("The criterion is removed from the draft."))
                return redirect("awards:criteria", self.network.slug)
            form = CriterionForm(request.POST, instance=Criterion(version=criterion.version))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            save_criterion(
                criterion.version, actor=request.user, criterion=criterion, **form.cleaned_data
            )
        except AwardError as error:
            messages.error(request, str(error))
            return redirect("awards:criteria", self.network.slug)
        messages.success(request, _("The criterion is saved."))
        return redirect("awards:criteria", self.network.slug)

    def translate(self, criterion: Criterion):
        form = CriterionTranslationForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(translation_form=form))
        save_criterion_translation(
            criterion, actor=signed_in_user(self.request), **form.cleaned_data
        )
        messages.success(self.request, _("The translation is saved."))
        return redirect(self.request.path)


@personal_page
class NetworkCheckInView(NetworkAccessMixin, TemplateView):
    """A check-in of an award of this network, as its organisation submitted it (or still
    waiting), for the coordinators and staff."""

    allowed_roles = CHAIRS
    template_name = "awards/network_check_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check_in = get_object_or_404(
            CheckIn.objects.select_related("award__organisation", "award__scheme", "submitted_by"),
            pk=kwargs["check_in_id"],
            network=self.network,
        )
        context["check_in"] = check_in
        context["award"] = check_in.award
        context["is_overdue"] = not check_in.is_submitted and check_in.due_on < timezone.localdate()
        return context
