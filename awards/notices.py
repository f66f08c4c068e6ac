"""E-mails around the review: the panel's questions and the applicant's answers, appraisal
visits (with a calendar file), concerns about an award, and a free seat on a panel. Each goes
in its recipient's language. Called from awards/tasks.py after the transaction commits.

Applicants read a panellist's name only when that panellist chose to show it
(PanelAssignment.name_for_applicant); panellists never read each other's names; no e-mail
carries a panel note or a staff note."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.calendar import visit_event
from awards.enums import CHAIRS
from awards.models import Application, Complaint, ThreadEntry, VisitDate
from awards.queries import applicant_people, eligible_seats, organisation_contacts
from members.emails import absolute_url
from members.models import User


def _send(*, to: str, language: str, subject, template: str, context: dict, calendar=None):
    """One e-mail in `language`; `calendar`, a function giving the .ics text, is called in
    that language too, so the event reads in it."""
    available = dict(settings.LANGUAGES)
    with translation.override(language if language in available else settings.LANGUAGE_CODE):
        subject_text = " ".join(str(subject).split())
        body = render_to_string(template, context)
        attachment = calendar() if calendar is not None else None
    message = EmailMessage(
        subject=subject_text, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    if attachment is not None:
        message.attach("visit.ics", attachment, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def chairs_of(application: Application) -> list[User]:
    return list(
        User.objects.filter(
            memberships__network_id=application.network_id, memberships__role__in=sorted(CHAIRS)
        ).distinct()
    )


def _applicant_link(application: Application) -> str:
    return absolute_url(reverse("awards:application_questions", args=[application.pk]))


def _panel_link(application: Application, name: str) -> str:
    return absolute_url(reverse(name, args=[application.network.slug, application.pk]))


def send_question(entry: ThreadEntry) -> int:
    """The panel's question, to everyone who works on the application."""
    application = entry.application
    shown_name = entry.raised_by.name_for_applicant if entry.raised_by is not None else None
    sent = 0
    for person in applicant_people(application):
        _send(
            to=person.email,
            language=person.preferred_language,
            subject=_("The panel has a question about your Sanctuary Award application"),
            template="awards/emails/question.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": application.scheme.name,
                "question": entry.body,
                "shown_name": shown_name,
                "link": _applicant_link(application),
            },
        )
        sent += 1
    return sent


def send_answer(entry: ThreadEntry) -> int:
    """The applicant's answer, to the chair who asked and the seats that count. Names no
    panellist."""
    application = entry.application
    question = entry.answers
    assert question is not None  # an answer always answers a question
    people = {question.author_id: question.author}
    for seat in eligible_seats(application).select_related("panellist"):
        people.setdefault(seat.panellist_id, seat.panellist)
    link = _panel_link(application, "awards:panel_questions")
    for person in people.values():
        _send(
            to=person.email,
            language=person.preferred_language,
            subject=_("The applicant has answered the panel's question"),
            template="awards/emails/answer.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": application.scheme.name,
                "question": question.body,
                "answer": entry.body,
                "link": link,
            },
        )
    return len(people)


def send_visit_dates(application: Application) -> int:
    chairs = chairs_of(application)
    link = _panel_link(application, "awards:panel_visit")
    for person in chairs:
        _send(
            to=person.email,
            language=person.preferred_language,
            subject=_("Dates offered for an appraisal visit"),
            template="awards/emails/visit_dates.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": application.scheme.name,
                "link": link,
            },
        )
    return len(chairs)


def visit_calendar(visit: VisitDate) -> str:
    """The visit as a calendar file, in the active language."""
    application = visit.application
    summary = gettext("Sanctuary Award visit: %(organisation)s") % {
        "organisation": application.organisation.name
    }
    return visit_event(
        uid=f"{visit.uid}@sanctuary-visit",
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        summary=summary,
        description=gettext("Appraisal visit for the %(award)s.")
        % {"award": application.scheme.name},
        location=visit.address if not visit.is_online else visit.online_link,
        url=visit.online_link,
        stamp=visit.confirmed_at,
    )


def send_visit_confirmation(visit: VisitDate, chair: User) -> int:
    """To the applicant's people and the chair, each with the calendar file."""
    application = visit.application
    people = {
        person.pk: (person, _applicant_link(application))
        for person in applicant_people(application)
    }
    people.setdefault(chair.pk, (chair, _panel_link(application, "awards:panel_visit")))
    for person, link in people.values():
        _send(
            to=person.email,
            language=person.preferred_language,
            subject=_("Your appraisal visit is confirmed"),
            template="awards/emails/visit_confirmed.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": application.scheme.name,
                "visit": visit,
                "link": link,
            },
            calendar=lambda: visit_calendar(visit),
        )
    return len(people)


COMPLAINT_SUBJECTS = {
    "raised": _("We have received your concern"),
    "in_review": _("A concern about your Sanctuary Award"),
    "decided": _("A decision on the concern about a Sanctuary Award"),
}


def send_complaint(complaint: Complaint, event: str) -> int:
    """Tell the person who raised it (in the language they wrote in) and, once staff look
    into it, the organisation's contacts, who may respond on the award's page."""
    award = complaint.award
    context = {
        "complaint": complaint,
        "organisation": award.organisation.name,
        "award_name": award.scheme.name,
        "is_raised": event == "raised",
        "is_in_review": event == "in_review",
    }
    sent = 0
    _send(
        to=complaint.email,
        language=complaint.language,
        subject=COMPLAINT_SUBJECTS[event],
        template="awards/emails/complaint_reporter.txt",
        context={**context, "person_name": complaint.name},
    )
    sent += 1
    if event in {"in_review", "decided"}:
        link = absolute_url(reverse("awards:award_complaint", args=[award.pk, complaint.pk]))
        for person in organisation_contacts(award.organisation):
            _send(
                to=person.email,
                language=person.preferred_language,
                subject=COMPLAINT_SUBJECTS[event],
                template="awards/emails/complaint_organisation.txt",
                context={**context, "person": person, "link": link},
            )
            sent += 1
    return sent


def send_seat_free(application: Application) -> int:
    """The chairs hear that a seat is free: no name, no reason."""
    chairs = chairs_of(application)
    link = _panel_link(application, "awards:panel_assign")
    for person in chairs:
        _send(
            to=person.email,
            language=person.preferred_language,
            subject=_("A seat is free on a Sanctuary Award panel"),
            template="awards/emails/seat_free.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": application.scheme.name,
                "link": link,
            },
        )
    return len(chairs)
