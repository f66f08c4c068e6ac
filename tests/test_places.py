"""Place look-ups: towns, postcode districts and full postcodes resolve from the shipped tables."""

import pytest

from members import places
from members.places import PlaceNotFound, distance_km, find_place, km_to_miles, normalise

SHEFFIELD = (53.383, -1.466)
CARDIFF = (51.481, -3.180)
BELFAST = (54.597, -5.930)
BANGOR_GWYNEDD = (53.227, -4.129)
EDINBURGH = (55.953, -3.189)
MANCHESTER = (53.481, -2.237)


def km_from(place, point) -> float:
    return distance_km(place.latitude, place.longitude, *point)


def test_rotherham_is_a_few_kilometres_from_sheffield():
    rotherham = find_place("Rotherham")
    assert rotherham.name == "Rotherham"
    assert rotherham.nation == "england"
    assert 8 < km_from(rotherham, SHEFFIELD) < 12


@pytest.mark.parametrize("query", ["S1 2HE", "s1 2he", "S12HE", " s1  2HE "])
def test_full_postcode_resolves_through_its_district(query):
    place = find_place(query)
    assert place.district == "S1"
    assert place.postcode == "S1 2HE"
    assert place.label == "S1 2HE"
    assert km_from(place, SHEFFIELD) < 2


@pytest.mark.parametrize(
    ("query", "district", "place_name", "nation", "near", "within_km"),
    [
        ("S1", "S1", "Sheffield", "england", SHEFFIELD, 2),
        ("cf10", "CF10", "Cardiff", "wales", CARDIFF, 2),
        ("BT7", "BT7", "Belfast", "northern_ireland", BELFAST, 3),
        ("LL57", "LL57", "Bangor", "wales", BANGOR_GWYNEDD, 5),
        ("EH1", "EH1", "Edinburgh", "scotland", EDINBURGH, 2),
        ("M14", "M14", "Manchester", "england", MANCHESTER, 5),
    ],
)
def test_postcode_district_resolves_to_its_centre(
    query, district, place_name, nation, near, within_km
):
    place = find_place(query)
    assert place.district == district
    assert place.district_place == place_name
    assert place.nation == nation
    assert place.label == f"{district} ({place_name})"
    assert km_from(place, near) < within_km


def test_a_sector_resolves_to_its_district_not_a_longer_one():
    assert find_place("S1 2").district == "S1"
    assert find_place("S12").district == "S12"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Caerdydd", "Cardiff"),
        ("Abertawe", "Swansea"),
        ("Casnewydd", "Newport"),
        ("ROTHERHAM", "Rotherham"),
        ("stoke on trent", "Stoke-on-Trent"),
        ("St. Albans", "St Albans"),
        ("Saint Albans", "St Albans"),
        ("Kings Lynn", "King's Lynn"),
        ("Sheffield, UK", "Sheffield"),
        ("شفيلد", "Sheffield"),
        ("Шеффілд", "Sheffield"),
    ],
)
def test_names_match_whatever_the_case_spacing_spelling_or_script(query, name):
    assert find_place(query).name == name


def test_a_shared_name_is_the_most_populous_and_offers_the_others():
    bangor = find_place("Bangor")
    assert bangor.qualified_name == "Bangor, Northern Ireland"
    assert [other.qualified_name for other in bangor.other_places] == ["Bangor, Wales"]


@pytest.mark.parametrize("query", ["Bangor, Wales", "bangor cymru", "Bangor (Wales)"])
def test_a_nation_after_the_name_picks_that_nation(query):
    bangor = find_place(query)
    assert bangor.nation == "wales"
    assert km_from(bangor, BANGOR_GWYNEDD) < 2


def test_a_typo_says_so_and_suggests_the_place_meant():
    with pytest.raises(PlaceNotFound, match="We could not find that place") as raised:
        find_place("Rotheram")
    assert raised.value.suggestions[0] == "Rotherham"


@pytest.mark.parametrize("query", ["", "   ", "xyzzy", "ZZ1", "ZZ1 1ZZ", "12345"])
def test_nonsense_is_not_found(query):
    with pytest.raises(PlaceNotFound, match=r"could not find that place"):
        find_place(query)
    assert places.resolve(query) is None


def test_normalise_ignores_case_accents_punctuation_and_spacing():
    assert normalise("  Ynys Môn ") == "ynys mon"
    assert normalise("Stoke-on-Trent") == normalise("STOKE  ON  TRENT")
    assert normalise("King’s Lynn") == "kings lynn"


def test_distance_is_the_great_circle_distance():
    # A degree of latitude along a meridian is 111.2 km; Sheffield to Cardiff about 241 km.
    assert round(distance_km(52.0, -1.0, 53.0, -1.0), 1) == 111.2
    assert 238 < distance_km(*SHEFFIELD, *CARDIFF) < 244
    assert distance_km(*SHEFFIELD, *SHEFFIELD) == 0
    assert round(km_to_miles(16.09344), 3) == 10


def test_tables_load_once():
    assert places._tables() is places._tables()
    assert len(places._tables().districts) > 2900
