"""Lived-experience privacy (DESIGN.md rule 6, issue 11 item 5): a chair forming a panel sees
the flag only for the people seated or suggested on it who agreed to be panellists, each
showing is logged, and the flag reaches no other page, e-mail or API answer.

The leak test renders every page and API answer of the URL walk, for several personas, and
the notification e-mails, once with the panellist's flag off and once on, and compares them:
only the allowed places may differ."""

import re

from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from awards import tasks
from awards.enums import ApplicationState
from members.enums import Role
from members.models import Membership, User
from sanctuary.models import ActivityLog
from sanctuary.tenancy import Access, view_access
from tests.factories.awards import award_walk, panellist
from tests.factories.charter import DocumentVersionFactory, pending_signature_token
from tests.test_url_walk import KWARGS, ROUTES

# Where the flag may show (besides staff's own lived-experience pages, which list only
# people with lived experience whatever the flag of this panellist says):
ALLOWED = {
    # the person's own profile, and their own data;
    "members:profile",
    "members:my_data",
    # their own dashboard, which links to their own record of time given (only they see it);
    "members:dashboard",
    "members:my_thanks",
    # the panel being formed, for the people seated or suggested on it who agreed;
    "awards:panel_assign",
    # rule 1's summary before a decision: whether *a* review from someone with lived
    # experience is in (the panel's, not a person's).
    "awards:decision",
    # staff's activity log: the record of each showing (whom the panel page showed, which
    # follows from the suggestions); staff may know the flag (rule 6).
    "staff_activity",
}


def seen_entries():
    with scopes_disabled():
        return list(
            ActivityLog.objects.filter(action="members.lived_experience.seen").values_list(
                "object_id", "network_id", "data"
            )
        )


def agree(user, network):
    with scope(network=network):
        Membership.objects.filter(user=user, network=network, role=Role.PANELLIST).update(
            agreed_at=timezone.now()
        )


# The panel page ----------------------------------------------------------------------------


def test_chair_sees_the_flag_only_for_seated_or_suggested_people_who_agreed(world, client):
    walk = award_walk(world)
    network = world.network_a
    seated = walk.assignment.panellist  # Ada, the chair, seated too
    agree(seated, network)
    suggested = panellist(network, lived_experience=True, name="Sami Suggested")
    # Agreed, but neither seated nor suggested (the suggestion takes one with lived experience).
    other = panellist(network, lived_experience=True, name="Olu Other")
    # Seated without having agreed (a role given before invitations existed).
    unasked = User.objects.create_user(email="unasked@example.org", full_name="Una Unasked")
    unasked.has_lived_experience = True
    unasked.save(update_fields=["has_lived_experience"])
    with scope(network=network):
        Membership.objects.create(network=network, user=unasked, role=Role.PANELLIST)
        from awards.models import PanelAssignment

        PanelAssignment.objects.create(
            application=walk.application, panellist=unasked, assigned_by=seated
        )
    client.force_login(world.coordinator_a)
    response = client.get(reverse("awards:panel_assign", args=[network.slug, walk.application.pk]))
    candidates = {c.user.pk: c for c in response.context["candidates"]}
    suggested_ids = {c.user.pk for c in response.context["suggestions"]}
    shown = {pk for pk, c in candidates.items() if c.shows_lived_experience}
    assert suggested.pk in suggested_ids or other.pk in suggested_ids
    suggested_one = suggested.pk if suggested.pk in suggested_ids else other.pk
    assert shown == {seated.pk, suggested_one}
    assert unasked.pk not in shown
    # Each showing is logged, for the people shown, with no network.
    assert sorted(seen_entries()) == sorted(
        (str(pk), None, {"where": "panel", "application": walk.application.pk}) for pk in shown
    )


