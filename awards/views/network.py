"""The network's award pages, under /<network-slug>/awards/: the scheme and its criteria,
panels, reviews and decisions. The middleware runs each request in the network's scope.

Coordinators and staff chair: they see every submitted application of the network, form
panels, record visits and decisions. A panellist sees only the applications whose panel they
sit on (any other answers 404), and the other reviews only after submitting their own.
Whether a panellist has lived experience shows on the panel page only, to chairs.
"""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from awards import services
from awards.enums import WITH_PANEL_STATES, ApplicationState, ConflictDeclaration, Rating
from awards.forms import (
    AssignForm,
    ConflictForm,
    CriterionForm,
    CriterionTranslationForm,
    DecisionForm,
    MeetingForm,
    ReviewForm,
    SchemeSettingsForm,
    WindowForm,
    WindowStatusForm,
)
from awards.models import (
    ApplicationWindow,
    AwardScheme,
    Criterion,
    EvidenceFile,
    PanelAssignment,
    Review,
)
from awards.permissions import get_application_for_panel, may_read_other_reviews
from awards.queries import (
    applications_for_panellist,
    can_chair,
    compare_submissions,
    current_version,
    draft_version,
    latest_submission,
    panel_candidates,
    panel_readiness,
    pipeline,
    previous_submission,
    responses_with_evidence,
    suggest_panel,
)
from awards.views.applicant import error_summary, evidence_download
from members.enums import Role
from members.models import User
from members.permissions import NetworkAccessMixin

CHAIRS = frozenset({Role.COORDINATOR})


def scheme_of(network) -> AwardScheme | None:
    return AwardScheme.objects.filter(network=network).first()


