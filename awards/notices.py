"""E-mails around the review: the panel's questions and the applicant's answers, appraisal
visits (with a calendar file), concerns about an award, and a free seat on a panel. Each goes
in its recipient's language. Called from awards/tasks.py after the transaction commits.

Applicants read a panellist's name only when that panellist chose to show it
(PanelAssignment.name_for_applicant); panellists never read each other's names; no e-mail
carries a panel note or a staff note."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from awards.calendar import visit_event
from awards.emails import name_in_recipients_language
from awards.enums import CHAIRS
from awards.models import Application, Complaint, ThreadEntry, VisitDate
from awards.queries.applications import applicant_people, organisation_contacts
from awards.queries.panels import active_panel
from members.emails import Attachment, Outcome, absolute_url, deliver, mail_language
from members.models import User

CALENDAR_NAME = "visit.ics"
CALENDAR_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _send(
    *,
    key: str,
    to: str,
    language: str,
    subject,
    template: str,
    context: dict,
    calendar: Callable[[], str] | None = None,
) -> Outcome:
    """One e-mail of the notice `key` in `language`, claimed for this address first
    (members.emails.deliver): a retry skips whoever has it, a refusal stops only this one.
    `calendar`, a function giving the .ics text, is called in that language too, so the
    event reads in it."""
    attachments: list[Attachment] = []
    if calendar is not None:
        with translation.override(mail_language(language)):
            attachments.append((CALENDAR_NAME, calendar(), CALENDAR_TYPE))
    return deliver(
        key=key,
        to=to,
        language=language,
        subject=subject,
        template=template,
        context=context,
        attachments=attachments,
    )


def chairs_of(application: Application) -> list[User]:
    return list(
        User.objects.filter(
            memberships__network_id=application.network_id, memberships__role__in=sorted(CHAIRS)
        ).distinct()
    )


def _tell_chairs(
    application: Application, *, key: str, subject: StrOrPromise, template: str, link: str
) -> list[Outcome]:
    """One notice about the application to each of its network's chairs, once each."""
    return [
        _send(
            key=key,
            to=person.email,
            language=person.preferred_language,
            subject=subject,
            template=template,
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": name_in_recipients_language(application.scheme),
                "link": link,
            },
        )
        for person in chairs_of(application)
    ]


def _applicant_link(application: Application) -> str:
    return absolute_url(reverse("awards:application_questions", args=[application.pk]))


def _panel_link(application: Application, name: str) -> str:
    return absolute_url(reverse(name, args=[application.network.slug, application.pk]))


def send_question(entry: ThreadEntry) -> list[Outcome]:
    """The panel's question, to everyone who works on the application."""
    application = entry.application
    shown_name = entry.raised_by.name_for_applicant if entry.raised_by is not None else None
    return [
        _send(
            key=f"question:{entry.pk}",
            to=person.email,
            language=person.preferred_language,
            subject=_("The panel has a question about your Sanctuary Award application"),
            template="awards/emails/question.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": name_in_recipients_language(application.scheme),
                "question": entry.body,
                "shown_name": shown_name,
                "link": _applicant_link(application),
            },
        )
        for person in applicant_people(application)
    ]


def send_answer(entry: ThreadEntry) -> list[Outcome]:
    """The applicant's answer, to the chair who asked and the active panel (not a conflicted
    or stepped-back panellist). Names no panellist."""
    application = entry.application
    question = entry.answers
    assert question is not None  # an answer always answers a question
    people = {question.author_id: question.author}
    for seat in active_panel(application).select_related("panellist"):
        people.setdefault(seat.panellist_id, seat.panellist)
    link = _panel_link(application, "awards:panel_questions")
    return [
        _send(
            key=f"answer:{entry.pk}",
            to=person.email,
            language=person.preferred_language,
            subject=_("The applicant has answered the panel's question"),
            template="awards/emails/answer.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": name_in_recipients_language(application.scheme),
                "question": question.body,
                "answer": entry.body,
                "link": link,
            },
        )
        for person in people.values()
    ]


