"""People get in by themselves (issue 10, items 1 to 3): joining and leaving a group, a
signature's listing, and staff setting networks up with their first coordinator. Organisations
getting in are in tests/test_adoption_organisations.py."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from members.enums import Action, Role
from members.models import (
    CoordinatorInvitation,
    Membership,
    NetworkJoinRequest,
    Signature,
)
from members.queries import pending_join_requests_for
from members.services.movement import MovementError, accept_coordinator_invitation
from members.services.networks import JoiningError, leave_network, set_signature_listing
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from tests.factories import UserFactory
from tests.factories.adoption import coordinator_invitation_token
from tests.factories.charter import SignatureFactory, published_charter
from tests.test_adoption_organisations import logged

# Joining and leaving ------------------------------------------------------------------------


def test_join_button_makes_a_request_the_coordinator_approves(world, client):
    supporter = UserFactory(full_name="Sam Supporter")
    client.force_login(supporter)
    profile = reverse("members:network_profile", args=[world.network_a.slug])
    assert "Ask to join this group" in client.get(profile).content.decode()

    client.post(reverse("members:network_join", args=[world.network_a.slug]), {"message": "Hi"})

    assert "You have asked to join" in client.get(profile).content.decode()
    with scope(network=world.network_a):
        request = pending_join_requests_for(world.network_a).get()
    client.force_login(world.coordinator_a)
    client.post(
        reverse("members:join_request_decide", args=[world.network_a.slug, request.pk]),
        {f"join_request-{request.pk}-decision": "approve"},
    )
    with scope(network=world.network_a):
        assert Membership.objects.filter(
            network=world.network_a, user=supporter, role=Role.MEMBER
        ).exists()


def test_a_group_that_says_so_lets_people_join_at_once(world, client):
    Network.objects.filter(pk=world.network_a.pk).update(join_without_approval=True)
    supporter = UserFactory()
    client.force_login(supporter)

    client.post(reverse("members:network_join", args=[world.network_a.slug]))

    with scope(network=world.network_a):
        assert Membership.objects.filter(network=world.network_a, user=supporter).exists()
        assert not NetworkJoinRequest.objects.exists()
    assert len(logged(Action.NETWORK_JOINED)) == 1


def test_member_leaves_and_the_last_coordinator_cannot(world):
    leave_network(world.network_a, actor=world.member_a)

    with scope(network=world.network_a):
        assert not Membership.objects.filter(user=world.member_a).exists()
    with pytest.raises(JoiningError, match="only coordinator"):
        leave_network(world.network_a, actor=world.coordinator_a)


def test_dashboard_lists_networks_and_leaves_one(world, client):
    client.force_login(world.member_a)
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert "Leave Alphaville City of Sanctuary" in dashboard

    client.post(reverse("members:network_leave", args=[world.network_a.slug]))

    assert "Leave Alphaville" not in client.get(reverse("members:dashboard")).content.decode()


def test_signatory_changes_their_listing_and_it_is_logged(world, client):
    signature = SignatureFactory(
        version=published_charter(world),
        user=world.member_a,
        email=world.member_a.email,
        listed_publicly=False,
    )
    client.force_login(world.member_a)

    client.post(
        reverse("members:signature_listing", args=[signature.pk]), {"listed": "1"}, follow=True
    )

    assert Signature.objects.get(pk=signature.pk).listed_publicly is True
    assert [e.data for e in logged(Action.SIGNATURE_LISTING_CHANGED)] == [
        {"listed_publicly": {"old": False, "new": True}}
    ]


def test_nobody_changes_someone_elses_signature(world, client):
    signature = SignatureFactory(
        version=published_charter(world), user=world.member_a, email=world.member_a.email
    )
    client.force_login(world.contact_a)

    response = client.post(
        reverse("members:signature_listing", args=[signature.pk]), {"listed": "1"}
    )

    assert response.status_code == 404
    with pytest.raises(JoiningError, match=r"only your own signatures"):
        set_signature_listing(signature, actor=world.contact_a, listed=True)


# Staff set the movement up ------------------------------------------------------------------


def test_staff_create_a_local_stream_network_from_a_page(world, client):
    client.force_login(world.staff)

    missing = client.post(
        reverse("members:staff_network_new"),
        {"name": "Alpha Schools", "slug": "alpha-schools", "kind": NetworkKind.LOCAL_STREAM},
    )
    created = client.post(
        reverse("members:staff_network_new"),
        {
            "name": "Alpha Schools",
            "slug": "alpha-schools",
            "kind": NetworkKind.LOCAL_STREAM,
            "parent": world.stream.pk,
            "coordinating_group": world.network_a.pk,
            "is_listed": "on",
        },
    )

    assert "A local stream network belongs to a stream." in missing.content.decode()
    network = Network.objects.get(slug="alpha-schools")
    assert created["Location"] == reverse("members:staff_network", args=[network.pk])
    assert (network.parent, network.coordinating_group) == (world.stream, world.network_a)


def test_staff_invite_a_coordinator_who_accepts_once(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    url = reverse("members:staff_coordinator_invite", args=[world.network_b.pk])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"invite-email": "Newcomer@example.org", "invite-language": "ar"})

    assert mail.outbox[0].to == ["newcomer@example.org"]
    link = re.search(r"/invitations/coordinate/[^/\s]+/", mail.outbox[0].body).group(0)
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(newcomer)
    assert "coordinate Betaburgh" in client.get(link).content.decode()
    client.post(link)
    with scope(network=world.network_b):
        assert Membership.objects.filter(
            network=world.network_b, user=newcomer, role=Role.COORDINATOR
        ).exists()
    assert "does not work" in client.get(link).content.decode()


def test_an_accepted_coordinator_invitation_cannot_be_used_again(world):
    coordinator_invitation_token(world)
    with scopes_disabled():
        invitation = CoordinatorInvitation.objects.get()
    accept_coordinator_invitation(invitation, actor=world.member_a)

    with pytest.raises(MovementError, match="used or has expired"):
        accept_coordinator_invitation(invitation, actor=world.contact_a)


def test_staff_edit_a_networks_settings_and_it_is_logged(world, client):
    client.force_login(world.staff)

    client.post(
        reverse("members:staff_network", args=[world.network_a.pk]),
        {
            "name": "Alphaville City of Sanctuary",
            "kind": NetworkKind.LOCAL_GROUP,
            "area_type": "city",
            "nation": "wales",
            "is_listed": "on",
            "join_without_approval": "on",
        },
    )

    network = Network.objects.get(pk=world.network_a.pk)
    assert (network.nation, network.join_without_approval) == ("wales", True)
    assert logged(Action.NETWORK_SETTINGS_CHANGED)[0].data["join_without_approval"] == {
        "old": False,
        "new": True,
    }
