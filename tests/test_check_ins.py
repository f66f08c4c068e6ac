"""Check-ins between awards: scheduled at the scheme's points when an award is issued, sent
once by the organisation, seen by the network's coordinators as due or overdue, reminded
exactly once through the reminder table, and the start of the renewal."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards import renewals
from awards.enums import AwardState, ReminderKind
from awards.models import Award, AwardScheme, CheckIn, Reminder
from awards.services.applications import start_application
from awards.services.check_ins import (
    action_plan_items,
    add_months,
    schedule_check_ins,
    submit_check_in,
)
from awards.services.errors import AwardError
from awards.services.reminders import set_reminder_preferences
from sanctuary.models import ActivityLog
from tests.factories import OrganisationContactFactory, StreamFactory, UserFactory
from tests.factories.awards import (
    award,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
    sweep,
)
from tests.factories.certificates import issued_award

AWARDED_ON = datetime.date(2026, 5, 14)
PLAN = "1. Train every member of staff\n- A welcome week each September\n\nShare with the cluster"


@pytest.fixture
def held(scheme):
    """Parkside Primary's award with its action plan, and its two check-ins."""
    made = issued_award(scheme, awarded_on=AWARDED_ON, name="Parkside Primary")
    with scopes_disabled():
        made.application.action_plan = PLAN
        made.application.save(update_fields=["action_plan"])
        schedule_check_ins(made, actor=None)
    return made


def check_ins_of(award_row) -> list[CheckIn]:
    with scopes_disabled():
        return list(CheckIn.objects.filter(award=award_row).order_by("months"))


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2026, 5, 14), 12) == datetime.date(2027, 5, 14)
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 15) == datetime.date(2028, 2, 29)


def test_action_plan_items_drop_bullets_numbers_and_empty_lines():
    assert action_plan_items(PLAN) == [
        "Train every member of staff",
        "A welcome week each September",
        "Share with the cluster",
    ]


def test_issuing_an_award_schedules_its_check_ins_at_the_schemes_points(scheme, chair):
    application = submitted_application(scheme, name="Hillcrest Academy")
    for seat in panel_in_review(application, chair=chair):
        submit_review(seat)
    award(application, chair=chair, decided_on=AWARDED_ON)
    with scopes_disabled():
        made = Award.objects.get(application=application)
        logged = ActivityLog.objects.filter(action="awards.check_in.scheduled").count()
    assert [(c.months, c.due_on, c.is_submitted) for c in check_ins_of(made)] == [
        (12, datetime.date(2027, 5, 14), False),
        (24, datetime.date(2028, 5, 14), False),
    ]
    assert logged == 1


def test_a_scheme_with_its_own_points_gets_those_and_none_after_expiry(scheme):
    with scopes_disabled():
        AwardScheme.objects.filter(pk=scheme.pk).update(check_in_months=[6, 30])
        scheme.refresh_from_db()
    made = issued_award(scheme, awarded_on=AWARDED_ON, name="Riverside School")
    schedule_check_ins(made, actor=None)
    assert [(c.months, c.due_on) for c in check_ins_of(made)] == [
        (6, datetime.date(2026, 11, 14)),
        (30, datetime.date(2028, 11, 14)),
    ]


