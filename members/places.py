"""Where is a place someone typed: a UK town or city, a postcode district, or a full postcode.

Pure look-ups in two tables that ship with the project (members/data/, built from open data by
members/data/build_place_data.py): no outside service is asked, ever. The tables load once per
process, on first use. A full postcode resolves through its district ("S1 2HE" is "S1"): the
tables hold about 3,000 district centroids, not the 1.8 million postcode units.
"""

import csv
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanctuary.enums import Nation

DATA = Path(__file__).resolve().parent / "data"
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
MAX_QUERY_LENGTH = 100

DISTRICT = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)$")
# The inward code: the sector's digit and the unit's two letters ("2HE"), or the digit alone.
INWARD = re.compile(r"^[0-9](?:[A-Z]{2})?$")
# A full postcode typed without its space: "S12HE".
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")

# Words after a town's name that say which nation is meant: "Bangor, Wales", "Newport Cymru".
NATION_WORDS = {
    "england": Nation.ENGLAND,
    "lloegr": Nation.ENGLAND,
    "scotland": Nation.SCOTLAND,
    "alba": Nation.SCOTLAND,
    "yr alban": Nation.SCOTLAND,
    "wales": Nation.WALES,
    "cymru": Nation.WALES,
    "northern ireland": Nation.NORTHERN_IRELAND,
    "ni": Nation.NORTHERN_IRELAND,
    "gogledd iwerddon": Nation.NORTHERN_IRELAND,
}
COUNTRY_WORDS = ("uk", "united kingdom", "great britain", "gb", "britain", "y deyrnas unedig")
# Letters that Arabic and Farsi keyboards type differently for the same name.
LETTER_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا"})
PUNCTUATION = re.compile(r"[\s\-‐–—_.,;:/()&+]+")
APOSTROPHES = re.compile(r"['’`ʼ]")