class NetworkAwardsView(NetworkAccessMixin, TemplateView):
    """The network's award home: for chairs the scheme and its applications; for everyone
    with a role, the panels they sit on."""

    template_name = "awards/network_awards.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["scheme"] = scheme = scheme_of(self.network)
        context["is_chair"] = is_chair = can_chair(user, self.network)
        if scheme is not None:
            context["version"] = current_version(scheme)
            context["windows"] = list(scheme.windows.all())
        if is_chair:
            context["applications"] = list(pipeline(self.network))
            context["drafts"] = self.network.award_applications.filter(
                state=ApplicationState.DRAFT
            ).count()
        context["seats"] = list(applications_for_panellist(user, self.network))
        return context


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
        if scheme is not None:
            context["windows"] = [
                (window, WindowStatusForm(initial={"status": window.status}, prefix=window.pk))
                for window in scheme.windows.all()
            ]
        context.update(error_summary(context["form"], context["window_form"]))
        return context

    def post(self, request, *args, **kwargs):
        scheme = scheme_of(self.network)
        if scheme is None and not request.user.is_staff:
            raise Http404("Movement staff set up award schemes")
        form = SchemeSettingsForm(request.POST, instance=AwardScheme(network=self.network))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        values = {name: form.cleaned_data[name] for name in services.SCHEME_SETTINGS}
        try:
            if scheme is None:
                services.create_scheme(self.network, actor=request.user, **values)
            else:
                services.update_scheme_settings(scheme, actor=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The award's settings are saved."))
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
                services.add_window(scheme, actor=request.user, **form.cleaned_data)
            except services.AwardError as error:
                form.add_error("closes_on", str(error))
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
            services.set_window_status(window, form.cleaned_data["status"], actor=request.user)
            messages.success(request, _("The window's status is saved."))
        return redirect("awards:scheme_settings", self.network.slug)


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
                services.start_criteria_draft(scheme, actor=request.user)
                messages.success(request, _("A new version is started from the current one."))
            elif action == "publish":
                draft = draft_version(scheme)
                if draft is None:
                    raise Http404("No draft")
                services.publish_criteria(draft, actor=request.user)
                messages.success(request, _("The new criteria are published."))
            else:
                draft = draft_version(scheme)
                if draft is None:
                    raise Http404("No draft")
                form = CriterionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                services.save_criterion(draft, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The criterion is added to the draft."))
        except services.AwardError as error:
            messages.error(request, str(error))
        return redirect("awards:criteria", self.network.slug)


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
                services.remove_criterion(criterion, actor=request.user)
                messages.success(request, _("The criterion is removed from the draft."))
                return redirect("awards:criteria", self.network.slug)
            form = CriterionForm(request.POST, instance=Criterion(version=criterion.version))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            services.save_criterion(
                criterion.version, actor=request.user, criterion=criterion, **form.cleaned_data
            )
        except services.AwardError as error:
            messages.error(request, str(error))
            return redirect("awards:criteria", self.network.slug)
        messages.success(request, _("The criterion is saved."))
        return redirect("awards:criteria", self.network.slug)

    def translate(self, criterion: Criterion):
        form = CriterionTranslationForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(translation_form=form))
        services.save_criterion_translation(criterion, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The translation is saved."))
        return redirect(self.request.path)


# One application, as the panel sees it ------------------------------------------------------


class PanelApplicationMixin:
    """After NetworkAccessMixin: the application for a chair or a seated panellist, else 404."""

    chairs_only = False
    seated_only = False

    def dispatch(self, request, *args, **kwargs):
        self.application, self.seat = get_application_for_panel(
            request.user, self.network, kwargs["award_application_id"]
        )
        self.is_chair = can_chair(request.user, self.network)
        if self.chairs_only and not self.is_chair:
            raise Http404("No such page")
        if self.seated_only and self.seat is None:
            raise Http404("No such page")
        return super().dispatch(request, *args, **kwargs)

    @property
    def own_review_submitted(self) -> bool:
        if self.seat is None:
            return False
        submission = latest_submission(self.application)
        return Review.objects.filter(
            assignment=self.seat, submission=submission, submitted_at__isnull=False
        ).exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        context["seat"] = self.seat
        context["is_chair"] = self.is_chair
        context["may_read_reviews"] = may_read_other_reviews(self.seat, self.own_review_submitted)
        return context


class PanelApplicationView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """The application's evidence, its submissions and what changed since the last one."""

    template_name = "awards/panel_application.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context["responses"] = responses_with_evidence(application)
        submission = latest_submission(application)
        context["submission"] = submission
        if submission is not None:
            before = previous_submission(submission)
            if before is not None:
                context["previous"] = before
                context["changes"] = compare_submissions(before, submission)
        context["meetings"] = application.meetings.select_related("recorded_by")
        context["decisions"] = application.decisions.select_related("submission")
        return context


class PanelEvidenceFileView(NetworkAccessMixin, PanelApplicationMixin, View):
    """Any file of the application, also one removed after a submission named it."""

    def get(self, request, *args, **kwargs):
        evidence = get_object_or_404(
            EvidenceFile, pk=kwargs["file_id"], response__application=self.application
        )
        return evidence_download(evidence)


class PanelAssignView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """Form the panel. Shows chairs who has lived experience, each person's load and what may
    conflict, and suggests a balanced panel."""

    allowed_roles = CHAIRS
    chairs_only = True
    template_name = "awards/panel_assign.html"

    def candidates_queryset(self):
        return User.objects.filter(
            memberships__network=self.network, memberships__role=Role.PANELLIST
        ).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidates = panel_candidates(self.application)
        context["candidates"] = candidates
        context["suggestions"] = suggest_panel(self.application, candidates)
        context["seated"] = [c for c in candidates if c.is_assigned]
        context["assignments"] = list(
            self.application.panel.select_related("panellist").order_by("assigned_at")
        )
        context["can_assign"] = self.application.state in WITH_PANEL_STATES
        context["can_start_review"] = self.application.state in {
            ApplicationState.SUBMITTED,
            ApplicationState.RESUBMITTED,
        }
        context["form"] = kwargs.get("form") or AssignForm(candidates=self.candidates_queryset())
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        form = AssignForm(request.POST, candidates=self.candidates_queryset())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        seated = []
        for person in form.cleaned_data["panellists"]:
            try:
                services.assign_panellist(self.application, person, actor=request.user)
            except services.AwardError as error:
                messages.error(request, str(error))
            else:
                seated.append(person.get_full_name())
        if seated:
            messages.success(
                request, _("On the panel now: %(names)s.") % {"names": ", ".join(seated)}
            )
        return redirect("awards:panel_assign", self.network.slug, self.application.pk)


class PanelRemoveView(NetworkAccessMixin, PanelApplicationMixin, View):
    allowed_roles = CHAIRS
    chairs_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        assignment = get_object_or_404(
            PanelAssignment.objects.select_related("panellist"),
            pk=kwargs["assignment_id"],
            application=self.application,
        )
        try:
            services.remove_panellist(assignment, actor=request.user)
        except services.AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Taken off the panel."))
        return redirect("awards:panel_assign", self.network.slug, self.application.pk)


class StartReviewView(NetworkAccessMixin, PanelApplicationMixin, View):
    allowed_roles = CHAIRS
    chairs_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.start_review(self.application, actor=request.user)
        except services.AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The panel can review the application now."))
        return redirect("awards:panel_assign", self.network.slug, self.application.pk)


class ReviewView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """A panellist's own page: declare conflicts, then rate every criterion, alone."""

    seated_only = True
    template_name = "awards/review.html"

    def get_review(self) -> Review | None:
        """The panellist's review of the latest submission. While the application is in
        review, opening the page starts the draft (an idempotent write), so the ratings have
        rows to save into; afterwards the review is read only."""
        if self.seat.conflict != ConflictDeclaration.NONE:
            return None
        if self.application.state == ApplicationState.IN_REVIEW:
            return services.get_or_start_review(self.seat, actor=self.request.user)
        submission = latest_submission(self.application)
        return Review.objects.filter(assignment=self.seat, submission=submission).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("conflict_form", ConflictForm(instance=self.seat))
        review = kwargs.get("review") or self.get_review()
        context["review"] = review
        context["review_is_open"] = (
            review is not None
            and not review.is_submitted
            and self.application.state == ApplicationState.IN_REVIEW
        )
        forms = [context["conflict_form"]]
        if review is not None:
            ratings = list(review.ratings.select_related("criterion"))
            context.setdefault("form", ReviewForm(ratings=ratings, initial=self.initial(review)))
            forms.append(context["form"])
            responses = {r.criterion_id: r for r in responses_with_evidence(self.application)}
            context["rows"] = [
                (criterion, rating, reason, responses.get(criterion.pk))
                for criterion, rating, reason in context["form"].rows
            ]
        context.update(error_summary(*forms))
        return context

    @staticmethod
    def initial(review: Review) -> dict:
        return {
            "strengths": review.strengths,
            "improvements": review.improvements,
            "questions": review.questions,
        }

    def post(self, request, *args, **kwargs):
        if "declare" in request.POST:
            return self.declare()
        review = self.get_review()
        if review is None or self.application.state != ApplicationState.IN_REVIEW:
            messages.error(request, _("The application is not open for your review."))
            return redirect(request.path)
        ratings = list(review.ratings.select_related("criterion"))
        form = ReviewForm(request.POST, ratings=ratings)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, review=review))
        submit = "submit" in request.POST
        try:
            services.save_review(
                review,
                actor=request.user,
                ratings=form.ratings(),
                strengths=form.cleaned_data["strengths"],
                improvements=form.cleaned_data["improvements"],
                questions=form.cleaned_data["questions"],
                submit=submit,
            )
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form, review=review))
        if submit:
            messages.success(request, _("Thank you: your review is submitted."))
        else:
            messages.success(request, _("Your draft review is saved."))
        return redirect(request.path)

    def declare(self):
        form = ConflictForm(self.request.POST, instance=PanelAssignment(pk=self.seat.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(conflict_form=form))
        try:
            services.declare_conflict(
                self.seat,
                actor=self.request.user,
                conflict=form.cleaned_data["conflict"],
                note=form.cleaned_data["conflict_note"],
                show_name_to_applicant=form.cleaned_data["show_name_to_applicant"],
            )
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(conflict_form=form))
        messages.success(self.request, _("Your declaration is saved."))
        return redirect(self.request.path)


