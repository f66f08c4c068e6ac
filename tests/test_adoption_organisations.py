"""Organisations get in by themselves (issue 10, items 1 to 3): registering an organisation
with duplicates caught first, the coordinators' approval, asking to act for one, inviting
colleagues and keeping a contact. People joining groups and staff setting networks up are in
tests/test_adoption_networks.py."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from awards.services.applications import start_application, submit_application
from awards.services.errors import AwardError
from members.enums import Action, OfficialNumberKind, OrganisationKind, OrganisationStatus, Role
from members.models import (
    ContactInvitation,
    ContactRequest,
    Organisation,
    OrganisationContact,
    Signature,
)
from members.queries import hash_token, pending_organisations_for
from members.services.organisations import (
    DuplicateOrganisation,
    OrganisationError,
    accept_contact_invitation,
    decide_contact_request,
    invite_contact,
    issue_invitation_token,
    register_organisation,
    remove_contact,
    set_organisation_status,
)
from sanctuary.models import ActivityLog
from streams.queries import supporter_organisations
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.adoption import WAITING_LEAKS, waiting_work
from tests.factories.awards import (
    applicant,
    fill_evidence,
    give_pledge,
    scheme_with_criteria,
    started_application,
)
from tests.factories.charter import SignatureFactory, published_charter


def register(world, actor=None, **fields):
    values = {
        "name": "Riverside Primary School",
        "kind": OrganisationKind.SCHOOL,
        "postcode": "al2 3cd",
        "local_group": world.network_a,
        "stream": world.stream,
    }
    values.update(fields)
    return register_organisation(actor=actor or world.member_a, **values)


def logged(action) -> list[ActivityLog]:
    with scopes_disabled():
        return list(ActivityLog.objects.filter(action=action))


# Registering --------------------------------------------------------------------------------


def test_registering_makes_a_waiting_organisation_with_its_lead_contact(world):
    organisation = register(world, role_title="Head teacher")

    assert (organisation.status, organisation.postcode, organisation.slug) == (
        OrganisationStatus.PENDING,
        "AL2 3CD",
        "riverside-primary-school",
    )
    contact = OrganisationContact.objects.get(organisation=organisation)
    assert (contact.user, contact.is_lead, contact.role_title) == (
        world.member_a,
        True,
        "Head teacher",
    )
    assert [entry.network for entry in logged(Action.ORGANISATION_REGISTERED)] == [world.network_a]
    assert organisation.is_approved is False


def test_same_name_and_postcode_is_caught_before_anything_is_stored(world):
    existing = register(world)
    before = Organisation.objects.count()

    with pytest.raises(DuplicateOrganisation, match="ask to join it instead") as caught:
        register(world, actor=world.contact_a, name="the riverside primary", postcode="AL23CD")

    assert caught.value.duplicates == [existing]
    assert Organisation.objects.count() == before


def test_same_official_number_is_a_duplicate_whatever_the_name(world):
    register(world, official_number="123456", official_number_kind=OfficialNumberKind.URN)

    with pytest.raises(DuplicateOrganisation, match=r"seems to be on the platform already"):
        register(
            world,
            name="Another Name Entirely",
            postcode="ZZ1 1ZZ",
            official_number=" 123 456 ",
            official_number_kind=OfficialNumberKind.URN,
        )


def test_a_refused_registration_does_not_block_the_name(world):
    organisation = register(world)
    set_organisation_status(
        organisation, OrganisationStatus.REFUSED, actor=world.coordinator_a, reason="A test."
    )

    assert register(world, actor=world.contact_a).name == "Riverside Primary School"


def test_a_pledge_signed_earlier_by_name_is_linked_on_registration(world):
    charter = published_charter(world)
    earlier = SignatureFactory(
        version=charter,
        party_kind="organisation",
        party_key="organisation-name:riverside primary school",
        party_name="Riverside  Primary School",
        email="head@example.org",
        confirmed_at=timezone.now(),
    )
    other = SignatureFactory(
        version=charter,
        party_kind="organisation",
        party_key="organisation-name:riverside secondary",
        party_name="Riverside Secondary",
        email="other@example.org",
    )

    organisation = register(world)

    earlier.refresh_from_db()
    other.refresh_from_db()
    assert (earlier.organisation, earlier.party_key) == (
        organisation,
        f"organisation:{organisation.pk}",
    )
    assert other.organisation is None
    assert len(logged(Action.ORGANISATION_PLEDGE_LINKED)) == 1


# Approving ----------------------------------------------------------------------------------


def test_coordinator_approves_and_the_person_is_told_in_their_language(
    world, django_capture_on_commit_callbacks
):
    world.member_a.preferred_language = "cy"
    world.member_a.save(update_fields=["preferred_language"])
    organisation = register(world)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        set_organisation_status(
            organisation, OrganisationStatus.APPROVED, actor=world.coordinator_a
        )

    organisation.refresh_from_db()
    assert organisation.is_approved
    with translation.override("cy"):
        subject = gettext("Your organisation is approved")
    assert subject != "Your organisation is approved"  # the Welsh catalogue has it
    assert [(m.to, m.subject) for m in mail.outbox] == [([world.member_a.email], subject)]


def test_refusing_needs_a_reason_and_sends_it(world, django_capture_on_commit_callbacks):
    organisation = register(world)
    with pytest.raises(OrganisationError, match="give a reason"):
        set_organisation_status(organisation, OrganisationStatus.REFUSED, actor=world.coordinator_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        set_organisation_status(
            organisation,
            OrganisationStatus.REFUSED,
            actor=world.coordinator_a,
            reason="We could not find this school.",
        )

    assert "We could not find this school." in mail.outbox[0].body


def test_coordinator_of_another_network_cannot_decide(world):
    organisation = register(world)

    with pytest.raises(OrganisationError, match="Only the coordinators"):
        set_organisation_status(
            organisation, OrganisationStatus.APPROVED, actor=world.coordinator_b
        )


def test_stream_coordinator_decides_too(world):
    coordinator = UserFactory()
    MembershipFactory(network=world.stream, user=coordinator, role=Role.COORDINATOR)
    organisation = register(world, local_group=None)

    set_organisation_status(organisation, OrganisationStatus.APPROVED, actor=coordinator)

    assert Organisation.objects.get(pk=organisation.pk).is_approved


def test_an_unapproved_organisation_cannot_start_or_submit_an_award_application(world):
    scheme = scheme_with_criteria()
    organisation, contact = applicant(scheme)
    application = started_application(scheme, organisation=organisation, contact=contact)
    fill_evidence(application)
    Organisation.objects.filter(pk=organisation.pk).update(status=OrganisationStatus.PENDING)
    organisation.refresh_from_db()
    application.organisation.refresh_from_db()

    with pytest.raises(AwardError, match="waiting for a coordinator to approve it"):
        start_application(organisation, scheme_with_criteria(), actor=contact)
    with pytest.raises(AwardError, match="waiting for a coordinator to approve it"):
        submit_application(application, actor=contact)


# Asking to act for one, inviting, keeping a contact ------------------------------------------


def test_request_to_act_for_is_decided_by_the_coordinator(
    world, django_capture_on_commit_callbacks
):
    work = waiting_work(world)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide_contact_request(work.contact_request_a, approve=True, actor=world.coordinator_a)

    assert OrganisationContact.objects.filter(
        organisation=world.organisation_a, user=work.contact_request_a.user
    ).exists()
    assert mail.outbox[0].to == ["asha@example.org"]
    with pytest.raises(OrganisationError, match="decided already"):
        decide_contact_request(work.contact_request_a, approve=False, actor=world.staff)


def test_refusing_a_request_to_act_for_needs_a_reason(world):
    work = waiting_work(world)

    with pytest.raises(OrganisationError, match="give a reason"):
        decide_contact_request(work.contact_request_a, approve=False, actor=world.coordinator_a)
    decide_contact_request(
        work.contact_request_a, approve=False, actor=world.coordinator_a, reason="Not known here."
    )

    assert ContactRequest.objects.get(pk=work.contact_request_a.pk).reason == "Not known here."


def test_invitation_link_works_once_and_only_its_hash_is_kept(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invite_contact(world.organisation_a, actor=world.contact_a, email="Colleague@Example.org")
    invitation = ContactInvitation.objects.get()
    link = mail.outbox[0].body.split("/invitations/organisation/")[1].split("/")[0]
    assert invitation.token_hash == hash_token(link)
    assert link not in invitation.token_hash
    colleague = UserFactory(email="colleague@example.org")

    accept_contact_invitation(invitation, actor=colleague)

    assert OrganisationContact.objects.filter(
        organisation=world.organisation_a, user=colleague
    ).exists()
    with pytest.raises(OrganisationError, match="used or has expired"):
        accept_contact_invitation(invitation, actor=UserFactory())


def test_an_expired_invitation_is_refused(world):
    invitation = invite_contact(world.organisation_a, actor=world.contact_a, email="x@example.org")
    ContactInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(OrganisationError, match="expired"):
        accept_contact_invitation(invitation, actor=UserFactory())


def test_only_contacts_invite_colleagues(world):
    with pytest.raises(OrganisationError, match="Only the organisation's contacts"):
        invite_contact(world.organisation_a, actor=world.coordinator_b, email="x@example.org")


def test_an_organisation_keeps_at_least_one_contact(world):
    only = OrganisationContact.objects.get(organisation=world.organisation_a)

    with pytest.raises(OrganisationError, match="needs at least one contact"):
        remove_contact(only, actor=world.contact_a)
    assert OrganisationContact.objects.filter(pk=only.pk).exists()


def test_removing_the_lead_passes_the_lead_on(world):
    organisation = register(world)
    lead = OrganisationContact.objects.get(organisation=organisation)
    colleague = UserFactory()
    accept_contact_invitation(
        invite_contact(organisation, actor=world.member_a, email=colleague.email), actor=colleague
    )

    remove_contact(lead, actor=world.member_a)

    remaining = OrganisationContact.objects.get(organisation=organisation)
    assert (remaining.user, remaining.is_lead) == (colleague, True)
    assert len(logged(Action.ORGANISATION_CONTACT_REMOVED)) == 1


def test_contacts_page_invites_and_shows_contacts(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.contact_a)
    url = reverse("members:organisation_contacts", args=[world.organisation_a.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "new.colleague@example.org", "language": "uk"})

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.colleague@example.org"]
    page = client.get(url).content.decode()
    assert "Cleo Contact" in page and "new.colleague@example.org" in page


# The pages of registering -------------------------------------------------------------------


def test_register_page_creates_the_organisation(world, client):
    client.force_login(world.member_a)

    response = client.post(
        reverse("members:organisation_register"),
        {
            "name": "Meadow Library",
            "kind": OrganisationKind.LIBRARY,
            "postcode": "AL3 4EF",
            "local_group": world.network_a.pk,
            "official_number_kind": "",
            "official_number": "",
        },
    )

    organisation = Organisation.objects.get(name="Meadow Library")
    assert response["Location"] == organisation.get_absolute_url()
    assert "Waiting for approval" in client.get(response["Location"]).content.decode()


def test_register_page_offers_to_join_the_duplicate(world, client):
    Organisation.objects.filter(pk=world.organisation_a.pk).update(postcode="AL1 2AB")
    client.force_login(world.member_a)

    response = client.post(
        reverse("members:organisation_register"),
        {"name": "Alpha Primary School", "kind": OrganisationKind.SCHOOL, "postcode": "al12ab"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Is it one of these?" in page
    assert reverse("members:contact_request", args=[world.organisation_a.slug]) in page
    assert not Organisation.objects.filter(name="Alpha Primary School").exists()


def test_find_page_shows_only_approved_organisations(world, client):
    waiting_work(world)
    client.force_login(world.member_a)

    page = client.get(reverse("members:organisation_find") + "?q=Academy").content.decode()

    assert "Alpha Valley Academy" not in page  # waiting for approval: not public yet
    assert "Beta Hidden Academy" not in page


# The coordinators' page ---------------------------------------------------------------------


def test_waiting_page_shows_only_this_networks_work(world, client):
    waiting_work(world)
    client.force_login(world.coordinator_a)

    page = client.get(reverse("members:network_waiting", args=[world.network_a.slug]))

    text = page.content.decode()
    assert "Alpha Valley Academy" in text and "Asha Asker" in text and "Jo Joiner" in text
    for leak in WAITING_LEAKS:
        assert leak not in text


def test_deciding_another_networks_item_answers_404(world, client):
    work = waiting_work(world)
    client.force_login(world.coordinator_a)
    slug = world.network_a.slug
    approve = {"decision": "approve"}

    responses = [
        client.post(
            reverse("members:organisation_decide", args=[slug, work.organisation_b.pk]),
            {f"organisation-{work.organisation_b.pk}-{k}": v for k, v in approve.items()},
        ),
        client.post(
            reverse("members:contact_request_decide", args=[slug, work.contact_request_b.pk]),
            {},
        ),
        client.post(
            reverse("members:join_request_decide", args=[slug, work.join_request_b.pk]), {}
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert Organisation.objects.get(pk=work.organisation_b.pk).is_pending


def test_waiting_page_approves_and_refusal_without_reason_shows_beside_it(world, client):
    work = waiting_work(world)
    client.force_login(world.coordinator_a)
    slug = world.network_a.slug
    prefix = f"organisation-{work.organisation_a.pk}"
    url = reverse("members:organisation_decide", args=[slug, work.organisation_a.pk])

    refused = client.post(url, {f"{prefix}-decision": "refuse", f"{prefix}-reason": ""})
    approved = client.post(url, {f"{prefix}-decision": "approve"})

    assert "Please give a reason" in refused.content.decode()
    assert approved.status_code == 302
    assert Organisation.objects.get(pk=work.organisation_a.pk).is_approved
    with scope(network=world.network_a):
        assert list(pending_organisations_for(world.network_a)) == []


def test_issued_token_replaces_the_placeholder(world):
    invitation = invite_contact(world.organisation_a, actor=world.contact_a, email="y@example.org")
    token = issue_invitation_token(invitation)

    assert ContactInvitation.objects.get(pk=invitation.pk).token_hash == hash_token(token)


def test_giving_a_pledge_to_a_waiting_organisation_is_allowed(world):
    organisation = register(world)
    published_charter(world)

    give_pledge(organisation, world.member_a)

    assert Signature.objects.filter(organisation=organisation).count() == 1


def test_organisation_factory_rows_are_approved(world):
    assert OrganisationFactory().is_approved


def test_a_waiting_organisation_is_not_on_the_public_supporters_list(world):
    charter = published_charter(world)
    organisation = register(world, stream=None)
    SignatureFactory(
        version=charter,
        party_kind="organisation",
        party_key=f"organisation:{organisation.pk}",
        party_name=organisation.name,
        organisation=organisation,
        email=world.member_a.email,
        listed_publicly=True,
    )
    assert organisation.name not in {s.party_name for s in supporter_organisations()}

    set_organisation_status(organisation, OrganisationStatus.APPROVED, actor=world.coordinator_a)

    assert organisation.name in {s.party_name for s in supporter_organisations()}
