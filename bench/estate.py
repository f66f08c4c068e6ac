"""Estate import benchmark. See bench/README.md.

Imports 20,000 organisations, each with a contact, from one CSV file through the same service
as `manage.py import_estate` (a dry run, the real run, then the same file again, which must
change nothing), and reports rows per second for each."""

import argparse
import csv
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SANCTUARY_EMBEDDED", "1")
os.environ.setdefault("DEBUG", "")
os.environ["PRIVATE_MEDIA_ROOT"] = str(ROOT / "var" / "bench-private")

TOWNS = ["Sheffield", "Swansea", "Cardiff", "Glasgow", "Belfast", "Leeds", "Bristol", "Bangor"]
FIRST = ["Aled", "Siân", "Gwenllian", "Amira", "Yusuf", "Olena", "Tesfay", "Ruth", "Dŵr", "فاطمة"]
LAST = ["Hughes", "Haddad", "Ŷnys", "Rahimi", "Kovalenko", "Gebre", "Morgan", "Okafor"]
KINDS = ["Primary school", "Secondary school", "Library", "Council", "Church", "Theatre", "Charity"]


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{ROOT / 'var' / 'bench_estate.sqlite3'}"
    base, _, name = url.rpartition("/")
    return f"{base}/{name or 'sanctuary'}_bench"


def fresh_database(url: str) -> None:
    """The benchmark's own database, dropped and made again so the first run imports all."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def files(organisations: int) -> tuple[bytes, bytes]:
    rng = random.Random(2026)
    groups = io.StringIO()
    writer = csv.writer(groups)
    writer.writerow(["Group name", "Town", "Country"])
    for town in TOWNS:
        writer.writerow([f"{town} City of Sanctuary", town, ""])
    orgs = io.StringIO()
    writer = csv.writer(orgs)
    writer.writerow(
        ["Account Name", "Type", "Billing City", "Main Contact", "Email Address", "Job Title",
         "Local Group"]
    )  # fmt: skip
    for number in range(organisations):
        town = rng.choice(TOWNS)
        writer.writerow(
            [
                f"Organisation {number} of {town}",
                rng.choice(KINDS),
                town,
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                f"contact{number}@bench.example.org",
                "Sanctuary lead",
                f"{town} City of Sanctuary",
            ]
        )
    return groups.getvalue().encode(), orgs.getvalue().encode("utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument(
        "--database", help="a database URL, dropped and made again (default: see bench/README.md)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    database_url = args.database or bench_database_url()
    fresh_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from members.models import Organisation, OrganisationContact, User
    from members.services.estate import importer_for, read_estate_file, run_estate_import
    from members.tabular import guess_mapping

    call_command("migrate", verbosity=0)
    staff = User.objects.create_user("bench.staff@example.org", is_staff=True)
    groups, organisations = files(args.organisations)
    upload, table = read_estate_file("groups", actor=staff, name="groups.csv", data=groups)
    mapping = guess_mapping(table.headers, importer_for("groups").fields())
    assert run_estate_import(upload, mapping, actor=staff, dry_run=False, table=table).stored
    print(f"{args.organisations} organisations with a contact each, {len(organisations)} bytes, "
          f"on {database_url.split('@')[-1]}")  # fmt: skip
    figures: dict = {"organisations": args.organisations, "runs": {}}
    for label, dry_run in [("dry run", True), ("first run", False), ("run again", False)]:
        started = time.perf_counter()
        upload, table = read_estate_file(
            "organisations", actor=staff, name="organisations.csv", data=organisations
        )
        mapping = guess_mapping(table.headers, importer_for("organisations").fields())
        report = run_estate_import(upload, mapping, actor=staff, dry_run=dry_run, table=table)
        seconds = time.perf_counter() - started
        assert report.ok, report.refused[:3]
        figures["runs"][label] = {
            "seconds": seconds,
            "rows_per_second": len(table.rows) / seconds,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        print(
            f"{label:>10}: {seconds:6.2f}s  {len(table.rows) / seconds:8.0f} rows/s  "
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}"
        )
    with scopes_disabled():
        print(
            f"stored: {Organisation.objects.count()} organisations, "
            f"{OrganisationContact.objects.count()} contacts, {User.objects.count()} people"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