class ReviewsView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """Every submitted review of the latest submission: for chairs, and for a panellist once
    their own is submitted. Names of reviewers only; never whether they have lived experience."""

    template_name = "awards/reviews.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = latest_submission(self.application)
        context["submission"] = submission
        if context["may_read_reviews"] and submission is not None:
            context["reviews"] = list(
                Review.objects.filter(submission=submission, submitted_at__isnull=False)
                .select_related("assignment__panellist")
                .prefetch_related("ratings__criterion")
                .order_by("submitted_at")
            )
        return context


def summarise_ratings(reviews: list[Review]) -> dict[int, Counter]:
    tally: dict[int, Counter] = {}
    for review in reviews:
        for rating in review.ratings.all():
            tally.setdefault(rating.criterion_id, Counter())[rating.rating] += 1
    return tally


def suggested_finding(counts: Counter | None) -> str | None:
    """The panel's most common rating, the more cautious one on a tie."""
    if not counts:
        return None
    order = [Rating.NOT_MET, Rating.PARTLY_MET, Rating.MET]
    return max(order, key=lambda rating: (counts.get(rating, 0), -order.index(rating)))


class DecisionView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """The chair records visits or meetings, then the panel's one decision."""

    allowed_roles = CHAIRS
    chairs_only = True
    template_name = "awards/decision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        submission = latest_submission(application)
        context["readiness"] = panel_readiness(application, submission)
        reviews = []
        if submission is not None and context["may_read_reviews"]:
            reviews = list(
                Review.objects.filter(
                    submission=submission,
                    submitted_at__isnull=False,
                    assignment__conflict=ConflictDeclaration.NONE,
                ).prefetch_related("ratings")
            )
        tally = summarise_ratings(reviews)
        criteria = list(application.criteria_version.criteria.all())
        context["tally"] = [
            (
                criterion,
                [
                    (label, tally.get(criterion.pk, {}).get(value, 0))
                    for value, label in Rating.choices
                ],
            )
            for criterion in criteria
        ]
        context["can_decide"] = application.state == ApplicationState.IN_REVIEW
        context.setdefault(
            "form",
            DecisionForm(
                criteria=criteria,
                suggested={c.pk: suggested_finding(tally.get(c.pk)) for c in criteria},
                initial={"decided_on": timezone.localdate()},
            ),
        )
        context.setdefault("meeting_form", MeetingForm())
        context["meetings"] = application.meetings.select_related("recorded_by")
        context["decisions"] = application.decisions.select_related("submission")
        context.update(error_summary(context["form"], context["meeting_form"]))
        return context

    def post(self, request, *args, **kwargs):
        if "meeting" in request.POST:
            return self.record_meeting()
        criteria = list(self.application.criteria_version.criteria.all())
        form = DecisionForm(request.POST, criteria=criteria, suggested={})
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            services.record_decision(
                self.application,
                actor=request.user,
                outcome=data["outcome"],
                findings=form.findings(),
                appraisal_report=data["appraisal_report"],
                decided_on=data["decided_on"],
                evidence_requested=data["evidence_requested"],
                evidence_due_on=data["evidence_due_on"],
                internal_notes=data["internal_notes"],
            )
        except services.DecisionRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The decision is recorded. The applicant hears by e-mail."))
        return redirect("awards:panel_application", self.network.slug, self.application.pk)

    def record_meeting(self):
        form = MeetingForm(self.request.POST)
        if form.is_valid():
            try:
                services.record_meeting(
                    self.application, actor=self.request.user, **form.cleaned_data
                )
            except services.AwardError as error:
                form.add_error(None, str(error))
            else:
                messages.success(self.request, _("The visit or meeting is recorded."))
                return redirect(self.request.path)
        return self.render_to_response(self.get_context_data(meeting_form=form))
