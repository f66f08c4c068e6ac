"""Find welcome near you: the directory, the awarded list and the API search near a place."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Organisation
from members.templatetags.places import distance
from sanctuary.enums import AreaType, Nation
from tests.factories import NetworkFactory, StreamFactory
from tests.factories.awards import awarded as awarded_application
from tests.factories.awards import (
    scheme_with_criteria,
)
from tests.factories.queries import count_queries


def located(slug, name, latitude, longitude, nation=Nation.ENGLAND, **fields):
    return NetworkFactory(
        slug=slug,
        name=name,
        nation=nation,
        place_name=name.split()[0],
        latitude=latitude,
        longitude=longitude,
        **fields,
    )


@pytest.fixture
def groups(db):
    return {
        "sheffield": located("sheffield", "Sheffield City of Sanctuary", 53.3830, -1.4659),
        "leeds": located("leeds", "Leeds City of Sanctuary", 53.7965, -1.5478),
        "swansea": located(
            "swansea", "Swansea City of Sanctuary", 51.6208, -3.9432, nation=Nation.WALES
        ),
        "belfast": located(
            "belfast",
            "Belfast City of Sanctuary",
            54.5968,
            -5.9254,
            nation=Nation.NORTHERN_IRELAND,
        ),
        "wales": NetworkFactory(
            slug="wales",
            name="Wales Nation of Sanctuary",
            area_type=AreaType.NATION,
            nation=Nation.WALES,
        ),
    }


def directory(client, **query):
    return client.get(reverse("members:network_directory"), query).content.decode()


def names_in_order(page, *names):
    return sorted(names, key=page.index)


def test_rotherham_finds_sheffield_first_with_its_distance(groups, client):
    page = directory(client, near="Rotherham")
    assert "4 groups near <bdi>Rotherham</bdi>, nearest first" in page
    assert names_in_order(page, "Belfast City", "Leeds City", "Sheffield City", "Swansea City") == [
        "Sheffield City",
        "Leeds City",
        "Swansea City",
        "Belfast City",
    ]
    assert "8.9 km (6 miles)" in page


def test_rotherham_typed_as_a_name_is_searched_as_a_place(groups, client):
    page = directory(client, q="Rotherham")
    assert "No group or network is called “Rotherham”, so we looked for the place instead." in page
    assert page.index("Sheffield City") < page.index("Leeds City")


def test_a_name_that_matches_a_network_still_finds_it_by_name(groups, client):
    page = directory(client, q="Leeds")
    assert "Leeds City of Sanctuary" in page
    assert "Sheffield City of Sanctuary" not in page
    assert "nearest first" not in page


@pytest.mark.parametrize(
    ("near", "nearest", "label"),
    [
        ("S1 2HE", "Sheffield City", "S1 2HE"),
        ("s1", "Sheffield City", "S1 (Sheffield)"),
        ("CF10", "Swansea City", "CF10 (Cardiff)"),
        ("BT7", "Belfast City", "BT7 (Belfast)"),
        ("LL57", "Swansea City", "LL57 (Bangor)"),
    ],
)
def test_postcodes_and_districts_list_the_nearest_group_first(groups, client, near, nearest, label):
    page = directory(client, near=near)
    assert f"near <bdi>{label}</bdi>" in page
    first = min(("Sheffield City", "Leeds City", "Swansea City", "Belfast City"), key=page.index)
    assert first == nearest


def test_a_postcode_says_distances_are_from_its_district(groups, client):
    assert "from the centre of the postcode district S1." in directory(client, near="S1 2HE")


def test_a_place_in_wales_also_lists_the_group_for_all_of_wales(groups, client):
    page = directory(client, near="CF10")
    assert "Working across Wales" in page
    assert "Wales Nation of Sanctuary" in page
    assert "Working across" not in directory(client, near="Rotherham")


def test_a_typo_is_refused_next_to_the_field_with_suggestions(groups, client):
    page = directory(client, near="Rotheram")
    assert "We could not find that place." in page
    assert 'value="Rotheram"' in page
    assert '<a href="?near=Rotherham">Rotherham</a>' in page


def test_a_shared_name_offers_the_other_places(groups, client):
    page = directory(client, near="Bangor")
    assert "We searched near Bangor, Northern Ireland. Did you mean another place?" in page
    assert '<a href="?near=Bangor%2C%20Wales">Bangor, Wales</a>' in page


def test_the_directory_near_a_place_points_to_the_awarded_organisations_there(groups, client):
    page = directory(client, near="S1")
    assert f"{reverse('awards:awarded_list')}?near=S1" in page
    assert "with a Sanctuary Award near S1 (Sheffield)" in page


def test_the_directory_credits_its_place_data(groups, client):
    assert "GeoNames (CC BY 4.0)" in directory(client)


def test_directory_near_a_place_query_count_is_constant(db, client):
    url = reverse("members:network_directory")
    located("sheffield", "Sheffield City of Sanctuary", 53.3830, -1.4659)
    few = count_queries(client, url, {"near": "Rotherham"})
    for index in range(3):
        located(f"group-{index}", f"Group {index}", 53.0 + index / 10, -1.5)
    assert count_queries(client, url, {"near": "Rotherham"}) == few


def test_distance_reads_in_km_and_miles():
    assert distance(0.4) == "under 1 km (under a mile)"
    assert distance(1.2) == "1.2 km (1 mile)"
    assert distance(42.4) == "42 km (26 miles)"
    assert distance(None) == ""


def test_distance_is_written_in_the_pages_language():
    with translation.override("cy"):
        assert "km" in distance(42.4)


# The awards side: the awarded list near a place, and a group's page.


def awarded(scheme, chair, name, local_group):
    application = awarded_application(scheme, chair, name)
    Organisation.objects.filter(pk=application.organisation_id).update(local_group=local_group)
    return application


def test_awarded_list_near_a_place_lists_the_nearest_areas_first(groups, scheme, chair, client):
    awarded(scheme, chair, "Leeds Primary", groups["leeds"])
    awarded(scheme, chair, "Sheffield Primary", groups["sheffield"])
    awarded(scheme, chair, "Nowhere Primary", None)
    page = client.get(reverse("awards:awarded_list"), {"near": "Rotherham"}).content.decode()
    assert "2 awards near Rotherham, nearest first" in page
    assert page.index("Sheffield Primary") < page.index("Leeds Primary")
    assert "Nowhere Primary" not in page
    assert "Sheffield City of Sanctuary, 8.9 km (6 miles)" in page


def test_awarded_list_near_a_place_keeps_the_award_filter(groups, scheme, chair, client):
    awarded(scheme, chair, "Sheffield Primary", groups["sheffield"])
    other = scheme_with_criteria(StreamFactory(slug="libraries"), name="Library of Sanctuary")
    query = {"near": "S1", "scheme": str(other.pk)}
    page = client.get(reverse("awards:awarded_list"), query).content.decode()
    assert "0 awards near S1 (Sheffield)" in page
    assert "Sheffield Primary" not in page


def test_awarded_list_refuses_an_unknown_place_next_to_the_field(groups, client):
    page = client.get(reverse("awards:awarded_list"), {"near": "Rotheram"}).content.decode()
    assert "We could not find that place." in page
    assert 'aria-invalid="true"' in page
    assert "?near=Rotherham" in page


def test_awarded_list_near_query_count_is_constant(groups, scheme, chair, client):
    url = reverse("awards:awarded_list")
    awarded(scheme, chair, "First Primary", groups["sheffield"])
    few = count_queries(client, url, {"near": "S1"})
    for index in range(3):
        awarded(scheme, chair, f"School {index}", groups["leeds"])
    assert count_queries(client, url, {"near": "S1"}) == few


def test_a_groups_page_lists_the_organisations_it_welcomed_into_an_award(
    groups, scheme, chair, client
):
    awarded(scheme, chair, "Sheffield Primary", groups["sheffield"])
    awarded(scheme, chair, "Leeds Primary", groups["leeds"])
    page = client.get(reverse("members:network_profile", args=["sheffield"])).content.decode()
    assert "Organisations welcomed into a Sanctuary Award" in page
    assert "Sheffield Primary" in page
    assert "Leeds Primary" not in page
    quiet = client.get(reverse("members:network_profile", args=["swansea"])).content.decode()
    assert "Organisations welcomed into a Sanctuary Award" not in quiet


def test_a_groups_page_query_count_is_constant(groups, scheme, chair, client):
    url = reverse("members:network_profile", args=["sheffield"])
    awarded(scheme, chair, "First Primary", groups["sheffield"])
    few = count_queries(client, url, {})
    for index in range(3):
        awarded(scheme, chair, f"School {index}", groups["sheffield"])
    assert count_queries(client, url, {}) == few


# The API takes the same `near`.


def test_api_directory_near_a_place_lists_nearest_first_with_distances(groups, client):
    response = client.get("/api/v1/networks/", {"near": "Rotherham"})
    rows = response.json()["results"]
    assert [row["slug"] for row in rows] == ["sheffield", "leeds", "swansea", "belfast"]
    assert rows[0]["distance_km"] == 8.9
    assert rows[0]["place_name"] == "Sheffield"


def test_api_directory_without_near_has_no_distance(groups, client):
    rows = client.get("/api/v1/networks/").json()["results"]
    assert {row["distance_km"] for row in rows} == {None}


def test_api_directory_refuses_an_unknown_place(groups, client):
    response = client.get("/api/v1/networks/", {"near": "Rotheram"})
    assert response.status_code == 400
    assert "We could not find that place." in str(response.json())


def test_api_schema_describes_near(client, db):
    schema = client.get(reverse("api_schema")).content.decode()
    assert "near" in schema
    assert "distance_km" in schema
