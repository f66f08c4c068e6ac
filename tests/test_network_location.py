"""A network's location: coordinators type a town or postcode district, the core keeps a point."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from sanctuary.models import ActivityLog, Network


def edit(client, network, place_name):
    return client.post(
        reverse("members:network_profile_edit", args=[network.slug]),
        {"name": network.name, "place_name": place_name, "is_listed": "on"},
    )


def test_a_typed_town_becomes_the_networks_point_and_is_logged(world, client):
    client.force_login(world.coordinator_a)
    response = edit(client, world.network_a, "  Rotherham ")
    assert response.status_code == 302
    network = Network.objects.get(pk=world.network_a.pk)
    assert (network.place_name, network.latitude, network.longitude) == (
        "Rotherham",
        53.4301,
        -1.3568,
    )
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="sanctuary.network.profile_changed")
    assert entry.data["place_name"] == {"old": "", "new": "Rotherham"}
    assert entry.data["latitude"] == {"old": None, "new": 53.4301}


def test_a_postcode_district_places_the_network_at_its_centre(world, client):
    client.force_login(world.coordinator_a)
    edit(client, world.network_a, "cf10")
    network = Network.objects.get(pk=world.network_a.pk)
    assert network.place_name == "cf10"
    assert (round(network.latitude, 2), round(network.longitude, 2)) == (51.47, -3.17)


def test_an_unknown_place_is_refused_next_to_the_field_and_keeps_the_text(world, client):
    client.force_login(world.coordinator_a)
    response = edit(client, world.network_a, "Rotheram")
    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not find that place." in page
    assert "Did you mean: Rotherham" in page
    assert 'value="Rotheram"' in page
    assert Network.objects.get(pk=world.network_a.pk).latitude is None


def test_a_name_two_places_share_asks_which_one(world, client):
    client.force_login(world.coordinator_a)
    page = edit(client, world.network_a, "Bangor").content.decode()
    assert "More than one place is called Bangor." in page
    assert "Bangor, Northern Ireland; Bangor, Wales" in page
    edit(client, world.network_a, "Bangor, Wales")
    network = Network.objects.get(pk=world.network_a.pk)
    assert (network.latitude, network.longitude) == (53.2275, -4.1294)


def test_clearing_the_place_clears_the_point(world, client):
    client.force_login(world.coordinator_a)
    edit(client, world.network_a, "Sheffield")
    edit(client, world.network_a, "")
    network = Network.objects.get(pk=world.network_a.pk)
    assert (network.place_name, network.latitude, network.longitude) == ("", None, None)


def test_a_coordinator_of_another_network_cannot_move_ours(world, client):
    client.force_login(world.coordinator_b)
    response = edit(client, world.network_a, "Sheffield")
    assert response.status_code == 404
    assert Network.objects.get(pk=world.network_a.pk).latitude is None


def test_the_database_refuses_half_a_point(world):
    with pytest.raises(IntegrityError, match=r"network_location_is_a_point"), transaction.atomic():
        Network.objects.filter(pk=world.network_a.pk).update(latitude=53.0)


def test_demo_local_groups_have_their_towns_points(db):
    from members.demo import seed_demo

    seed_demo()
    sheffield = Network.objects.get(slug="sheffield")
    assert (sheffield.place_name, sheffield.latitude, sheffield.longitude) == (
        "Sheffield",
        53.383,
        -1.4659,
    )
    assert Network.objects.get(slug="wales").latitude is None
    assert Network.objects.filter(kind="local_group", latitude__isnull=False).count() == 10