def test_an_invited_panellist_is_no_candidate_until_they_accept(
    world, client, django_capture_on_commit_callbacks
):
    walk = award_walk(world)
    invited = User.objects.create_user(email="newpanel@example.org", full_name="Nia New")
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:membership_add", args=[world.network_a.slug]),
            {"email": "newpanel@example.org", "role": Role.PANELLIST},
        )
    assert "lived experience" in mail.outbox[-1].body  # the consent is asked for in the e-mail
    page = client.get(
        reverse("awards:panel_assign", args=[world.network_a.slug, walk.application.pk])
    )
    assert invited.pk not in {c.user.pk for c in page.context["candidates"]}


def test_staff_seeing_the_ambassadors_is_logged(world, client):
    from tests.factories.lived_experience import ambassadors_and_advisers

    ambassadors_and_advisers(world)
    client.force_login(world.staff)
    client.get(reverse("members:staff_ambassadors"))
    entries = seen_entries()
    assert entries
    assert {(network, data["where"]) for _pk, network, data in entries} == {
        (None, "staff_ambassadors")
    }


# Nowhere else ------------------------------------------------------------------------------

TOKENS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r'"csrfToken": ?"[^"]+"'), '"csrfToken": ""'),
]


def normalise(content: bytes) -> str:
    text = content.decode(errors="replace")
    for pattern, replacement in TOKENS:
        text = pattern.sub(replacement, text)
    return text


def render_everything(world, client, urls, personas, subject, flag) -> dict[str, str]:
    """Every GET page and API answer for each persona, and the e-mails of a notification,
    with the subject's flag set to `flag`; rolled back afterwards, so both runs start equal."""
    rendered: dict[str, str] = {}
    with transaction.atomic():
        User.objects.filter(pk=subject.pk).update(has_lived_experience=flag)
        for persona in personas:
            client.logout()
            if persona is not None:
                client.force_login(persona)
            for name, url in urls.items():
                response = client.get(url)
                body = (  # an export streams
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                rendered[f"{persona}|{name}"] = f"{response.status_code} " + normalise(body)
        mail.outbox.clear()
        walk = award_walk(world)
        for state in [ApplicationState.IN_REVIEW, ApplicationState.MORE_EVIDENCE_REQUESTED]:
            tasks.task_notify_application.apply(
                kwargs={
                    "network_id": walk.application.network_id,
                    "application_id": walk.application.pk,
                    "state": str(state),
                }
            ).get()
        tasks.task_notify_panellist_assigned.apply(
            kwargs={"network_id": walk.application.network_id, "assignment_id": walk.assignment.pk}
        ).get()
        for number, message in enumerate(mail.outbox):
            rendered[f"mail {number} to {message.to}"] = message.subject + "\n" + message.body
        transaction.set_rollback(True)
    return rendered


def test_the_flag_reaches_no_other_page_email_or_api_answer(world, client):
    walk = award_walk(world)
    subject = walk.assignment.panellist  # Ada: seated on the panel, agreed below
    agree(subject, world.network_a)
    gets = [
        route
        for route in ROUTES
        if view_access(route.callback) in set(Access) and "<" not in route.name
    ]
    # One current charter for the keywords that each make their own in the URL walk.
    current = DocumentVersionFactory(is_current=True)
    values = {
        "number": current.number,
        "version_id": current.pk,
        "token": pending_signature_token(version=current),
    }
    urls = {}
    for route in gets:
        if "download" in route.name or "certificate" in route.name:
            continue  # files: their bytes hold no flag, and PDFs embed creation times
        for keyword in route.keywords:
            if keyword not in values:
                values[keyword] = KWARGS[keyword](world)
        urls[route.name] = reverse(route.name, kwargs={k: values[k] for k in route.keywords})
    personas = [None, world.coordinator_a, world.member_a, world.contact_a, world.staff]
    without = render_everything(world, client, urls, personas, subject, flag=False)
    with_flag = render_everything(world, client, urls, personas, subject, flag=True)
    assert without.keys() == with_flag.keys()
    differing = {key for key in without if without[key] != with_flag[key]}
    leaks = {key for key in differing if key.split("|")[-1] not in ALLOWED}
    assert leaks == set()
    # The test can see the flag: the panel being formed, where it may show, does differ.
    assert f"{world.coordinator_a}|awards:panel_assign" in differing
