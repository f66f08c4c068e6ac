"""The thread of questions and answers, on the applicant's side and on the panel's.

Applicants read questions and answers only: never a panel note, and a panellist's name only
when that panellist chose to show it. The panel reads everything, its notes included."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from awards.enums import ThreadKind
from awards.forms.around import PanelNoteForm, QuestionForm, ThreadForm
from awards.permissions import ApplicantMixin
from awards.queries.care import support_contact
from awards.queries.panels import eligible_seats
from awards.queries.questions import thread_for_applicant, thread_for_panel
from awards.services.errors import AwardError
from awards.services.questions import add_panel_note, answer_question, ask_question
from awards.views.applicant import error_summary
from awards.views.panel import PanelApplicationMixin, reader_language, translation_requested
from members.permissions import NetworkAccessMixin
from sanctuary import machine_translation
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


def applicant_thread(application) -> list[dict]:
    """Each question with its answers, as the applicant may read them."""
    entries = list(thread_for_applicant(application))
    questions: list[dict] = []
    answers_of: dict[int, list] = {}
    for entry in entries:
        if entry.is_question:
            answers_of[entry.pk] = []
            questions.append(
                {
                    "question": entry,
                    "asked_by": entry.raised_by.name_for_applicant
                    if entry.raised_by is not None
                    else None,
                    "answers": answers_of[entry.pk],
                }
            )
        elif entry.answers_id in answers_of:
            answers_of[entry.answers_id].append(entry)
    return questions


@personal_page
class ApplicationQuestionsView(ApplicantMixin, TemplateView):
    """The panel's questions; the applicant answers each one here."""

    template_name = "awards/application_questions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questions"] = applicant_thread(self.application)
        context["can_answer"] = not self.application.is_closed and not self.application.is_draft
        context["failed_question"] = kwargs.get("failed_question")
        context["form"] = kwargs.get("form") or ThreadForm()
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        raw = request.POST.get("question", "")
        question = None
        if raw.isascii() and raw.isdigit() and len(raw) < 10:
            question = self.application.thread.filter(pk=int(raw), kind=ThreadKind.QUESTION).first()
        if question is None:
            raise Http404("No such question")
        form = ThreadForm(request.POST)
        if form.is_valid():
            try:
                answer_question(question, actor=request.user, body=form.cleaned_data["body"])
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Your answer is sent to the panel."))
                return redirect("awards:application_questions", self.application.pk)
        return self.render_to_response(
            self.get_context_data(form=form, failed_question=question.pk)
        )


@personal_page
class PanelQuestionsView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """The whole thread for the panel. The chair asks; anyone on the panel adds notes."""

    template_name = "awards/panel_questions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["thread"] = list(thread_for_panel(self.application))
        # Questions, answers and notes read machine-translated the same way as the evidence.
        target = reader_language()
        requested = translation_requested(self.request)
        for entry in context["thread"]:
            entry.reading = machine_translation.reading_for(
                entry.body, entry.language, target, requested=requested
            )
        seats = eligible_seats(self.application).select_related("panellist")
        context.setdefault("question_form", QuestionForm(seats=seats))
        context.setdefault("note_form", PanelNoteForm())
        context["support"] = support_contact(self.network)
        context["is_open"] = not self.application.is_closed
        context.update(error_summary(context["question_form"], context["note_form"]))
        return context

    def post(self, request, *args, **kwargs):
        if "ask" in request.POST and self.is_chair:
            seats = eligible_seats(self.application).select_related("panellist")
            form = QuestionForm(request.POST, seats=seats)
            if form.is_valid():
                try:
                    ask_question(
                        self.application,
                        actor=request.user,
                        body=form.cleaned_data["body"],
                        raised_by=form.cleaned_data["raised_by"],
                    )
                except AwardError as error:
                    add_refusal_to_form(form, error)
                else:
                    messages.success(request, _("Your question is sent to the applicant."))
                    return redirect(request.path)
            return self.render_to_response(self.get_context_data(question_form=form))
        form = PanelNoteForm(request.POST)
        if form.is_valid():
            try:
                add_panel_note(self.application, actor=request.user, body=form.cleaned_data["note"])
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Your note is saved for the panel."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(note_form=form))
