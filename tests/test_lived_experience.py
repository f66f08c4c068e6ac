"""Sanctuary Ambassadors and the Advisory Group: private to the person and staff; a fair
rotation of invitations to trustees' meetings."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from members.enums import AmbassadorRole, AmbassadorStatus
from members.models import AdvisoryGroupMember, Ambassador, TrusteeMeetingInvitation
from members.services.lived_experience import (
    LivedExperienceError,
    invite_next_advisers,
    nominate_to_advisory_group,
    register_ambassador,
    set_ambassador_status,
)
from sanctuary.models import ActivityLog
from tests.factories import UserFactory
from tests.factories.queries import count_queries


def approved_ambassador(staff, name: str) -> Ambassador:
    person = UserFactory(full_name=name)
    ambassador = register_ambassador(person, actor=person, languages="Arabic, English")
    return set_ambassador_status(ambassador, AmbassadorStatus.APPROVED, actor=staff)


@pytest.mark.usefixtures("rendered_afresh")
def test_a_person_registers_and_their_lived_experience_stays_private(world, client):
    client.force_login(world.member_a)
    page = client.get(reverse("members:ambassador")).content.decode()
    assert "We never ask about immigration status or for any documents." in page
    form_fields = set(client.get(reverse("members:ambassador")).context["form"].fields)
    assert form_fields == {"languages", "skills", "availability", "roles_wanted"}
    client.post(
        reverse("members:ambassador"),
        {
            "languages": "Tigrinya, English",
            "availability": "Weekends",
            "roles_wanted": [AmbassadorRole.PANELS, AmbassadorRole.SPEAKING],
        },
    )
    ambassador = Ambassador.objects.get(user=world.member_a)
    world.member_a.refresh_from_db()
    assert (ambassador.status, ambassador.roles_wanted, world.member_a.has_lived_experience) == (
        AmbassadorStatus.PENDING,
        ["panels", "speaking"],
        True,
    )
    with scopes_disabled():
        entries = ActivityLog.objects.filter(action__startswith="members.ambassador.")
        assert [(entry.action, entry.network_id) for entry in entries] == [
            ("members.ambassador.registered", None)
        ]
        profile_entry = ActivityLog.objects.get(action="members.user.profile_changed")
    assert profile_entry.data == {"has_lived_experience": {"old": "(private)", "new": "(private)"}}


def test_the_networks_coordinator_sees_nothing_of_it(world, client):
    register_ambassador(world.member_a, actor=world.member_a, languages="Farsi")
    client.force_login(world.coordinator_a)
    for url in (
        reverse("members:network_members", args=[world.network_a.slug]),
        reverse("members:network_activity", args=[world.network_a.slug]),
        reverse("members:network_manage", args=[world.network_a.slug]),
    ):
        text = client.get(url).content.decode().lower()
        assert "ambassador registration" not in text
        assert "farsi" not in text
    assert client.get(reverse("members:staff_ambassadors")).status_code == 404
    assert client.get(reverse("members:staff_advisory_group")).status_code == 404


def test_staff_see_and_approve_registrations(world, client, django_capture_on_commit_callbacks):
    register_ambassador(world.member_a, actor=world.member_a, languages="Farsi")
    ambassador = Ambassador.objects.get()
    client.force_login(world.staff)
    assert "Mo Member" in client.get(reverse("members:staff_ambassadors")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:staff_ambassador_status", args=[ambassador.pk]),
            {"status": AmbassadorStatus.APPROVED},
        )
    ambassador.refresh_from_db()
    assert (ambassador.status, ambassador.decided_by) == (AmbassadorStatus.APPROVED, world.staff)
    assert [message.to for message in mail.outbox] == [[world.member_a.email]]
    assert "Welcome to the Sanctuary Ambassador Network" in mail.outbox[0].subject


def test_an_approved_ambassador_cannot_be_declined_by_mistake(world):
    ambassador = approved_ambassador(world.staff, "Amal")
    with pytest.raises(LivedExperienceError, match="cannot become"):
        set_ambassador_status(ambassador, AmbassadorStatus.DECLINED, actor=world.staff)


def test_only_staff_decide(world):
    person = UserFactory()
    ambassador = register_ambassador(person, actor=person, languages="Kurdish")
    with pytest.raises(LivedExperienceError, match="Only movement staff"):
        set_ambassador_status(ambassador, AmbassadorStatus.APPROVED, actor=world.coordinator_a)


def test_only_approved_ambassadors_are_nominated_once(world):
    person = UserFactory()
    waiting = register_ambassador(person, actor=person, languages="Kurdish")
    with pytest.raises(LivedExperienceError, match="Only approved"):
        nominate_to_advisory_group(waiting, actor=world.staff)
    ambassador = approved_ambassador(world.staff, "Amal")
    nominate_to_advisory_group(ambassador, actor=world.staff)
    with pytest.raises(LivedExperienceError, match="already"):
        nominate_to_advisory_group(ambassador, actor=world.staff)
    assert AdvisoryGroupMember.objects.count() == 1


def names_invited(invitations) -> list[str]:
    return [invitation.member.ambassador.user.full_name for invitation in invitations]


def test_invitations_rotate_fairly(world, django_capture_on_commit_callbacks):
    for name in ("Amal", "Bisrat", "Chiara"):
        nominate_to_advisory_group(approved_ambassador(world.staff, name), actor=world.staff)
    first, second, third = (
        timezone.localdate() + datetime.timedelta(days=days) for days in (7, 35, 63)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert names_invited(
            invite_next_advisers(actor=world.staff, meeting_date=first, count=2)
        ) == [
            "Amal",
            "Bisrat",
        ]
    assert "An invitation to the trustees' meeting" in mail.outbox[-1].subject
    assert names_invited(invite_next_advisers(actor=world.staff, meeting_date=second, count=2)) == [
        "Chiara",
        "Amal",
    ]
    assert names_invited(invite_next_advisers(actor=world.staff, meeting_date=third, count=1)) == [
        "Bisrat"
    ]
    counts = dict(
        AdvisoryGroupMember.objects.values_list("ambassador__user__full_name", "invitation_count")
    )
    assert counts == {"Amal": 2, "Bisrat": 2, "Chiara": 1}


def test_nobody_is_invited_twice_to_one_meeting(world):
    for name in ("Amal", "Bisrat"):
        nominate_to_advisory_group(approved_ambassador(world.staff, name), actor=world.staff)
    meeting = timezone.localdate() + datetime.timedelta(days=7)
    invite_next_advisers(actor=world.staff, meeting_date=meeting, count=1)
    assert names_invited(
        invite_next_advisers(actor=world.staff, meeting_date=meeting, count=5)
    ) == ["Bisrat"]
    with pytest.raises(LivedExperienceError, match="invited to this meeting already"):
        invite_next_advisers(actor=world.staff, meeting_date=meeting, count=1)
    assert TrusteeMeetingInvitation.objects.count() == 2


def test_staff_see_the_rotation_and_advance_it(world, client):
    for name in ("Amal", "Bisrat"):
        nominate_to_advisory_group(approved_ambassador(world.staff, name), actor=world.staff)
    client.force_login(world.staff)
    response = client.get(reverse("members:staff_advisory_group"))
    assert [m.ambassador.user.full_name for m in response.context["rotation"]] == ["Amal", "Bisrat"]
    meeting = timezone.localdate() + datetime.timedelta(days=14)
    client.post(
        reverse("members:staff_advisory_invite"),
        {"meeting_date": meeting.isoformat(), "count": 1},
    )
    response = client.get(reverse("members:staff_advisory_group"))
    assert [m.ambassador.user.full_name for m in response.context["rotation"]] == ["Bisrat", "Amal"]


def test_a_meeting_in_the_past_is_refused_beside_the_field(world, client):
    client.force_login(world.staff)
    response = client.post(
        reverse("members:staff_advisory_invite"), {"meeting_date": "2001-01-01", "count": 1}
    )
    text = response.content.decode()
    assert 'id="id_meeting_date_error"' in text
    assert 'value="2001-01-01"' in text


def test_staff_ambassadors_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("members:staff_ambassadors")
    approved_ambassador(world.staff, "Amal")
    few = count_queries(client, url)
    for name in ("Bisrat", "Chiara"):
        nominate_to_advisory_group(approved_ambassador(world.staff, name), actor=world.staff)
    person = UserFactory()
    register_ambassador(person, actor=person, languages="Urdu")
    assert count_queries(client, url) == few


def test_advisory_group_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("members:staff_advisory_group")
    nominate_to_advisory_group(approved_ambassador(world.staff, "Amal"), actor=world.staff)
    few = count_queries(client, url)
    for name in ("Bisrat", "Chiara", "Dawit"):
        nominate_to_advisory_group(approved_ambassador(world.staff, name), actor=world.staff)
    invite_next_advisers(
        actor=world.staff, meeting_date=timezone.localdate() + datetime.timedelta(days=3), count=3
    )
    assert count_queries(client, url) == few