def test_the_contact_sends_the_check_in_from_the_page_once(held, client):
    contact = held.application.lead_contact
    first = check_ins_of(held)[0]
    client.force_login(contact)
    url = reverse("awards:check_in", args=[held.pk, first.pk])
    page = client.get(url).content.decode()
    assert "Train every member of staff" in page
    assert 'name="progress_2"' in page
    response = client.post(
        url,
        {
            "progress_0": "All staff trained in March.",
            "progress_1": "",
            "progress_2": "Shared at the cluster meeting.",
            "notes": "Two parents now volunteer.",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        first.refresh_from_db()
        entry = ActivityLog.objects.get(action="awards.check_in.submitted")
    assert first.progress == [
        {"item": "Train every member of staff", "progress": "All staff trained in March."},
        {"item": "A welcome week each September", "progress": ""},
        {"item": "Share with the cluster", "progress": "Shared at the cluster meeting."},
    ]
    assert (first.notes, first.submitted_by_id, entry.data["months"]) == (
        "Two parents now volunteer.",
        contact.pk,
        12,
    )
    shown = client.get(url).content.decode()
    assert "All staff trained in March." in shown
    assert 'name="progress_0"' not in shown
    with pytest.raises(AwardError, match="submitted already"):
        submit_check_in(first, actor=contact, progress=["", "", ""], notes="Again")


def test_an_empty_check_in_is_refused_next_to_the_form(held, client):
    client.force_login(held.application.lead_contact)
    url = reverse("awards:check_in", args=[held.pk, check_ins_of(held)[0].pk])
    text = client.post(url, {"notes": " "}).content.decode()
    assert "Tell us how at least one thing is going before you submit." in text
    assert check_ins_of(held)[0].is_submitted is False


def test_someone_else_cannot_open_or_send_the_check_in(held, scheme, client):
    first = check_ins_of(held)[0]
    other = issued_award(scheme, awarded_on=AWARDED_ON, name="Hillcrest Academy")
    client.force_login(other.application.lead_contact)
    url = reverse("awards:check_in", args=[held.pk, first.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"notes": "Not ours"}).status_code == 404
    # Through its own award's address, another award's check-in is not found either.
    crossed = reverse("awards:check_in", args=[other.pk, first.pk])
    assert client.get(crossed).status_code == 404
    with pytest.raises(AwardError, match="organisation's contacts"):
        submit_check_in(first, actor=UserFactory(), progress=["x", "", ""], notes="")


def test_a_lapsed_award_has_nothing_to_check_in(held):
    with scopes_disabled():
        Award.objects.filter(pk=held.pk).update(state=AwardState.LAPSED)
        held.refresh_from_db()
    with pytest.raises(AwardError, match="no longer current"):
        submit_check_in(
            check_ins_of(held)[0], actor=held.application.lead_contact, progress=["x"] * 3, notes=""
        )


def test_coordinators_see_who_is_due_and_overdue_and_not_other_networks(scheme, chair, client):
    today = timezone.localdate()
    year_ago = add_months(today, -12)

    def held_on(awarded_on, name, the_scheme=scheme):
        made = issued_award(the_scheme, awarded_on=awarded_on, name=name)
        schedule_check_ins(made, actor=None)
        return made

    held_on(year_ago + datetime.timedelta(days=10), "Soon Primary")  # due in 10 days
    held_on(year_ago - datetime.timedelta(days=5), "Late Primary")  # 5 days overdue
    held_on(year_ago + datetime.timedelta(days=45), "Later Primary")  # not within the month
    sent = held_on(year_ago - datetime.timedelta(days=3), "Sent Primary")
    submit_check_in(
        check_ins_of(sent)[0], actor=sent.application.lead_contact, progress=[], notes="Going well."
    )
    other_stream = StreamFactory(name="Libraries of Sanctuary", slug="libraries")
    theirs = held_on(year_ago, "Central Library", scheme_with_criteria(other_stream))
    client.force_login(chair)
    text = client.get(reverse("awards:network_awards", args=["schools"])).content.decode()
    waiting = text[text.index('id="check-ins-title"') : text.index("Latest check-ins received")]
    assert waiting.index("Late Primary") < waiting.index("Soon Primary")
    assert waiting.count("Overdue") == 1 and waiting.count(">Due<") == 1
    assert "Later Primary" not in waiting
    assert "Sent Primary" not in waiting
    assert "Central Library" not in text
    assert "Sent Primary" in text[text.index("Latest check-ins received") :]
    page = client.get(
        reverse("awards:network_check_in", args=["schools", check_ins_of(sent)[0].pk])
    ).content.decode()
    assert "Going well." in page
    foreign = reverse("awards:network_check_in", args=["schools", check_ins_of(theirs)[0].pk])
    assert client.get(foreign).status_code == 404


def reminders_of(kind=ReminderKind.CHECK_IN_DUE) -> list[tuple]:
    with scopes_disabled():
        return sorted(
            Reminder.objects.filter(kind=kind, sent_at__isnull=False).values_list(
                "check_in__months", "milestone", "recipient__email"
            )
        )


def test_check_in_reminders_go_once_a_month_before_and_on_the_day(held):
    contact = held.application.lead_contact
    colleague = UserFactory(full_name="Colleague at Parkside")
    OrganisationContactFactory(organisation=held.organisation, user=colleague)
    due_on = check_ins_of(held)[0].due_on
    assert sweep(due_on - datetime.timedelta(days=31)).claimed == 0
    sweep(due_on - datetime.timedelta(days=30))
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == sorted(
        [
            (contact.email, "How is your action plan going? Your Sanctuary Award check-in"),
            (colleague.email, "How is your action plan going? Your Sanctuary Award check-in"),
        ]
    )
    link = reverse("awards:check_in", args=[held.pk, check_ins_of(held)[0].pk])
    assert link in mail.outbox[0].body
    # The sweep run twice, and the days in between: nothing more.
    assert sweep(due_on - datetime.timedelta(days=30)).sent == 0
    assert sweep(due_on - datetime.timedelta(days=29)).sent == 0
    assert sweep(due_on).sent == 2
    assert sweep(due_on).sent == 0
    assert reminders_of() == sorted(
        [
            (12, 30, contact.email),
            (12, 30, colleague.email),
            (12, 0, contact.email),
            (12, 0, colleague.email),
        ]
    )


def test_the_same_sweep_twice_at_once_claims_each_check_in_reminder_once(held):
    due_on = check_ins_of(held)[0].due_on
    day = due_on - datetime.timedelta(days=30)
    with scopes_disabled():
        renewals.claim_reminders(day, token=None)
        renewals.claim_reminders(day, token=None)
        assert Reminder.objects.filter(kind=ReminderKind.CHECK_IN_DUE).count() == 1


def test_a_sent_check_in_is_not_reminded(held):
    first = check_ins_of(held)[0]
    submit_check_in(first, actor=held.application.lead_contact, progress=["Done", "", ""], notes="")
    assert sweep(first.due_on - datetime.timedelta(days=30)).claimed == 0
    assert sweep(first.due_on).claimed == 0


def test_check_in_reminders_leave_the_award_expiry_milestones_alone(scheme, chair):
    """A check-in's reminder names its award, at milestones (30, 0) the expiry reminders use
    too: neither takes the other's place."""
    with scopes_disabled():
        AwardScheme.objects.filter(pk=scheme.pk).update(check_in_months=[35])
        scheme.refresh_from_db()
    made = issued_award(scheme, awarded_on=AWARDED_ON, name="Edge Primary")
    schedule_check_ins(made, actor=None)
    check_in = check_ins_of(made)[0]
    # The check-in's 30-day reminder goes first, with the award and milestone 30 on its row.
    sweep(check_in.due_on - datetime.timedelta(days=30))
    sweep(made.expires_on - datetime.timedelta(days=30))
    with scopes_disabled():
        expiry = Reminder.objects.filter(
            award=made, kind=ReminderKind.AWARD_EXPIRY, milestone=30
        ).count()
    assert expiry == 1
    assert (35, 30, made.application.lead_contact.email) in reminders_of()


def test_check_in_reminders_are_essential_and_go_to_people_who_opted_out(held):
    contact = held.application.lead_contact
    set_reminder_preferences(contact, actor=contact, receive=set())
    assert sweep(check_ins_of(held)[0].due_on).sent == 1


def test_the_renewal_starts_from_the_latest_check_in(held, scheme):
    contact = held.application.lead_contact
    first, second = check_ins_of(held)
    submit_check_in(first, actor=contact, progress=["Half the staff", "", ""], notes="")
    submit_check_in(
        second,
        actor=contact,
        progress=["All staff trained", "Two welcome weeks held", ""],
        notes="A parents' group meets each term.",
    )
    with scopes_disabled():
        Award.objects.filter(pk=held.pk).update(state=AwardState.RENEWAL_DUE)
    renewal = start_application(held.organisation, scheme, actor=contact)
    assert renewal.is_renewal
    assert renewal.action_plan == (
        "Train every member of staff\nProgress at our check-in: All staff trained\n\n"
        "A welcome week each September\nProgress at our check-in: Two welcome weeks held\n\n"
        "Share with the cluster\n\n"
        "Also at our check-in: A parents' group meets each term."
    )
    assert renewal.action_plan_carried_forward is True


def test_without_a_check_in_the_renewal_carries_the_previous_plan(held, scheme):
    with scopes_disabled():
        Award.objects.filter(pk=held.pk).update(state=AwardState.RENEWAL_DUE)
    renewal = start_application(held.organisation, scheme, actor=held.application.lead_contact)
    assert renewal.action_plan == PLAN