class PlaceNotFound(ValueError):
    """The query is no place the tables know. The message is written for the person."""

    def __init__(self, query: str, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = suggestions or []
        super().__init__(
            _(
                "We could not find that place. Try the name of a town or city, or the first "
                "half of a postcode, such as S1 or CF10."
            )
        )


def place_not_found_message(error: PlaceNotFound) -> str:
    """The refusal with its suggestions, as a form or a page shows it."""
    if not error.suggestions:
        return str(error)
    return gettext("%(refusal)s Did you mean: %(suggestions)s?") % {
        "refusal": error,
        "suggestions": ", ".join(error.suggestions),
    }


@dataclass(frozen=True)
class Place:
    """A point someone asked about, and the words to show for it."""

    name: str
    latitude: float
    longitude: float
    nation: str = ""
    district: str = ""
    postcode: str = ""
    population: int = 0
    # The district's best-known place, shown beside its code: "S1 (Sheffield)".
    district_place: str = ""
    other_places: tuple["Place", ...] = field(default=(), compare=False, repr=False)

    @property
    def is_postcode(self) -> bool:
        return bool(self.district)

    @property
    def nation_label(self) -> str:
        return str(Nation(self.nation).label) if self.nation in Nation.values else ""

    @property
    def label(self) -> str:
        """What the page says it searched near."""
        if self.postcode:
            return self.postcode
        if self.district and self.district_place:
            return f"{self.district} ({self.district_place})"
        return self.name

    @property
    def query(self) -> str:
        """Words that find this same place again, for a link to another page."""
        if self.district:
            return self.postcode or self.district
        return self.qualified_name

    @property
    def qualified_name(self) -> str:
        """The name with its nation, to tell two Bangors apart."""
        return f"{self.name}, {self.nation_label}" if self.nation_label else self.name


@dataclass
class _Tables:
    districts: dict[str, Place]
    names: dict[str, list[Place]]
    other_names: dict[str, list[Place]]


def normalise(text: str) -> str:
    """A query or a name reduced to what matters for matching: case, accents, punctuation and
    spacing do not ("Stoke-on-Trent", "stoke on trent", "STOKE  ON TRENT")."""
    text = unicodedata.normalize("NFKD", text.strip()[:MAX_QUERY_LENGTH])
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(LETTER_VARIANTS)
    text = APOSTROPHES.sub("", text)
    text = PUNCTUATION.sub(" ", text).strip()
    words = ["st" if word == "saint" else word for word in text.split()]
    return " ".join(words)


@cache
def _tables() -> _Tables:
    districts = {}
    with (DATA / "postcode_districts.csv").open(newline="", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            districts[row["district"]] = Place(
                name=row["district"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                nation=row["nation"],
                district=row["district"],
                district_place=row["place"],
            )
    names: dict[str, list[Place]] = {}
    other_names: dict[str, list[Place]] = {}
    # The file lists the most populous places first, so each list is in that order too.
    with (DATA / "places.csv").open(newline="", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            place = Place(
                name=row["name"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                nation=row["nation"],
                population=int(row["population"]),
            )
            names.setdefault(normalise(place.name), []).append(place)
            for other in filter(None, row["other_names"].split("|")):
                key = normalise(other)
                entries = other_names.setdefault(key, [])
                if place not in entries:
                    entries.append(place)
    return _Tables(districts=districts, names=names, other_names=other_names)


def _postcode_place(query: str) -> Place | None:
    words = query.upper().split()
    tables = _tables()
    if len(words) == 2 and DISTRICT.match(words[0]) and INWARD.match(words[1]):
        outward, inward = words
    elif len(words) == 1 and DISTRICT.match(words[0]):
        return tables.districts.get(words[0])
    elif (match := POSTCODE.match("".join(words))) is not None:
        outward, inward = match.groups()
    else:
        return None
    district = tables.districts.get(outward)
    if district is None:
        return None
    return Place(
        name=district.name,
        latitude=district.latitude,
        longitude=district.longitude,
        nation=district.nation,
        district=district.district,
        district_place=district.district_place,
        postcode=f"{outward} {inward}" if len(inward) == 3 else "",
    )


def _named(key: str, nation: str = "") -> list[Place]:
    tables = _tables()
    for index in (tables.names, tables.other_names):
        found = [p for p in index.get(key, []) if not nation or p.nation == nation]
        if found:
            return found
    return []


def _split_qualifier(key: str) -> tuple[str, str]:
    """ "bangor wales" is ("bangor", "wales"); "sheffield uk" is ("sheffield", "")."""
    for words in COUNTRY_WORDS:
        if key.endswith(" " + words):
            key = key[: -len(words) - 1]
    for words, nation in NATION_WORDS.items():
        if key.endswith(" " + words):
            return key[: -len(words) - 1], nation
    return key, ""


def find_place(query: str) -> Place:
    """The point for a postcode, a postcode district or a place name; PlaceNotFound if none.

    A name several places share is the most populous of them, with the others attached
    (``other_places``) so a page can offer them: "Bangor" is Bangor in County Down, and
    "Bangor, Wales" the one in Gwynedd."""
    if not query or not query.strip():
        raise PlaceNotFound(query)
    place = _postcode_place(query)
    if place is not None:
        return place
    key = normalise(query)
    found = _named(key)
    if not found:
        name, nation = _split_qualifier(key)
        if name != key:
            found = _named(name, nation)
    if not found:
        raise PlaceNotFound(query, suggestions=suggest_places(key))
    first, *others = found
    if not others:
        return first
    return Place(
        name=first.name,
        latitude=first.latitude,
        longitude=first.longitude,
        nation=first.nation,
        population=first.population,
        other_places=tuple(others),
    )


def resolve(query: str) -> Place | None:
    """find_place, or None where nothing matches."""
    try:
        return find_place(query)
    except PlaceNotFound:
        return None


def suggest_places(key: str, limit: int = 3) -> list[str]:
    """Town names close to a mistyped one: "rotheram" suggests Rotherham."""
    if len(key) < 3:
        return []
    names = _tables().names
    close = difflib.get_close_matches(key, names.keys(), n=limit, cutoff=0.8)
    return [names[match][0].name for match in close]


def distance_km(latitude_a: float, longitude_a: float, latitude_b: float, longitude_b: float):
    """The great-circle distance between two points, in kilometres (haversine)."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(longitude_b - longitude_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE
