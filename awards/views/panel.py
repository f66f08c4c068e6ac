"""One application as the network's panel sees it, under /<network-slug>/awards/<id>/:
seating the panel, conflicts of interest, reviews, and the chair's decision.

Coordinators and staff chair: they form panels, record visits and decisions. A panellist sees
only the applications whose panel they sit on (any other answers 404), and the other reviews
only after submitting their own. Whether a panellist has lived experience shows on the panel
page only, to chairs.
"""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from awards.access import application_for_panel
from awards.enums import (
    CHAIRS,
    WITH_PANEL_STATES,
    ApplicationState,
    CriterionArea,
    Rating,
)
from awards.forms.panels import AssignForm, ConflictForm, DecisionForm, MeetingForm, ReviewForm
from awards.models import (
    CriterionRating,
    EvidenceFile,
    PanelAssignment,
    Review,
)
from awards.queries.applications import responses_with_evidence
from awards.queries.panels import (
    counted_reviews,
    panel_candidates,
    panel_readiness,
    reviews_to_read,
    show_lived_experience,
    suggest_panel,
)
from awards.queries.submissions import compare_submissions
from awards.services.decisions import record_decision, record_meeting
from awards.services.errors import AwardError, DecisionRefused
from awards.services.panels import (
    assign_panellist,
    declare_conflict,
    remove_panellist,
    start_review,
)
from awards.services.reviews import get_or_start_review, review_to_read, save_review
from awards.views.applicant import error_summary, evidence_download
from members.access import access_for
from members.enums import Role
from members.models import User
from members.permissions import NetworkAccessMixin, signed_in_user
from members.services.lived_experience import record_lived_experience_seen
from sanctuary import machine_translation
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


class PanelApplicationMixin:
    """After NetworkAccessMixin: the application for a chair or a seated panellist, else 404.
    An adapter over awards.access, which asks request.access: the roles NetworkAccessMixin read."""

    chairs_only = False
    seated_only = False

    def dispatch(self, request, *args, **kwargs):
        self.application_access = application_for_panel(
            request.user,
            self.network,
            kwargs["award_application_id"],
            person=access_for(request),
        )
        self.application = self.application_access.application
        self.seat = self.application_access.seat
        self.is_chair = self.application_access.can_chair
        if self.chairs_only and not self.is_chair:
            raise Http404("No such page")
        if self.seated_only and self.seat is None:
            raise Http404("No such page")
        return super().dispatch(request, *args, **kwargs)

    @property
    def own_review_submitted(self) -> bool:
        return self.application_access.own_review_submitted

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        context["seat"] = self.seat
        context["is_chair"] = self.is_chair
        context["may_read_reviews"] = self.application_access.may_read_other_reviews
        return context


def reader_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def translation_requested(request) -> bool:
    """The reader asked to read what people wrote machine-translated (?translate=<language>)."""
    return request.GET.get("translate") == reader_language()


def machine_translations(request, application, responses) -> dict:
    """Context for reading the applicant's text machine-translated into the page's language
    (templates/includes/machine_translation.html): sets a `reading` on each response and gives
    the action plan's as `plan_reading`. Nothing is sent to a provider unless one is configured,
    the text is in another language it covers, and the reader asked."""
    target = reader_language()
    requested = translation_requested(request)
    for response in responses:
        response.reading = machine_translation.reading_for(
            response.narrative, application.language, target, requested=requested
        )
    plan = machine_translation.reading_for(
        application.action_plan, application.language, target, requested=requested
    )
    return {"plan_reading": plan}


@personal_page
class PanelApplicationView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """The application's evidence, its submissions and what changed since the last one."""

    template_name = "awards/panel_application.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context["responses"] = responses_with_evidence(application)
        context.update(machine_translations(self.request, application, context["responses"]))
        submission = self.application_access.latest_submission
        context["submission"] = submission
        if submission is not None:
            before = self.application_access.previous_submission
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


@personal_page
class PanelAssignView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """Form the panel. Shows chairs each person's load and what may conflict, suggests a
    balanced panel, and, for the people seated or suggested who agreed to be panellists
    only, whether they have lived experience (each showing logged)."""

    allowed_roles = CHAIRS
    chairs_only = True
    template_name = "awards/panel_assign.html"

    def candidates_queryset(self):
        return User.objects.filter(
            memberships__network=self.network, memberships__role=Role.PANELLIST
        ).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        seats = list(
            self.application.panel.select_related("panellist").order_by("assigned_at", "pk")
        )
        candidates = panel_candidates(self.application, seats)
        context["candidates"] = candidates
        context["suggestions"] = suggest_panel(self.application, candidates)
        context["seated"] = [c for c in candidates if c.is_assigned]
        # The flag shows only for the people seated or suggested here who agreed, and each
        # showing is logged (DESIGN.md rule 6).
        shown = show_lived_experience(candidates, context["suggestions"])
        if shown:
            record_lived_experience_seen(
                [c.user.pk for c in shown],
                actor=self.request.user,
                where="panel",
                application_id=self.application.pk,
            )
        shown_ids = {c.user.pk for c in shown}
        # A stepped-back seat shows as free, without a name: the chair learns only that.
        context["assignments"] = [seat for seat in seats if not seat.has_stepped_back]
        context["free_seats"] = len(seats) - len(context["assignments"])
        for assignment in context["assignments"]:
            assignment.shows_lived_experience = assignment.panellist_id in shown_ids
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
                assign_panellist(self.application, person, actor=request.user)
            except AwardError as error:
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
            remove_panellist(assignment, actor=request.user)
        except AwardError as error:
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
            start_review(self.application, actor=request.user)
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The panel can review the application now."))
        return redirect("awards:panel_assign", self.network.slug, self.application.pk)


DRAFT_STAMP_HEADER = "X-Draft-Saved"


def draft_stamp(review: Review | None) -> int:
    """Which save of a draft review a page or an answer holds: its last change in
    microseconds, 0 before the first save. A page read before a save landed shows less."""
    if review is None or review.pk is None or review.updated_at is None:
        return 0
    return int(review.updated_at.timestamp() * 1_000_000)


def reading_order(rating) -> tuple[int, int, int]:
    """Learn, then Embed, then Share, as the applicant read the criteria."""
    criterion = rating.criterion
    areas = [CriterionArea.LEARN, CriterionArea.EMBED]
    area = areas.index(criterion.area) if criterion.area in areas else len(areas)
    return (area, criterion.position, criterion.pk)


@personal_page
class ReviewView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """A panellist's own page: declare conflicts, then rate every criterion, alone.

    Made for a phone: each criterion folds (<details>), with the guidance the applicant read
    and their evidence beside the rating. Opening the page writes nothing; the review is
    created on the first save. With htmx the form saves itself as the panellist goes (as the
    applicant's drafts do); the buttons always work."""

    seated_only = True
    template_name = "awards/review.html"

    def get_review(self) -> Review | None:
        """The panellist's review of the latest submission, or the unsaved draft it starts
        from while the application is in review: read only."""
        return review_to_read(
            self.seat,
            actor=signed_in_user(self.request),
            latest=self.application_access.latest_submission,
        )

    def get_context_data(self, **kwargs):
        review = kwargs.get("review") or self.get_review()
        # Whether their own review is in follows from the review just read.
        self.application_access.read_own_review(review)
        context = super().get_context_data(**kwargs)
        context.setdefault("conflict_form", ConflictForm(instance=self.seat))
        context["review"] = review
        context["draft_stamp"] = draft_stamp(review)
        context["review_is_open"] = (
            review is not None
            and not review.is_submitted
            and self.application.state == ApplicationState.IN_REVIEW
        )
        forms = [context["conflict_form"]]
        if review is not None:
            ratings = sorted(self.rating_rows(review), key=reading_order)
            context.setdefault("form", ReviewForm(ratings=ratings, initial=self.initial(review)))
            form = context["form"]
            forms.append(form)
            evidence = responses_with_evidence(self.application)
            context.update(machine_translations(self.request, self.application, evidence))
            responses = {r.criterion_id: r for r in evidence}
            rows = []
            first_open = None
            for index, (criterion, rating, reason) in enumerate(form.rows):
                value = rating.value() or ""
                done = bool(value and (reason.value() or "").strip())
                has_errors = bool(rating.errors or reason.errors)
                if first_open is None and not done and context["review_is_open"]:
                    first_open = index
                rows.append(
                    {
                        "criterion": criterion,
                        "rating": rating,
                        "reason": reason,
                        "response": responses.get(criterion.pk),
                        "rating_label": Rating(value).label if value in Rating.values else "",
                        "done": done,
                        # A refusal of the whole form (not every criterion rated) opens
                        # the criteria still to do.
                        "open": has_errors or bool(form.non_field_errors() and not done),
                    }
                )
            if first_open is not None:
                rows[first_open]["open"] = True
            context["rows"] = rows
            context["rated"] = sum(1 for row in rows if row["done"])
        context.update(error_summary(*forms))
        return context

    @property
    def is_autosave(self) -> bool:
        """htmx's save as the panellist goes, or the page's last save as it is left (a
        beacon, marked `autosave`)."""
        return bool(getattr(self.request, "htmx", False) or self.request.POST.get("autosave"))

    @staticmethod
    def rating_rows(review: Review) -> list:
        if review.pk is None:
            return list(review.rating_rows)
        return list(review.ratings.select_related("criterion"))

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
        if self.application.state != ApplicationState.IN_REVIEW or self.get_review() is None:
            if self.is_autosave:
                return HttpResponse(_("Not saved: the application is not open for your review."))
            messages.error(request, _("The application is not open for your review."))
            return redirect(request.path)
        try:
            # The first save creates the draft (opening the page did not).
            review = get_or_start_review(self.seat, actor=request.user)
        except AwardError as error:
            if self.is_autosave:
                return HttpResponse(_("Not saved: %(reason)s") % {"reason": error})
            messages.error(request, str(error))
            return redirect(request.path)
        ratings = sorted(review.ratings.select_related("criterion"), key=reading_order)
        form = ReviewForm(request.POST, ratings=ratings)
        if self.is_autosave:
            return self.autosave(review, form)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, review=review))
        submit = "submit" in request.POST
        try:
            self.save(review, form, submit=submit)
        except AwardError as error:
            add_refusal_to_form(form, error)
            return self.render_to_response(self.get_context_data(form=form, review=review))
        if submit:
            messages.success(request, _("Thank you: your review is submitted."))
        else:
            messages.success(request, _("Your draft review is saved."))
        return redirect(request.path)

    def save(self, review: Review, form: ReviewForm, *, submit: bool) -> Review:
        return save_review(
            review,
            actor=signed_in_user(self.request),
            ratings=form.ratings(),
            strengths=form.cleaned_data["strengths"],
            improvements=form.cleaned_data["improvements"],
            questions=form.cleaned_data["questions"],
            submit=submit,
        )

    def autosave(self, review: Review, form: ReviewForm) -> HttpResponse:
        """The in-place save of a draft: a sentence for the status line, nothing else. It
        never submits: only the button does."""
        if not form.is_valid():
            return HttpResponse(_("Not saved yet: please check the form."))
        try:
            self.save(review, form, submit=False)
        except AwardError as error:
            return HttpResponse(_("Not saved: %(reason)s") % {"reason": error})
        saved_at = time_format(timezone.localtime(), "H:i")
        answer = HttpResponse(_("Draft saved at %(time)s.") % {"time": saved_at})
        # The tab keeps what it sent until a page it loads shows this save (see sanctuary.js).
        answer[DRAFT_STAMP_HEADER] = str(draft_stamp(review))
        return answer

    def declare(self):
        form = ConflictForm(self.request.POST, instance=PanelAssignment(pk=self.seat.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(conflict_form=form))
        try:
            declare_conflict(
                self.seat,
                actor=self.request.user,
                conflict=form.cleaned_data["conflict"],
                note=form.cleaned_data["conflict_note"],
                show_name_to_applicant=form.cleaned_data["show_name_to_applicant"],
            )
        except AwardError as error:
            add_refusal_to_form(form, error)
            return self.render_to_response(self.get_context_data(conflict_form=form))
        messages.success(self.request, _("Your declaration is saved."))
        return redirect(self.request.path)


@personal_page
class ReviewsView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """Every submitted review of the latest submission: for chairs, and for a panellist once
    their own is submitted. Names of reviewers only; never whether they have lived experience."""

    template_name = "awards/reviews.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.application_access.latest_submission
        context["submission"] = submission
        if context["may_read_reviews"] and submission is not None:
            context["reviews"] = list(
                reviews_to_read(submission)
                .select_related("assignment__panellist")
                .prefetch_related(
                    Prefetch("ratings", CriterionRating.objects.select_related("criterion"))
                )
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


@personal_page
class DecisionView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """The chair records visits or meetings, then the panel's one decision."""

    allowed_roles = CHAIRS
    chairs_only = True
    template_name = "awards/decision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        submission = self.application_access.latest_submission
        context["readiness"] = panel_readiness(application, submission)
        reviews = []
        if submission is not None and context["may_read_reviews"]:
            # Only the reviews that count (rule 1's own: no conflict, not stepped back).
            reviews = list(counted_reviews(submission).prefetch_related("ratings"))
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
            record_decision(
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
        except DecisionRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The decision is recorded. The applicant hears by e-mail."))
        return redirect("awards:panel_application", self.network.slug, self.application.pk)

    def record_meeting(self):
        form = MeetingForm(self.request.POST)
        if form.is_valid():
            try:
                record_meeting(self.application, actor=self.request.user, **form.cleaned_data)
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(self.request, _("The visit or meeting is recorded."))
                return redirect(self.request.path)
        return self.render_to_response(self.get_context_data(meeting_form=form))