def send_visit_dates(application: Application) -> list[Outcome]:
    """The chairs hear that dates were offered. Each offer makes new rows, so the latest
    offered date names this offer: a retry of the same offer sends nobody anything twice."""
    latest = application.visit_dates.order_by("-pk").values_list("pk", flat=True).first()
    if latest is None:
        return []
    return _tell_chairs(
        application,
        key=f"visit-dates:{application.pk}:{latest}",
        subject=_("Dates offered for an appraisal visit"),
        template="awards/emails/visit_dates.txt",
        link=_panel_link(application, "awards:panel_visit"),
    )


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
        % {"award": application.scheme.display_name},
        location=visit.address if not visit.is_online else visit.online_link,
        url=visit.online_link,
        stamp=visit.confirmed_at,
    )


def send_visit_confirmation(visit: VisitDate, chair: User) -> list[Outcome]:
    """To the applicant's people and the chair, each with the calendar file."""
    application = visit.application
    people = {
        person.pk: (person, _applicant_link(application))
        for person in applicant_people(application)
    }
    people.setdefault(chair.pk, (chair, _panel_link(application, "awards:panel_visit")))
    return [
        _send(
            key=f"visit-confirmed:{visit.pk}",
            to=person.email,
            language=person.preferred_language,
            subject=_("Your appraisal visit is confirmed"),
            template="awards/emails/visit_confirmed.txt",
            context={
                "person": person,
                "organisation": application.organisation.name,
                "award_name": name_in_recipients_language(application.scheme),
                "visit": visit,
                "link": link,
            },
            calendar=lambda: visit_calendar(visit),
        )
        for person, link in people.values()
    ]


COMPLAINT_SUBJECTS = {
    "raised": _("We have received your concern"),
    "in_review": _("A concern about your Sanctuary Award"),
    "decided": _("A decision on the concern about a Sanctuary Award"),
}


def send_complaint(complaint: Complaint, event: str) -> list[Outcome]:
    """Tell the person who raised it (in the language they wrote in) and, once staff look
    into it, the organisation's contacts, who may respond on the award's page.

    A concern may be decided twice (suspended, then withdrawn or not), each decision at most
    once, so a decision's notice is named by the state it reached."""
    award = complaint.award
    key = f"complaint:{complaint.pk}:{event}"
    if event == "decided":
        key += f":{complaint.state}"
    context = {
        "complaint": complaint,
        "organisation": award.organisation.name,
        "is_raised": event == "raised",
        "is_in_review": event == "in_review",
    }
    outcomes = [
        _send(
            key=key,
            to=complaint.email,
            language=complaint.language,
            subject=COMPLAINT_SUBJECTS[event],
            template="awards/emails/complaint_reporter.txt",
            context={
                **context,
                "person_name": complaint.name,
                "award_name": award.scheme.text_in(mail_language(complaint.language))["name"],
            },
        )
    ]
    if event in {"in_review", "decided"}:
        link = absolute_url(reverse("awards:award_complaint", args=[award.pk, complaint.pk]))
        for person in organisation_contacts(award.organisation):
            outcome = _send(
                key=key,
                to=person.email,
                language=person.preferred_language,
                subject=COMPLAINT_SUBJECTS[event],
                template="awards/emails/complaint_organisation.txt",
                context={
                    **context,
                    "person": person,
                    "award_name": award.scheme.text_in(mail_language(person.preferred_language))[
                        "name"
                    ],
                    "link": link,
                },
            )
            outcomes.append(outcome)
    return outcomes


def send_seat_free(application: Application) -> list[Outcome]:
    """The chairs hear that a seat is free: no name, no reason. The latest time a seat was
    stepped back from names this notice, so a retry sends nothing twice."""
    latest = (
        application.panel.filter(stepped_back_at__isnull=False)
        .order_by("-stepped_back_at")
        .values_list("stepped_back_at", flat=True)
        .first()
    )
    if latest is None:
        return []
    freed = latest.strftime("%Y%m%dT%H%M%S.%f")
    return _tell_chairs(
        application,
        key=f"seat-free:{application.pk}:{freed}",
        subject=_("A seat is free on a Sanctuary Award panel"),
        template="awards/emails/seat_free.txt",
        link=_panel_link(application, "awards:panel_assign"),
    )
